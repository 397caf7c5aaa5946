/**
 * The benchmark, end to end: builds the service, generates a database, starts three servers
 * on it (this service's production build, PostGraphile 5, and a hand-written floor), checks
 * that they answer alike, drives each operation with autocannon, and writes RESULTS.md.
 *
 *   npm run bench                                  (from the project root: npm ci here, then this)
 *   npx tsx run.ts --partnerships 100 --duration 10 --connections 10 [--keep] [--reuse] [--skip-build]
 *
 * Everything runs on 127.0.0.1. Bounded: each operation runs `--warmup` then `--duration`
 * seconds per server; the database is dropped at the end unless --keep.
 */
import autocannon from "autocannon";
import { deepStrictEqual } from "node:assert";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { generateDatabase, partnershipCode, type DataSize } from "./generate";
import {
  BENCH,
  DEFAULT_SERVER_URL,
  ROOT,
  databaseUrl,
  fromDist,
  globalId,
  intArg,
  cpuMsOf,
  postgresCpuMs,
  postgresCpuMsBetween,
  log,
  measureIdsRead,
  median,
  memoryOf,
  onServer,
  parseArgs,
  run,
  serviceCommand,
  sleep,
  stopProcess,
  waitForPort,
} from "./lib";
import { mutationDriver, type Driver } from "./drivers";
import { OPERATIONS, PAGE_SIZE, type OperationKey, type OperationSpec } from "./operations";
import { POSTGRAPHILE_LEFT_OUT, POSTGRAPHILE_OPERATIONS } from "./postgraphile-operations";

type ServerKey = "api" | "postgraphile" | "floor";
const SERVER_TITLES: Record<ServerKey, string> = {
  api: "mobility-plan (this service)",
  postgraphile: "PostGraphile 5",
  floor: "floor (node:http + postgres.js)",
};
const PORTS: Record<ServerKey, number> = { api: 4100, postgraphile: 4101, floor: 4102 };
const NODE22 = path.join(BENCH, "node_modules", "node", "bin", "node");
const INSTRUMENTS = ["MPF", "ENI", "AMIF", "ISF"];
const RESULTS_DIR = path.join(BENCH, "results");

interface Server {
  key: ServerKey;
  child: ChildProcess;
  pid: number;
  node: string;
}

interface Measurement {
  op: OperationKey;
  server: ServerKey;
  /** 1 to --rounds: the servers take turns within a round, and the rounds repeat the turns. */
  round: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Highest VmRSS sampled while this operation ran, MiB. */
  rssMiB: number;
  /** CPU time (user + system) of the server process per request, ms: robust to other load on the machine. */
  cpuMsPerRequest: number;
  /** CPU time of the local PostgreSQL processes per request, ms: what the server's SQL costs the database (NaN if not local). */
  databaseCpuMsPerRequest: number;
  /** 1-minute load average when the measured run ended. */
  loadAverage: number;
  errors: number;
  conflicts: number;
  /** This service only (NaN for the others): its garbage collector's pauses over the measured run, from /metrics. */
  gcPausePercent: number;
  /** Of those, the pauses longer than 10 ms. */
  gcPausesOver10ms: number;
}

interface Options {
  partnerships: number;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  keep: boolean;
  reuse: boolean;
  skipBuild: boolean;
  serverUrl: string;
  database: string;
  serviceNode: string;
  command: string;
}

function options(): Options {
  const args = parseArgs(process.argv.slice(2));
  const partnerships = intArg(args, "partnerships", 10, { max: 600 });
  return {
    partnerships,
    duration: intArg(args, "duration", 10, { max: 120 }),
    // This service needs ~7 s under load to reach its steady speed (JIT, heap growth): a measure by
    // id took 1.1 ms of CPU per request from 2 to 7 s after its start, 0.7 ms after that.
    warmup: intArg(args, "warmup", 10, { min: 0, max: 60 }),
    connections: intArg(args, "connections", 10, { max: 200 }),
    rounds: intArg(args, "rounds", 1, { min: 1, max: 10 }),
    keep: args.keep === true,
    reuse: args.reuse === true,
    skipBuild: args["skip-build"] === true,
    serverUrl: typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL,
    database: typeof args.database === "string" ? args.database : `bench_mobility_p${partnerships}`,
    serviceNode: typeof args.node === "string" ? args.node : systemNode(),
    command: `npx tsx run.ts ${process.argv.slice(2).join(" ")}`.trim(),
  };
}

