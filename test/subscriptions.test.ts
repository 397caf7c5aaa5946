import { sql } from "drizzle-orm";
import { parse } from "graphql";
import type { Logger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { openPostgres, type Database } from "../src/db/client";
import { operationCost } from "../src/graphql/limits";
import { getSchema } from "../src/graphql/schema";
import { fromGlobalIdOf, toGlobalId } from "../src/lib/global-id";
import { eventOf, purgeEvents, writeEvents } from "../src/modules/events/events.service";
import { events } from "../src/modules/events/events.tables";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { proposeMeasure, uniqueCode } from "./helpers/factories";
import { AUDITOR, COORDINATOR, ministry } from "./helpers/claims";
import { startTestServer, type TestServer } from "./helpers/server";
import { openSocket, type Received, type TestSocket } from "./helpers/subscriptions";
import type { TestDatabase } from "./helpers/databases";

/**
 * Subscriptions over WebSocket (graphql-ws), on two app instances over one database: A takes
 * the changes, B serves the subscribers (and the other way round). On PGlite both instances
 * share the one embedded database in this process; on PostgreSQL B has its own connections,
 * as a second server process would.
 */
let a: TestServer;
let b: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  a = await startTestServer();
  const shared: TestDatabase = a.database.url ? { ...openPostgres(a.database.url), url: a.database.url } : { ...a.database, close: async () => {} };
  b = await startTestServer({ database: shared });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await b?.stop();
  await a?.stop();
});

const socketOn = async (server: TestServer, claims?: Parameters<TestServer["tokenFor"]>[0]) => {
  const socket = openSocket(server.wsUrl, claims ? await server.tokenFor(claims) : undefined);
  sockets.push(socket);
  return socket;
};

const MEASURE_CHANGED = `subscription($filter: MeasureChangeFilter, $after: String) {
  measureChanged(filter: $filter, after: $after) { cursor operation status previousStatus version actor { sub role } measure { code status lead { code } } }
}`;
type Change = { measureChanged: { cursor: string; operation: string; status: string; previousStatus: string | null; actor: { sub: string } | null; measure: { code: string; status: string; lead: { code: string } } } };
const eventIdOf = (cursor: string) => fromGlobalIdOf("Event", cursor);
const codesOf = (items: Change[]) => items.map((item) => item.measureChanged.measure.code);
/**
 * A subscription without `after` starts from whatever the instance has read when it starts, a
 * moment after the client sends it: probe changes are made until the last one has reached every
 * subscription (proving them live), then their items so far are dropped.
 */
