import { eq, inArray, sql } from "drizzle-orm";
import { openPostgres } from "../src/db/client";
import { fromGlobalIdOf, toGlobalId } from "../src/lib/global-id";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { events } from "../src/modules/events/events.tables";
import { webhookDeliveries, webhooks } from "../src/modules/webhooks/webhooks.tables";
import { countRows, proposeMeasure, uniqueCode } from "./helpers/factories";
import { AUDITOR, COORDINATOR, ministry } from "./helpers/claims";
import { testDatabaseUrl } from "./helpers/databases";
import { startTestServer, type TestServer } from "./helpers/server";
import { openSocket } from "./helpers/subscriptions";
import { eventually, startReceiver, verifySignature, type WebhookReceiver } from "./helpers/webhook-receiver";

/**
 * Webhooks through the API, delivered to a receiver on 127.0.0.1 (hence development, which
 * allows http:, and WEBHOOKS_ALLOW_PRIVATE). Retries back off from 20 ms, and an endpoint is
 * marked failing after 1.5 s of failures, so that the tests wait for nothing longer. Delivery is
 * at least once: where a test checks what an endpoint got, it deduplicates by id, as receivers must.
 */
const ENV = {
  WEBHOOKS_ALLOW_PRIVATE: "true",
  WEBHOOK_RETRY_BASE_MS: "20",
  WEBHOOK_RETRY_FOR_MS: "1500",
  // The default: a shorter one, on a busy machine, gave up on answers the receiver had sent
  // (the answer is read on the same event loop as PGlite's queries), and sent those events again.
  WEBHOOK_TIMEOUT_MS: "10000",
};

let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestServer({ nodeEnv: "development", env: ENV }), startReceiver()]);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url eventTypes signatoryCode status deliveredThrough partnership { code } } }
}`;
const WEBHOOKS = `{ webhooks(first: 100) { nodes { id url status deliveredThrough attempts failingSince nextRetryAt } } }`;
const DELIVERIES = `query($id: ID!) {
  webhookDeliveries(webhookId: $id, first: 100) { totalCount nodes { eventId attempt status responseStatus durationMs error nextRetryAt } }
}`;

interface Registered {
  id: string;
  secret: string;
  path: string;
}

/** Registers an endpoint at a path of its own on the receiver. */
async function register(input: { eventTypes: string[]; partnershipCode?: string | null; signatoryCode?: string | null }, server_ = server): Promise<Registered> {
  const path = `/${uniqueCode("hook").toLowerCase()}`;
  const result = await server_.requestAs<any>(COORDINATOR, CREATE_WEBHOOK, { input: { url: receiver.origin + path, partnershipCode: "EU-BY", ...input } });
  expect(result.errors).toBeUndefined();
  const { secret, webhook } = result.data.createWebhook;
  return { id: webhook.id, secret, path };
}

/** Proposes a measure in EU-BY led by PL (one public measure.changed event); gives its code. */
const proposeMeasureCode = async (through = server) => (await proposeMeasure(through)).code;

const eventIdOf = async (operation: string, code: string) => {
  const rows = await server.database.db.select({ id: events.id }).from(events).where(sql`${events.operation} = ${operation} and ${events.payload}->>'code' = ${code}`);
  expect(rows).toHaveLength(1);
  return String(rows[0]!.id);
};

/** The ids an endpoint acknowledged, each once, in the order it first did. */
const deduplicated = (hook: Registered) => [...new Set(receiver.acknowledged(hook.path).map((r) => r.id))];

/** Waits until no instance holds the endpoint and it has delivered (or passed) `eventId`. */
async function givenBack(id: string, eventId: string): Promise<void> {
  const rowId = fromGlobalIdOf("Webhook", id);
  await eventually(`webhook ${id} is given back after event ${eventId}`, async () => {
    const [row] = await server.database.db.select().from(webhooks).where(eq(webhooks.id, rowId));
    return row!.leaseToken === null && String(row!.cursor) === eventId;
  });
}

const webhookNamed = async (id: string) =>
  (await server.requestAs<any>(COORDINATOR, WEBHOOKS)).data.webhooks.nodes.find((node: { id: string }) => node.id === id);

describe("what wakes the dispatcher", () => {
  /** The times the dispatcher has looked for endpoints with work (a statement each), from /metrics. */
  const looks = async () => {
    const metrics = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/metrics`)).text();
    return Number(/^mobility_plan_webhook_looks_total (\d+)$/m.exec(metrics)?.[1]);
  };
  /** The looks once the dispatcher is quiet (a registration wakes it once or twice). */
  const settledLooks = async () => {
    for (let last = await looks(); ; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = await looks();
      if (now === last) return now;
      last = now;
    }
  };

  it("only a change an active endpoint may want: with none, or none for its type, a change costs the dispatcher no statement", async () => {
    await eventually("the dispatcher's first look", async () => (await looks()) >= 1);
    await proposeMeasure(server); // an event to subscribe after
    const [newest] = await server.database.db.select({ id: sql<string>`max(${events.id})` }).from(events);
    // A subscriber on the same instance: when it has a change, the feed has offered it to the dispatcher too.
    const socket = openSocket(server.wsUrl);
    try {
      const seen = socket.subscribe<{ measureChanged: { cursor: string } }>(`subscription($after: String) { measureChanged(after: $after) { cursor } }`, {
        after: toGlobalId("Event", Number(newest!.id)),
      });
      const changeMeasures = async (count: number) => {
        const before = seen.items.length;
        for (let i = 0; i < count; i++) await proposeMeasure(server);
        await seen.until((r) => r.items.length === before + count);
      };

      const beforeAny = await settledLooks();
      await changeMeasures(5);
      expect(await looks()).toBe(beforeAny);

      await register({ eventTypes: ["FUNDING_CHANGED"] });
      await eventually("a look once the endpoint is registered", async () => (await looks()) > beforeAny);
      const fundingOnly = await settledLooks();
      await changeMeasures(5);
      expect(await looks()).toBe(fundingOnly);

      await register({ eventTypes: ["MEASURE_CHANGED"] });
      await eventually("a look once the second endpoint is registered", async () => (await looks()) > fundingOnly);
      const wanted = await settledLooks();
      await changeMeasures(1);
      await eventually("a look for the wanted change", async () => (await looks()) > wanted);
    } finally {
      await socket.dispose();
    }
  });
});

