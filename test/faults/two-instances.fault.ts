/**
 * Fault 7: two server processes on one PostgreSQL database, as behind a load balancer.
 *
 * Instances A and B are two real processes (`node dist/bundle/index.js`) on one throwaway cluster.
 *   a. A change made through A reaches a graphql-ws subscriber on B.
 *   b. 200 progress reports on 20 measures, made through A and B at once (5 clients on each),
 *      reach one subscriber on A exactly once each, in commit order (the events' ids), none missing.
 *   c. Two webhooks to a receiver on 127.0.0.1, while both instances run: every event is refused
 *      3 times and accepted at the 4th attempt. Each request's Standard Webhooks signature
 *      verifies; after deduplication by webhook-id each endpoint sees each event once, in order;
 *      an endpoint never has two requests in flight at once, and no attempt is made twice
 *      (the receiver's count and the delivery records agree: attempts 1 to 4 of each event).
 */
import { randomBytes } from "node:crypto";
import { openSocket, type TestSocket } from "../helpers/subscriptions";
import { eventually, startReceiver, verifySignature, type WebhookReceiver } from "../helpers/webhook-receiver";
import { graphql, signToken } from "./helpers/http";
import { UNTHROTTLED } from "./helpers/load";
import { createCluster, type Cluster } from "./helpers/postgres-cluster";
import { spawnServer, type ServerProcess } from "./helpers/process";
import { report, reportServerStderr, seconds } from "./helpers/report";

const MEASURES = 20;
const CHANGES = 200;
const CLIENTS_PER_INSTANCE = 5;
const WEBHOOK_EVENTS = 20;
const FAILED_ATTEMPTS = 3;
const ENDPOINTS = ["/partner-1", "/partner-2"];

const CREATE_MEASURE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id code } } }`;
const REPORT_PROGRESS = `mutation($input: AddMeasureProgressUpdateInput!) { addMeasureProgressUpdate(input: $input) { measure { id } } }`;
const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { nodes { eventId attempt status } } }`;
const MEASURE_CHANGED = `subscription($after: String) { measureChanged(filter: { partnershipCode: "EU-BY" }, after: $after) { cursor operation measureId } }`;
type Change = { measureChanged: { cursor: string; operation: string; measureId: string } };

let cluster: Cluster | undefined;
const servers: ServerProcess[] = [];
const sockets: TestSocket[] = [];
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  for (const server of servers) await server.kill();
  await receiver?.close();
  cluster?.destroy();
});

const eventIdOf = (cursor: string) => Number(Buffer.from(cursor, "base64url").toString("utf8").split(":")[1]);

