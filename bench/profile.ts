/**
 * Where this service's time goes, on a benchmark database (generate one with generate.ts,
 * or let this script do it):
 *   1. SQL: runs each operation once in-process (the production build's createApp) over a
 *      postgres.js client that records every statement, its wall time and row count; then
 *      EXPLAIN (ANALYZE, BUFFERS) of each read statement, written to results/explain-*.txt.
 *   2. CPU: starts the production server with --cpu-prof, drives each read operation for
 *      `--duration` seconds, stops it, and summarises the profile (results/profile-*.md).
 *   3. Latency at concurrency 1: the API against the floor, per operation, so the share of a
 *      request spent outside PostgreSQL is visible.
 *
 *   npx tsx profile.ts --database bench_mobility_p10 [--partnerships 10] [--duration 8] [--skip-cpu] [--ops dashboard,..]
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import postgres from "postgres";
import { DEFAULT_INCLUSIVE, summarise, toMarkdown } from "./cpuprofile";
import { mutationDriver } from "./drivers";
import { generateDatabase, partnershipCode } from "./generate";
import {
  BENCH,
  DEFAULT_SERVER_URL,
  READ_MEASURES_EVERY,
  ROOT,
  databaseUrl,
  fromDist,
  fromRoot,
  globalId,
  intArg,
  log,
  onServer,
  parseArgs,
  serviceCommand,
  stopProcess,
  waitForPort,
} from "./lib";
import { OPERATIONS, PAGE_SIZE, type OperationKey } from "./operations";

const RESULTS = path.join(BENCH, "results");
const SECRET = "bench-profile-secret-0123456789abcdefghijkl";

interface Statement {
  op: OperationKey;
  text: string;
  params: unknown[];
  ms: number;
  rows: number;
}


async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const partnerships = intArg(args, "partnerships", 10, { max: 600 });
  const database = typeof args.database === "string" ? args.database : `bench_mobility_p${partnerships}`;
  const serverUrl = typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL;
  const duration = intArg(args, "duration", 8, { max: 60 });
  const url = databaseUrl(serverUrl, database);
  mkdirSync(RESULTS, { recursive: true });
  const exists = await onServer(serverUrl, (sql) => sql`select 1 from pg_database where datname = ${database}`);
  if (exists.length === 0) await generateDatabase({ serverUrl, database, partnerships });

  const variables = await variablesFor(url);
  const statements = await captureStatements(url, variables);
  const report: string[] = [`# Profile of ${database}`, ""];
  report.push(await explainAll(url, statements));
  const ops = typeof args.ops === "string" ? args.ops.split(",") : OPERATIONS.map((o) => o.key);
  if (args["skip-cpu"] !== true) report.push(await cpuProfile(url, variables, duration, ops));
  writeFileSync(path.join(RESULTS, "profile.md"), report.join("\n\n"));
  log(`wrote bench/results/profile.md`);
}

type Variables = Record<OperationKey, Record<string, unknown>>;

async function variablesFor(url: string): Promise<Variables> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // One of the measures (2) reads, which the write's driver leaves alone (a measure it moves grows a long history).
    const [measure] = await sql<{ id: number }[]>`
      select id from measure where partnership_id = (select id from partnership where code = ${partnershipCode(1)}) and id % ${READ_MEASURES_EVERY} = 0
      order by id limit 1`;
    const [movable] = await sql<{ id: number; version: number; status: string }[]>`
      select id, version, status::text from measure where status in ('IN_PROGRESS', 'ON_HOLD') order by id desc limit 1`;
    return {
      dashboard: { partnershipCode: partnershipCode(1), first: PAGE_SIZE },
      measureHistory: { id: globalId("Measure", measure!.id) },
      projectsByInstrument: { instrumentCode: "MPF", first: PAGE_SIZE },
      fundingSummary: { partnershipCode: partnershipCode(1) },
      setMeasureStatus: {
        input: {
          measureId: globalId("Measure", movable!.id),
          expectedVersion: movable!.version,
          status: movable!.status === "IN_PROGRESS" ? "ON_HOLD" : "IN_PROGRESS",
          reason: "Profile",
        },
      },
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Each operation once through the production build in-process, recording every statement. */
async function captureStatements(url: string, variables: Variables): Promise<Statement[]> {
  fromRoot("reflect-metadata");
  const { drizzle } = fromRoot("drizzle-orm/postgres-js");
  const { createApp } = fromDist("src/app.js");
  const { signToken } = fromDist("src/auth/tokens.js");
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const statements: Statement[] = [];
  let current: OperationKey = "dashboard";
  // Time every statement drizzle sends, from the call to its last row.
  const wrap = (target: postgres.Sql) => {
    const unsafe = target.unsafe.bind(target);
    (target as { unsafe: unknown }).unsafe = (text: string, params: unknown[], options: unknown) => {
      const started = performance.now();
      const query = unsafe(text, params as never[], options as never);
      const then = query.then.bind(query);
      const entry: Statement = { op: current, text, params, ms: 0, rows: 0 };
      statements.push(entry);
      (query as { then: unknown }).then = (resolve?: (v: unknown) => unknown, reject?: (e: unknown) => unknown) =>
        then((rows: unknown[]) => {
          entry.ms = performance.now() - started;
          entry.rows = Array.isArray(rows) ? rows.length : 0;
          return resolve ? resolve(rows) : rows;
        }, reject);
      // `.values()` returns the same query in array mode.
      const values = query.values.bind(query);
      (query as { values: unknown }).values = () => {
        values();
        return query;
      };
      return query;
    };
  };
  wrap(client);
  const begin = client.begin.bind(client);
  (client as { begin: unknown }).begin = (fn: (tx: postgres.TransactionSql) => unknown) =>
    begin((tx) => {
      wrap(tx as unknown as postgres.Sql);
      return fn(tx);
    });
  const db = drizzle({ client, casing: "snake_case" });
  const { parseConfig } = fromDist("src/config.js");
  const { createLogger } = fromDist("src/logger.js");
  const { createHttpServer } = fromDist("src/http-server.js");
  const config = parseConfig({ NODE_ENV: "production", DATABASE_URL: url, SEED: "false", AUTH_JWT_SECRET: SECRET, RATE_LIMIT_POINTS: "0" });
  const logger = createLogger("silent");
  const app = await createApp({ db, config, logger });
  const server: Server = createHttpServer(app.handler, config.http, logger);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const token: string = await signToken(SECRET, { sub: "bench-profile", role: "COORDINATOR" });
  try {
    for (const op of OPERATIONS) {
      current = op.key;
      // Reads run warm (connections open, code optimised): only the last of five is kept.
      for (let run = op.mutation ? 4 : 0; run < 5; run++) {
        statements.splice(0, statements.length, ...statements.filter((s) => s.op !== op.key));
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(op.mutation ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query: op.query, operationName: op.operationName, variables: variables[op.key] }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(`${op.operationName} failed: ${JSON.stringify(body.errors)}`);
      }
    }
  } finally {
    server.close();
    await app.stop();
    await client.end({ timeout: 5 });
  }
  writeFileSync(path.join(RESULTS, "statements.json"), JSON.stringify(statements, null, 2));
  return statements;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement; writes inside a rolled-back transaction. */
async function explainAll(url: string, statements: Statement[]): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { plan_cache_mode: "force_generic_plan" } });
  const lines = [
    "## SQL per operation",
    "",
    "Wall time is measured in the service (call to last row, one request at a time, the fifth of five); planning and execution time come from",
    "EXPLAIN ANALYZE of the same statement with the same parameters, prepared and with its generic plan as the service runs it.",
    "",
    "| op | # | statement | rows | wall ms | plan ms | exec ms | plan |",
    "|---|---:|---|---:|---:|---:|---:|---|",
  ];
  const explains: string[] = [];
  try {
    let n = 0;
    for (const statement of statements) {
      n += 1;
      const write = /^\s*(insert|update|delete)/i.test(statement.text);
      let plan: string[] = [];
      try {
        if (write) await sql.unsafe("begin");
        // The plan the service runs: its statements are prepared, with generic plans (src/db/client.ts).
        // In the simple protocol: PostgreSQL would take the statement's placeholders for those of the PREPARE.
        await sql.unsafe(`prepare explained as ${statement.text}`).simple();
        const [prepared] = await sql<{ types: string[] }[]>`select parameter_types::text[] as types from pg_prepared_statements where name = 'explained'`;
        // EXPLAIN EXECUTE takes no placeholders: the values go in as literals of the parameters' types.
        const values = statement.params.map((value, i) => `${literal(value)}::${prepared!.types[i]}`).join(", ");
        const rows = await sql.unsafe(`explain (analyze, buffers) execute explained${values ? `(${values})` : ""}`);
        plan = rows.map((r) => r["QUERY PLAN"] as string);
      } catch (error) {
        plan = [`(could not explain: ${(error as Error).message})`];
      } finally {
        if (write) await sql.unsafe("rollback");
        await sql.unsafe("deallocate explained").simple().catch(() => {});
      }
      const planning = /Planning Time: ([\d.]+)/.exec(plan.join("\n"))?.[1] ?? "–";
      const execution = /Execution Time: ([\d.]+)/.exec(plan.join("\n"))?.[1] ?? "–";
      const shape = plan
        .filter((l) => /->|^\w/.test(l.trim()) && !/Time:|Buffers|Planning|Execution/.test(l))
        .map((l) => l.trim().replace(/^->\s*/, "").replace(/\s+\(cost.*$/, ""))
        .slice(0, 4)
        .join(" › ");
      const short = statement.text.replace(/\s+/g, " ").slice(0, 110).replace(/\|/g, "\\|");
      lines.push(
        `| ${statement.op} | ${n} | \`${short}${statement.text.length > 110 ? "…" : ""}\` | ${statement.rows} | ${statement.ms.toFixed(2)} | ${planning} | ${execution} | ${shape.replace(/\|/g, "\\|")} |`,
      );
      explains.push(`-- ${statement.op} #${n}\n${statement.text}\n-- params: ${JSON.stringify(statement.params)}\n${plan.join("\n")}\n`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  writeFileSync(path.join(RESULTS, "explain.txt"), explains.join("\n"));
  return lines.join("\n");
}

/** A statement's parameter (as postgres.js recorded it, in JSON) as an SQL literal. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  if (Array.isArray(value)) {
    const item = (v: unknown) => (v === null ? "NULL" : typeof v === "string" ? `"${v.replace(/["\\]/g, "\\$&")}"` : String(v));
    return quote(`{${value.map(item).join(",")}}`);
  }
  return quote(String(value));
}

/**
 * The production server under --cpu-prof, one operation at a time; the write through the
 * benchmark's own driver (drivers.ts), which keeps each measure's version.
 */
async function cpuProfile(url: string, variables: Variables, duration: number, ops: string[]): Promise<string> {
  const sections: string[] = ["## CPU profile under load (production build, node --cpu-prof)"];
  const { signToken } = fromDist("src/auth/tokens.js");
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  for (const op of OPERATIONS.filter((o) => ops.includes(o.key))) {
    const dir = path.join(RESULTS, `cpu-${op.key}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const port = 4110;
    const service = serviceCommand(ROOT, url, port, SECRET);
    const child = spawn(process.env.npm_node_execpath ?? "node", ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...service.args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...service.env },
      stdio: "ignore",
    });
    try {
      await waitForPort(port, child);
      const headers = { "content-type": "application/json" };
      const load = op.mutation
        ? await mutationDriver(op, await signToken(SECRET, { sub: "bench-profile", role: "COORDINATOR" }), sql, 10, { errors: 0, conflicts: 0 }, headers)
        : { headers, requests: [{ method: "POST" as const, body: JSON.stringify({ query: op.query, operationName: op.operationName, variables: variables[op.key] }) }] };
      const result = await autocannon({ url: `http://127.0.0.1:${port}/graphql`, ...load, connections: 10, duration });
      sections.push(`### ${op.title}: ${result.requests.average.toFixed(0)} req/s over ${duration} s (start-up included in the profile)`);
    } finally {
      await stopProcess(child);
    }
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) {
      sections.push("(no profile written)");
      continue;
    }
    const summary = summarise(JSON.parse(readFileSync(path.join(dir, file), "utf8")), DEFAULT_INCLUSIVE);
    sections.push(toMarkdown(summary, 12, 15));
  }
  await sql.end({ timeout: 5 });
  return sections.join("\n\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
