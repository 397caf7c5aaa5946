import { Redis } from "ioredis";
import pino from "pino";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { startTestServer, type TestServer } from "./helpers/server";
import { uniqueCode } from "./helpers/factories";

const base = (server: TestServer) => server.url.replace(/\/graphql$/, "");

describe("limits checked before execution", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  /** Sends a query that must be refused with `code` before any SQL ran. */
  async function refusedBeforeSql(code: string, query: string, variables?: Record<string, unknown>) {
    const result = await server.request(query, variables);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(result.statements).toBe(0);
    return result;
  }

  it("refuses a query nested too deep", async () => {
    let selection = "code";
    for (let i = 0; i < 7; i++) selection = `policyAreas { partnership { ${selection} } }`;
    const result = await refusedBeforeSql("DEPTH_LIMIT_EXCEEDED", `{ partnerships { ${selection} } }`);
    expect(result.errors?.[0]?.message).toBe("The query is 16 levels deep; at most 12 are allowed");
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: partnership(code: "EU-BY") { code }`).join(" ");
    await refusedBeforeSql("ALIAS_LIMIT_EXCEEDED", `{ ${aliases} }`);
  });

  it("prices pages by first/last, also when they come from variables", async () => {
    const query = `query($n: Int) { measures(first: $n) { nodes { code projects(first: 10) { code measures(first: 10) { code projects(first: 10) { code measures(first: 10) { code } } } } } } }`;
    const result = await refusedBeforeSql("COST_LIMIT_EXCEEDED", query, { n: 100 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ maxCost: 100_000 });
    expect((await server.request(query, { n: 2 })).errors).toBeUndefined();
  });

  it("refuses a page larger than 100 from a variable before any SQL", async () => {
    const result = await refusedBeforeSql("BAD_USER_INPUT", `query($n: Int) { measures(first: $n) { totalCount } }`, { n: 101 });
    expect(result.errors?.[0]?.message).toBe("first must not be greater than 100");
  });

  it("refuses a document of too many tokens while parsing", async () => {
    const fields = Array.from({ length: 6000 }, () => "__typename").join(" ");
    const result = await server.request(`{ ${fields} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("answers 413 to a body over 1 MB and 400 to one that is not JSON", async () => {
    const tooLarge = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(1_100_000) } }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ errors: [{ message: "The request body is larger than 1 MB", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    const notJson = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ query" });
    expect(notJson.status).toBe(400);
  });

  it("reads a plain JSON body as body-parser does", async () => {
    // "application/json" is read by the route itself; with a quoted charset, by body-parser.
    const send = async (contentType: string, body: string) => {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": contentType }, body });
      return [response.status, await response.json()];
    };
    const bodies = [
      JSON.stringify({ query: "{ __typename }" }),
      `\uFEFF${JSON.stringify({ query: "{ __typename }" })}`,
      ` \n\t${JSON.stringify({ query: "query($t: String) { measures(filter: { search: $t }) { totalCount } }", variables: { t: "миграц" } })}`,
      "",
      "   ",
      '"{ __typename }"',
      "5",
      "[]",
      "{ query",
    ];
    for (const body of bodies) {
      const plain = await send("application/json", body);
      expect({ body, answer: plain }).toEqual({ body, answer: await send('application/json; charset="utf-8"', body) });
    }
    expect(await send("application/json", bodies[0]!)).toEqual([200, { data: { __typename: "Query" } }]);
    expect((await send("application/json", "{ query"))[0]).toBe(400);
  });

  it("reads bodies and routes /graphql as express did: GET, gzip, charsets, CSRF, paths", async () => {
    const typename = JSON.stringify({ query: "{ __typename }" });
    const post = (path: string, headers: Record<string, string>, body: string | Buffer) =>
      fetch(`${base(server)}${path}`, { method: "POST", headers, body });
    const answer = async (response: Response) => [response.status, await response.json()];
    const ok = [200, { data: { __typename: "Query" } }];

    expect(await answer(await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { "apollo-require-preflight": "1" } }))).toEqual(ok);
    expect(await answer(await post("/graphql", { "content-type": "application/json", "content-encoding": "gzip" }, gzipSync(typename)))).toEqual(ok);
    expect(await answer(await post("/GraphQL/", { "content-type": "application/json" }, typename))).toEqual(ok);
    const latin1 = await post("/graphql", { "content-type": "application/json; charset=latin1" }, typename);
    expect(await answer(latin1)).toEqual([415, { errors: [{ message: "Send the body as UTF-8 JSON", extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }] }]);
    // A simple request a browser would send cross-site is refused before it runs.
    const plain = await post("/graphql", { "content-type": "text/plain" }, typename);
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Cross-Site Request Forgery/);
    expect((await fetch(`${base(server)}/graphqlx`)).status).toBe(404);
  });

  it("answers /healthz without the database and /readyz with it", async () => {
    expect(await (await fetch(`${base(server)}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base(server)}/readyz`);
    expect(ready.status).toBe(200);
    server.app.drain();
    const draining = await fetch(`${base(server)}/readyz`);
    expect([draining.status, await draining.json()]).toEqual([503, { status: "draining" }]);
    const refused = await server.request(`{ __typename }`);
    expect(refused.status).toBe(503);
  });
});

describe("readiness without a database", () => {
  it("answers 503 on /readyz while /healthz stays 200", async () => {
    const server = await startTestServer();
    try {
      await server.database.close();
      expect((await fetch(`${base(server)}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base(server)}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([503, { status: "database unavailable" }]);
    } finally {
      await server.stop();
    }
  });
});

describe("rate limiting by query cost", () => {
  const LIMITED = { RATE_LIMIT_POINTS: "50", RATE_LIMIT_REFILL_PER_SECOND: "1", QUERY_MAX_COST: "50" };
  // Costs 1 + 20 x 2 = 41 points: the second one in a row must wait.
  const QUERY = `{ measures { nodes { policyArea { code } } } }`;

  it("answers 429 RATE_LIMITED with Retry-After, per principal", async () => {
    const server = await startTestServer({ env: LIMITED });
    try {
      const alice = { sub: uniqueCode("alice"), role: "AUDITOR" } as const;
      expect((await server.requestAs(alice, QUERY)).errors).toBeUndefined();
      const limited = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await server.tokenFor(alice)}` },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = (await limited.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED" });
      expect(body.data).toBeUndefined();
      // Another principal has a bucket of its own.
      expect((await server.requestAs({ sub: uniqueCode("bob"), role: "AUDITOR" }, QUERY)).errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it("charges a CSV export to the same bucket (here all of it: QUERY_MAX_COST caps its price at 50)", async () => {
    const server = await startTestServer({ env: LIMITED });
    try {
      const dave = { sub: uniqueCode("dave"), role: "AUDITOR" } as const;
      const exportAs = async (claims: typeof dave) =>
        fetch(server.url.replace(/\/graphql$/, "/exports/measures.csv"), {
          headers: { authorization: `Bearer ${await server.tokenFor(claims)}` },
        });
      const first = await exportAs(dave);
      expect(first.status).toBe(200);
      await first.text();
      const second = await exportAs(dave);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await second.text()).toMatch(/Too many requests/);
      // The export used the bucket up: a query from the same principal waits too; another principal does not.
      expect((await server.requestAs(dave, QUERY)).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect((await exportAs({ sub: uniqueCode("erin"), role: "AUDITOR" })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  (redisUrl ? it : it.skip)("shares buckets between instances through Redis (TEST_REDIS_URL)", async () => {
    const env = { ...LIMITED, REDIS_URL: redisUrl! };
    const [first, second] = [await startTestServer({ env }), await startTestServer({ env })];
    const redis = new Redis(redisUrl!);
    const carol = { sub: uniqueCode("carol"), role: "AUDITOR" } as const;
    try {
      expect((await first.requestAs(carol, QUERY)).errors).toBeUndefined();
      const onSecond = await second.requestAs(carol, QUERY);
      expect(onSecond.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    } finally {
      await redis.del(`mobility-plan:rate:sub:${carol.sub}`);
      redis.disconnect();
      await first.stop();
      await second.stop();
    }
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("logs", () => {
  it("write one JSON line per request with the server's id and the client's correlation id, and never the token", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split("\n"));
        done();
      },
    });
    const server = await startTestServer({ logger: pino({ level: "info" }, sink) });
    try {
      const token = await server.tokenFor({ sub: "logged-user", role: "AUDITOR" });
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-request-id": "trace-me-123" },
        body: JSON.stringify({ query: `{ partnership(code: "EU-BY") { code } }` }),
      });
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toMatch(UUID);
      expect(response.headers.get("x-correlation-id")).toBe("trace-me-123");
      await new Promise((resolve) => setImmediate(resolve));
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries).toContainEqual(
        expect.objectContaining({ requestId, correlationId: "trace-me-123", method: "POST", path: "/graphql", status: 200 }),
      );
      expect(lines.join("\n")).not.toContain(token);
      expect(lines.join("\n")).not.toContain(token.split(".")[2]!);
    } finally {
      await server.stop();
    }
  });
});
