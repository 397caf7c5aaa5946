/**
 * Memory under a flood of distinct query texts (issue 21): the production build on PostgreSQL,
 * `--baseline` seconds of ordinary reads and writes (the benchmark's operations: the level to
 * come back to), then `--flood` seconds of anonymous clients each sending texts that differ
 * only in a literal (`measures(first: 7, filter: { search: "q1-<n>" })`, each text twice), then
 * `--ordinary` seconds of the ordinary load again. The server's RSS is sampled every
 * `--every` seconds (and its cache sizes from /metrics, when it has them); the curve goes into
 * RESULTS.md between markers named by `--label`, and bench/results/memory-flood-<label>.json.
 *
 *   cd bench && npx tsx memory-flood.ts [--baseline 60] [--flood 300] [--ordinary 300] [--clients 5] [--label after]
 *     [--rate 0] [--node-flags "--flag ..."] [--env NAME=value,...] [--skip-build] [--build /path/to/another/checkout] [--heap-snapshots]
 *
 * --rate N holds the ordinary load, before and after the flood, at N requests a second in all
 * (0: as fast as the clients go). V8 sizes its heap by the allocation rate, so the level after
 * the flood compares with the level before it only at the same rate.
 *
 * --heap-snapshots starts the server with --heapsnapshot-signal=SIGUSR2 and takes one after the
 * baseline, one at the end of the flood and one at the end of the ordinary load, into
 * bench/results/snapshots/ (each pauses the server and doubles its memory for a while: the RSS
 * curve of such a run is not the one to quote). bench/heap-summary.ts compares them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { generateDatabase, partnershipCode } from "./generate";
import {
  BENCH,
  DEFAULT_SERVER_URL,
  ROOT,
  databaseUrl,
  globalId,
  intArg,
  log,
  measureIdsRead,
  memoryOf,
  onServer,
  parseArgs,
  READ_MEASURES_EVERY,
  run,
  serviceCommand,
  sleep,
  stopProcess,
  waitForPort,
} from "./lib";
import { DASHBOARD, FUNDING_SUMMARY, MEASURE_HISTORY, PROJECTS_BY_INSTRUMENT, SET_MEASURE_STATUS } from "./operations";

const PORT = 4110;
const URL_GRAPHQL = `http://127.0.0.1:${PORT}/graphql`;
const RESULTS_DIR = path.join(BENCH, "results");
const SNAPSHOT_DIR = path.join(RESULTS_DIR, "snapshots");
const INSTRUMENTS = ["MPF", "ENI", "AMIF", "ISF"];

interface Sample {
  /** Seconds since the flood started. */
  at: number;
  phase: "baseline" | "flood" | "ordinary";
  rssMiB: number;
  /** Requests answered since the previous sample, and how many of them were not 200. */
  requests: number;
  failed: number;
  /** Distinct texts sent so far. */
  distinctTexts: number;
  /** Entries per cache, from /metrics (absent before it existed). */
  caches?: Record<string, number>;
}

interface Counters {
  requests: number;
  failed: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const baselineSeconds = intArg(args, "baseline", 60, { min: 0, max: 3600 });
  const floodSeconds = intArg(args, "flood", 300, { max: 3600 });
  const ordinarySeconds = intArg(args, "ordinary", 300, { min: 0, max: 3600 });
  const clients = intArg(args, "clients", 5, { max: 64 });
  const rate = intArg(args, "rate", 0, { min: 0, max: 10_000 });
  const every = intArg(args, "every", 15, { max: 600 });
  const label = typeof args.label === "string" ? args.label : "latest";
  const root = typeof args.build === "string" ? path.resolve(args.build) : ROOT;
  const serverUrl = typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL;
  const database = `bench_memory_flood_${process.pid}`;
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  if (!args["skip-build"]) {
    log(`building the service in ${root} (npm run build)`);
    await run("npm", ["run", "build"], { cwd: root });
  }
  await generateDatabase({ serverUrl, database, partnerships: 1 });
  const url = databaseUrl(serverUrl, database);
  const secret = randomBytes(32).toString("base64url");
  const { signToken } = require(path.join(root, "dist", "src", "auth", "tokens.js"));
  const token: string = await signToken(secret, { sub: "memory-flood", role: "COORDINATOR" }, { expiresIn: "2h" });

