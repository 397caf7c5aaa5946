/**
 * What one request of each read allocates in this service, garbage included: the production
 * code (dist/, tsc's output of src/) served in this process under V8's sampling heap profiler,
 * which with `includeObjectsCollectedBy*` counts what the collections freed too, while a child
 * process sends the requests (autocannon), so that the load's own allocations stay out. Bytes per
 * request do not depend on the machine's speed, unlike CPU: a change's effect on the garbage
 * collector's work can be measured on a busy machine.
 *
 *   npx tsx allocations.ts --database bench_mobility_p10 [--ops dashboard,..] [--requests 2000] [--top 25]
 *
 * Writes results/allocations.md: per operation, bytes per request, then the functions that
 * allocated most (self) and the packages they belong to.
 */
import { spawn } from "node:child_process";
import { Session } from "node:inspector/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { partnershipCode } from "./generate";
import { BENCH, DEFAULT_SERVER_URL, ROOT, databaseUrl, fromDist, fromRoot, globalId, intArg, log, parseArgs } from "./lib";
import { OPERATIONS, PAGE_SIZE, type OperationKey } from "./operations";

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const SECRET = "bench-allocations-secret-0123456789abcdef";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const databaseName = typeof args.database === "string" ? args.database : "bench_mobility_p10";
  const url = databaseUrl(typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL, databaseName);
  const requests = intArg(args, "requests", 2000, { min: 100, max: 100_000 });
  const top = intArg(args, "top", 25, { max: 200 });
  const ops = (typeof args.ops === "string" ? args.ops.split(",") : ["dashboard", "measureHistory", "projectsByInstrument", "fundingSummary"]) as OperationKey[];

  fromRoot("reflect-metadata");
  const { createApp } = fromDist("src/app.js");
  const { openPostgres } = fromDist("src/db/client.js");
  const { parseConfig } = fromDist("src/config.js");
  const { createLogger } = fromDist("src/logger.js");
  const { createHttpServer } = fromDist("src/http-server.js");
  const config = parseConfig({ NODE_ENV: "production", DATABASE_URL: url, SEED: "false", AUTH_JWT_SECRET: SECRET, RATE_LIMIT_POINTS: "0", MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0" });
  const logger = createLogger("silent");
  const database = openPostgres(url, { ...config.database, idleInTransactionTimeoutMs: config.requestTimeoutMs });
  const app = await createApp({ db: database.db, roundTrips: database.roundTrips, listen: database.listen, config, logger });
  const server: Server = createHttpServer(app.handler, config.http, logger);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const session = new Session();
  session.connect();
  const report: string[] = [
    `Allocations per request on ${databaseName} (${requests} requests of each operation, 10 connections, Node ${process.version}), garbage included.\n`,
  ];
  try {
    for (const key of ops) {
      const op = OPERATIONS.find((o) => o.key === key)!;
      const body = JSON.stringify({ query: op.query, operationName: op.operationName, variables: variablesOf(key) });
      await drive(port, body, Math.min(500, requests)); // warm: compiled queries, prepared statements
      await session.post("HeapProfiler.startSampling", {
        samplingInterval: 256,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never);
      await drive(port, body, requests);
      const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: ProfileNode } };
      report.push(summarise(op.title, profile.head, requests, top));
      log(`${key}: done`);
    }
  } finally {
    session.disconnect();
    server.close();
    await app.stop();
    await database.close();
  }
  mkdirSync(path.join(BENCH, "results"), { recursive: true });
  writeFileSync(path.join(BENCH, "results", "allocations.md"), report.join("\n"));
  process.stdout.write(report.join("\n"));
}

function variablesOf(key: OperationKey): Record<string, unknown> {
  if (key === "dashboard") return { partnershipCode: partnershipCode(1), first: PAGE_SIZE };
  if (key === "measureHistory") return { id: globalId("Measure", 97) };
  if (key === "fundingSummary") return { partnershipCode: partnershipCode(1) };
  return { instrumentCode: "MPF", first: PAGE_SIZE };
}

/** `requests` POSTs of one body from a child process (autocannon), 10 at a time. */
function drive(port: number, body: string, requests: number): Promise<void> {
  const bin = path.join(BENCH, "node_modules", ".bin", "autocannon");
  const child = spawn(bin, ["-a", String(requests), "-c", "10", "-m", "POST", "-H", "content-type=application/json", "-b", body, "-j", `http://127.0.0.1:${port}/graphql`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => {
      const result = JSON.parse(out || "{}") as { non2xx?: number; errors?: number };
      if (code !== 0 || result.non2xx || result.errors) reject(new Error(`autocannon: exit ${code}, ${out.slice(0, 300)}`));
      else resolve();
    }),
  );
}

/**
 * Bytes per request, and the functions and packages that allocated most (self). What V8's
 * built-ins allocate (an array's map, a promise, a Map's set) is put to the nearest function of
 * the code that called them, named "built-in ← caller".
 */
function summarise(title: string, head: ProfileNode, requests: number, top: number): string {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  const visit = (node: ProfileNode, caller: { name: string; file: string } | undefined) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
    const own = file ? { name: `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`, file } : undefined;
    if (node.selfSize > 0) {
      const owner = own ?? caller;
      add(byFunction, own ? own.name : `${functionName || "(native)"} ← ${caller?.name ?? "?"}`, node.selfSize);
      const pkg = owner ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(owner.file)?.[1] ?? (owner.file.startsWith("dist/") ? "mobility-plan" : "node")) : "(V8)";
      add(byPackage, pkg, node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) visit(child, own ?? caller);
  };
  visit(head, undefined);
  const kb = (bytes: number) => (bytes / requests / 1024).toFixed(1);
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((100 * bytes) / total).toFixed(1)}% |`);
  return [
    `## ${title}: ${kb(total)} KB per request`,
    "",
    "| package (of the calling code) | KB per request | share |",
    "|---|---:|---:|",
    ...rows(byPackage, 12),
    "",
    "| function (self) | KB per request | share |",
    "|---|---:|---:|",
    ...rows(byFunction, top),
    "",
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