describe("registering webhooks", () => {
  it("is the coordinator's alone: ministries and auditors are refused, anonymous clients must sign in", async () => {
    const input = { url: `${receiver.origin}/x`, eventTypes: ["MEASURE_CHANGED"] };
    for (const claims of [ministry("PL"), AUDITOR]) {
      const refused = await server.requestAs<any>(claims, CREATE_WEBHOOK, { input });
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await server.requestAs<any>(claims, WEBHOOKS)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await server.request(CREATE_WEBHOOK, { input })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await server.request(WEBHOOKS)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses URLs it may not call, unknown partnerships and signatories, and no event types", async () => {
    const before = await countRows(server.database.db, auditEvents);
    const attempt = (input: Record<string, unknown>) =>
      server.requestAs<any>(COORDINATOR, CREATE_WEBHOOK, { input: { url: `${receiver.origin}/x`, eventTypes: ["MEASURE_CHANGED"], ...input } });
    const messageOf = async (input: Record<string, unknown>) => {
      const result = await attempt(input);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      return result.errors![0]!.message;
    };
    expect(await messageOf({ url: "ftp://127.0.0.1/x" })).toBe("url must start with https: or http: (got ftp:)");
    expect(await messageOf({ url: "partner.example/hooks" })).toMatch(/^url must be an absolute URL/);
    expect(await messageOf({ url: `http://user:password@127.0.0.1:1/x` })).toMatch(/must not hold a user name or password/);
    expect(await messageOf({ partnershipCode: "EU-XX" })).toBe("There is no partnership EU-XX");
    expect(await messageOf({ signatoryCode: "XX" })).toBe("There is no signatory XX");
    expect(await messageOf({ eventTypes: [] })).toMatch(/eventTypes must name at least one kind of event/);
    expect(await countRows(server.database.db, auditEvents)).toBe(before);
  });

  it("gives the secret once, keeps it out of the audit trail and every query, and announces no event", async () => {
    const eventsBefore = await countRows(server.database.db, events);
    const created = await server.requestAs<any>(COORDINATOR, CREATE_WEBHOOK, {
      input: { url: `${receiver.origin}/secret`, eventTypes: ["MEASURE_CHANGED", "MEASURE_CHANGED", "FUNDING_CHANGED"], signatoryCode: "PL" },
    });
    expect(created.errors).toBeUndefined();
    const { secret, webhook } = created.data.createWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook).toMatchObject({ eventTypes: ["MEASURE_CHANGED", "FUNDING_CHANGED"], signatoryCode: "PL", status: "ACTIVE", partnership: null });
    expect(await countRows(server.database.db, events)).toBe(eventsBefore);
    // The coordinator reads the audit trail: the record is there, without the secret.
    const trail = await server.requestAs<any>(COORDINATOR, `{ auditLog(filter: { operation: "createWebhook" }, first: 50) { nodes { entityId after } } }`);
    const record = trail.data.auditLog.nodes.find((node: { entityId: string }) => node.entityId === webhook.id);
    expect(record.after).toMatchObject({ url: `${receiver.origin}/secret`, signatoryCode: "PL", status: "ACTIVE" });
    expect(JSON.stringify(trail)).not.toContain(secret.slice(6));
    const listed = await server.requestAs<any>(COORDINATOR, `{ webhooks(first: 100) { nodes { id url eventTypes } } }`);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    // node(id:) finds it for the coordinator alone.
    const NODE = `query($id: ID!) { node(id: $id) { ... on Webhook { url status } } }`;
    expect((await server.requestAs<any>(COORDINATOR, NODE, { id: webhook.id })).data.node).toEqual({ url: `${receiver.origin}/secret`, status: "ACTIVE" });
    expect((await server.requestAs<any>(ministry("PL"), NODE, { id: webhook.id })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("delivering events", () => {
  it("retries a failing endpoint with back-off: it gets the event on the 4th attempt, signed, and once after deduplication", async () => {
    const hook = await register({ eventTypes: ["MEASURE_CHANGED"] });
    receiver.answer = (request, earlier) => (request.path === hook.path && earlier.length < 3 ? 500 : 200);
    const code = await proposeMeasureCode();
    const eventId = await eventIdOf("createMeasure", code);

    await eventually("the 4th attempt is acknowledged", () => receiver.acknowledged(hook.path).length === 1);
    const requests = receiver.received.filter((r) => r.path === hook.path);
    expect(requests.map((r) => [r.id, r.status])).toEqual([
      [eventId, 500],
      [eventId, 500],
      [eventId, 500],
      [eventId, 200],
    ]);
    for (const request of requests) {
      expect(verifySignature(hook.secret, request)).toBe(true);
      expect(verifySignature(hook.secret, { ...request, body: request.body.replace(code, `${code}X`) })).toBe(false);
      expect(Math.abs(Number(request.timestamp) - Date.now() / 1000)).toBeLessThan(300);
    }
    expect(JSON.parse(requests[3]!.body)).toMatchObject({
      id: eventId,
      type: "measure.changed",
      data: { operation: "createMeasure", partnershipCode: "EU-BY", entityType: "Measure", code, status: "PROPOSED" },
    });
    // Never who made the change.
    expect(requests[3]!.body).not.toContain("ministry-pl");
    // Each event once after deduplication by id.
    expect(new Set(receiver.acknowledged(hook.path).map((r) => r.id)).size).toBe(1);

    const deliveries = await eventually("the success is recorded", async () => {
      const result = await server.requestAs<any>(COORDINATOR, DELIVERIES, { id: hook.id });
      return result.data.webhookDeliveries.totalCount === 4 && result.data.webhookDeliveries.nodes;
    });
    expect(deliveries.map((d: any) => [d.eventId, d.attempt, d.status, d.responseStatus])).toEqual([
      [eventId, 4, "SUCCEEDED", 200],
      [eventId, 3, "FAILED", 500],
      [eventId, 2, "FAILED", 500],
      [eventId, 1, "FAILED", 500],
    ]);
    expect(deliveries[0]).toMatchObject({ error: null, nextRetryAt: null });
    for (const failed of deliveries.slice(1)) {
      expect(failed.error).toBe("HTTP 500: try again later");
      expect(failed.nextRetryAt).not.toBeNull();
      expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    }
    const listed = await webhookNamed(hook.id);
    expect(listed).toMatchObject({ status: "ACTIVE", deliveredThrough: eventId, attempts: 0, failingSince: null, nextRetryAt: null });
  });

  it("sends each endpoint its event types, of its partnership, as its signatory's ministry (or anonymous clients) may see them, in commit order", async () => {
    receiver.answer = () => 200;
    const measuresOnly = await register({ eventTypes: ["MEASURE_CHANGED"], signatoryCode: "PL" });
    const plansAsPoland = await register({ eventTypes: ["ACTION_PLAN_CHANGED", "MEASURE_CHANGED"], signatoryCode: "PL" });
    const plansAnonymously = await register({ eventTypes: ["ACTION_PLAN_CHANGED", "MEASURE_CHANGED"] });

    const first = await proposeMeasureCode();
    // A draft is for signed-in users: Poland's ministry sees its event, anonymous clients do not.
    const opened = await server.requestAs<any>(COORDINATOR, `mutation { openActionPlanDraft(input: { partnershipCode: "EU-BY" }) { version { id } } }`);
    expect(opened.errors).toBeUndefined();
    const [draft] = await server.database.db.select({ id: events.id }).from(events).where(eq(events.operation, "openActionPlanDraft"));
    const second = await proposeMeasureCode();
    const ids = [await eventIdOf("createMeasure", first), String(draft!.id), await eventIdOf("createMeasure", second)];

    await eventually("every endpoint has the second measure", () =>
      [measuresOnly, plansAsPoland, plansAnonymously].every((hook) => receiver.acknowledged(hook.path).some((r) => r.id === ids[2])),
    );
    expect(deduplicated(measuresOnly)).toEqual([ids[0], ids[2]]);
    expect(deduplicated(plansAsPoland)).toEqual(ids);
    expect(deduplicated(plansAnonymously)).toEqual([ids[0], ids[2]]);
    expect(JSON.parse(receiver.acknowledged(plansAsPoland.path)[1]!.body)).toMatchObject({ type: "action_plan.changed", data: { status: "DRAFT" } });
  });

  it("sends nothing to a disabled endpoint, and resumes where it stopped once enabled", async () => {
    receiver.answer = () => 200;
    const paused = await register({ eventTypes: ["MEASURE_CHANGED"] });
    const witness = await register({ eventTypes: ["MEASURE_CHANGED"] });
    const disabled = await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { disableWebhook(input: { webhookId: $id }) { webhook { status } } }`, { id: paused.id });
    expect(disabled.data.disableWebhook.webhook.status).toBe("DISABLED");

    const code = await proposeMeasureCode();
    const eventId = await eventIdOf("createMeasure", code);
    // The same event woke both: once the witness has it, the paused one was passed by.
    await eventually("the witness has the event", () => receiver.acknowledged(witness.path).some((r) => r.id === eventId));
    await givenBack(witness.id, eventId);
    expect(receiver.received.filter((r) => r.path === paused.path)).toEqual([]);

    // No event comes to wake a dispatcher now (the next look, without one, is a minute away): enabling does.

    const enabled = await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { enableWebhook(input: { webhookId: $id }) { webhook { status } } }`, { id: paused.id });
    expect(enabled.data.enableWebhook.webhook.status).toBe("ACTIVE");
    await eventually("the enabled endpoint gets the event it missed", () => receiver.acknowledged(paused.path).some((r) => r.id === eventId));
    expect(receiver.received.filter((r) => r.path === paused.path).map((r) => r.id)).toEqual([eventId]);
  });

  it("makes no further attempt once an endpoint is disabled while one is in flight (that one is recorded)", async () => {
    const hook = await register({ eventTypes: ["MEASURE_CHANGED"] });
    let arrived!: () => void;
    let answer!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const answered = new Promise<void>((resolve) => (answer = resolve));
    receiver.answer = async (request) => {
      if (request.path === hook.path && receiver.received.filter((r) => r.path === hook.path).length === 1) {
        arrived();
        await answered;
      }
      return 200;
    };
    const first = await eventIdOf("createMeasure", await proposeMeasureCode());
    await proposeMeasureCode();
    await arrival;
    await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { disableWebhook(input: { webhookId: $id }) { webhook { status } } }`, { id: hook.id });
    answer();
    await givenBack(hook.id, first);
    expect(receiver.received.filter((r) => r.path === hook.path).map((r) => r.id)).toEqual([first]);
    const { nodes } = (await server.requestAs<any>(COORDINATOR, DELIVERIES, { id: hook.id })).data.webhookDeliveries;
    expect(nodes.map((d: any) => [d.eventId, d.status])).toEqual([[first, "SUCCEEDED"]]);
  });

  it("marks an endpoint FAILING once an event has failed for WEBHOOK_RETRY_FOR_MS; enabling it resumes with that event", async () => {
    const hook = await register({ eventTypes: ["MEASURE_CHANGED"] });
    let failing = true;
    receiver.answer = (request) => (request.path === hook.path && failing ? 503 : 200);
    const first = await proposeMeasureCode();
    const firstId = await eventIdOf("createMeasure", first);
    const marked = await eventually("the endpoint is marked FAILING", async () => {
      const listed = await webhookNamed(hook.id);
      return listed.status === "FAILING" && listed;
    });
    expect(marked.attempts).toBeGreaterThanOrEqual(2);
    expect(marked.failingSince).not.toBeNull();
    expect(marked.nextRetryAt).toBeNull();
    const tried = receiver.received.filter((r) => r.path === hook.path);
    expect(new Set(tried.map((r) => r.id))).toEqual(new Set([firstId]));
    const { nodes } = (await server.requestAs<any>(COORDINATOR, DELIVERIES, { id: hook.id })).data.webhookDeliveries;
    expect(nodes[0]).toMatchObject({ status: "FAILED", responseStatus: 503, nextRetryAt: null, attempt: tried.length });

    // A second event waits behind the first.
    const second = await proposeMeasureCode();
    const secondId = await eventIdOf("createMeasure", second);
    failing = false;
    await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { enableWebhook(input: { webhookId: $id }) { webhook { status } } }`, { id: hook.id });
    await eventually("both events are delivered", () => deduplicated(hook).length === 2);
    expect(deduplicated(hook)).toEqual([firstId, secondId]);
  });

  it("deletes an endpoint with its delivery records; deliveries stop", async () => {
    receiver.answer = () => 200;
    const hook = await register({ eventTypes: ["MEASURE_CHANGED"] });
    await proposeMeasureCode();
    await eventually("a delivery is recorded", async () => (await server.requestAs<any>(COORDINATOR, DELIVERIES, { id: hook.id })).data.webhookDeliveries.totalCount > 0);
    const deleted = await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedWebhookId } }`, { id: hook.id });
    expect(deleted.data.deleteWebhook.deletedWebhookId).toBe(hook.id);
    expect((await server.requestAs<any>(COORDINATOR, DELIVERIES, { id: hook.id })).data.webhookDeliveries.totalCount).toBe(0);
    expect(await webhookNamed(hook.id)).toBeUndefined();
    const again = await server.requestAs<any>(COORDINATOR, `mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedWebhookId } }`, { id: hook.id });
    expect(again.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

const onPostgres = testDatabaseUrl() ? describe : describe.skip;

onPostgres("two instances on one PostgreSQL database", () => {
  it("never make the same attempt at once: each endpoint gets one request at a time, each attempt once, in order", async () => {
    const second = await startTestServer({ nodeEnv: "development", env: ENV, database: openPostgres(server.database.url!) });
    try {
      const hooks: Registered[] = [];
      for (let i = 0; i < 3; i++) hooks.push(await register({ eventTypes: ["MEASURE_CHANGED"] }));
      // Each event fails once, then succeeds; a request is held 20 ms, so that overlaps would show.
      receiver.answer = async (_request, earlier) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return earlier.length === 0 ? 500 : 200;
      };
      const codes = [];
      for (let i = 0; i < 20; i++) codes.push(await proposeMeasureCode(i % 2 === 0 ? server : second));
      const ids = [];
      for (const code of codes) ids.push(await eventIdOf("createMeasure", code));

      await eventually("every endpoint has every event", () => hooks.every((hook) => receiver.acknowledged(hook.path).length >= ids.length), 60_000);
      for (const hook of hooks) {
        expect(receiver.maxConcurrent.get(hook.path)).toBe(1);
        expect(receiver.acknowledged(hook.path).map((r) => r.id)).toEqual(ids);
        // One failure and one success per event, no attempt twice.
        expect(receiver.received.filter((r) => r.path === hook.path).map((r) => `${r.id}:${r.status}`)).toEqual(ids.flatMap((id) => [`${id}:500`, `${id}:200`]));
      }
      const ours = hooks.map((hook) => fromGlobalIdOf("Webhook", hook.id));
      const recordedOfOurs = () =>
        server.database.db
          .select({ webhookId: webhookDeliveries.webhookId, eventId: webhookDeliveries.eventId, attempt: webhookDeliveries.attempt })
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.webhookId, ours));
      const recorded = await eventually("all 120 attempts are recorded", async () => {
        const rows = await recordedOfOurs();
        return rows.length >= 120 && rows;
      });
      expect(recorded).toHaveLength(120);
      expect(new Set(recorded.map((r) => `${r.webhookId}:${r.eventId}:${r.attempt}`)).size).toBe(120);
    } finally {
      await second.stop();
    }
  });
});
