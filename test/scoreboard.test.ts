import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DOCUMENTS } from "../src/web/documents";
import { scoreboardDocumentIds } from "../src/web/manifest";
import { SCOREBOARD_CONTENT_SECURITY_POLICY } from "../src/web/scoreboard";
import { startTestServer, type TestServer } from "./helpers/server";

// The page in a browser: test/browser/scoreboard.test.ts. Here: what the server serves, and when.

const post = (server: TestServer, body: unknown) =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const errorCode = async (response: Response) => ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

describe("the scoreboard page, on by default", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("serves the page at / for GET and HEAD, with a policy that allows this server only and no inline script or style", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(SCOREBOARD_CONTENT_SECURITY_POLICY);
    expect(SCOREBOARD_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    const html = await page.text();
    expect(html).toContain('<script defer src="/scoreboard/scoreboard.js"></script>');
    // Every script of the page is a file of this server: none inline.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script defer src="/scoreboard/scoreboard.js">']);

    const head = await fetch(`${server.origin}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-security-policy")).toBe(SCOREBOARD_CONTENT_SECURITY_POLICY);
    expect(await head.text()).toBe("");

    const cached = await fetch(`${server.origin}/`, { headers: { "if-none-match": page.headers.get("etag")! } });
    expect(cached.status).toBe(304);
  });

  it("serves the bundle, which holds the ids of the page's documents and none of their texts", async () => {
    const script = await fetch(`${server.origin}/scoreboard/scoreboard.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const text = await script.text();
    for (const id of Object.values(scoreboardDocumentIds())) expect(text).toContain(id);
    expect(text).not.toMatch(/query Scoreboard/);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);

    const style = await fetch(`${server.origin}/scoreboard/scoreboard.css`);
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await style.text()).not.toMatch(/url\(|@import/);

    expect((await fetch(`${server.origin}/scoreboard/trusted-documents.json`)).status).toBe(404);
    expect((await fetch(`${server.origin}/scoreboard/../package.json`)).status).toBe(404);
  });

  it("leaves other methods and paths as they were", async () => {
    expect((await fetch(`${server.origin}/`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${server.origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });

  it("runs each of the page's queries by id, without errors, for a visitor with no token, and its mutation for a signed-in person only", async () => {
    const ids = scoreboardDocumentIds();
    const variables: Record<keyof typeof DOCUMENTS, Record<string, unknown>> = {
      Plan: { partnership: "EU-BY" },
      PlanDiff: { partnership: "EU-BY", from: 1, to: 1 },
      MeasureList: { partnership: "EU-BY" },
      Measure: { partnership: "EU-BY", code: "SOC-1" },
      Money: {},
      Statistics: {},
      MyMeasures: { partnership: "EU-BY", signatory: "BY" },
      SetMeasureStatus: { input: { measureId: "TWVhc3VyZTox", expectedVersion: 1, status: "AGREED" } },
    };
    for (const name of Object.keys(DOCUMENTS) as (keyof typeof DOCUMENTS)[]) {
      const response = await post(server, { documentId: ids[name], variables: variables[name] });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
      // The seed has no action-plan version: comparing version 1 with itself is refused (no version 1), the others answer.
      if (name === "PlanDiff") expect(body.errors?.map((error) => error.extensions.code)).toEqual(["BAD_USER_INPUT"]);
      // The one mutation needs a signed-in person.
      else if (name === "SetMeasureStatus") expect(body.errors?.map((error) => error.extensions.code)).toEqual(["UNAUTHENTICATED"]);
      else expect({ name, errors: body.errors }).toEqual({ name, errors: undefined });
    }
  });
});

describe("SCOREBOARD=false", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SCOREBOARD: "false" } });
  });
  afterAll(() => server?.stop());

  it("serves nothing at / and no page files, and the page's documents are not trusted", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(404);
    expect(await errorCode(page)).toBe("NOT_FOUND");
    expect((await fetch(`${server.origin}/scoreboard/scoreboard.js`)).status).toBe(404);
    const byId = await post(server, { documentId: scoreboardDocumentIds().Statistics });
    expect(byId.status).toBe(400);
  });
});

describe("the page's documents beside a deployment's manifest, with TRUSTED_DOCUMENTS_ONLY=true", () => {
  const OWN = `query Own { partnership(code: "EU-BY") { code } }`;
  let server: TestServer;
  beforeAll(async () => {
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), "scoreboard-documents-")), "persisted-documents.json");
    writeFileSync(manifest, JSON.stringify({ [createHash("sha256").update(OWN).digest("hex")]: OWN }));
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: "true" } });
  });
  afterAll(() => server?.stop());

  it("runs both, and nothing else", async () => {
    const own = await post(server, { documentId: `sha256:${createHash("sha256").update(OWN).digest("hex")}` });
    expect(await own.json()).toEqual({ data: { partnership: { code: "EU-BY" } } });
    const page = await post(server, { documentId: scoreboardDocumentIds().MeasureList, variables: { partnership: "EU-BY" } });
    expect(((await page.json()) as { data: { measures: { nodes: unknown[] } } }).data.measures.nodes).toHaveLength(17);
    const text = await post(server, { query: DOCUMENTS.MeasureList, variables: { partnership: "EU-BY" } });
    expect(text.status).toBe(400);
    expect(await errorCode(text)).toBe("PERSISTED_QUERY_ID_REQUIRED");
  });
});