/**
 * The Node the service runs on in production: the one that ran npm, not the Node 22 that
 * bench/node_modules/.bin puts first on PATH (for PostGraphile).
 */
function systemNode(): string {
  const candidates = [process.env.npm_node_execpath, ...(process.env.PATH ?? "").split(":").map((dir) => path.join(dir, "node"))];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate) && !candidate.startsWith(path.join(BENCH, "node_modules")) && path.basename(candidate) === "node") {
      return candidate;
    }
  }
  return process.execPath;
}

const versionOf = (node: string) => execFileSync(node, ["--version"], { encoding: "utf8" }).trim();

async function main(): Promise<void> {
  const opts = options();
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (!opts.skipBuild) {
    log("building the service (npm run build)");
    await run("npm", ["run", "build"], { cwd: ROOT });
  }
  const url = databaseUrl(opts.serverUrl, opts.database);
  const size = await prepareData(opts, url);

  const secret = randomBytes(32).toString("base64url");
  const { signToken } = fromDist("src/auth/tokens.js");
  const token: string = await signToken(secret, { sub: "bench-coordinator", role: "COORDINATOR" }, { expiresIn: "4h" });

  const servers: Server[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((s) => stopProcess(s.child)));
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  const measurements: Measurement[] = [];
  const peaks: Partial<Record<ServerKey, number>> = {};
  try {
    const service = serviceCommand(ROOT, url, PORTS.api, secret);
    servers.push(
      await startServer("api", opts.serviceNode, service.args, service.env),
      await startServer("postgraphile", NODE22, [path.join(BENCH, "postgraphile.mjs")], {
        NODE_ENV: "production",
        DATABASE_URL: url,
        PORT: String(PORTS.postgraphile),
      }),
      await startServer("floor", opts.serviceNode, [path.join(BENCH, "floor.mjs")], {
        NODE_ENV: "production",
        DATABASE_URL: url,
        PORT: String(PORTS.floor),
        AUTH_JWT_SECRET: secret,
      }),
    );
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      const fixtures = await loadFixtures(sql, opts.partnerships);
      await verify(fixtures, token);
      for (let round = 1; round <= opts.rounds; round++) {
        for (const op of OPERATIONS) {
          for (const server of servers) {
            if (server.key === "postgraphile" && !POSTGRAPHILE_OPERATIONS[op.key]) continue;
            const driver = await driverFor(op, server.key, fixtures, token, sql, opts.connections);
            if (opts.warmup > 0) await load(server, driver, opts.warmup, opts.connections);
            const measured = await measure(server, op, driver, opts, round);
            measurements.push(measured);
            log(
              `round ${round}: ${op.title} on ${server.key}: ${measured.reqPerSec.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ` +
                `RSS ${measured.rssMiB.toFixed(0)} MiB, CPU ${measured.cpuMsPerRequest.toFixed(2)} ms/req (PostgreSQL ${measured.databaseCpuMsPerRequest.toFixed(2)}), load ${measured.loadAverage.toFixed(1)}, errors ${measured.errors}, conflicts ${measured.conflicts}`,
            );
          }
        }
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
    for (const server of servers) peaks[server.key] = memoryOf(server.pid)?.peakMiB;
  } finally {
    await stopAll();
    if (!opts.keep) {
      await onServer(opts.serverUrl, (sql) => sql.unsafe(`drop database if exists "${opts.database}" with (force)`));
      log(`dropped ${opts.database} (pass --keep to keep it)`);
    }
  }
  const nodes = { service: versionOf(opts.serviceNode), postgraphile: versionOf(NODE22), driver: process.version };
  writeFileSync(latestFile(opts.partnerships), JSON.stringify({ opts, size, nodes, measurements, peaks }, null, 2));
  writeResults(opts, size, nodes, measurements, peaks);
  writeGrowth();
  log("wrote bench/RESULTS.md");
}

async function prepareData(opts: Options, url: string): Promise<DataSize> {
  if (opts.reuse) {
    const exists = await onServer(opts.serverUrl, (sql) => sql`select 1 from pg_database where datname = ${opts.database}`);
    if (exists.length > 0) {
      log(`reusing ${opts.database}`);
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const size: DataSize = {};
        for (const table of ["partnership", "measure", "measure_status_change", "project", "project_budget", "project_transaction"]) {
          const [row] = await sql.unsafe(`select count(*)::int as n from "${table}"`);
          size[table] = row!.n as number;
        }
        return size;
      } finally {
        await sql.end({ timeout: 5 });
      }
    }
  }
  return generateDatabase({ serverUrl: opts.serverUrl, database: opts.database, partnerships: opts.partnerships });
}

