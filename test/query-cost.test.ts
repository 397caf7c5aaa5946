import { sql } from "drizzle-orm";
import { toGlobalId } from "../src/lib/global-id";
import { measureStatusChanges } from "../src/modules/measures/measures.tables";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";

// Expensive fields are priced by the work they do, and one client cannot take every
// database slot. Counts of refused and served requests only: timings are in bench/RESULTS.md.

const codeOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.code ?? "OK";

const countBy = (codes: unknown[]) => codes.reduce<Record<string, number>>((counts, code) => ({ ...counts, [String(code)]: (counts[String(code)] ?? 0) + 1 }), {});

const BYSTANDER_QUERY = `{ partnership(code: "EU-BY") { code } }`;

describe("the aliased funding summary attack", () => {
  let server: TestServer;
  beforeAll(async () => {
    // No refill: what a principal may spend is its bucket, whatever the machine's speed.
    server = await startTestServer({ env: { RATE_LIMIT_REFILL_PER_SECOND: "1" } });
  });
  afterAll(() => server?.stop());

  const summaries = (aliases: number) =>
    `{ ${Array.from({ length: aliases }, (_, i) => `s${i}: fundingSummary(groupBy: [INSTRUMENT, YEAR]) { rows { year currency budget } totals { currency budget } }`).join(" ")} }`;

  it("30 aliases from 12 clients at once are all refused before any SQL, and a bystander is served meanwhile", async () => {
    const attackers = Array.from({ length: 12 }, (_, i) => ({ sub: uniqueCode(`attacker${i}`), role: "AUDITOR" }) as const);
    const attack = Promise.all(attackers.flatMap((attacker) => [1, 2, 3].map(() => server.requestAs(attacker, summaries(30)))));
    const bystander: GraphQLResult<unknown>[] = [];
    for (let i = 0; i < 20; i++) bystander.push(await server.requestAs({ sub: "bystander", role: "AUDITOR" }, BYSTANDER_QUERY));
    const attempts = await attack;
    expect(countBy(attempts.map(codeOf))).toEqual({ COST_LIMIT_EXCEEDED: 36 });
    expect(attempts.reduce((sum, attempt) => sum + attempt.statements, 0)).toBe(0);
    expect(countBy(bystander.map(codeOf))).toEqual({ OK: 20 });
  });

  it("summaries under the cost limit are paid from the client's rate limit: a few, then 429", async () => {
    const attacker = { sub: uniqueCode("attacker"), role: "AUDITOR" } as const;
    // 3 aliases: 3 x (30,000 + rows 1 + 1,000 + totals 1 + 1,000) = 96,006 points of a 1,000,000 bucket: 10 are served.
    expect(codeOf(await server.requestAs(attacker, summaries(4)))).toBe("COST_LIMIT_EXCEEDED");
    const attempts: GraphQLResult<unknown>[] = [];
    for (let i = 0; i < 20; i++) attempts.push(await server.requestAs(attacker, summaries(3)));
    expect(countBy(attempts.map(codeOf))).toEqual({ OK: 10, RATE_LIMITED: 10 });
    expect(codeOf(await server.requestAs({ sub: uniqueCode("bystander"), role: "AUDITOR" }, BYSTANDER_QUERY))).toBe("OK");
  });
});

