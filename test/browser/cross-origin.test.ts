import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/server";
import { confineTo, launchChromium, servePage } from "./chromium";

/**
 * A dashboard on another origin: it POSTs what its URL's fragment says to the API with fetch,
 * and shows the status, the x-request-id it may read and the body, or why the fetch failed.
 */
const DASHBOARD = `<!doctype html>
<meta charset="utf-8">
<title>dashboard</title>
<pre id="result">pending</pre>
<script>
  const { api, body, token } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = "Bearer " + token;
  const show = (text) => { document.getElementById("result").textContent = text; };
  fetch(api, { method: "POST", headers, body: JSON.stringify(body) })
    .then(async (response) => show(JSON.stringify({ status: response.status, requestId: response.headers.get("x-request-id"), body: await response.json() })))
    .catch((error) => show("failed: " + error.message));
</script>
`;

const LAB_2 = `query Lab2 { measure(partnershipCode: "EU-BY", code: "LAB-2") { code leads { code } } }`;

interface Shown {
  status: number;
  requestId: string | null;
  body: { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
}

describe("a page on another origin, in Chromium", () => {
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof servePage>>;
  let other: Awaited<ReturnType<typeof servePage>>;
  beforeAll(async () => {
    [browser, allowed, other] = await Promise.all([launchChromium(), servePage(DASHBOARD), servePage(DASHBOARD)]);
  });
  afterAll(async () => {
    await browser?.close();
    await allowed?.close();
    await other?.close();
  });

  /** Opens the dashboard at `origin`, lets it call `server` and nothing else, and gives what it shows. */
  async function shownBy(origin: string, server: TestServer, request: { body: unknown; token?: string }): Promise<Shown | string> {
    const page = await browser.newPage();
    try {
      const elsewhere = await confineTo(page, [origin, server.origin]);
      await page.goto(`${origin}/#${encodeURIComponent(JSON.stringify({ api: server.url, ...request }))}`);
      const result = page.locator("#result");
      await result.filter({ hasNotText: "pending" }).waitFor();
      expect(elsewhere).toEqual([]);
      const text = (await result.textContent())!;
      return text.startsWith("failed: ") ? text : (JSON.parse(text) as Shown);
    } finally {
      await page.close();
    }
  }

  describe("with CORS_ORIGINS naming one of two origins", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { CORS_ORIGINS: allowed.origin } });
    });
    afterAll(() => server?.stop());

    it("lets the allowed page read the data (a token included, so preflighted) and its request id", async () => {
      const token = await server.tokenFor({ sub: "dashboard", role: "AUDITOR" });
      const shown = await shownBy(allowed.origin, server, { body: { query: LAB_2 }, token });
      expect(shown).toEqual({
        status: 200,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        body: { data: { measure: { code: "LAB-2", leads: [{ code: "BY" }] } } },
      });
    });

    it("fails the other page's fetch: the browser may not read the answer", async () => {
      expect(await shownBy(other.origin, server, { body: { query: LAB_2 } })).toBe("failed: Failed to fetch");
    });
  });

  describe("with TRUSTED_DOCUMENTS_ONLY=true", () => {
    let server: TestServer;
    beforeAll(async () => {
      const manifest = path.join(mkdtempSync(path.join(tmpdir(), "trusted-documents-")), "persisted-documents.json");
      writeFileSync(manifest, JSON.stringify({ [createHash("sha256").update(LAB_2).digest("hex")]: LAB_2 }));
      server = await startTestServer({ env: { CORS_ORIGINS: allowed.origin, TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: "true" } });
    });
    afterAll(() => server?.stop());

    it("runs the page's trusted document and refuses its arbitrary query", async () => {
      const documentId = `sha256:${createHash("sha256").update(LAB_2).digest("hex")}`;
      expect(await shownBy(allowed.origin, server, { body: { documentId } })).toMatchObject({
        status: 200,
        body: { data: { measure: { code: "LAB-2", leads: [{ code: "BY" }] } } },
      });
      expect(await shownBy(allowed.origin, server, { body: { query: `{ measures(first: 100) { nodes { code } } }` } })).toMatchObject({
        status: 400,
        body: { errors: [{ extensions: { code: "PERSISTED_QUERY_ID_REQUIRED" } }] },
      });
    });
  });
});