async function startServer(key: ServerKey, node: string, args: string[], env: Record<string, string>): Promise<Server> {
  const logFile = path.join(RESULTS_DIR, `${key}.log`);
  const child = spawn(node, args, {
    cwd: key === "api" ? ROOT : BENCH,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk));
  child.on("exit", () => writeFileSync(logFile, Buffer.concat(output)));
  await waitForPort(PORTS[key], child);
  log(`${key} listening on 127.0.0.1:${PORTS[key]} (pid ${child.pid}, ${versionOf(node)})`);
  return { key, child, pid: child.pid!, node };
}

interface Fixtures {
  partnershipCodes: string[];
  /** Measure row ids to fetch by id, spread over the data. */
  measureIds: number[];
}

async function loadFixtures(sql: postgres.Sql, partnerships: number): Promise<Fixtures> {
  const partnershipCodes = Array.from({ length: partnerships }, (_, i) => partnershipCode(i + 1));
  return { partnershipCodes, measureIds: await measureIdsRead(sql) };
}

/** The request bodies, varied per request (partnership, measure, instrument), for one server. */
async function driverFor(
  op: OperationSpec,
  server: ServerKey,
  fixtures: Fixtures,
  token: string,
  sql: postgres.Sql,
  connections: number,
): Promise<Driver> {
  const counters = { errors: 0, conflicts: 0 };
  const headers: Record<string, string> = { "content-type": "application/json" };
  let next = 0;
  const pick = <T>(list: T[]) => list[next++ % list.length]!;
  const countErrors = (_status: number, body: string) => {
    if (body.includes('"errors"')) counters.errors += 1;
  };
  const graphQLRequest = (variables: () => Record<string, unknown>): autocannon.Request => {
    const query = server === "postgraphile" ? POSTGRAPHILE_OPERATIONS[op.key]!.query : op.query;
    return {
      method: "POST",
      path: "/graphql",
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ query, operationName: op.operationName, variables: variables() }) }),
      onResponse: countErrors,
    };
  };
  switch (op.key) {
    case "dashboard":
      return { headers, counters, requests: [graphQLRequest(() => ({ partnershipCode: pick(fixtures.partnershipCodes), first: PAGE_SIZE }))] };
    case "measureHistory":
      return {
        headers,
        counters,
        requests: [
          graphQLRequest(() => {
            const id = pick(fixtures.measureIds);
            return server === "postgraphile" ? { rowId: id } : { id: globalId("Measure", id) };
          }),
        ],
      };
    case "projectsByInstrument":
      return { headers, counters, requests: [graphQLRequest(() => ({ instrumentCode: pick(INSTRUMENTS), first: PAGE_SIZE }))] };
    case "fundingSummary":
      return { headers, counters, requests: [graphQLRequest(() => ({ partnershipCode: pick(fixtures.partnershipCodes) }))] };
    case "setMeasureStatus":
      return mutationDriver(op, token, sql, connections, counters, headers);
    default:
      throw new Error(`No driver for ${op.key}`);
  }
}

async function load(server: Server, driver: Driver, seconds: number, connections: number): Promise<autocannon.Result> {
  await driver.before?.();
  return autocannon({
    url: `http://127.0.0.1:${PORTS[server.key]}`,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    headers: driver.headers,
    requests: driver.requests,
  });
}

