/**
 * Measures a change in src/ before the whole benchmark: the production build of each given
 * checkout (default: this one; build it first with `npm run build`) under the read operations,
 * with the benchmark's load. CPU per request of the server process is the figure to compare.
 *
 *   npx tsx experiments.ts --database bench_mobility_p10 [--duration 6] [--warmup 2]
 *       [--builds /tmp/baseline,..] [--ops dashboard,measureHistory,typename]
 *       [--together] [--rounds 3] [--port 4120]
 *
 * By default the builds run one after the other (list a build several times for rounds). The
 * machine's speed drifts by ±15-20% from one minute to the next, more than most changes are
 * worth: `--together` runs all the builds at once, each under its own load, `--rounds` times,
 * so that every build meets the same drift; they share the cores, so only their ratios mean
 * something, not the figures themselves.
 *
 * A build may carry extra Node flags after "@", to compare V8 settings on one checkout:
 * `--builds /work/main,/work/main@--single-threaded-gc`. They come after npm start's own, so
 * `@--max-semi-space-size=16` replaces its value. A baseline to compare with:
 * `git archive HEAD | tar -x -C /tmp/baseline`, link node_modules into it and
 * `npx tsc -p tsconfig.build.json` there. "typename" is `{ __typename }`: the fixed cost
 * every query pays (HTTP, Apollo's pipeline, context, log). "setMeasureStatus" is the
 * benchmark's write (drivers.ts); builds run together then write to different measures. The
 * table also gives PostgreSQL's CPU per request, meaningful only for builds run one after the
 * other. The builds listen on --port and the ports after it: give two experiments run at once
 * different ones.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { partnershipCode } from "./generate";
import {
  BENCH,
  DEFAULT_SERVER_URL,
  ROOT,
  cpuMsOf,
  databaseUrl,
  fromDist,
  globalId,
  intArg,
  log,
  measureIdsRead,
  memoryOf,
  median,
  parseArgs,
  postgresCpuMs,
  postgresCpuMsBetween,
  serviceCommand,
  stopProcess,
  waitForPort,
} from "./lib";
import { mutationDriver, type Driver } from "./drivers";
import { OPERATIONS, PAGE_SIZE, type OperationKey } from "./operations";

const READS: OperationKey[] = ["dashboard", "measureHistory", "projectsByInstrument", "fundingSummary"];
const TYPENAME = "typename";
const SECRET = "bench-experiment-secret-0123456789abcdef";
type Op = OperationKey | typeof TYPENAME;

interface Server {
  build: string;
  port: number;
  child: ChildProcess;
}

interface Measured {
  build: string;
  op: Op;
  cpu: number;
  /** PostgreSQL's CPU per request (all its processes): only this build's when builds run one at a time. */
  databaseCpu: number;
  requestsPerSecond: number;
  p99: number;
  /** The server's peak RSS so far (VmHWM), MiB: a V8 setting that saves CPU may cost memory. */
  peakMiB: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = typeof args.database === "string" ? args.database : "bench_mobility_p10";
  const url = databaseUrl(typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL, database);
  const duration = intArg(args, "duration", 6, { max: 60 });
  const warmup = intArg(args, "warmup", 2, { min: 0, max: 30 });
  const rounds = intArg(args, "rounds", 1, { min: 1, max: 20 });
  const builds = typeof args.builds === "string" ? args.builds.split(",") : [ROOT];
  const ops = typeof args.ops === "string" ? (args.ops.split(",") as Op[]) : READS;
  const together = args.together === true;
  const firstPort = intArg(args, "port", 4120, { min: 1024, max: 65_000 });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const ids = await measureIdsRead(sql);
  const partnerships = (await sql<{ n: number }[]>`select count(*)::int as n from partnership where code like 'BP-%'`)[0]!.n;
  const { signToken } = fromDist("src/auth/tokens.js");
  const token: string = await signToken(SECRET, { sub: "bench-experiment", role: "COORDINATOR" }, { expiresIn: "4h" });
  const drivers = new Map<Op, Driver>();
  const driverOf = async (op: Op): Promise<Driver> => {
    if (!drivers.has(op)) drivers.set(op, await driverFor(op, ids, partnerships, { sql, token }));
    return drivers.get(op)!;
  };
  // Once per load of all the builds at once: the write's driver re-reads its measures' versions.
  const load = async (servers: Server[], op: Op, seconds: number) => {
    const driver = await driverOf(op);
    await driver.before?.();
    return Promise.all(servers.map((server) => run(server, op, driver, seconds)));
  };

  const measured: Measured[] = [];
  const measure = async (servers: Server[], op: Op) => {
    await load(servers, op, warmup);
    const before = servers.map((server) => cpuMsOf(server.child.pid!));
    const databaseBefore = postgresCpuMs();
    const results = await load(servers, op, duration);
    const databaseCpuMs = postgresCpuMsBetween(databaseBefore, postgresCpuMs());
    const allRequests = results.reduce((total, result) => total + result.requests.total, 0);
    servers.forEach((server, index) => {
      const result = results[index]!;
      const cpu = (cpuMsOf(server.child.pid!) - before[index]!) / Math.max(1, result.requests.total);
      const databaseCpu = databaseCpuMs / Math.max(1, allRequests);
      const peakMiB = memoryOf(server.child.pid!)?.peakMiB ?? Number.NaN;
      measured.push({ build: server.build, op, cpu, databaseCpu, requestsPerSecond: result.requests.average, p99: result.latency.p99, peakMiB });
      log(
        `${server.build} / ${op}: CPU ${cpu.toFixed(2)} ms/req (PostgreSQL ${databaseCpu.toFixed(2)}), ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
          `peak RSS ${peakMiB.toFixed(0)} MiB, load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    });
  };

  if (together) {
    const servers = await Promise.all(builds.map((build, index) => startServer(build, firstPort + index, url)));
    try {
      for (let round = 0; round < rounds; round++) for (const op of ops) await measure(servers, op);
    } finally {
      await Promise.all(servers.map((server) => stopProcess(server.child)));
    }
  } else {
    for (let round = 0; round < rounds; round++) {
      for (const build of builds) {
        const server = await startServer(build, firstPort, url);
        try {
          for (const op of ops) await measure([server], op);
        } finally {
          await stopProcess(server.child);
        }
      }
    }
  }

  await sql.end();
  const runs = measured.map(
    (m) => `| ${m.build} | ${m.op} | ${m.cpu.toFixed(2)} | ${m.databaseCpu.toFixed(2)} | ${m.requestsPerSecond.toFixed(0)} | ${m.p99} | ${m.peakMiB.toFixed(0)} |`,
  );
  const cpuByRun = new Map<string, number[]>();
  for (const m of measured) cpuByRun.set(`| ${m.build} | ${m.op} |`, [...(cpuByRun.get(`| ${m.build} | ${m.op} |`) ?? []), m.cpu]);
  const medians = [...cpuByRun].map(
    ([run, cpus]) => `${run} ${median(cpus).toFixed(2)} | ${cpus.length} | ${Math.min(...cpus).toFixed(2)}-${Math.max(...cpus).toFixed(2)} |`,
  );
  const markdown =
    `Experiments on ${database} (${together ? "builds at once" : "builds one after the other"}, 10 connections each, ` +
    `${warmup} s warm-up, ${duration} s measured, ${rounds} round(s)):\n\n` +
    `| build | operation | CPU ms/req | PostgreSQL CPU ms/req | req/s | p99 ms | peak RSS MiB |\n|---|---|---:|---:|---:|---:|---:|\n${runs.join("\n")}\n\n` +
    `Median CPU per request over the runs:\n\n| build | operation | median CPU ms/req | runs | range |\n|---|---|---:|---:|---|\n${medians.join("\n")}\n`;
  mkdirSync(path.join(BENCH, "results"), { recursive: true });
  writeFileSync(path.join(BENCH, "results", "experiments.md"), markdown);
  process.stdout.write(markdown);
}