  // Experiments: V8 flags (after npm start's own, so that they apply), and settings of its environment.
  const nodeFlags = typeof args["node-flags"] === "string" ? args["node-flags"].split(/\s+/).filter(Boolean) : [];
  const snapshotFlags = args["heap-snapshots"] ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${SNAPSHOT_DIR}`] : [];
  const service = serviceCommand(root, url, PORT, secret, [...nodeFlags, ...snapshotFlags]);
  const extraEnv = typeof args.env === "string" ? Object.fromEntries(args.env.split(",").map((pair) => pair.split("=") as [string, string])) : {};
  const child = spawn(process.execPath, service.args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...service.env, ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    await waitForPort(PORT, child);
    const pid = child.pid!;
    const fixtures = await loadFixtures(sql);
    const samples: Sample[] = [];
    const counters: Counters = { requests: 0, failed: 0 };
    const texts = { next: 0 };
    const started = Date.now();
    let phase: Sample["phase"] = "baseline";
    const sample = async () => {
      // The last sample, unless the interval took it a moment ago.
      if (samples.length && Date.now() - started - samples[samples.length - 1]!.at * 1000 < 2000) return;
      samples.push({
        at: Math.round((Date.now() - started) / 1000),
        phase,
        rssMiB: Math.round(memoryOf(pid)?.rssMiB ?? Number.NaN),
        requests: counters.requests,
        failed: counters.failed,
        distinctTexts: texts.next,
        caches: await cacheEntries(),
      });
      counters.requests = 0;
      counters.failed = 0;
      const last = samples[samples.length - 1]!;
      log(`${last.at} s ${last.phase}: RSS ${last.rssMiB} MiB, ${last.requests} requests (${last.failed} failed), ${last.distinctTexts} texts so far`);
    };
    await sample();
    const sampler = setInterval(() => void sample(), every * 1000);
    try {
      await runFor(baselineSeconds, ordinaryClients(clients, fixtures, token, counters, pacer(rate)));
      if (args["heap-snapshots"]) await heapSnapshot(child, "1-before-flood");
      phase = "flood";
      await runFor(floodSeconds, (until) => Promise.all(Array.from({ length: clients }, () => floodClient(until, texts, counters))));
      if (args["heap-snapshots"]) await heapSnapshot(child, "2-after-flood");
      phase = "ordinary";
      await runFor(ordinarySeconds, ordinaryClients(clients, fixtures, token, counters, pacer(rate)));
    } finally {
      clearInterval(sampler);
    }
    await sample();
    if (args["heap-snapshots"]) await heapSnapshot(child, "3-after-ordinary");
    const peak = memoryOf(pid)?.peakMiB ?? Number.NaN;
    const summary = { label, baselineSeconds, floodSeconds, ordinarySeconds, clients, rate, peak, samples };
    writeFileSync(path.join(RESULTS_DIR, `memory-flood-${label}.json`), JSON.stringify(summary, null, 2));
    writeResults(summary);
    log(`peak RSS ${peak.toFixed(0)} MiB; wrote bench/RESULTS.md and bench/results/memory-flood-${label}.json`);
  } finally {
    await sql.end({ timeout: 5 });
    await stopProcess(child);
    await onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${database}" with (force)`));
  }
}

interface Fixtures {
  measureIds: number[];
  /** Measures the writer moves between IN_PROGRESS and ON_HOLD, with their versions. */
  writable: { id: number; version: number; status: string }[];
}

async function loadFixtures(sql: postgres.Sql): Promise<Fixtures> {
  const writable = await sql<Fixtures["writable"]>`
    select id, version, status::text as status from measure
    where status in ('IN_PROGRESS', 'ON_HOLD') and id % ${READ_MEASURES_EVERY} <> 0 order by id limit 200`;
  return { measureIds: await measureIdsRead(sql), writable };
}

/** Runs `work` until `seconds` have passed; `work` gets the deadline and must stop by it. */
async function runFor(seconds: number, work: (until: number) => Promise<unknown>): Promise<void> {
  await work(Date.now() + seconds * 1000);
}

async function post(body: unknown, counters: Counters, headers: Record<string, string> = {}): Promise<any> {
  try {
    const response = await fetch(URL_GRAPHQL, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const parsed = await response.json();
    counters.requests += 1;
    if (response.status !== 200 || parsed.errors) counters.failed += 1;
    return parsed;
  } catch {
    counters.requests += 1;
    counters.failed += 1;
    return undefined;
  }
}

/** A careless (or hostile) frontend: a literal in the text instead of a variable, each text twice. */
async function floodClient(until: number, texts: { next: number }, counters: Counters): Promise<void> {
  while (Date.now() < until) {
    const query = `{ measures(first: 7, filter: { search: "q1-${texts.next++}" }) { totalCount nodes { id code title status } } }`;
    for (let i = 0; i < 2; i++) await post({ query }, counters);
  }
}

/** The benchmark's four reads from all but one client, its write from the last. */
/** Waits for the next of `rate` slots a second shared by all its callers; at once when `rate` is 0. */
function pacer(rate: number): () => Promise<void> {
  let next = Date.now();
  return async () => {
    if (rate === 0) return;
    const slot = Math.max(next, Date.now());
    next = slot + 1000 / rate;
    if (slot > Date.now()) await sleep(slot - Date.now());
  };
}

function ordinaryClients(clients: number, fixtures: Fixtures, token: string, counters: Counters, pace: () => Promise<void>) {
  return (until: number) =>
    Promise.all(
      Array.from({ length: clients }, (_, i) => (i === clients - 1 ? writer(until, fixtures, token, counters, pace) : reader(until, fixtures, counters, pace))),
    );
}

async function reader(until: number, fixtures: Fixtures, counters: Counters, pace: () => Promise<void>): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    await pace();
    const requests = [
      { query: DASHBOARD, variables: { partnershipCode: partnershipCode(1), first: 50 } },
      { query: MEASURE_HISTORY, variables: { id: globalId("Measure", fixtures.measureIds[n % fixtures.measureIds.length]!) } },
      { query: PROJECTS_BY_INSTRUMENT, variables: { instrumentCode: INSTRUMENTS[n % INSTRUMENTS.length], first: 50 } },
      { query: FUNDING_SUMMARY, variables: { partnershipCode: partnershipCode(1) } },
    ];
    await post(requests[n % requests.length], counters);
  }
}