async function measure(server: Server, op: OperationSpec, driver: Driver, opts: Options, round: number): Promise<Measurement> {
  driver.counters.errors = 0;
  driver.counters.conflicts = 0;
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, memoryOf(server.pid)?.rssMiB ?? 0);
  }, 100);
  let result: autocannon.Result;
  const gcBefore = await gcPausesOf(server);
  const started = performance.now();
  const cpuBefore = cpuMsOf(server.pid);
  const databaseBefore = postgresCpuMs();
  try {
    result = await load(server, driver, opts.duration, opts.connections);
  } finally {
    clearInterval(sampler);
  }
  const cpuMs = cpuMsOf(server.pid) - cpuBefore;
  const elapsedSeconds = (performance.now() - started) / 1000;
  const gcAfter = await gcPausesOf(server);
  const databaseCpuMs = postgresCpuMsBetween(databaseBefore, postgresCpuMs());
  rss = Math.max(rss, memoryOf(server.pid)?.rssMiB ?? 0);
  return {
    op: op.key,
    server: server.key,
    round,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rssMiB: rss,
    cpuMsPerRequest: cpuMs / Math.max(1, result.requests.total),
    databaseCpuMsPerRequest: databaseCpuMs / Math.max(1, result.requests.total),
    loadAverage: os.loadavg()[0]!,
    errors: driver.counters.errors + result.errors + result.timeouts + result.non2xx,
    conflicts: driver.counters.conflicts,
    gcPausePercent: gcAfter && gcBefore ? (100 * (gcAfter.seconds - gcBefore.seconds)) / elapsedSeconds : Number.NaN,
    gcPausesOver10ms: gcAfter && gcBefore ? gcAfter.over10ms - gcBefore.over10ms : Number.NaN,
  };
}

/** This service's garbage collection pauses so far, all kinds together (its /metrics); undefined for the other servers. */
async function gcPausesOf(server: Server): Promise<{ seconds: number; over10ms: number } | undefined> {
  if (server.key !== "api") return undefined;
  const text = await (await fetch(`http://127.0.0.1:${PORTS.api}/metrics`)).text();
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  const all = sum(/^mobility_plan_gc_pause_seconds_count\{[^}]*\} (\S+)$/gm);
  const within10ms = sum(/^mobility_plan_gc_pause_seconds_bucket\{[^}]*le="0\.01"\} (\S+)$/gm);
  return { seconds: sum(/^mobility_plan_gc_pause_seconds_sum\{[^}]*\} (\S+)$/gm), over10ms: all - within10ms };
}

// --- checking that the servers answer alike --------------------------------------------

async function post(server: ServerKey, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${PORTS[server]}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${server} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}

/**
 * The floor must give the API's JSON exactly, and PostGraphile the same rows; a mismatch
 * stops the run (both answers are written to bench/results/).
 */