async function startServer(build: string, port: number, url: string): Promise<Server> {
  const [directory, ...flags] = build.split("@");
  const node = process.env.npm_node_execpath ?? "node";
  const service = serviceCommand(directory!, url, port, SECRET, flags);
  const child = spawn(node, service.args, {
    cwd: directory,
    env: { PATH: process.env.PATH ?? "", ...service.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForPort(port, child);
  return { build, port, child };
}

/** The requests of one operation, varied as in the benchmark; one driver serves every build (the write's measures are shared out among them). */
async function driverFor(op: Op, ids: number[], partnerships: number, database: { sql: postgres.Sql; token: string }): Promise<Driver> {
  const counters = { errors: 0, conflicts: 0 };
  const headers = { "content-type": "application/json" };
  if (op === "setMeasureStatus") return mutationDriver(OPERATIONS.find((o) => o.key === op)!, database.token, database.sql, 40, counters, headers);
  const spec = op === TYPENAME ? { query: "{ __typename }", operationName: undefined } : OPERATIONS.find((o) => o.key === op)!;
  let next = 0;
  const variables = () => {
    next += 1;
    if (op === "dashboard") return { partnershipCode: partnershipCode(1 + (next % partnerships)), first: PAGE_SIZE };
    if (op === "measureHistory") return { id: globalId("Measure", ids[next % ids.length]!) };
    if (op === "fundingSummary") return { partnershipCode: partnershipCode(1 + (next % partnerships)) };
    return { instrumentCode: ["MPF", "ENI", "AMIF", "ISF"][next % 4], first: PAGE_SIZE };
  };
  const request: autocannon.Request = {
    method: "POST",
    path: "/graphql",
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: spec.query, operationName: spec.operationName, variables: variables() }) }),
    onResponse: (status, body) => {
      if (status < 300 && !body.includes('"errors"')) return;
      counters.errors += 1;
    },
  };
  return { headers, counters, requests: [request] };
}

/** Drives one server with a driver's requests for some seconds; any error answer fails the experiment. */
async function run(server: Server, op: Op, driver: Driver, seconds: number): Promise<autocannon.Result> {
  const errorsBefore = driver.counters.errors + driver.counters.conflicts;
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: 10,
    duration: seconds,
    headers: driver.headers,
    requests: driver.requests,
  });
  const errors = driver.counters.errors + driver.counters.conflicts - errorsBefore + result.non2xx;
  if (errors > 0) throw new Error(`${server.build} / ${op}: ${errors} answers were errors or conflicts (${JSON.stringify(driver.counters)}, non-2xx ${result.non2xx})`);
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
