/**
 * The aliased funding summary attack of issue 14: `--clients` principals each send, one after
 * the other for `--seconds`, a query of `--aliases` fundingSummary fields, while a bystander sends
 * a one-row query one after the other. Prints the bystander's p50/p99 and what the attackers got.
 *
 *   npm run build && npx tsx bench/cost-attack.ts                      # PGlite (seeded, in a temporary DATA_DIR)
 *   npx tsx bench/cost-attack.ts --postgres                            # PostgreSQL on 127.0.0.1 (database bench_cost_attack, dropped after)
 *   npx tsx bench/cost-attack.ts --root /tmp/before --aliases 3        # another build (its dist/), another attack
 *
 * Runs the production build (`dist/`) with the service's own defaults for limits and rate limits.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseUrl, DEFAULT_SERVER_URL, intArg, log, onServer, parseArgs, ROOT, startCommand, waitForPort } from "./lib";

const args = parseArgs(process.argv.slice(2));
const root = typeof args.root === "string" ? path.resolve(args.root) : ROOT;
const clients = intArg(args, "clients", 12);
const aliases = intArg(args, "aliases", 30);
const seconds = intArg(args, "seconds", 15);
const onPostgres = args.postgres === true;
const port = 4700 + Math.floor(Math.random() * 200);
const DATABASE = "bench_cost_attack";

const attackQuery = `{ ${Array.from({ length: aliases }, (_, i) => `s${i}: fundingSummary(groupBy: [INSTRUMENT, YEAR]) { rows { year currency budget committed } totals { currency budget } }`).join(" ")} }`;
const BYSTANDER_QUERY = `{ partnership(code: "EU-BY") { code } }`;

async function main() {
  const secret = randomBytes(32).toString("base64url");
  const dataDir = mkdtempSync(path.join(tmpdir(), "cost-attack-"));
  if (onPostgres) await onServer(DEFAULT_SERVER_URL, async (sql) => {
    await sql.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await sql.unsafe(`create database ${DATABASE}`);
  });
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    PORT: String(port),
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: "warn",
    ...(onPostgres ? { DATABASE_URL: databaseUrl(DEFAULT_SERVER_URL, DATABASE) } : { DATA_DIR: dataDir }),
  };
  const server = spawn(process.execPath, startCommand(root), { env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitForPort(port, server);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { signToken } = require(path.join(root, "dist", "src", "auth", "tokens.js"));
    const tokenOf = (sub: string): Promise<string> => signToken(secret, { sub, role: "AUDITOR" });
    const send = async (token: string, query: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code ?? "OK";
    };

    const bystanderToken = await tokenOf("bystander");
    const quiet = await timings(bystanderToken, send, Date.now() + 3000);
    log(`${onPostgres ? "PostgreSQL" : "PGlite"}, ${root}: bystander alone p50 ${percentile(quiet, 50)} ms, p99 ${percentile(quiet, 99)} ms`);

    const end = Date.now() + seconds * 1000;
    const attackCodes: Record<string, number> = {};
    const attackers = await Promise.all(Array.from({ length: clients }, (_, i) => tokenOf(`attacker-${i}`)));
    const attack = Promise.all(
      attackers.map(async (token) => {
        while (Date.now() < end) {
          const code = await send(token, attackQuery).catch(() => "NETWORK_ERROR");
          attackCodes[code] = (attackCodes[code] ?? 0) + 1;
        }
      }),
    );
    const during = await timings(bystanderToken, send, end);
    await attack;
    console.log(
      JSON.stringify({
        database: onPostgres ? "PostgreSQL" : "PGlite",
        root,
        clients,
        aliases,
        seconds,
        bystanderAlone: { requests: quiet.length, p50: percentile(quiet, 50), p99: percentile(quiet, 99) },
        bystanderDuringAttack: { requests: during.length, p50: percentile(during, 50), p99: percentile(during, 99) },
        attackAnswers: attackCodes,
      }),
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
    if (onPostgres) await onServer(DEFAULT_SERVER_URL, (sql) => sql.unsafe(`drop database if exists ${DATABASE} with (force)`));
  }
}

/** The bystander's one-row query, one after the other until `end`: each one's milliseconds. */
async function timings(token: string, send: (token: string, query: string) => Promise<string>, end: number): Promise<number[]> {
  const ms: number[] = [];
  while (Date.now() < end) {
    const started = performance.now();
    const code = await send(token, BYSTANDER_QUERY);
    if (code !== "OK") throw new Error(`The bystander got ${code}`);
    ms.push(performance.now() - started);
  }
  return ms;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
