/**
 * Measures a change in src/ before the whole benchmark: the production build of each given
 * checkout (default: this one; build it first with `npm run build`) under the read operations,
 * one after the other, with the benchmark's load. CPU per request of the server process is
 * the figure to compare: it hardly moves when something else runs on the machine.
 *
 *   npx tsx experiments.ts --database bench_mobility_p10 [--duration 6] [--warmup 2]
 *       [--builds /tmp/baseline,..] [--ops dashboard,measureHistory,typename]
 *
 * A baseline to compare with: `git archive HEAD | tar -x -C /tmp/baseline`, link node_modules
 * into it and `npx tsc -p tsconfig.build.json` there.
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { partnershipCode } from "./generate";
import { BENCH, DEFAULT_SERVER_URL, ROOT, cpuMsOf, databaseUrl, globalId, intArg, log, parseArgs, stopProcess, waitForPort } from "./lib";
import { OPERATIONS, PAGE_SIZE, type OperationKey } from "./operations";

const READS: OperationKey[] = ["dashboard", "measureHistory", "projectsByInstrument", "fundingSummary"];
const TYPENAME = "typename";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = typeof args.database === "string" ? args.database : "bench_mobility_p10";
  const url = databaseUrl(typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL, database);
  const duration = intArg(args, "duration", 6, { max: 60 });
  const warmup = intArg(args, "warmup", 2, { min: 0, max: 30 });
  const builds = typeof args.builds === "string" ? args.builds.split(",") : [ROOT];
  const ops = typeof args.ops === "string" ? (args.ops.split(",") as (OperationKey | typeof TYPENAME)[]) : READS;
  const node = process.env.npm_node_execpath ?? "node";
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const ids = (await sql<{ id: number }[]>`select id from measure where id % 97 = 0 order by id limit 500`).map((r) => r.id);
  const partnerships = (await sql<{ n: number }[]>`select count(*)::int as n from partnership where code like 'BP-%'`)[0]!.n;
  await sql.end();
  const port = 4120;
  const rows = ["| build | operation | CPU ms/req | req/s | p99 ms | load avg |", "|---|---|---:|---:|---:|---:|"];
  for (const build of builds) {
    const child = spawn(node, ["--max-semi-space-size=64", path.join(build, "dist/src/index.js")], {
      cwd: build,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        DATABASE_URL: url,
        SEED: "false",
        PORT: String(port),
        AUTH_JWT_SECRET: "bench-experiment-secret-0123456789abcdef",
        // All load comes from one address: the per-client rate limit would answer most of it.
        RATE_LIMIT_POINTS: "0",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    try {
      await waitForPort(port, child);
      for (const key of ops) {
        // "typename" is the fixed cost every query pays: HTTP, Apollo's pipeline, context, log.
        const op = key === TYPENAME ? { query: "{ __typename }", operationName: undefined } : OPERATIONS.find((o) => o.key === key)!;
        let next = 0;
        let errors = 0;
        const variables = () => {
          next += 1;
          if (key === "dashboard") return { partnershipCode: partnershipCode(1 + (next % partnerships)), first: PAGE_SIZE };
          if (key === "measureHistory") return { id: globalId("Measure", ids[next % ids.length]!) };
          if (key === "fundingSummary") return { partnershipCode: partnershipCode(1 + (next % partnerships)) };
          return { instrumentCode: ["MPF", "ENI", "AMIF", "ISF"][next % 4], first: PAGE_SIZE };
        };
        const drive = (seconds: number) =>
          autocannon({
            url: `http://127.0.0.1:${port}`,
            connections: 10,
            duration: seconds,
            headers: { "content-type": "application/json" },
            requests: [
              {
                method: "POST",
                path: "/graphql",
                setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: op.query, operationName: op.operationName, variables: variables() }) }),
                onResponse: (_status, body) => {
                  if (body.includes('"errors"')) errors += 1;
                },
              },
            ],
          });
        if (warmup) await drive(warmup);
        const cpuBefore = cpuMsOf(child.pid!);
        const result = await drive(duration);
        const cpu = (cpuMsOf(child.pid!) - cpuBefore) / Math.max(1, result.requests.total);
        const load = os.loadavg()[0]!;
        if (result.non2xx + errors > 0) throw new Error(`${build} / ${key}: ${result.non2xx + errors} answers were errors`);
        log(`${build} / ${key}: CPU ${cpu.toFixed(2)} ms/req, ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, load ${load.toFixed(1)}`);
        rows.push(`| ${build} | ${key} | ${cpu.toFixed(2)} | ${result.requests.average.toFixed(0)} | ${result.latency.p99} | ${load.toFixed(1)} |`);
      }
    } finally {
      await stopProcess(child);
    }
  }
  const markdown = `Experiments on ${database} with ${node} (10 connections, ${warmup} s warm-up, ${duration} s measured):\n\n${rows.join("\n")}\n`;
  mkdirSync(path.join(BENCH, "results"), { recursive: true });
  writeFileSync(path.join(BENCH, "results", "experiments.md"), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
