import { startTestServer, type TestServer } from "./helpers/server";

const QUERY = JSON.stringify({ query: `{ partnership(code: "EU-BY") { code } }` });

/** What a browser sends before a cross-origin POST with a JSON body and a token. */
const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
  });

const post = (url: string, origin: string, contentType = "application/json") =>
  fetch(url, { method: "POST", headers: { origin, "content-type": contentType }, body: QUERY });

const corsHeadersOf = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith("access-control-")).sort();

describe("CORS in development (CORS_ORIGINS unset)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("answers a preflight from a local origin with the methods, headers and max age it allows", async () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:5173", "http://localhost"]) {
      const response = await preflight(server.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
      expect(response.headers.get("access-control-allow-headers")?.split(", ")).toEqual(
        expect.arrayContaining(["authorization", "content-type", "idempotency-key", "x-request-id", "apollo-require-preflight"]),
      );
      expect(response.headers.get("access-control-max-age")).toBe("7200");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("lets a local page read the answer and its x-request-id and retry-after", async () => {
    const response = await post(server.url, "http://localhost:3000");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { partnership: { code: "EU-BY" } } });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(response.headers.get("access-control-expose-headers")?.split(", ")).toEqual(
      expect.arrayContaining(["x-request-id", "retry-after", "idempotent-replayed"]),
    );
    expect(response.headers.get("vary")).toMatch(/origin/i);
  });

  it("gives no CORS headers to other origins, nor to look-alikes of local ones", async () => {
    for (const origin of ["https://localhost:3000", "http://localhost.evil.example", "http://10.0.0.1:3000", "null"]) {
      const refused = await preflight(server.url, origin);
      expect(refused.status).toBe(403);
      expect(corsHeadersOf(refused)).toEqual([]);
      const answered = await post(server.url, origin);
      expect(corsHeadersOf(answered)).toEqual([]);
    }
  });
});

describe("CORS with CORS_ORIGINS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { CORS_ORIGINS: "https://dash.example.org" } });
  });
  afterAll(() => server?.stop());

  it("allows exactly the listed origins, local ones no longer", async () => {
    expect((await preflight(server.url, "https://dash.example.org")).headers.get("access-control-allow-origin")).toBe("https://dash.example.org");
    const local = await preflight(server.url, "http://localhost:3000");
    expect(local.status).toBe(403);
    expect(corsHeadersOf(local)).toEqual([]);
  });

  it("keeps the CSRF protection for requests a browser sends without a preflight", async () => {
    for (const origin of ["https://evil.example", "https://dash.example.org"]) {
      const simplePost = await post(server.url, origin, "text/plain");
      expect(simplePost.status).toBe(400);
      expect(await simplePost.text()).toMatch(/Cross-Site Request Forgery/);
      const simpleGet = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { origin } });
      expect(simpleGet.status).toBe(400);
    }
  });

  it("follows the same rules on the exports", async () => {
    const url = `${server.origin}/exports/measures.csv?partnershipCode=EU-BY`;
    const allowedPreflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "https://dash.example.org", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers.get("access-control-allow-origin")).toBe("https://dash.example.org");
    const allowed = await fetch(url, { headers: { origin: "https://dash.example.org" } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dash.example.org");
    expect(await allowed.text()).toMatch(/^code,/);

    const other = await fetch(url, { headers: { origin: "https://evil.example" } });
    expect(corsHeadersOf(other)).toEqual([]);
    const otherPreflight = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(otherPreflight.status).toBe(403);
    expect(corsHeadersOf(otherPreflight)).toEqual([]);
  });
});

describe("CORS in production", () => {
  it("allows no origin unless listed, local ones included", async () => {
    const server = await startTestServer({ nodeEnv: "production" });
    try {
      const response = await post(server.url, "http://localhost:3000");
      expect(response.status).toBe(200);
      expect(corsHeadersOf(response)).toEqual([]);
      expect((await preflight(server.url, "http://localhost:3000")).status).toBe(403);
    } finally {
      await server.stop();
    }
  });
});