it("two instances on one database: subscribers get every change once and in order, webhooks are attempted once at a time", async () => {
  cluster = await createCluster();
  await cluster.sql("create database plan");
  const secret = randomBytes(32).toString("base64url");
  const env = {
    DATABASE_URL: cluster.url("plan"),
    AUTH_JWT_SECRET: secret,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    WEBHOOKS_ALLOW_PRIVATE: "true",
    // Retries after about 10, 20 and 40 ms (with jitter): the 4th attempt comes at once.
    WEBHOOK_RETRY_BASE_MS: "20",
    WEBHOOK_TIMEOUT_MS: "2000",
    ...UNTHROTTLED,
  };
  // One after the other: the first migrates and seeds the new database.
  const a = await spawnServer(env);
  servers.push(a);
  const b = await spawnServer(env);
  servers.push(b);
  const wsUrl = (server: ServerProcess) => `${server.origin.replace(/^http/, "ws")}/graphql`;
  const coordinator = await signToken(secret, { sub: "fault-coordinator", role: "COORDINATOR" });
  const poland = await signToken(secret, { sub: "fault-ministry-pl", role: "MINISTRY", signatory: "PL" });
  const mutate = async (server: ServerProcess, query: string, input: Record<string, unknown>, token = poland) => {
    const reply = await graphql(server.origin, query, { input }, { token });
    expect(reply.json?.errors).toBeUndefined();
    expect(reply.status).toBe(200);
    return reply.json.data;
  };
  let proposed = 0;
  const propose = async (server: ServerProcess) =>
    (
      await mutate(server, CREATE_MEASURE, {
        partnershipCode: "EU-BY",
        code: `TWO-${++proposed}`,
        title: "Seasonal work visas",
        description: "Agree on them.",
        policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY",
        leadSignatoryCode: "PL",
        contributingSignatoryCodes: ["BY"],
      })
    ).createMeasure.measure as { id: string; code: string };
  const newestCursor = async () => {
    const [row] = await cluster!.sql<{ id: string }[]>("select coalesce(max(id), 0)::text as id from event", "plan");
    return Buffer.from(`Event:${row!.id}`).toString("base64url");
  };
  const subscribe = (server: ServerProcess, token: string | undefined, after: string) => {
    const socket = openSocket(wsUrl(server), token);
    sockets.push(socket);
    return socket.subscribe<Change>(MEASURE_CHANGED, { after });
  };

  // The measures part b reports on; their events give part a a cursor to start from.
  const measures: string[] = [];
  for (let i = 0; i < MEASURES; i++) measures.push((await propose(i % 2 ? a : b)).id);

  // a. Through A, to a subscriber on B.
  const onB = subscribe(b, undefined, await newestCursor());
  const crossStarted = performance.now();
  const crossing = await propose(a);
  await onB.until((r) => r.items.length === 1);
  const crossMs = performance.now() - crossStarted;
  expect(onB.items[0]!.measureChanged).toMatchObject({ operation: "createMeasure", measureId: crossing.id });
  expect(onB.errors).toEqual([]);

  // b. 200 changes through both at once, to one subscriber on A.
  const startCursor = await newestCursor();
  const onA = subscribe(a, coordinator, startCursor);
  let next = 0;
  const client = async (server: ServerProcess) => {
    for (let i = next++; i < CHANGES; i = next++) {
      await mutate(server, REPORT_PROGRESS, { measureId: measures[i % MEASURES], text: `Report ${i}` });
    }
  };
  const loadStarted = performance.now();
  await Promise.all([a, b].flatMap((server) => Array.from({ length: CLIENTS_PER_INSTANCE }, () => client(server))));
  const committedMs = performance.now() - loadStarted;
  await onA.until((r) => r.items.length >= CHANGES);
  const deliveredMs = performance.now() - loadStarted;
  // Anything late (a duplicate) would come within a moment of the last.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const committed = await cluster.sql<{ id: string }[]>(
    `select id::text as id from event where type = 'measure.changed' and event.id > ${eventIdOf(startCursor)} order by event.id`,
    "plan",
  );
  onA.stop();
  const received = [...onA.items];
  const receivedIds = received.map((item) => eventIdOf(item.measureChanged.cursor));

  // c. Webhooks, with both instances delivering.
  const attemptsSeen = new Map<string, number>();
  receiver = await startReceiver((request, earlier) => {
    attemptsSeen.set(`${request.path} ${request.id}`, earlier.length + 1);
    return earlier.length < FAILED_ATTEMPTS ? 503 : 200;
  });
  const hooks: { path: string; id: string; secret: string }[] = [];
  for (const path of ENDPOINTS) {
    const created = (await mutate(a, CREATE_WEBHOOK, { url: `${receiver.origin}${path}`, eventTypes: ["MEASURE_CHANGED"] }, coordinator)).createWebhook;
    hooks.push({ path, id: created.webhook.id, secret: created.secret });
  }
  const hooked: string[] = [];
  const webhooksStarted = performance.now();
  for (let i = 0; i < WEBHOOK_EVENTS; i++) hooked.push((await propose(i % 2 ? a : b)).id);
  for (const hook of hooks) {
    await eventually(`${hook.path} acknowledges every event`, () => new Set(receiver!.acknowledged(hook.path).map((r) => r.id)).size === WEBHOOK_EVENTS, 30_000);
  }
  const webhooksMs = performance.now() - webhooksStarted;
  // The last attempt's record is written once its answer is in: a moment after the receiver answered.
  const records = await Promise.all(
    hooks.map((hook) =>
      eventually(`${hook.path}'s attempts are recorded`, async () => {
        const reply = await graphql(b.origin, DELIVERIES, { id: hook.id }, { token: coordinator });
        const nodes: { eventId: string; attempt: number; status: string }[] = reply.json?.data?.webhookDeliveries?.nodes ?? [];
        return nodes.filter((n) => n.status === "SUCCEEDED").length === WEBHOOK_EVENTS && nodes;
      }),
    ),
  );

  report("two-instances", {
    "A to a subscriber on B": seconds(crossMs),
    "changes (through A / B)": `${CHANGES / 2} / ${CHANGES / 2}`,
    "received / committed / distinct": `${receivedIds.length} / ${committed.length} / ${new Set(receivedIds).size}`,
    "all committed / all delivered": `${seconds(committedMs)} / ${seconds(deliveredMs)}`,
    "webhook requests (endpoints x events x attempts)": `${receiver.received.length} (${ENDPOINTS.length} x ${WEBHOOK_EVENTS} x ${FAILED_ATTEMPTS + 1})`,
    "most requests in flight to one endpoint": JSON.stringify(Object.fromEntries(receiver.maxConcurrent)),
    "webhooks, from first change to all acknowledged": seconds(webhooksMs),
  });
  for (const server of servers) reportServerStderr("two-instances", server);

  // a and b: exactly once, in commit order, none missing.
  expect(onA.errors).toEqual([]);
  expect(receivedIds).toEqual(committed.map((row) => Number(row.id)));
  expect(receivedIds).toHaveLength(CHANGES);
  expect(new Set(received.map((item) => item.measureChanged.measureId))).toEqual(new Set(measures));

  // c. Signed; every event once after deduplication, in order; one request at a time per endpoint, no attempt twice.
  for (const [index, hook] of hooks.entries()) {
    const requests = receiver.received.filter((r) => r.path === hook.path);
    expect(requests.filter((r) => !verifySignature(hook.secret, r))).toEqual([]);
    const acknowledged = receiver.acknowledged(hook.path).map((r) => r.id);
    expect(acknowledged).toHaveLength(WEBHOOK_EVENTS);
    expect(acknowledged).toEqual([...new Set(acknowledged)].sort((x, y) => Number(x) - Number(y)));
    expect(requests.map((r) => JSON.parse(r.body).data.entityId)).toEqual(hooked.flatMap((id) => Array(FAILED_ATTEMPTS + 1).fill(id)));
    expect(receiver.maxConcurrent.get(hook.path)).toBe(1);
    const recorded = records[index]!.map((r) => `${r.eventId}:${r.attempt}:${r.status}`).sort();
    const expected = acknowledged.flatMap((id) => [1, 2, 3, 4].map((attempt) => `${id}:${attempt}:${attempt > FAILED_ATTEMPTS ? "SUCCEEDED" : "FAILED"}`)).sort();
    expect(recorded).toEqual(expected);
  }
  expect([...attemptsSeen.values()].every((attempts) => attempts === FAILED_ATTEMPTS + 1)).toBe(true);
}, 90_000);