async function writer(until: number, fixtures: Fixtures, token: string, counters: Counters, pace: () => Promise<void>): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    await pace();
    const measure = fixtures.writable[n % fixtures.writable.length]!;
    const status = measure.status === "IN_PROGRESS" ? "ON_HOLD" : "IN_PROGRESS";
    const input = { measureId: globalId("Measure", measure.id), expectedVersion: measure.version, status, reason: "Memory flood: ordinary writes" };
    const answer = await post({ query: SET_MEASURE_STATUS, variables: { input } }, counters, { authorization: `Bearer ${token}` });
    const changed = answer?.data?.setMeasureStatus?.measure;
    if (changed) Object.assign(measure, { version: changed.version, status: changed.status });
  }
}

/** Entries per cache from the server's /metrics, or undefined when it has none (builds before it). */
async function cacheEntries(): Promise<Record<string, number> | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/metrics`);
    if (response.status !== 200) return undefined;
    const entries: Record<string, number> = {};
    for (const match of (await response.text()).matchAll(/^mobility_plan_cache_entries\{cache="([^"]+)"\} (\d+)$/gm)) entries[match[1]!] = Number(match[2]);
    return entries;
  } catch {
    return undefined;
  }
}

/** Signals the server to write a heap snapshot and waits until the file is complete. */
async function heapSnapshot(child: ChildProcess, name: string): Promise<void> {
  const before = new Set(readdirSync(SNAPSHOT_DIR));
  child.kill("SIGUSR2");
  for (;;) {
    await sleep(1000);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The server exited (${child.exitCode ?? child.signalCode})`);
    const written = readdirSync(SNAPSHOT_DIR).find((file) => !before.has(file) && file.endsWith(".heapsnapshot"));
    // The file is complete once it parses as far as its closing bracket.
    if (written && readFileSync(path.join(SNAPSHOT_DIR, written), "utf8").trimEnd().endsWith("}")) {
      const target = path.join(SNAPSHOT_DIR, `${name}.heapsnapshot`);
      renameSync(path.join(SNAPSHOT_DIR, written), target);
      log(`heap snapshot ${path.relative(BENCH, target)}`);
      return;
    }
  }
}

function writeResults(run: {
  label: string;
  baselineSeconds: number;
  floodSeconds: number;
  ordinarySeconds: number;
  clients: number;
  rate: number;
  peak: number;
  samples: Sample[];
}): void {
  const { label } = run;
  const file = path.join(BENCH, "RESULTS.md");
  const start = `<!-- memory-flood ${label} -->`;
  const end = `<!-- /memory-flood ${label} -->`;
  const names = [...new Set(run.samples.flatMap((s) => Object.keys(s.caches ?? {})))].sort();
  const header = ["s", "phase", "RSS MiB", "requests", "failed", "distinct texts", ...names.map((name) => `${name} entries`)];
  const rows = run.samples.map((s) => [s.at, s.phase, s.rssMiB, s.requests, s.failed, s.distinctTexts, ...names.map((name) => s.caches?.[name] ?? "")]);
  const rss = (phase: Sample["phase"]) => run.samples.filter((s) => s.phase === phase).map((s) => s.rssMiB);
  const range = (values: number[]) => (values.length ? `${Math.min(...values)}–${Math.max(...values)} MiB` : "none");
  const generated = `${start}
Run \`${label}\` (${new Date().toISOString().slice(0, 10)}): ${run.clients} clients; ${run.baselineSeconds} s of ordinary load${run.rate ? ` (${run.rate} requests/s)` : ""}, ${run.floodSeconds} s of distinct texts,
then ${run.ordinarySeconds} s of ordinary load (requests: those answered since the previous sample). Peak RSS (VmHWM) ${run.peak.toFixed(0)} MiB;
sampled RSS: ordinary load before the flood ${range(rss("baseline"))}, flood ${range(rss("flood"))}, ordinary load after it ${range(rss("ordinary"))}.

| ${header.join(" | ")} |
|${header.map(() => "---").join("|")}|
${rows.map((row) => `| ${row.join(" | ")} |`).join("\n")}
${end}`;
  const existing = readFileSync(file, "utf8");
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  writeFileSync(file, from >= 0 && to > from ? existing.slice(0, from) + generated + existing.slice(to + end.length) : `${existing}\n${generated}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