describe("a measure's status history", () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { QUERY_MAX_COST: "150", RATE_LIMIT_POINTS: "0" } });
    const measureId = await createMeasure(server.database.db, { code: uniqueCode("LONG") });
    await server.database.db.insert(measureStatusChanges).values(
      Array.from({ length: 302 }, (_, i) => ({
        measureId,
        toStatus: i % 2 ? ("ON_HOLD" as const) : ("IN_PROGRESS" as const),
        reason: String(i),
        actorSub: "history-writer",
        actorRole: "COORDINATOR",
      })),
    );
    id = toGlobalId("Measure", measureId);
  });
  afterAll(() => server?.stop());

  const history = (selections: string) => server.request<any>(`query($id: ID!) { ${selections} }`, { id });
  const ofMeasure = (alias: string, args: string) => `${alias}: node(id: $id) { ... on Measure { statusHistory${args} { reason } } }`;
  const reasons = (result: GraphQLResult<any>, alias: string) => result.data[alias].statusHistory.map((change: { reason: string }) => change.reason);

  // The measure's first status (PROPOSED, no reason), then the 302 changes written here.
  it("answers at most the page it is priced for: the first 100 rows of 303, or the first or last n", async () => {
    const pages = await history(`${ofMeasure("whole", "")} ${ofMeasure("oldest", "(first: 2)")} ${ofMeasure("latest", "(last: 1)")}`);
    expect(pages.errors).toBeUndefined();
    expect(reasons(pages, "whole")).toEqual([null, ...Array.from({ length: 99 }, (_, i) => String(i))]);
    expect(reasons(pages, "oldest")).toEqual([null, "0"]);
    expect(reasons(pages, "latest")).toEqual(["301"]);
  });

  it("is priced by the rows it can return, not as 5 items: two whole histories are over a limit of 150 points", async () => {
    // 2 x (1 + 1 + 100) = 204 points (it was 2 x 7, for 604 rows answered).
    const refused = await history(`${ofMeasure("a", "")} ${ofMeasure("b", "")}`);
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.cost])).toEqual([["COST_LIMIT_EXCEEDED", 204]]);
    expect(refused.statements).toBe(0);
    const latest = await history(`${ofMeasure("a", "(last: 5)")} ${ofMeasure("b", "(last: 5)")}`);
    expect([reasons(latest, "a"), reasons(latest, "b")]).toEqual([["297", "298", "299", "300", "301"], ["297", "298", "299", "300", "301"]]);
  });
});

describe("aliases and fields of fragments", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("count each time the fragment is spread", async () => {
    const fragment = `fragment Names on Partnership { a: code b: title c: signedOn }`;
    const spreads = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: partnership(code: "EU-BY") { ...Names }`).join(" ")} } ${fragment}`;
    // 7 spreads: 7 + 21 = 28 aliases; 8: 32, over 30 (counted once, the fragment's 3 made 11).
    expect((await server.request(spreads(7))).errors).toBeUndefined();
    const refused = await server.request(spreads(8));
    expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ["ALIAS_LIMIT_EXCEEDED", "The query uses 32 aliases; at most 30 are allowed"],
    ]);
    expect(refused.statements).toBe(0);
  });
});

describe("operations run at once per principal", () => {
  it("with a cap of 2, of 6 slow operations from one client 2 run and 4 get 429; another client is served meanwhile", async () => {
    const server = await startTestServer({ env: { MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "2", RATE_LIMIT_POINTS: "0" } });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // Reads of partnerships wait for this transaction: every operation that reads one is slow.
    const holder = server.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table partnership in access exclusive mode`);
      locked();
      await released;
    });
    try {
      await lockTaken;
      const client = { sub: uniqueCode("greedy"), role: "AUDITOR" } as const;
      const settled: GraphQLResult<unknown>[] = [];
      const slow = Array.from({ length: 6 }, async () => {
        const result = await server.requestAs(client, BYSTANDER_QUERY);
        settled.push(result);
        return result;
      });
      for (let waited = 0; settled.length < 4 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
      // The others' operations are not held up by the greedy client's cap (this one needs no table).
      expect(codeOf(await server.requestAs({ sub: uniqueCode("other"), role: "AUDITOR" }, `{ __typename }`))).toBe("OK");
      const refusedWhileHeld = settled.map(codeOf);
      release();
      await holder;
      const results = await Promise.all(slow);
      expect(countBy(refusedWhileHeld)).toEqual({ RATE_LIMITED: 4 });
      expect(countBy(results.map(codeOf))).toEqual({ OK: 2, RATE_LIMITED: 4 });
      expect(results.filter((r) => codeOf(r) === "RATE_LIMITED").map((r) => r.status)).toEqual([429, 429, 429, 429]);
      // Slots are given back when the answers are sent, refusals included: the client is served again.
      expect(codeOf(await server.requestAs(client, BYSTANDER_QUERY))).toBe("OK");
    } finally {
      release();
      await holder.catch(() => undefined);
      await server.stop();
    }
  });
});
