/**
 * Fault: the API's own backends terminated (pg_terminate_backend) under write load, 10 times.
 *
 * What a failover, an operator's cleanup or a connection killer does. The real server runs
 * with a short request deadline against a throwaway cluster; 20 writers (setMeasureStatus,
 * one measure each) and 2 readers keep its pool busy while every backend of its database is
 * terminated, once a second, 10 times. Then: no request was left hanging past the deadline;
 * 5 s after the last termination no backend of the API sits in a transaction or half-way
 * through a statement waiting for the client (pg_stat_activity, ClientRead); reads and writes
 * succeed again within 5 s; every acknowledged mutation is in the database with its audit row.
 */
import { randomBytes } from "node:crypto";
import { checkAcks, committedSql, type AckCheck, type Committed } from "./helpers/acks";
import { graphql, percentile, send, signToken } from "./helpers/http";
import { MEASURE_LIST, startLoad, summariseFailures, type MeasureState, type Sample, UNTHROTTLED } from "./helpers/load";
import { createCluster, type Cluster } from "./helpers/postgres-cluster";
import { sleep, spawnServer, type ServerProcess } from "./helpers/process";
import { watchReadiness, type Probe } from "./helpers/readiness";
import { report, reportServerStderr, seconds } from "./helpers/report";

const TERMINATIONS = 10;
/** One writer per measure; the seed has fewer, the rest are created first. */
const WRITERS = 20;
const TERMINATE_EVERY_MS = 1_000;
/** The server's REQUEST_TIMEOUT_MS in this test. */
const DEADLINE_MS = 5_000;
/** A request answered later than the deadline and this margin was left hanging. */
const MARGIN_MS = 2_000;
/** After the last termination: no stuck backend, and reads and writes succeed again, within this. */
const SETTLED_WITHIN_MS = 5_000;

let cluster: Cluster | undefined;
let server: ServerProcess | undefined;
let samples: Sample[] = [];
let probes: Probe[] = [];
let liveness: number[] = [];
let ackCheck: AckCheck;
let terminated: number[] = [];
let lastTerminationAt = 0;
let stuckAfter: readonly object[] = [];
let inTransactionAtRest: readonly object[] = [];
let exitedDuringRun = false;

/** The API's backends that wait for their client inside a transaction or a statement, and have for a while. */
const STUCK_SQL = `
  select pid, state, wait_event, round(extract(epoch from now() - state_change)::numeric, 1) as "stateSeconds", left(query, 60) as query
  from pg_stat_activity
  where datname = 'plan' and pid <> pg_backend_pid() and wait_event = 'ClientRead'
    and state in ('active', 'idle in transaction', 'idle in transaction (aborted)')
    and state_change < now() - interval '1 second'`;

beforeAll(async () => {
  cluster = await createCluster();
  await cluster.sql("create database plan");
  const secret = randomBytes(32).toString("base64url");
  server = await spawnServer({
    DATABASE_URL: cluster.url("plan"),
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    ...UNTHROTTLED,
    REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
  });
  const token = await signToken(secret, { sub: "fault-coordinator", role: "COORDINATOR" });
  const measures = await measuresToWrite(server.origin, token, WRITERS);
  expect(measures).toHaveLength(WRITERS);

  const readiness = watchReadiness(server.origin, 250);
  const origin = server.origin;
  let watching = true;
  const livenessLoop = (async () => {
    while (watching) {
      liveness.push((await send(origin, { method: "GET", path: "/healthz", timeoutMs: 5_000 })).status);
      await sleep(250);
    }
  })();
  const runId = `pgterm-${randomBytes(3).toString("hex")}`;
  // The client waits well past the deadline: a request answered after it was left hanging.
  const load = startLoad({ origin, token, measures, readers: 2, thinkMs: 10, timeoutMs: 3 * DEADLINE_MS, runId });
  await sleep(2_000);

  for (let round = 0; round < TERMINATIONS; round++) {
    const rows = await cluster.sql<{ pid: number }[]>(
      "select pid, pg_terminate_backend(pid) from pg_stat_activity where datname = 'plan' and pid <> pg_backend_pid()",
    );
    terminated.push(rows.length);
    lastTerminationAt = performance.now();
    await sleep(TERMINATE_EVERY_MS);
  }
  await sleep(lastTerminationAt + SETTLED_WITHIN_MS - performance.now());
  stuckAfter = await cluster.sql(STUCK_SQL, "postgres");
  // Long enough past the deadline for every request begun before the check to have been answered.
  await sleep(DEADLINE_MS + MARGIN_MS);
  await load.stop();
  watching = false;
  await Promise.all([readiness.stop(), livenessLoop]);
  samples = load.samples;
  probes = readiness.probes;
  // With the load stopped, nothing of the API's may be left inside a transaction.
  inTransactionAtRest = await cluster.sql(
    "select pid, state, wait_event, left(query, 60) as query from pg_stat_activity where datname = 'plan' and state like 'idle in transaction%'",
  );
  exitedDuringRun = !server.alive();

  const committed = await cluster.sql<Committed[]>(committedSql(runId), "plan");
  ackCheck = checkAcks(load.acks, committed);

  const after = samples.filter((s) => s.started > lastTerminationAt);
  const firstOk = (kind: string) => after.find((s) => s.kind === kind && s.ok);
  const ms = samples.map((s) => s.ms);
  report("terminate-backends", {
    "backends terminated per round": terminated,
    "requests": `${samples.length} (${samples.filter((s) => s.ok).length} ok)`,
    "latency ms (p50 / p95 / max)": `${percentile(ms, 50).toFixed(0)} / ${percentile(ms, 95).toFixed(0)} / ${Math.max(0, ...ms).toFixed(0)}`,
    "answered past the deadline + margin": samples.filter((s) => s.ms > DEADLINE_MS + MARGIN_MS || s.status === 0).length,
    "failures by code": summariseFailures(samples.filter((s) => !s.ok)),
    "stuck backends 5 s after the last termination": stuckAfter,
    "idle in transaction once the load stopped": inTransactionAtRest,
    "first ok read / write after the last termination": `${firstOk("read") ? seconds(firstOk("read")!.ended - lastTerminationAt) : "never"} / ${firstOk("write") ? seconds(firstOk("write")!.ended - lastTerminationAt) : "never"}`,
    "/readyz not 200": probes.filter((p) => p.status !== 200).length,
    "/healthz not 200": liveness.filter((status) => status !== 200).length,
    "acknowledged mutations / found with audit row": `${ackCheck.acknowledged} / ${ackCheck.found}`,
    "server process": exitedDuringRun ? "EXITED during the run" : "alive",
    // What the server logged of any internal error: the cause, where a client sees only the code.
    "internal errors logged": server.logLines().filter((line) => Number(line.level) >= 50).map((line) => JSON.stringify(line).slice(0, 1500)),
  });
}, 110_000);