async function verify(fixtures: Fixtures, token: string): Promise<void> {
  // pgVariables: none for an operation PostGraphile is left out of.
  const cases: { op: OperationSpec; variables: Record<string, unknown>; pgVariables?: Record<string, unknown> }[] = [];
  const byKey = (key: OperationKey) => OPERATIONS.find((o) => o.key === key)!;
  for (const code of fixtures.partnershipCodes.slice(0, 2)) {
    cases.push({ op: byKey("dashboard"), variables: { partnershipCode: code, first: PAGE_SIZE }, pgVariables: { partnershipCode: code, first: PAGE_SIZE } });
  }
  cases.push({ op: byKey("dashboard"), variables: { partnershipCode: "EU-BY", first: PAGE_SIZE }, pgVariables: { partnershipCode: "EU-BY", first: PAGE_SIZE } });
  for (const id of fixtures.measureIds.slice(0, 3)) {
    cases.push({ op: byKey("measureHistory"), variables: { id: globalId("Measure", id) }, pgVariables: { rowId: id } });
  }
  for (const code of INSTRUMENTS.slice(0, 2)) {
    cases.push({ op: byKey("projectsByInstrument"), variables: { instrumentCode: code, first: PAGE_SIZE }, pgVariables: { instrumentCode: code, first: PAGE_SIZE } });
  }
  for (const code of [...fixtures.partnershipCodes.slice(0, 2), "EU-BY"]) {
    cases.push({ op: byKey("fundingSummary"), variables: { partnershipCode: code } });
  }
  for (const { op, variables, pgVariables } of cases) {
    const body = { query: op.query, operationName: op.operationName, variables };
    const [api, floor, pg] = await Promise.all([
      post("api", body),
      post("floor", body),
      pgVariables && post("postgraphile", { query: POSTGRAPHILE_OPERATIONS[op.key]!.query, operationName: op.operationName, variables: pgVariables }),
    ]);
    if (api.errors) throw new Error(`The API failed ${op.operationName}: ${JSON.stringify(api.errors)}`);
    if (pg?.errors) throw new Error(`PostGraphile failed ${op.operationName}: ${JSON.stringify(pg.errors)}`);
    try {
      deepStrictEqual(floor, api);
    } catch (error) {
      writeFileSync(path.join(RESULTS_DIR, `mismatch-${op.key}.json`), JSON.stringify({ variables, api, floor }, null, 2));
      throw new Error(`The floor's ${op.operationName} differs from the API's (bench/results/mismatch-${op.key}.json): ${(error as Error).message.slice(0, 2000)}`);
    }
    if (!pg) continue;
    const apiRows = rowCount(api.data);
    const pgRows = rowCount(pg.data);
    if (apiRows !== pgRows) throw new Error(`PostGraphile's ${op.operationName} gives ${pgRows} rows, the API's ${apiRows}`);
  }
  log(`verified: the floor answers ${cases.length} reads exactly as the API, PostGraphile (where it takes part) with the same rows`);
  await verifyMutation(token);
}

async function verifyMutation(token: string): Promise<void> {
  const op = OPERATIONS.find((o) => o.key === "setMeasureStatus")!;
  const found = await post("api", {
    query: `query { measures(filter: { partnershipCode: "BP-0001", statuses: [IN_PROGRESS] }, first: 2) { nodes { id version } } }`,
  });
  const [forApi, forFloor] = found.data.measures.nodes as { id: string; version: number }[];
  const headers = { authorization: `Bearer ${token}` };
  const input = (m: { id: string; version: number }) => ({
    measureId: m.id,
    expectedVersion: m.version,
    status: "ON_HOLD",
    reason: "Benchmark check",
    clientMutationId: "check",
  });
  const body = (m: { id: string; version: number }) => ({ query: op.query, operationName: op.operationName, variables: { input: input(m) } });
  const api = await post("api", body(forApi!), headers);
  const floor = await post("floor", body(forFloor!), headers);
  deepStrictEqual(floor.data.setMeasureStatus.measure.version, forFloor!.version + 1);
  deepStrictEqual(api.data.setMeasureStatus, { clientMutationId: "check", measure: { id: forApi!.id, status: "ON_HOLD", version: forApi!.version + 1 } });
  deepStrictEqual(floor.data.setMeasureStatus, { clientMutationId: "check", measure: { id: forFloor!.id, status: "ON_HOLD", version: forFloor!.version + 1 } });
  // A stale version is a CONFLICT with the current version on both.
  const staleApi = await post("api", body(forApi!), headers);
  const staleFloor = await post("floor", body(forFloor!), headers);
  deepStrictEqual(staleApi.errors[0].extensions.code, "CONFLICT");
  deepStrictEqual(staleFloor.errors[0].extensions, { code: "CONFLICT", currentVersion: forFloor!.version + 1 });
  log("verified: setMeasureStatus changes a measure and refuses a stale version on the API and the floor");
}

/** Rows in an answer: list lengths and single objects, nested, whatever the field names. */
function rowCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + 1 + rowCount(item), 0);
  if (value && typeof value === "object") {
    return Object.entries(value).reduce((sum, [key, item]) => {
      // PostGraphile wraps lists in { nodes }; a LEAD-filtered `leads` list exists on both.
      if (key === "lead" || key === "overdue") return sum;
      return sum + rowCount(item);
    }, 0);
  }
  return 0;
}

