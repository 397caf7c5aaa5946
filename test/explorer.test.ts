import { startTestServer, type TestServer } from "./helpers/server";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("the explorer page at /graphql", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("is served to a browser, with its files from this server only (Chromium runs it: test/browser/explorer.test.ts)", async () => {
    const page = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual([
      "/explorer/graphiql.min.css",
      "/explorer/react.production.min.js",
      "/explorer/react-dom.production.min.js",
      "/explorer/graphiql.min.js",
      "/explorer/start.js",
    ]);
    for (const source of sources) {
      const file = await fetch(`${server.origin}${source}`, { headers: { "accept-encoding": "gzip" } });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toMatch(source.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      // Revalidated with its ETag rather than fetched again.
      const again = await fetch(`${server.origin}${source}`, { headers: { "if-none-match": file.headers.get("etag")! } });
      expect(again.status).toBe(304);
    }
    expect((await fetch(`${server.origin}/explorer/package.json`)).status).toBe(404);
  });

  it("leaves GraphQL over GET to clients that ask for JSON", async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent("{ partnership(code: \"EU-BY\") { code } }")}`, {
      headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { partnership: { code: "EU-BY" } } });
  });
});

describe("without the explorer", () => {
  it("is off in production and with EXPLORER=false: a browser gets the GraphQL answer to a request without a query", async () => {
    for (const options of [{ nodeEnv: "production" as const }, { env: { EXPLORER: "false" } }]) {
      const server = await startTestServer(options);
      try {
        const page = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
        expect(page.status).toBe(400);
        expect(page.headers.get("content-type")).toMatch(/^application\/json/);
        expect((await fetch(`${server.origin}/explorer/graphiql.min.js`)).status).toBe(404);
      } finally {
        await server.stop();
      }
    }
  });
});
