import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, sleep } from "./process";

/**
 * A throwaway PostgreSQL cluster in a temporary directory, on a free port of 127.0.0.1,
 * so that fault tests can kill it without touching the machine's shared server on 5432.
 * initdb refuses to run as root: as root, every PostgreSQL binary runs as `postgres`.
 */
export interface Cluster {
  port: number;
  /** The URL of database `name` (default: the `postgres` database). */
  url(name?: string): string;
  /** The postmaster's pid, from postmaster.pid. */
  postmasterPid(): number;
  /** kill -9 the postmaster alone, as a crash would. */
  kill9(): number;
  /** Starts it again on the same data; retries while the old backends still hold its shared memory. */
  start(): Promise<void>;
  /** Runs SQL on a short-lived connection. */
  sql<T extends readonly object[] = postgres.Row[]>(query: string, database?: string): Promise<T>;
  /** The server's log so far. */
  log(): string;
  destroy(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL binaries under ${root}/*/bin`);
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, "bin");
}

export async function createCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "mobility-plan-fault-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  const commandFor = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const run = (tool: string, args: string[]) => spawnSync(...commandFor(tool, args), { encoding: "utf8", timeout: 30_000 });
  // `pg_ctl start -w` waits for the server, seconds after a kill -9. Run synchronously it would
  // block this process meanwhile, and every request in flight (readiness probes, the load)
  // would be timed as if the API server had kept it waiting.
  const runInBackground = (tool: string, args: string[]) =>
    new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn(...commandFor(tool, args), { timeout: 30_000 });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk));
      child.on("error", (error) => resolve({ status: null, output: String(error) }));
      child.on("exit", (status) => resolve({ status, output }));
    });
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c max_connections=60",
    ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`),
  ].join(" ");

  const init = run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);

  const cluster: Cluster = {
    port,
    url: (name = "postgres") => `postgres://postgres@127.0.0.1:${port}/${name}`,
    postmasterPid: () => Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]),
    kill9() {
      const pid = cluster.postmasterPid();
      process.kill(pid, "SIGKILL");
      return pid;
    },
    async start() {
      let last = "";
      for (let attempt = 0; attempt < 40; attempt++) {
        const started = await runInBackground("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "20", "start"]);
        if (started.status === 0) return;
        last = started.output;
        // After kill -9, orphaned backends hold the shared memory until they notice.
        await sleep(250);
      }
      throw new Error(`PostgreSQL did not start: ${last}\n${cluster.log().slice(-2000)}`);
    },
    async sql(query, database) {
      const client = postgres(cluster.url(database), { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        return (await client.unsafe(query)) as never;
      } finally {
        await client.end({ timeout: 2 });
      }
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    destroy() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "10", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
