/**
 * Fault 6: kill -9 of the server while it delivers a webhook.
 *
 * A receiver on 127.0.0.1 acknowledges every delivery at once, except the first attempt at the
 * 10th event, which it holds without answering: the server is killed (SIGKILL) while that
 * attempt is in flight. The server is started again on the same database, and 10 more changes
 * are made through it. Then: every one of the 30 events reaches the receiver; after
 * deduplication by webhook-id they arrived in event order; each has a SUCCEEDED delivery
 * record; nothing the receiver acknowledged before the kill is missing from it; none came
 * twice (the one in flight was never acknowledged). The time from the restart until all were
 * acknowledged is reported: the held event waits for its lease (2 x WEBHOOK_TIMEOUT_MS + 5 s).
 */
import { randomBytes } from "node:crypto";
import { eventually, startReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { graphql, signToken } from "./helpers/http";
import { UNTHROTTLED } from "./helpers/load";
import { createCluster, type Cluster } from "./helpers/postgres-cluster";
import { spawnServer, type ServerProcess } from "./helpers/process";
import { report, reportServerStderr, seconds } from "./helpers/report";

const BEFORE_KILL = 20;
const AFTER_RESTART = 10;
const HELD = 10;
const TIMEOUT_MS = 1000;
const LEASE_MS = 2 * TIMEOUT_MS + 5000;

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`;
const CREATE_MEASURE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id code } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { nodes { eventId attempt status } } }`;

let cluster: Cluster | undefined;
let first: ServerProcess | undefined;
let second: ServerProcess | undefined;
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  await first?.kill();
  await second?.kill();
  await receiver?.close();
  cluster?.destroy();
});

it("loses nothing acknowledged and resumes delivery after kill -9 mid-delivery", async () => {
  cluster = await createCluster();
  await cluster.sql("create database plan");
  const secret = randomBytes(32).toString("base64url");
  const env = {
    DATABASE_URL: cluster.url("plan"),
    AUTH_JWT_SECRET: secret,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    WEBHOOKS_ALLOW_PRIVATE: "true",
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
    WEBHOOK_RETRY_BASE_MS: "50",
    EVENT_POLL_INTERVAL_MS: "500",
    ...UNTHROTTLED,
  };
  let heldArrived: () => void = () => {};
  const held = new Promise<void>((resolve) => (heldArrived = resolve));
  const distinctIds: string[] = [];
  receiver = await startReceiver((request, earlier) => {
    if (!distinctIds.includes(request.id)) distinctIds.push(request.id);
    if (distinctIds.indexOf(request.id) === HELD - 1 && earlier.length === 0) {
      heldArrived();
      return "hang";
    }
    return 200;
  });

  first = await spawnServer(env);
  const coordinator = await signToken(secret, { sub: "fault-coordinator", role: "COORDINATOR" });
  const poland = await signToken(secret, { sub: "fault-ministry-pl", role: "MINISTRY", signatory: "PL" });
  const created = await graphql(first.origin, CREATE_WEBHOOK, { input: { url: `${receiver.origin}/partner`, eventTypes: ["MEASURE_CHANGED"] } }, { token: coordinator });
  expect(created.json?.errors).toBeUndefined();
  const webhookId: string = created.json.data.createWebhook.webhook.id;

  const propose = async (origin: string, index: number) => {
    const reply = await graphql(
      origin,
      CREATE_MEASURE,
      {
        input: {
          partnershipCode: "EU-BY",
          code: `WH-KILL-${index}`,
          title: "Seasonal work visas",
          description: "Agree on them.",
          policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY",
          leadSignatoryCode: "PL",
          contributingSignatoryCodes: ["BY"],
        },
      },
      { token: poland },
    );
    expect(reply.json?.errors).toBeUndefined();
  };
  for (let i = 1; i <= BEFORE_KILL; i++) await propose(first.origin, i);

  await held;
  const acknowledgedBeforeKill = receiver.acknowledged("/partner").map((r) => r.id);
  await first.kill();
  const killedAt = performance.now();
  reportServerStderr("webhooks-kill (first)", first);

  second = await spawnServer(env);
  const restartedAt = performance.now();
  for (let i = BEFORE_KILL + 1; i <= BEFORE_KILL + AFTER_RESTART; i++) await propose(second.origin, i);
  const total = BEFORE_KILL + AFTER_RESTART;
  await eventually("every event is acknowledged", () => new Set(receiver!.acknowledged("/partner").map((r) => r.id)).size === total, 60_000);
  const resumedAt = performance.now();
  const heldId = distinctIds[HELD - 1]!;
  const firstAckOfHeld = receiver.acknowledged("/partner").find((r) => r.id === heldId);
  expect(firstAckOfHeld).toBeDefined();

  const acknowledged = receiver.acknowledged("/partner").map((r) => r.id);
  const deduplicated = acknowledged.filter((id, index) => acknowledged.indexOf(id) === index);
  const eventIds = [...deduplicated].sort((a, b) => Number(a) - Number(b));
  const duplicates = acknowledged.length - deduplicated.length;

  const records = await eventually("every delivery is recorded", async () => {
    const reply = await graphql(second!.origin, DELIVERIES, { id: webhookId }, { token: coordinator });
    const nodes: { eventId: string; attempt: number; status: string }[] = reply.json?.data?.webhookDeliveries?.nodes ?? [];
    const succeeded = new Set(nodes.filter((n) => n.status === "SUCCEEDED").map((n) => n.eventId));
    return succeeded.size === total && succeeded;
  });

  report("webhooks-kill", {
    "events (before kill / after restart)": `${BEFORE_KILL} / ${AFTER_RESTART}`,
    "acknowledged before the kill": acknowledgedBeforeKill.length,
    "acknowledged in all / distinct": `${acknowledged.length} / ${deduplicated.length}`,
    "duplicates after the restart": duplicates,
    "from restart to all acknowledged": seconds(resumedAt - restartedAt),
    "from kill to restart": seconds(restartedAt - killedAt),
    "lease": seconds(LEASE_MS),
  });
  reportServerStderr("webhooks-kill (second)", second);

  // In event order once deduplicated, and nothing acknowledged before the kill went missing.
  expect(deduplicated).toEqual(eventIds);
  expect(deduplicated).toHaveLength(total);
  for (const id of acknowledgedBeforeKill) expect(records.has(id)).toBe(true);
  expect(acknowledgedBeforeKill).toHaveLength(HELD - 1);
  // One attempt at a time: the held one was in flight, and it was never acknowledged.
  expect(duplicates).toBe(0);
});