async function live<T>(subscriptions: { items: T[] }[], via: TestServer) {
  const arrived = (code: string) => subscriptions.every((s) => s.items.some((item) => JSON.stringify(item).includes(`"${code}"`)));
  for (;;) {
    const probe = await proposeMeasure(via);
    for (let i = 0; i < 20 && !arrived(probe.code); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (arrived(probe.code)) break;
  }
  for (const s of subscriptions) s.items.splice(0);
}

/** The cursor of the newest event: subscribing after it misses nothing from now on, whenever the subscription starts. */
async function currentCursor(): Promise<string> {
  const [row] = await a.database.db.select({ id: sql<string>`max(${events.id})` }).from(events);
  return toGlobalId("Event", Number(row!.id));
}

describe("measureChanged", () => {
  it("a change made through instance A reaches a subscriber on instance B, with the measure loaded through the normal types", async () => {
    const anonymous = (await socketOn(b)).subscribe<Change>(MEASURE_CHANGED, { filter: { leadSignatoryCode: "PL" } });
    const coordinator = (await socketOn(b, COORDINATOR)).subscribe<Change>(MEASURE_CHANGED, { filter: { leadSignatoryCode: "PL" } });
    await live([anonymous, coordinator], a);
    const measure = await proposeMeasure(a);
    await anonymous.until((r) => r.items.length === 1);
    await coordinator.until((r) => r.items.length === 1);
    expect(anonymous.items[0]!.measureChanged).toMatchObject({
      operation: "createMeasure",
      status: "PROPOSED",
      previousStatus: null,
      version: 1,
      actor: null,
      measure: { code: measure.code, status: "PROPOSED", lead: { code: "PL" } },
    });
    expect(coordinator.items[0]!.measureChanged.actor).toEqual({ sub: "ministry-pl", role: "MINISTRY" });
  });

  it("200 changes made through both instances arrive at subscribers on each exactly once, in commit order", async () => {
    const onA = (await socketOn(a)).subscribe<Change>(MEASURE_CHANGED);
    const onB = (await socketOn(b, AUDITOR)).subscribe<Change>(MEASURE_CHANGED);
    await live([onA, onB], b);
    const codes: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const made = await Promise.all(Array.from({ length: 10 }, (_, i) => proposeMeasure(i % 2 ? a : b)));
      codes.push(...made.map((m) => m.code));
    }
    await onA.until((r) => r.items.length >= 200);
    await onB.until((r) => r.items.length >= 200);
    const committed = await a.database.db
      .select({ id: events.id, code: sql<string>`${events.payload}->>'code'` })
      .from(events)
      .where(sql`${events.payload}->>'code' = any(${sql.param(codes)}::text[])`)
      .orderBy(events.id);
    for (const received of [onA, onB]) {
      expect(received.items).toHaveLength(200);
      expect(received.items.map((item) => eventIdOf(item.measureChanged.cursor))).toEqual(committed.map((row) => row.id));
      expect(new Set(codesOf(received.items))).toEqual(new Set(codes));
    }
  }, 240_000);

  it("a subscriber that was away resumes with its last cursor: the 50 changes it missed, then live ones, none missing or repeated", async () => {
    const first = await socketOn(b);
    const before = first.subscribe<Change>(MEASURE_CHANGED);
    await live([before], a);
    await proposeMeasure(a);
    await before.until((r) => r.items.length === 1);
    const cursor = before.items[0]!.measureChanged.cursor;
    await first.dispose();

    const missed: string[] = [];
    for (let i = 0; i < 50; i++) missed.push((await proposeMeasure(i % 2 ? a : b)).code);
    // Resumed on the instance that did not serve it before.
    const resumed = (await socketOn(a)).subscribe<Change>(MEASURE_CHANGED, { after: cursor });
    await resumed.until((r) => r.items.length === 50);
    const liveOne = await proposeMeasure(a);
    await resumed.until((r) => r.items.length === 51);
    expect(codesOf(resumed.items)).toEqual([...missed, liveOne.code]);
    const ids = resumed.items.map((item) => eventIdOf(item.measureChanged.cursor));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[0]).toBeGreaterThan(eventIdOf(cursor));
  });

  it("filters by the measure as the change left it (or found it)", async () => {
    const after = await currentCursor();
    const byStatus = (await socketOn(b)).subscribe<Change>(MEASURE_CHANGED, { after, filter: { statuses: ["AGREED"], partnershipCode: "EU-BY", policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY" } });
    const byLead = (await socketOn(b)).subscribe<Change>(MEASURE_CHANGED, { after, filter: { leadSignatoryCode: "BY" } });
    const measure = await proposeMeasure(a);
    const agreed = await a.requestAs<any>(COORDINATOR, `mutation($id: ID!) { setMeasureStatus(input: { measureId: $id, status: AGREED, expectedVersion: 1 }) { measure { status } } }`, { id: measure.id });
    expect(agreed.errors).toBeUndefined();
    const ledByBy = await a.requestAs<any>(ministry("BY"), `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { code } } }`, {
      input: { partnershipCode: "EU-BY", code: uniqueCode("SUB"), title: "Readmission", policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY", leadSignatoryCode: "BY" },
    });
    expect(ledByBy.errors).toBeUndefined();
    await byStatus.until((r) => r.items.length === 1);
    await byLead.until((r) => r.items.length === 1);
    expect(byStatus.items[0]!.measureChanged).toMatchObject({ operation: "setMeasureStatus", status: "AGREED", measure: { code: measure.code } });
    expect(byLead.items[0]!.measureChanged.measure.code).toBe(ledByBy.data.createMeasure.measure.code);
  });

  it("delivers a change that takes a measure out of the filter too", async () => {
    const after = await currentCursor();
    const agreedOnes = (await socketOn(b)).subscribe<Change>(MEASURE_CHANGED, { after, filter: { statuses: ["AGREED"], partnershipCode: "EU-BY" } });
    const measure = await proposeMeasure(a);
    const move = async (status: string, expectedVersion: number, reason?: string) => {
      const moved = await a.requestAs<any>(COORDINATOR, `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status } } }`, {
        input: { measureId: measure.id, status, expectedVersion, reason },
      });
      expect(moved.errors).toBeUndefined();
    };
    await move("AGREED", 1); // into the filter
    await move("IN_PROGRESS", 2); // out of it
    await move("ON_HOLD", 3, "Waiting for the partner's decree"); // neither before nor after: not delivered
    const sentinel = await proposeMeasure(a);
    const agreedSentinel = await a.requestAs<any>(COORDINATOR, `mutation($id: ID!) { setMeasureStatus(input: { measureId: $id, status: AGREED, expectedVersion: 1 }) { measure { status } } }`, { id: sentinel.id });
    expect(agreedSentinel.errors).toBeUndefined();
    await agreedOnes.until((r) => r.items.some((item) => item.measureChanged.measure.code === sentinel.code));
    expect(agreedOnes.items.map(({ measureChanged: { measure, status, previousStatus } }) => [measure.code, previousStatus, status])).toEqual([
      [measure.code, "PROPOSED", "AGREED"],
      [measure.code, "AGREED", "IN_PROGRESS"],
      [sentinel.code, "PROPOSED", "AGREED"],
    ]);
  });

  it("refuses a filter code that names nothing, and a cursor older than the events kept", async () => {
    const socket = await socketOn(b);
    const unknown = socket.subscribe(MEASURE_CHANGED, { filter: { policyAreaCode: "NO-SUCH-AREA" } });
    await unknown.until((r) => r.errors.length > 0);
    expect(unknown.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringMatching(/no policy area NO-SUCH-AREA/) });
    const malformed = socket.subscribe(MEASURE_CHANGED, { after: "not-a-cursor" });
    await malformed.until((r) => r.errors.length > 0);
    expect(malformed.errors[0]!.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("one load per change, whatever the number of subscribers", () => {
  /**
   * Instance C over the same database, whose every SQL statement is counted (a drizzle handle on
   * the same client, with a logger of its own). Statements on the event and webhook tables are
   * the feed's and the dispatcher's, the same for any number of subscribers: left out.
   */
  async function countingInstance() {
    let statements = 0;
    const logger: Logger = { logQuery: (query) => void (/"(event|webhook\w*)"/.test(query) || statements++) };
    const handle = a.database.url ? openPostgres(a.database.url) : { ...a.database, close: async () => {} };
    const client = (handle.db as unknown as { $client: never }).$client;
    const db = (a.database.url ? drizzlePostgres({ client, logger, casing: "snake_case" }) : drizzlePglite({ client, logger, casing: "snake_case" })) as unknown as Database;
    // No poll: the feed reads on NOTIFY alone, so that nothing else happens while a change is delivered.
    const server = await startTestServer({ database: { ...handle, db }, env: { EVENT_POLL_INTERVAL_MS: "600000" } });
    return { server, statements: () => statements };
  }

  it("the measure of a change is read once for 10 subscribers of different roles, as for one; each keeps its own view", async () => {
    const c = await countingInstance();
    try {
      const statementsPerChange = async (subscriptions: Received<Change>[]) => {
        await live(subscriptions, a);
        const before = c.statements();
        const measure = await proposeMeasure(a);
        for (const s of subscriptions) await s.until((r) => r.items.length === 1);
        // A statement still under way would be counted within this pause.
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const s of subscriptions) expect(codesOf(s.items)).toEqual([measure.code]);
        return c.statements() - before;
      };
      const one = await statementsPerChange([(await socketOn(c.server)).subscribe<Change>(MEASURE_CHANGED)]);
      const viewers = [undefined, undefined, ministry("PL"), ministry("BY"), ministry("LT"), COORDINATOR, AUDITOR, AUDITOR, COORDINATOR, ministry("PL")];
      const ten = await Promise.all(viewers.map(async (viewer) => (await socketOn(c.server, viewer)).subscribe<Change>(MEASURE_CHANGED)));
      const tenCost = await statementsPerChange(ten);
      expect(one).toBeGreaterThan(0);
      expect(tenCost).toBe(one);
      // Shared rows, not shared answers: anonymous subscribers still see no actor.
      expect(ten.map((s) => s.items[0]!.measureChanged.actor === null)).toEqual(viewers.map((viewer) => viewer === undefined));
    } finally {
      await c.server.stop();
    }
  });
});

describe("an instance nobody subscribes to", () => {
  it("does not read the event table on each change, and reads it again once someone subscribes", async () => {
    const handle = a.database.url ? { ...openPostgres(a.database.url), url: a.database.url } : { ...a.database, close: async () => {} };
    // No poll: the feed reads on NOTIFY alone.
    const d = await startTestServer({ database: handle, env: { EVENT_POLL_INTERVAL_MS: "600000" } });
    try {
      const reads = async () => {
        const metrics = await (await fetch(`${d.url.replace(/\/graphql$/, "")}/metrics`)).text();
        return Number(/^mobility_plan_event_feed_reads_total (\d+)$/m.exec(metrics)?.[1]);
      };
      const idle = await reads();
      for (let i = 0; i < 5; i++) await proposeMeasure(a);
      // Time for the 5 notifications to reach instance D.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await reads()).toBe(idle);

      const subscription = (await socketOn(d)).subscribe<Change>(MEASURE_CHANGED);
      await live([subscription], a);
      const measure = await proposeMeasure(a);
      await subscription.until((r) => r.items.length === 1);
      expect(codesOf(subscription.items)).toEqual([measure.code]);
      expect(await reads()).toBeGreaterThan(idle);
    } finally {
      await d.stop();
    }
  });
});

describe("visibility, as in queries", () => {
  const ACTION_PLAN = `subscription($after: String) { actionPlanChanged(partnershipCode: "EU-BY", after: $after) { cursor operation status number actor { sub } version { number status } } }`;

  it("drafts' changes go to signed-in subscribers only; anonymous ones never see actors", async () => {
    const after = await currentCursor();
    const anonymous = (await socketOn(b)).subscribe<any>(ACTION_PLAN, { after });
    const ministryBy = (await socketOn(b, ministry("BY"))).subscribe<any>(ACTION_PLAN, { after });
    const anonymousMeasures = (await socketOn(b)).subscribe<Change>(MEASURE_CHANGED, { after });
    const opened = await a.requestAs<any>(COORDINATOR, `mutation { openActionPlanDraft(input: { partnershipCode: "EU-BY" }) { version { id } } }`);
    expect(opened.errors).toBeUndefined();
    await ministryBy.until((r) => r.items.length === 1);
    expect(ministryBy.items[0].actionPlanChanged).toMatchObject({ operation: "openActionPlanDraft", status: "DRAFT", actor: { sub: COORDINATOR.sub }, version: { status: "DRAFT" } });
    const discarded = await a.requestAs<any>(COORDINATOR, `mutation($d: ID!) { discardActionPlanDraft(input: { draftId: $d, expectedRevision: 1 }) { clientMutationId } }`, {
      d: opened.data.openActionPlanDraft.version.id,
    });
    expect(discarded.errors).toBeUndefined();
    await ministryBy.until((r) => r.items.length === 2);
    expect(ministryBy.items[1].actionPlanChanged).toMatchObject({ operation: "discardActionPlanDraft", status: null, version: null });
    // The anonymous subscriber is still live and has received none of it: a later measure change comes first.
    await proposeMeasure(a);
    await anonymousMeasures.until((r) => r.items.length === 1);
    expect(anonymous.items).toEqual([]);
    expect(anonymousMeasures.items.every((item) => item.measureChanged.actor === null)).toBe(true);
  });

  it("a ministry never receives a non-public event about another signatory's data; that signatory's ministry, auditors and the coordinator do", async () => {
    const measure = await proposeMeasure(a);
    const [audit] = await a.database.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(sql`${auditEvents.id} desc`).limit(1);
    const after = await currentCursor();
    const subscribers = {
      PL: (await socketOn(b, ministry("PL"))).subscribe<Change>(MEASURE_CHANGED, { after }),
      BY: (await socketOn(b, ministry("BY"))).subscribe<Change>(MEASURE_CHANGED, { after }),
      LT: (await socketOn(b, ministry("LT"))).subscribe<Change>(MEASURE_CHANGED, { after }),
      auditor: (await socketOn(b, AUDITOR)).subscribe<Change>(MEASURE_CHANGED, { after }),
    };
    // No change of today's plan is private to a signatory; the rule is there for those to come.
    const restricted = {
      ...eventOf({
        operation: "addMeasureProgressUpdate",
        entityType: "Measure",
        entityId: fromGlobalIdOf("Measure", measure.id),
        before: null,
        after: { code: measure.code, status: "PROPOSED", version: 1, partnershipId: null, responsibilities: [{ signatoryCode: "PL", role: "LEAD" }] },
        auditEventId: audit!.id,
        actor: { actorSub: "ministry-pl", actorRole: "MINISTRY", actorSignatoryCode: "PL" },
      }),
      public: false,
    };
    await a.database.db.transaction((tx) => writeEvents(tx, [restricted]));
    await proposeMeasure(a);
    for (const received of Object.values(subscribers)) await received.until((r) => codesOf(r.items).length >= 1 && r.items.some((i) => i.measureChanged.operation === "createMeasure"));
    const operations = (who: keyof typeof subscribers) => subscribers[who].items.map((item) => item.measureChanged.operation);
    expect(operations("PL")).toEqual(["addMeasureProgressUpdate", "createMeasure"]);
    expect(operations("auditor")).toEqual(["addMeasureProgressUpdate", "createMeasure"]);
    expect(operations("BY")).toEqual(["createMeasure"]);
    expect(operations("LT")).toEqual(["createMeasure"]);
  });

  it("auditEvents is for auditors and the coordinator: the audit record of each change, in order", async () => {
    const AUDIT = `subscription { auditEvents { cursor auditEvent { operation entityId actor { sub } after } } }`;
    const anonymous = (await socketOn(b)).subscribe(AUDIT);
    const ministryPl = (await socketOn(b, ministry("PL"))).subscribe(AUDIT);
    await anonymous.until((r) => r.errors.length > 0);
    await ministryPl.until((r) => r.errors.length > 0);
    expect(anonymous.errors[0]!.extensions?.code).toBe("UNAUTHENTICATED");
    expect(ministryPl.errors[0]!.extensions?.code).toBe("FORBIDDEN");

    const auditor = (await socketOn(b, AUDITOR)).subscribe<any>(AUDIT);
    await live([auditor], a);
    const measure = await proposeMeasure(a);
    await auditor.until((r) => r.items.length === 1);
    expect(auditor.items[0].auditEvents.auditEvent).toMatchObject({ operation: "createMeasure", entityId: measure.id, actor: { sub: "ministry-pl" }, after: { code: measure.code } });
  });

  it("fundingChanged delivers exchange rates to every partnership's subscribers", async () => {
    const funding = (await socketOn(b)).subscribe<any>(
      `subscription($after: String) { fundingChanged(partnershipCode: "EU-BY", after: $after) { operation entityType actor { sub } exchangeRate { rate } project { code } } }`,
      { after: await currentCursor() },
    );
    const set = await a.requestAs<any>(COORDINATOR, `mutation { setExchangeRate(input: { baseCurrency: "EUR", quoteCurrency: "BYN", rateDate: "2026-12-01", rate: "3.5123", source: "test" }) { exchangeRate { id } } }`);
    expect(set.errors).toBeUndefined();
    await funding.until((r) => r.items.length === 1);
    expect(funding.items[0].fundingChanged).toEqual({ operation: "setExchangeRate", entityType: "ExchangeRate", actor: null, exchangeRate: { rate: "3.5123000000" }, project: null });
  });
});

describe("the same rules as queries", () => {
  let capped: TestServer;
  beforeAll(async () => {
    capped = await startTestServer({ env: { SUBSCRIPTIONS_MAX_PER_CONNECTION: "2", SUBSCRIPTIONS_MAX_PER_PRINCIPAL: "3", QUERY_MAX_DEPTH: "4" } });
  });
  afterAll(() => capped?.stop());

  const SMALL = `subscription { measureChanged { cursor } }`;

  it("caps subscriptions per connection and per principal, with a clear error, and gives slots back when subscriptions complete", async () => {
    const first = await socketOn(capped, COORDINATOR);
    const [one, two, three] = [first.subscribe(SMALL), first.subscribe(SMALL), first.subscribe(SMALL)];
    await three.until((r) => r.errors.length > 0);
    expect(three.errors[0]).toMatchObject({ extensions: { code: "SUBSCRIPTION_LIMIT_EXCEEDED" }, message: expect.stringMatching(/At most 2 subscriptions .* one connection/) });
    const second = await socketOn(capped, COORDINATOR);
    const four = second.subscribe(SMALL);
    const five = second.subscribe(SMALL);
    await five.until((r) => r.errors.length > 0);
    expect(five.errors[0]).toMatchObject({ extensions: { code: "SUBSCRIPTION_LIMIT_EXCEEDED" }, message: expect.stringMatching(/At most 3 subscriptions .* per client/) });
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);
    expect(four.errors).toEqual([]);
    one.stop();
    // The slot comes back once the server has completed `one`.
    for (;;) {
      const again = second.subscribe(SMALL);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (again.errors.length === 0) break;
    }
  });

  it("applies the depth limit and keeps queries and mutations on HTTP", async () => {
    const socket = await socketOn(capped);
    const deep = socket.subscribe(`subscription { measureChanged { measure { responsibilities { signatory { code } } } } }`);
    const query = socket.subscribe(`{ partnerships { code } }`);
    await deep.until((r) => r.errors.length > 0);
    await query.until((r) => r.errors.length > 0);
    expect(deep.errors[0]!.extensions?.code).toBe("DEPTH_LIMIT_EXCEEDED");
    expect(query.errors[0]).toMatchObject({ extensions: { code: "OPERATION_NOT_SUPPORTED" }, message: expect.stringMatching(/send queries and mutations over HTTP/) });
  });

  it("closes the socket with 4401 for a bad token, and when the token expires", async () => {
    const bad = openSocket(capped.wsUrl, "not-a-token");
    sockets.push(bad);
    expect(await bad.closed).toMatchObject({ code: 4401 });
    const expiring = openSocket(capped.wsUrl, await capped.tokenFor(COORDINATOR, { expiresIn: "2s" }));
    sockets.push(expiring);
    expiring.subscribe(SMALL);
    const closed = await expiring.closed;
    expect(closed).toEqual({ code: 4401, reason: expect.stringMatching(/token has expired/) });
  });
});

describe("admission control and rate limits, as for queries", () => {
  const WITH_REPORTS = `subscription { measureChanged { cursor measure { code progressUpdates(first: 50) { text } } } }`;
  const MEASURE_WITH_REPORTS = `query($code: String!) { measure(partnershipCode: "EU-BY", code: $code) { code progressUpdates(first: 50) { text } } }`;
  const costOf = async (query: string, variables = {}) => operationCost(await getSchema(), parse(query), variables);

  it("charges a subscription's start its cost, from the bucket queries draw on; over the limit it is RATE_LIMITED and nothing is opened", async () => {
    const cost = await costOf(WITH_REPORTS);
    // Two starts, and half of a third: refilled by 1 point a second.
    const capacity = 2 * cost + Math.floor(cost / 2);
    const limited = await startTestServer({ env: { RATE_LIMIT_POINTS: String(capacity), RATE_LIMIT_REFILL_PER_SECOND: "1", QUERY_MAX_COST: String(capacity) } });
    try {
      const claims = { ...COORDINATOR, sub: "rate-limited-coordinator" };
      const socket = await socketOn(limited, claims);
      const [first, second] = [socket.subscribe(WITH_REPORTS), socket.subscribe(WITH_REPORTS)];
      for (let i = 0; i < 200 && limited.app.openSubscriptions() < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect([limited.app.openSubscriptions(), first.errors, second.errors, first.completed]).toEqual([2, [], [], false]);
      const third = socket.subscribe(WITH_REPORTS);
      await third.until((r) => r.errors.length > 0);
      expect(third.errors[0]).toMatchObject({ extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) }, message: expect.stringContaining(`costs ${cost} points`) });
      expect(limited.app.openSubscriptions()).toBe(2);
      expect([first.errors, second.errors]).toEqual([[], []]);
      // The same bucket: a query of about the same cost is refused now too, as HTTP refuses it.
      const measure = await proposeMeasure(limited);
      expect(await costOf(MEASURE_WITH_REPORTS, { code: measure.code })).toBeGreaterThan(capacity - 2 * cost + 20);
      const query = await limited.requestAs(claims, MEASURE_WITH_REPORTS, { code: measure.code });
      expect(query.status).toBe(429);
      expect(query.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    } finally {
      await limited.stop();
    }
  });

  it("takes a turn of admission control to start: with none free within DB_ACQUIRE_TIMEOUT_MS it is SERVICE_UNAVAILABLE and nothing is opened", async () => {
    const busy = await startTestServer({ env: { DB_POOL_MAX: "1", DB_ACQUIRE_TIMEOUT_MS: "200" } });
    try {
      // A query holds the one turn, waiting on a lock that this transaction holds.
      let unlock!: () => void;
      const locked = new Promise<void>((resolve) => (unlock = resolve));
      let lockTaken!: () => void;
      const lockHeld = new Promise<void>((resolve) => (lockTaken = resolve));
      const holder = busy.database.db.transaction(async (tx) => {
        await tx.execute(sql`lock table measure in access exclusive mode`);
        lockTaken();
        await locked;
      });
      await lockHeld;
      const waiting = busy.request(`{ measures(first: 1) { nodes { code } } }`);
      // Another request is refused once the turn is taken: the query holds it.
      for (;;) {
        const other = await busy.request(`{ __typename }`);
        if (other.status === 503) break;
      }
      const refused = (await socketOn(busy)).subscribe(MEASURE_CHANGED);
      await refused.until((r) => r.errors.length > 0);
      expect(refused.errors[0]).toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE" }, message: "The server is busy; retry shortly" });
      expect(busy.app.openSubscriptions()).toBe(0);

      unlock();
      await holder;
      expect((await waiting).status).toBe(200);
      const admitted = (await socketOn(busy)).subscribe<Change>(MEASURE_CHANGED);
      await live([admitted], busy);
      expect(admitted.errors).toEqual([]);
      expect(busy.app.openSubscriptions()).toBe(1);
    } finally {
      await busy.stop();
    }
  });
});

describe("cursors past the retention", () => {
  it("are refused, rather than delivering what is left and hiding the gap", async () => {
    const first = await proposeMeasure(a);
    const [row] = await a.database.db.select({ id: events.id }).from(events).where(sql`${events.payload}->>'code' = ${first.code}`);
    await proposeMeasure(a);
    await proposeMeasure(a);
    await a.database.db.update(events).set({ occurredAt: sql`now() - interval '40 days'` }).where(sql`${events.id} <= ${row!.id + 1}`);
    await purgeEvents(a.database.db, 30);
    const stale = (await socketOn(b)).subscribe(MEASURE_CHANGED, { after: toGlobalId("Event", row!.id - 1) });
    await stale.until((r) => r.errors.length > 0);
    expect(stale.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringMatching(/older than the events kept \(30 days\)/) });
  });
});

describe("shutdown", () => {
  it("closes subscribers' sockets with 1001 once draining, and /readyz says so", async () => {
    const server = await startTestServer();
    try {
      const socket = openSocket(server.wsUrl);
      sockets.push(socket);
      const received = socket.subscribe<Change>(MEASURE_CHANGED);
      await live([received], server);
      server.app.drain();
      expect(await socket.closed).toMatchObject({ code: 1001 });
      const ready = await fetch(`${server.origin}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await server.stop();
    }
  });
});