// --- the report ---------------------------------------------------------------------------

/** Each data size's run has its section, so the two sizes the report compares stand side by side. */
const startMarker = (key: string) => `<!-- results:start ${key} (written by bench/run.ts; edit outside these markers) -->`;
const endMarker = (key: string) => `<!-- results:end ${key} -->`;
/** The figures of the last run at a data size, which the growth table reads back. */
const latestFile = (partnerships: number) => path.join(RESULTS_DIR, `latest-p${partnerships}.json`);
/** The sizes the growth table compares: the default and the issue's full size. */
const SMALL = 10;
const LARGE = 100;

/** The commit measured, marked when the working tree differs from it. */
function commitOf(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no", "--", "src") ? " with uncommitted changes in src/" : ""}`;
}

/** Replaces the section `key` of RESULTS.md with `body` (appended if there is none yet). */
function writeSection(key: string, body: string): void {
  const [start, end] = [startMarker(key), endMarker(key)];
  const file = path.join(BENCH, "RESULTS.md");
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const section = `${start}\n${body}\n${end}`;
  writeFileSync(file, from >= 0 && to > from ? existing.slice(0, from) + section + existing.slice(to + end.length) : `${existing}\n${section}\n`);
}

function writeResults(
  opts: Options,
  size: DataSize,
  nodes: { service: string; postgraphile: string; driver: string },
  measurements: Measurement[],
  peaks: Partial<Record<ServerKey, number>>,
): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const pgVersion = (() => {
    try {
      return execFileSync("psql", ["-At", "-c", "show server_version", databaseUrl(opts.serverUrl, "postgres")], { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => (Number.isNaN(n) ? "–" : n.toFixed(2));
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : "–");
  const rows: string[] = [];
  const medians = mediansOverRounds(measurements);
  for (const op of OPERATIONS) {
    const ofOp = medians.filter((m) => m.op === op.key);
    const pg = ofOp.find((m) => m.server === "postgraphile");
    const floor = ofOp.find((m) => m.server === "floor");
    for (const m of ofOp) {
      const notes = [m.errors ? `${m.errors} errors` : "", m.conflicts ? `${m.conflicts} conflicts` : op.mutation ? "0 conflicts" : ""]
        .filter(Boolean)
        .join(", ");
      rows.push(
        `| ${op.title} | ${SERVER_TITLES[m.server]} | ${f0(m.reqPerSec)} | ${f1(m.p50)} | ${f1(m.p99)} | ${f0(m.rssMiB)} | ${f2(m.cpuMsPerRequest)} | ${f2(m.databaseCpuMsPerRequest)} | ` +
          `${ratio(m.reqPerSec, pg?.reqPerSec)} | ${ratio(m.reqPerSec, floor?.reqPerSec)} | ${ratio(m.cpuMsPerRequest, floor?.cpuMsPerRequest)} | ` +
          `${Number.isNaN(m.gcPausePercent) ? "–" : f1(m.gcPausePercent)} | ${Number.isNaN(m.gcPausesOver10ms) ? "–" : f0(m.gcPausesOver10ms)} | ${f1(m.loadAverage)} | ${notes} |`,
      );
    }
    if (!pg) rows.push(`| ${op.title} | ${SERVER_TITLES.postgraphile} | – | – | – | – | – | – | – | – | – | – | – | – | left out: ${POSTGRAPHILE_LEFT_OUT[op.key] ?? ""} |`);
  }
  const table = [
    "| operation | server | req/s | p50 ms | p99 ms | peak RSS MiB | server CPU ms/req | PostgreSQL CPU ms/req | req/s ÷ PostGraphile | req/s ÷ floor | CPU/req ÷ floor | GC pauses, % of time | GC pauses over 10 ms | load avg | notes |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
  const differences = Object.entries(POSTGRAPHILE_OPERATIONS)
    .map(([key, value]) => `- ${OPERATIONS.find((o) => o.key === key)!.title}: ${value!.differences}.`)
    .join("\n");
  const leftOut = Object.entries(POSTGRAPHILE_LEFT_OUT)
    .map(([key, reason]) => `- ${OPERATIONS.find((o) => o.key === key)!.title}: left out for PostGraphile: ${reason}.`)
    .join("\n");
  const generated = `## Latest run, ${opts.partnerships} partnerships

Run on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC (at ${commitOf()}) with \`${opts.command}\`
(\`npm run bench\` from the project root runs \`npm --prefix bench ci && npm --prefix bench run bench\`).

**Machine:** ${os.cpus().length} cores (${cpu}), ${f1(os.totalmem() / 2 ** 30)} GiB memory, ${os.type()} ${os.release()};
PostgreSQL ${pgVersion} on 127.0.0.1 (shared by the three servers, the load driver and nothing else of the benchmark).
**Node:** the service and the floor on ${nodes.service}; PostGraphile 5 on ${nodes.postgraphile} (bench/node_modules/node);
the autocannon driver on ${nodes.driver}, in the same 2 cores.

**Load:** ${opts.connections} connections, no pipelining, ${opts.warmup} s warm-up then ${opts.duration} s measured per operation and server,
one server at a time; request variables rotate (partnerships, measures, instruments). Every server has a pool of 10 database connections.
${opts.rounds > 1 ? `${opts.rounds} rounds, the servers taking turns in each: the table gives each figure's median over the rounds (peak RSS: the highest; errors and conflicts: all).\n${roundRatios(measurements, opts.rounds)}` : "One round: with the machine's speed drifting ±15-20% from minute to minute, `--rounds 3` gives medians over turns taken in each round."}

**Data** (\`--partnerships ${opts.partnerships}\`, database \`${opts.database}\`): ${Object.entries(size)
    .map(([table, n]) => `${table} ${n.toLocaleString("en")}`)
    .join(", ")}.

${table}

Peak RSS over the whole run (VmHWM): ${(Object.entries(peaks) as [ServerKey, number][])
    .map(([key, mib]) => `${SERVER_TITLES[key]} ${f0(mib)} MiB`)
    .join("; ")}.

Ratios above 1× mean more requests per second than the peer (or more CPU per request than the floor). *Server CPU ms/req*
is the server process's user + system time (/proc/<pid>/stat) over the measured run divided by the requests it answered:
unlike req/s and latency it hardly moves when something else runs on the machine, so compare it first when *load avg*
(the 1-minute load average at the end of the run, on 2 cores) is well above 2. *PostgreSQL CPU ms/req* is the same for
all local PostgreSQL processes: the database shares the cores, so a server whose SQL is dear to run loses throughput there
(a backend that exits during the run is missed). *GC pauses* are this service's garbage collection pauses over the measured
run, from its /metrics: the share of the run's time no request moved, and how many pauses lasted over 10 ms. What PostGraphile's
queries leave out, since its generated schema cannot express it:
${differences}
${leftOut}`;
  writeSection(`p${opts.partnerships}`, generated);
}

/**
 * This service's figures at both sizes side by side, from the last run at each, and per
 * operation the ratio of the large figure to the small one: a page read should cost the same
 * whatever the size of the plan.
 */
function writeGrowth(): void {
  const runs = [SMALL, LARGE].map((partnerships) =>
    existsSync(latestFile(partnerships)) ? (JSON.parse(readFileSync(latestFile(partnerships), "utf8")) as { measurements: Measurement[]; opts: Options }) : undefined,
  );
  const [small, large] = runs;
  if (!small || !large) return;
  const ofService = (run: { measurements: Measurement[] }, key: OperationKey) => mediansOverRounds(run.measurements).find((m) => m.op === key && m.server === "api");
  const ofPeer = (run: { measurements: Measurement[] }, key: OperationKey) => mediansOverRounds(run.measurements).find((m) => m.op === key && m.server === "postgraphile");
  const figure = (m: Measurement | undefined, pick: (m: Measurement) => number, digits: number) => (m ? pick(m).toFixed(digits) : "–");
  const growth = (a: Measurement | undefined, b: Measurement | undefined, pick: (m: Measurement) => number) =>
    a && b && pick(a) ? `${(pick(b) / pick(a)).toFixed(2)}×` : "–";
  const rows = OPERATIONS.map((op) => {
    const [a, b] = [ofService(small, op.key), ofService(large, op.key)];
    const [peerA, peerB] = [ofPeer(small, op.key), ofPeer(large, op.key)];
    return (
      `| ${op.title} | ${figure(a, (m) => m.reqPerSec, 0)} / ${figure(b, (m) => m.reqPerSec, 0)} | ${growth(a, b, (m) => m.reqPerSec)} | ` +
      `${figure(a, (m) => m.p99, 1)} / ${figure(b, (m) => m.p99, 1)} | ${figure(peerA, (m) => m.p99, 1)} / ${figure(peerB, (m) => m.p99, 1)} | ` +
      `${figure(a, (m) => m.cpuMsPerRequest, 2)} / ${figure(b, (m) => m.cpuMsPerRequest, 2)} | ${growth(a, b, (m) => m.cpuMsPerRequest)} |`
    );
  });
  writeSection(
    "growth",
    [
      `## Both sizes side by side: ${SMALL} and ${LARGE} partnerships`,
      "",
      `This service's medians from the last run at each size (the sections below; ${small.opts.rounds} and ${large.opts.rounds} rounds).`,
      `*Growth* is the ${LARGE}-partnership figure ÷ the ${SMALL}-partnership one.`,
      "",
      `| operation | req/s (${SMALL} / ${LARGE}) | req/s growth | p99 ms (${SMALL} / ${LARGE}) | PostGraphile p99 ms (${SMALL} / ${LARGE}) | server CPU ms/req (${SMALL} / ${LARGE}) | CPU growth |`,
      "|---|---:|---:|---:|---:|---:|---:|",
      ...rows,
    ].join("\n"),
  );
}

/** Per operation and server, each figure's median over the rounds (peak RSS the highest, errors and conflicts summed). */
function mediansOverRounds(measurements: Measurement[]): Measurement[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) groups.set(`${m.op}/${m.server}`, [...(groups.get(`${m.op}/${m.server}`) ?? []), m]);
  return [...groups.values()].map((group) => {
    const of = (figure: (m: Measurement) => number) => median(group.map(figure));
    return {
      ...group[0]!,
      requests: of((m) => m.requests),
      reqPerSec: of((m) => m.reqPerSec),
      p50: of((m) => m.p50),
      p99: of((m) => m.p99),
      rssMiB: Math.max(...group.map((m) => m.rssMiB)),
      cpuMsPerRequest: of((m) => m.cpuMsPerRequest),
      databaseCpuMsPerRequest: of((m) => m.databaseCpuMsPerRequest),
      loadAverage: of((m) => m.loadAverage),
      gcPausePercent: of((m) => m.gcPausePercent),
      gcPausesOver10ms: of((m) => m.gcPausesOver10ms),
      errors: group.reduce((sum, m) => sum + m.errors, 0),
      conflicts: group.reduce((sum, m) => sum + m.conflicts, 0),
    };
  });
}

/** The service's req/s ÷ PostGraphile's and ÷ the floor's in each round, per operation: how much the ratios moved. */
function roundRatios(measurements: Measurement[], rounds: number): string {
  const lines: string[] = [];
  for (const op of OPERATIONS) {
    const reqPerSec = (server: ServerKey, round: number) => measurements.find((m) => m.op === op.key && m.server === server && m.round === round)?.reqPerSec;
    const per = (peer: ServerKey) =>
      Array.from({ length: rounds }, (_, index) => {
        const [service, other] = [reqPerSec("api", index + 1), reqPerSec(peer, index + 1)];
        return service && other ? `${(service / other).toFixed(2)}×` : "–";
      }).join(", ");
    lines.push(`- ${op.title}: ÷ PostGraphile ${per("postgraphile")}; ÷ floor ${per("floor")}.`);
  }
  return `Round by round, this service's req/s:\n${lines.join("\n")}`;
}

main().catch(async (error: unknown) => {
  console.error(error);
  await sleep(100);
  process.exit(1);
});
