/**
 * Measures the gain of each proposed fix before src/ changes: the service rebuilt by
 * variant-server.cjs with one fix switched on at a time (and all together), under the same
 * load as the benchmark, next to the production build itself.
 *
 *   npx tsx experiments.ts --database bench_mobility_p10 [--duration 6] [--warmup 2]
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { partnershipCode } from "./generate";
import os from "node:os";
import { BENCH, DEFAULT_SERVER_URL, ROOT, cpuMsOf, databaseUrl, globalId, intArg, log, memoryOf, parseArgs, stopProcess, waitForPort } from "./lib";
import { OPERATIONS, PAGE_SIZE, type OperationKey } from "./operations";

const VARIANTS: { name: string; script: "dist" | "variant"; env: Record<string, string> }[] = [
  { name: "production build (dist/src/index.js)", script: "dist", env: {} },
  { name: "rebuilt createApp, no change", script: "variant", env: {} },
  { name: "+ prepared statements", script: "variant", env: { VARIANT_PREPARE: "1" } },
  { name: "+ no cache-control plugin", script: "variant", env: { VARIANT_NO_CACHE_CONTROL: "1" } },
  { name: "+ no statement counter", script: "variant", env: { VARIANT_NO_COUNTER: "1" } },
  { name: "all three", script: "variant", env: { VARIANT_PREPARE: "1", VARIANT_NO_CACHE_CONTROL: "1", VARIANT_NO_COUNTER: "1" } },
];
const READS: OperationKey[] = ["dashboard", "measureHistory", "projectsByInstrument"];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = typeof args.database === "string" ? args.database : "bench_mobility_p10";
  const url = databaseUrl(typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL, database);
  const duration = intArg(args, "duration", 6, { max: 60 });
  const warmup = intArg(args, "warmup", 2, { min: 0, max: 30 });
  const node = process.env.npm_node_execpath ?? "node";
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const ids = (await sql<{ id: number }[]>`select id from measure where id % 97 = 0 order by id limit 500`).map((r) => r.id);
  const partnerships = (await sql<{ n: number }[]>`select count(*)::int as n from partnership where code like 'BP-%'`)[0]!.n;
  await sql.end();
  const secret = "bench-experiment-secret-0123456789abcdef";
  const port = 4120;
  const rows: string[] = [];
  const table: Record<string, Record<string, number>> = {};
  const cpu: Record<string, Record<string, number>> = {};
  for (const variant of VARIANTS) {
    const script = variant.script === "dist" ? path.join(ROOT, "dist/src/index.js") : path.join(BENCH, "variant-server.cjs");
    const child = spawn(node, [script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATABASE_URL: url, SEED: "false", PORT: String(port), AUTH_JWT_SECRET: secret, ...variant.env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    try {
      await waitForPort(port, child);
      table[variant.name] = {};
      cpu[variant.name] = {};
      for (const key of READS) {
        const op = OPERATIONS.find((o) => o.key === key)!;
        let next = 0;
        const variables = () => {
          next += 1;
          if (key === "dashboard") return { partnershipCode: partnershipCode(1 + (next % partnerships)), first: PAGE_SIZE };
          if (key === "measureHistory") return { id: globalId("Measure", ids[next % ids.length]!) };
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
              },
            ],
          });
        if (warmup) await drive(warmup);
        const cpuBefore = cpuMsOf(child.pid!);
        const result = await drive(duration);
        table[variant.name]![key] = result.requests.average;
        cpu[variant.name]![key] = (cpuMsOf(child.pid!) - cpuBefore) / Math.max(1, result.requests.total);
        log(
          `${variant.name} / ${key}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
            `CPU ${cpu[variant.name]![key]!.toFixed(1)} ms/req, RSS ${memoryOf(child.pid!)?.rssMiB.toFixed(0)} MiB, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    } finally {
      await stopProcess(child);
    }
  }
  const base = cpu["rebuilt createApp, no change"]!;
  rows.push(
    "| variant | (1) dashboard: CPU ms/req | req/s | (2) measure: CPU ms/req | req/s | (3) projects: CPU ms/req | req/s |",
    "|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const [name, results] of Object.entries(table)) {
    const change = (key: OperationKey) => ((cpu[name]![key]! / base[key]! - 1) * 100).toFixed(0).replace(/^(\d)/, "+$1");
    const cell = (key: OperationKey) => `${cpu[name]![key]!.toFixed(1)} (${change(key)}%) | ${results[key]!.toFixed(0)}`;
    rows.push(`| ${name} | ${cell("dashboard")} | ${cell("measureHistory")} | ${cell("projectsByInstrument")} |`);
  }
  const markdown =
    `Experiments on ${database} with ${node} (10 connections, ${warmup} s warm-up, ${duration} s measured; CPU per request ` +
    `of the server process, % against the rebuilt createApp without changes; load average at the end ${os.loadavg()[0]!.toFixed(1)}):\n\n${rows.join("\n")}\n`;
  writeFileSync(path.join(BENCH, "results", "experiments.md"), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