afterAll(async () => {
  if (server) {
    reportServerStderr("terminate-backends", server);
    await server.kill();
  }
  cluster?.destroy();
});

async function measuresToWrite(origin: string, token: string, count: number): Promise<MeasureState[]> {
  const listed = await graphql(origin, MEASURE_LIST, {}, { token });
  const measures = (listed.json.data.measures.nodes as MeasureState[]).slice(0, count);
  const partnership = await graphql(origin, `{ partnership(code: "EU-BY") { policyAreas { code } signatories { code } } }`, {}, { token });
  const { policyAreas, signatories } = partnership.json.data.partnership as { policyAreas: { code: string }[]; signatories: { code: string }[] };
  while (measures.length < count) {
    const created = await graphql(
      origin,
      `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id status version } } }`,
      {
        input: {
          partnershipCode: "EU-BY",
          code: `FT-${measures.length}`,
          title: "Fault test measure",
          policyAreaCode: policyAreas[0]!.code,
          leadSignatoryCode: signatories[0]!.code,
        },
      },
      { token },
    );
    const measure = created.json?.data?.createMeasure?.measure as MeasureState | undefined;
    if (!measure) throw new Error(`createMeasure failed: ${created.text}`);
    measures.push(measure);
  }
  return measures;
}

test("the backends were terminated under load, and the server process never exited", () => {
  expect(terminated.filter((count) => count > 0).length).toBeGreaterThanOrEqual(TERMINATIONS - 1);
  expect(exitedDuringRun).toBe(false);
});

test("no request hangs past the deadline", () => {
  expect(samples.length).toBeGreaterThan(100);
  const hanging = samples.filter((s) => s.ms > DEADLINE_MS + MARGIN_MS || s.status === 0);
  expect(hanging).toEqual([]);
});

test("no backend stays stuck waiting for the client 5 s after the last termination", () => {
  expect(stuckAfter).toEqual([]);
  expect(inTransactionAtRest).toEqual([]);
});

test("reads and writes succeed again within 5 s of the last termination", () => {
  for (const kind of ["read", "write"]) {
    const first = samples.find((s) => s.kind === kind && s.ok && s.started > lastTerminationAt);
    expect(first).toBeDefined();
    expect(first!.ended - lastTerminationAt).toBeLessThan(SETTLED_WITHIN_MS);
  }
});

test("failures are answered as outages or timeouts, never as internal errors", () => {
  const unexpected = samples.filter((s) => !s.ok && !(s.codes.length > 0 && s.codes.every((code) => code === "SERVICE_UNAVAILABLE" || code === "TIMEOUT")));
  expect(unexpected).toEqual([]);
});

test("liveness holds while the database keeps answering", () => {
  expect(liveness.length).toBeGreaterThan(10);
  expect(liveness.filter((status) => status !== 200)).toEqual([]);
});

test("every acknowledged mutation is in the database with its audit row", () => {
  expect(ackCheck.acknowledged).toBeGreaterThan(20);
  expect(ackCheck.missing).toEqual([]);
  expect(ackCheck.duplicated).toEqual([]);
});
