/** Small helpers shared by the benchmark's scripts. Nothing here talks to anything but 127.0.0.1. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import postgres from "postgres";

/** The project root (bench/..), whose dist/ holds the production build. */
export const ROOT = path.resolve(__dirname, "..");
export const BENCH = __dirname;

/**
 * What `npm start` runs in `root`: the node options and the script of package.json's start command
 * (read from it, so the benchmark cannot drift from what users run), e.g. the young-generation size.
 * `nodeFlags` go after the start command's own: Node and V8 take a flag's last value, so
 * `--max-semi-space-size=16` here overrides npm start's (placed before it, it had no effect).
 */
export function startCommand(root: string, nodeFlags: string[] = []): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const command = scripts.start!.split("&&").at(-1)!.trim().split(/\s+/);
  if (command[0] !== "node") throw new Error(`package.json's start script does not end in a node command: ${scripts.start}`);
  const args = command.slice(1).map((arg) => (arg.startsWith("-") ? arg : path.join(root, arg)));
  const script = args.findIndex((arg) => !arg.startsWith("-"));
  return [...args.slice(0, script), ...nodeFlags, ...args.slice(script)];
}

/** How the scripts start this service: its production build, as `npm start` runs it, under the benchmark's load. */
export function serviceCommand(
  root: string,
  url: string,
  port: number,
  secret: string,
  nodeFlags: string[] = [],
): { args: string[]; env: Record<string, string> } {
  return {
    args: startCommand(root, nodeFlags),
    env: {
      NODE_ENV: "production",
      DATABASE_URL: url,
      SEED: "false",
      PORT: String(port),
      AUTH_JWT_SECRET: secret,
      // All load comes from one address: the per-client rate limit and cap on operations at once
      // would answer most of it.
      RATE_LIMIT_POINTS: "0",
      MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0",
    },
  };
}

/**
 * (2) reads measures whose id is a multiple of this; (5) changes only others. Each change adds
 * a row to a measure's status history: a mutation pool that took in (2)'s measures made their
 * histories grow from ~3 rows to over 100 across runs, and (2) a different query every round.
 */
export const READ_MEASURES_EVERY = 97;

/** The measures (2) reads by id, spread over the data. */
export async function measureIdsRead(sql: postgres.Sql): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`select id from measure where id % ${READ_MEASURES_EVERY} = 0 order by id limit 500`;
  return rows.map((row) => row.id);
}

/** Loads a module of the production build (CommonJS, compiled by `npm run build`). */
export function fromDist<T = any>(relative: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, "dist", relative)) as T;
}

/** Requires a module from the project's own node_modules (drizzle-orm is not a bench dependency). */
export const fromRoot = <T = any>(id: string): T => require(require.resolve(id, { paths: [ROOT] })) as T;

export type Args = Record<string, string | boolean>;

/** `--name value`, `--name=value` and bare `--flag`. */
export function parseArgs(argv: string[]): Args {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}`);
    // At the first "=" only: a value may hold more (--node-flags=--max-semi-space-size=16).
    const equals = arg.indexOf("=");
    const [name, inline] = equals === -1 ? [arg.slice(2), undefined] : [arg.slice(2, equals), arg.slice(equals + 1)];
    if (inline !== undefined) args[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) args[name] = argv[++i]!;
    else args[name] = true;
  }
  return args;
}

export function intArg(args: Args, name: string, fallback: number, { min = 1, max = 10_000 } = {}): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of `database` on the server of `serverUrl`; refuses anything but a loopback host. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new Error(`The benchmark only talks to a PostgreSQL on this machine (got host ${url.hostname})`);
  }
  url.pathname = `/${database}`;
  return url.toString();
}

export async function onServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs a command to completion, output passed through; throws on a non-zero exit. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`)),
    );
  });
}

/**
 * Waits until something listens on 127.0.0.1:port and is ready, for at most `timeoutMs`. This
 * service listens while it starts and answers 503 until it is ready (GET /readyz tells); the
 * other servers have no /readyz, and any answer but 503 means ready.
 */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open && (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status !== 503, () => false))) return;
    await sleep(200);
  }
  throw new Error(`Nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident set size now and at its peak (VmHWM) of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** User plus system CPU time a process has used so far, in milliseconds (from /proc/<pid>/stat). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time used so far by each local PostgreSQL process (postmaster, backends, background
 * workers), by pid: what a server's statements cost the database, which a server process's
 * own CPU leaves out. Empty when PostgreSQL runs elsewhere.
 */
export function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue; // gone meanwhile
    }
    const ms = cpuMsOf(Number(entry));
    if (!Number.isNaN(ms)) byPid.set(Number(entry), ms);
  }
  return byPid;
}

/** CPU PostgreSQL used between two postgresCpuMs() readings (a process that ended meanwhile is missed); NaN without any. */
export function postgresCpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  if (after.size === 0) return Number.NaN;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** USER_HZ: 100 on Linux for every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** The middle value (the mean of the two middle ones for an even count): what the runs of one figure agree on. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** base64url of "Type:id", as this API's global ids are. */
export const globalId = (typeName: string, id: number) => Buffer.from(`${typeName}:${id}`, "utf8").toString("base64url");

export function stopProcess(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
