import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/server";
import { confineTo, launchChromium } from "./chromium";

/** Replaces what a GraphiQL editor holds with `text`, typed as a person would after Ctrl+A. */
async function typeInto(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .CodeMirror`).locator("visible=true").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // insertText: CodeMirror's closing of brackets reacts to key presses, and would double them.
  await page.keyboard.insertText(text);
}

describe("the explorer in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs a typed query with a token from the headers editor, shows the docs, and asks no other host for anything", async () => {
    const page = await browser.newPage();
    const elsewhere = await confineTo(page, [server.origin]);
    const requested: string[] = [];
    page.on("request", (request) => requested.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    const response = await page.goto(server.url);
    expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
    expect(response?.headers()["content-security-policy"]).toMatch(/default-src 'self'/);
    await page.waitForSelector(".graphiql-query-editor .CodeMirror");

    await typeInto(page, ".graphiql-query-editor", `{ partnership(code: "EU-BY") { code signedOn } auditLog(first: 1) { totalCount } }`);
    await page.getByRole("button", { name: "Headers" }).click();
    const token = await server.tokenFor({ sub: "explorer-test", role: "AUDITOR" });
    await typeInto(page, ".graphiql-editor-tool", JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.click(".graphiql-execute-button");

    const result = page.locator(".graphiql-response .CodeMirror-code");
    await result.filter({ hasText: "totalCount" }).waitFor();
    // The lines as shown: CodeMirror draws spaces as no-break spaces and empty lines with a zero-width one.
    const shownText = await result.evaluate((code) => [...code.querySelectorAll(".CodeMirror-line")].map((line) => line.textContent).join("\n"));
    const shown = JSON.parse(shownText.replace(/\u00a0/g, " ").replace(/\u200b/g, ""));
    expect(shown).toEqual({ data: { partnership: { code: "EU-BY", signedOn: "2016-10-13" }, auditLog: { totalCount: expect.any(Number) } } });

    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).click();
    // The root type's fields, with their descriptions from the schema.
    await docs.getByText("A version of a partnership's action plan", { exact: false }).waitFor();

    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining(["GET /graphql", "GET /explorer/graphiql.min.js", "POST /graphql"]));
    await page.close();
  });

  // Deprecated fields and enum values come with any introspection; deprecated arguments and
  // input fields only when asked for (GraphiQL's inputValueDeprecation), else the docs lack them.
  it("asks introspection for deprecated fields, arguments, input fields and enum values, for its docs to show", async () => {
    const page = await browser.newPage();
    const introspection = new Promise<string>((resolve) => {
      page.on("request", (request) => {
        const body = request.postData();
        if (request.method() === "POST" && body?.includes("__schema")) resolve(JSON.parse(body).query);
      });
    });
    await page.goto(server.url);
    const query = await introspection;
    for (const list of ["fields", "args", "inputFields", "enumValues"]) {
      expect(query).toMatch(new RegExp(`\\b${list}\\(includeDeprecated: true\\)`));
    }
    await page.close();
  });

  it("runs a subscription over WebSocket, with the token from the headers editor, and shows changes as they come", async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(server.url);
    await page.waitForSelector(".graphiql-query-editor .CodeMirror");
    await typeInto(page, ".graphiql-query-editor", `subscription { measureChanged { cursor status actor { sub } measure { code } } }`);
    await page.getByRole("button", { name: "Headers" }).click();
    const token = await server.tokenFor({ sub: "explorer-test", role: "COORDINATOR" });
    await typeInto(page, ".graphiql-editor-tool", JSON.stringify({ authorization: `Bearer ${token}` }));
    await page.click(".graphiql-execute-button");

    // Changes are made until one shows: the subscription goes live a moment after the click.
    const result = page.locator(".graphiql-response .CodeMirror-code");
    for (let i = 0; ; i++) {
      const code = `EXP-${i}`;
      const created = await server.requestAs<any>({ sub: "ministry-pl", role: "MINISTRY", signatory: "PL" },
        `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { code } } }`,
        { input: { partnershipCode: "EU-BY", code, title: "Shown live", policyAreaCode: "ASYLUM", leadSignatoryCode: "PL" } });
      expect(created.errors).toBeUndefined();
      const shown = await result.filter({ hasText: code }).waitFor({ timeout: 1000 }).then(() => true, () => false);
      if (shown) break;
    }
    await result.filter({ hasText: "ministry-pl" }).waitFor();
    expect(sockets).toEqual([server.wsUrl]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
