/**
 * Fault 2: SIGTERM with requests in flight.
 *
 * Requests are made slow on purpose, in the database rather than in src: this test holds an
 * ACCESS EXCLUSIVE lock on the measure table, so that a page of measures from each of several
 * dashboards and a setMeasureStatus mutation are all waiting inside the server (seen waiting in
 * pg_stat_activity) when SIGTERM arrives. Then: new requests are refused (connection refused or
 * 503); once the lock goes, the requests in flight complete with 200 (the mutation committed);
 * the pool is closed (PostgreSQL sees every connection end with a Terminate message, not an
 * EOF) and the process exits 0.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { graphql, send, signToken, type Reply } from "./helpers/http";
import { MEASURE_LIST, type MeasureState, UNTHROTTLED } from "./helpers/load";
import { createCluster, type Cluster } from "./helpers/postgres-cluster";
import { sleep, spawnServer, within, type Exit, type ServerProcess } from "./helpers/process";
import { report, seconds } from "./helpers/report";

const IN_FLIGHT_READS = 5;
/** How long the lock is held after SIGTERM: the requests in flight take at least this long. */
const HOLD_AFTER_SIGTERM_MS = 1_500;
const SHUTDOWN_GRACE_MS = 10_000;

const DASHBOARD = `{ measures(first: 100) { totalCount nodes { id code title status deadline overdue version policyArea { title }
  leads { code } responsibilities { role isAssumption signatory { code name } } projects { code title } } } }`;
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id status version } } }`;

let cluster: Cluster | undefined;
let server: ServerProcess | undefined;
let inFlight: Reply[] = [];
let refused: Reply[] = [];
let waitingAtSigterm = 0;
let serverConnectionsBefore = 0;
let serverConnectionsAfter = -1;
let exit: Exit;
let sigtermAt = 0;
let releasedAt = 0;
let committed: readonly { status: string; version: number }[] = [];
let logMessages: string[] = [];
let uncleanDisconnects: string[] = [];
let aliveUntilReleased = false;

beforeAll(async () => {
  // debug1 makes PostgreSQL log "unexpected EOF on client connection" when a client goes away
  // without closing its connection; log_disconnections counts the sessions that ended.
  cluster = await createCluster({ log_min_messages: "debug1", log_disconnections: "on" });
  await cluster.sql("create database plan");
  const secret = randomBytes(32).toString("base64url");
  server = await spawnServer({
    DATABASE_URL: cluster.url("plan"),
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: "info",
    NODE_ENV: "production",
    ...UNTHROTTLED,
  });
  const token = await signToken(secret, { sub: "fault-coordinator", role: "COORDINATOR" });
  const measure = (await graphql(server.origin, MEASURE_LIST, {}, { token })).json.data.measures.nodes[0] as MeasureState;

  const locker = postgres(cluster.url("plan"), { max: 2, onnotice: () => {}, connection: { application_name: "fault-test" } });
  const serverConnections = async () =>
    Number((await locker`select count(*)::int as n from pg_stat_activity where datname = 'plan' and application_name = 'postgres.js'`)[0]!.n);
  try {
    const lock = await locker.reserve();
    await lock`begin`;
    await lock`lock table measure in access exclusive mode`;

    const requests = [
      ...Array.from({ length: IN_FLIGHT_READS }, () => graphql(server!.origin, DASHBOARD, {}, { timeoutMs: 20_000 })),
      graphql(
        server.origin,
        SET_STATUS,
        { input: { measureId: measure.id, expectedVersion: measure.version, status: "AGREED" } },
        { token, requestId: "sigterm-in-flight", timeoutMs: 20_000 },
      ),
    ];
    // Until every one of them is inside the server, waiting on the lock.
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      waitingAtSigterm = Number((await locker`select count(*)::int as n from pg_stat_activity where datname = 'plan' and wait_event_type = 'Lock'`)[0]!.n);
      if (waitingAtSigterm >= requests.length) break;
      await sleep(50);
    }
    serverConnectionsBefore = await serverConnections();

    sigtermAt = performance.now();
    server.child.kill("SIGTERM");
    await sleep(200);
    refused = await Promise.all([
      graphql(server.origin, DASHBOARD, {}, { timeoutMs: 5_000 }),
      graphql(server.origin, `{ partnership(code: "EU-BY") { title } }`, {}, { timeoutMs: 5_000 }),
      send(server.origin, { method: "GET", path: "/healthz", timeoutMs: 5_000 }),
      send(server.origin, { method: "GET", path: "/readyz", timeoutMs: 5_000 }),
    ]);
    await sleep(Math.max(0, sigtermAt + HOLD_AFTER_SIGTERM_MS - performance.now()));
    aliveUntilReleased = server.alive();
    releasedAt = performance.now();
    await lock`commit`;
    lock.release();

    inFlight = await Promise.all(requests);
    exit = await within(server.exited, SHUTDOWN_GRACE_MS + 5_000, { code: null, signal: null, at: Number.NaN });
    serverConnectionsAfter = await serverConnections();
    committed = await locker<{ status: string; version: number }[]>`
      select after->>'status' as status, (after->>'version')::int as version from audit_event where correlation_id = 'sigterm-in-flight'`;
  } finally {
    await locker.end({ timeout: 2 });
  }
  logMessages = server.logLines().map((line) => String(line.msg));
  uncleanDisconnects = cluster.log().split("\n").filter((line) => /unexpected EOF on client connection|could not receive data from client/.test(line));

  report("sigterm", {
    "requests in flight at SIGTERM (waiting on the lock)": waitingAtSigterm,
    "in flight: statuses": inFlight.map((r) => r.status || r.error).join(" "),
    "in flight: completed after SIGTERM": inFlight.map((r) => seconds(r.started + r.ms - sigtermAt)).join(" "),
    "new requests after SIGTERM": refused.map((r) => r.status || r.error).join(" "),
    "alive until the lock went": aliveUntilReleased,
    "exit": `code ${exit.code} signal ${exit.signal} ${seconds(exit.at - sigtermAt)} after SIGTERM (${seconds(exit.at - releasedAt)} after the lock went)`,
    "server connections to PostgreSQL before / after": `${serverConnectionsBefore} / ${serverConnectionsAfter}`,
    "connections PostgreSQL saw end without Terminate": uncleanDisconnects.length,
  });
}, 60_000);

afterAll(async () => {
  if (server && process.env.FAULT_VERBOSE) process.stderr.write(`[fault:sigterm] server output:\n${server.stdout()}\n${server.stderr()}\n`);
  await server?.kill();
  cluster?.destroy();
});

test("every request in flight at SIGTERM completes with 200 and its data", () => {
  expect(waitingAtSigterm).toBe(IN_FLIGHT_READS + 1);
  expect(inFlight.map((r) => r.status)).toEqual(Array(IN_FLIGHT_READS + 1).fill(200));
  for (const reply of inFlight) {
    expect(reply.json.errors).toBeUndefined();
    // Each one was answered after SIGTERM, once the lock went: it really was in flight.
    expect(reply.started + reply.ms).toBeGreaterThan(releasedAt);
  }
  for (const reply of inFlight.slice(0, IN_FLIGHT_READS)) expect(reply.json.data.measures.nodes.length).toBeGreaterThan(0);
  expect(inFlight.at(-1)!.json.data.setMeasureStatus.measure).toMatchObject({ status: "AGREED", version: 2 });
  expect(committed).toEqual([{ status: "AGREED", version: 2 }]);
});

test("new requests after SIGTERM are refused: connection refused or 503", () => {
  expect(refused).toHaveLength(4);
  for (const reply of refused) {
    if (reply.status === 0) expect(["ECONNREFUSED", "ECONNRESET"]).toContain(reply.error);
    else expect(reply.status).toBe(503);
  }
});

test("the pool is closed: PostgreSQL saw every connection of the server end cleanly", () => {
  expect(serverConnectionsBefore).toBeGreaterThanOrEqual(IN_FLIGHT_READS + 1);
  expect(serverConnectionsAfter).toBe(0);
  expect(uncleanDisconnects).toEqual([]);
  // "stopped" is logged after the database pool has closed, just before exit(0).
  expect(logMessages).toEqual(expect.arrayContaining([expect.stringMatching(/shutting down/), "stopped"]));
});

test("the process exits 0 within the shutdown grace", () => {
  expect(aliveUntilReleased).toBe(true);
  expect(exit.code).toBe(0);
  expect(exit.at - sigtermAt).toBeGreaterThan(HOLD_AFTER_SIGTERM_MS);
  expect(exit.at - sigtermAt).toBeLessThan(SHUTDOWN_GRACE_MS);
});
