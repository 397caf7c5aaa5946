import { eq, sql } from "drizzle-orm";
import { auditEvents } from "../src/modules/audit/audit.tables";
import type { EventRow } from "../src/modules/events/events.service";
import { eventContentOf, measureEventContentSql, oldestEventId, purgeEvents, writeEvents } from "../src/modules/events/events.service";
import { selectRows } from "../src/db/client";
import { events } from "../src/modules/events/events.tables";
import { admissionTurns, type AdmissionTurns } from "../src/lib/admission";
import { createLogger } from "../src/logger";
import { EventFeed, type Subscription } from "../src/modules/events/events.feed";
import { countRows, proposeMeasure } from "./helpers/factories";
import { COORDINATOR } from "./helpers/claims";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status version } } }`;

/** Takes `count` events from a subscription, failing if it ends first. */
async function take(subscription: Subscription, count: number): Promise<EventRow[]> {
  const taken: EventRow[] = [];
  while (taken.length < count) {
    const next = await subscription.next();
    if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}

const newestId = async () => Number((await server.database.db.select({ id: sql<string>`coalesce(max(${events.id}), 0)` }).from(events))[0]!.id);

describe("the events outbox", () => {
  it("a change writes one event in its transaction, pointing at its audit record, with the public payload and who may see it", async () => {
    const measure = await proposeMeasure(server);
    const agreed = await server.requestAs<any>(COORDINATOR, SET_STATUS, { input: { measureId: measure.id, status: "AGREED", expectedVersion: 1 } });
    expect(agreed.errors).toBeUndefined();
    const [event] = await server.database.db.select().from(events).where(eq(events.operation, "setMeasureStatus")).orderBy(sql`${events.id} desc`).limit(1);
    expect(event).toMatchObject({
      type: "measure.changed",
      partnershipCode: "EU-BY",
      entityType: "Measure",
      payload: { measureId: measure.id, code: measure.code, status: "AGREED", previousStatus: "PROPOSED", version: 2 },
      actorSub: COORDINATOR.sub,
      actorRole: "COORDINATOR",
      public: true,
      signatoryCodes: ["BY", "PL"],
    });
    const [audit] = await server.database.db.select().from(auditEvents).where(eq(auditEvents.id, event!.auditEventId));
    expect(audit).toMatchObject({ operation: "setMeasureStatus", entityType: "Measure", entityId: event!.entityId });
  });

  it("a measure's event is the same whether JavaScript (eventContentOf) or PostgreSQL (measureEventContentSql, setMeasureStatus's statement) makes it", async () => {
    const proposed = {
      id: 41, code: "M-41", partnershipId: 1, policyAreaId: 3, status: "PROPOSED", version: 1,
      responsibilities: [
        { signatoryCode: "PL", role: "LEAD" },
        { signatoryCode: "BY", role: "LEAD" },
        { signatoryCode: "LT", role: "CONTRIBUTING" },
      ],
      projectIds: [], progressUpdates: 0,
    };
    const agreed = { ...proposed, status: "AGREED", version: 2 };
    const moved = { ...agreed, version: 3, policyAreaId: 5, responsibilities: [{ signatoryCode: "FI", role: "LEAD" }, { signatoryCode: "BG", role: "CONTRIBUTING" }] };
    const bare = { id: 41, code: "M-41", status: "PROPOSED", version: 1 };
    const changes: [string, object | null, object | null][] = [
      ["created", null, proposed],
      ["status changed", proposed, agreed],
      ["area and responsibilities changed", agreed, moved],
      ["without partnership, area or responsibilities", bare, { ...bare, version: 2 }],
      ["deleted", moved, null],
    ];
    for (const [name, before, after] of changes) {
      const json = (value: object | null) => sql`${value === null ? null : JSON.stringify(value)}::jsonb`;
      const event = measureEventContentSql({ entityId: sql`41`, before: json(before), after: json(after) });
      const [fromSql] = await selectRows<Record<string, unknown>>(
        server.database.db,
        sql`select ${event.type} as type, ${event.partnershipId} as "partnershipId", ${event.payload} as payload,
          ${event.public} as public, ${event.signatoryCodes} as "signatoryCodes"`,
      );
      const fromJs = eventContentOf({ operation: "setMeasureStatus", entityType: "Measure", entityId: 41, before, after, actor: { actorSub: "s", actorRole: "COORDINATOR", actorSignatoryCode: null } });
      const { type, partnershipId, payload, public: isPublic, signatoryCodes } = fromJs;
      expect({ name, ...fromSql, payload: typeof fromSql!.payload === "string" ? JSON.parse(fromSql!.payload) : fromSql!.payload })
        .toEqual({ name, type, partnershipId, payload, public: isPublic, signatoryCodes });
    }
  });

  it("a refused change writes no event", async () => {
    const measure = await proposeMeasure(server);
    const before = await countRows(server.database.db, events);
    const stale = await server.requestAs<any>(COORDINATOR, SET_STATUS, { input: { measureId: measure.id, status: "AGREED", expectedVersion: 7 } });
    expect(stale.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await countRows(server.database.db, events)).toBe(before);
  });

  it("a draft's events are for signed-in users only (not public), as drafts are in queries", async () => {
    const opened = await server.requestAs<any>(COORDINATOR, `mutation { openActionPlanDraft(input: { partnershipCode: "EU-BY" }) { version { id revision } } }`);
    expect(opened.errors).toBeUndefined();
    const [draftEvent] = await server.database.db.select().from(events).where(eq(events.operation, "openActionPlanDraft"));
    expect(draftEvent).toMatchObject({ type: "action_plan.changed", partnershipCode: "EU-BY", public: false, payload: { status: "DRAFT", number: 1 } });
    const discarded = await server.requestAs<any>(COORDINATOR, `mutation($d: ID!) { discardActionPlanDraft(input: { draftId: $d, expectedRevision: 1 }) { clientMutationId } }`, {
      d: opened.data.openActionPlanDraft.version.id,
    });
    expect(discarded.errors).toBeUndefined();
    const [discardEvent] = await server.database.db.select().from(events).where(eq(events.operation, "discardActionPlanDraft"));
    expect(discardEvent).toMatchObject({ public: false, partnershipCode: "EU-BY", payload: { status: null } });
  });

  it("the feed hands live events to a subscription in order, and one that starts from a cursor reads the table first, with no gap or repeat at the seam", async () => {
    const cursor = await newestId();
    const live = server.app.events.subscribe({ accepts: () => true });
    const first = await proposeMeasure(server);
    const second = await proposeMeasure(server);
    const liveEvents = await take(live, 2);
    expect(liveEvents.map((e) => e.payload)).toMatchObject([{ code: first.code }, { code: second.code }]);

    const resumed = server.app.events.subscribe({ after: cursor, accepts: () => true });
    const caughtUp = await take(resumed, 2);
    expect(caughtUp.map((e) => e.id)).toEqual(liveEvents.map((e) => e.id));
    const third = await proposeMeasure(server);
    const [next] = await take(resumed, 1);
    expect(next!.payload).toMatchObject({ code: third.code });
    expect(next!.id).toBeGreaterThan(caughtUp[1]!.id);
    await live.return();
    await resumed.return();
  });

  it("a consumer that falls behind costs at most its queue: it catches up from the table, missing nothing", async () => {
    const slow = server.app.events.subscribe({ accepts: () => true, maxQueued: 2 });
    // Goes live (nothing to catch up) before the changes.
    const pending = slow.next();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await proposeMeasure(server)).code);
    // Wait until the feed has read all six, so that the queue overflowed.
    const newest = await newestId();
    while (server.app.events.newest < newest) {
      server.app.events.wake();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const first = await pending;
    const rest = await take(slow, 5);
    expect([first.value as EventRow, ...rest].map((e) => (e.payload as { code: string }).code)).toEqual(codes);
    await slow.return();
  });

  it("a subscription catching up reads in a turn of admission control, as a query does: while none is free it waits, failing nothing", async () => {
    const turns = admissionTurns(1, 20);
    let asked = 0;
    const counted: AdmissionTurns = { take: turns.take, turn: () => (asked++, turns.turn()) };
    const feed = new EventFeed(server.database.db, { pollIntervalMs: 600_000, retentionDays: 30, logger: createLogger("silent"), turns: counted });
    const cursor = await newestId();
    const measure = await proposeMeasure(server);
    const held = await turns.turn();
    const catchingUp = feed.subscribe({ after: cursor, accepts: () => true });
    let taken: EventRow | undefined;
    const next = catchingUp.next().then((result) => (taken = result.value as EventRow));
    // Refused after 20 ms each time, and asked again: nothing is read meanwhile.
    while (asked < 3 && taken === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(taken).toBeUndefined();
    held!();
    await next;
    expect(taken!.payload).toMatchObject({ code: measure.code });
    await catchingUp.return();
  });

  it("purges events past the retention, but never the newest, so cursors older than what is kept can be told apart", async () => {
    await proposeMeasure(server);
    await proposeMeasure(server);
    await server.database.db.update(events).set({ occurredAt: sql`now() - interval '40 days'` });
    const newest = await newestId();
    const purged = await purgeEvents(server.database.db, 30);
    expect(purged).toBeGreaterThan(0);
    expect(await countRows(server.database.db, events)).toBe(1);
    expect(await oldestEventId(server.database.db)).toBe(newest);
  });
});

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres("event ids on PostgreSQL", () => {
  it("are handed out in commit order: a second writer waits until the first has committed", async () => {
    const db = server.database.db;
    const [audit] = await db.select({ id: auditEvents.id }).from(auditEvents).limit(1);
    const pending = (n: number) => ({
      type: "measure.changed",
      operation: `test-${n}`,
      partnershipId: null,
      entityType: "Measure",
      entityId: n,
      auditEventId: audit!.id,
      payload: {},
      actorSub: "test",
      actorRole: "COORDINATOR",
      actorSignatoryCode: null,
      public: true,
      signatoryCodes: [],
    });
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstWrote!: () => void;
    const firstHasWritten = new Promise<void>((resolve) => (firstWrote = resolve));
    const first = db.transaction(async (tx) => {
      await writeEvents(tx, [pending(1)]);
      firstWrote();
      await firstHolds;
      order.push("first commits");
    });
    await firstHasWritten;
    const second = db.transaction(async (tx) => {
      await writeEvents(tx, [pending(2)]);
      order.push("second wrote");
    });
    // The second writer waits on the lock for as long as the first holds its transaction open.
    const waitingOnLock = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(sql`pg_locks`).where(sql`locktype = 'advisory' and not granted`))[0]!.n;
    while ((await waitingOnLock()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first commits", "second wrote"]);
    const written = await db.select({ id: events.id, operation: events.operation }).from(events).where(sql`${events.operation} like 'test-%'`).orderBy(events.id);
    expect(written.map((row) => row.operation)).toEqual(["test-1", "test-2"]);
  });
});
