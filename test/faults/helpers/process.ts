import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const repoRoot = path.resolve(__dirname, "../../..");
export const serverEntry = path.join(repoRoot, "dist/bundle/index.js");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The promise's value, or `fallback` if it takes longer than `ms` (and no timer left behind). */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the process ended. */
  at: number;
}

/** The real server as `npm start` runs it, `node dist/bundle/index.js`, as a child process. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  stdout(): string;
  stderr(): string;
  /** Lines of stdout that parse as JSON (pino's log lines). */
  logLines(): Record<string, unknown>[];
  /** Resolves when the process ends, whenever that is. */
  exited: Promise<Exit>;
  /** Still running? */
  alive(): boolean;
  /** SIGKILL if still running, and wait for it. */
  kill(): Promise<void>;
}

export function requireBuild(): void {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run "npm run build" first (npm run test:faults does)`);
}

/**
 * Spawns the server with exactly this environment (plus PATH) and waits for its start-up
 * line. A process that exits first rejects with its output.
 */
export function spawnServer(env: Record<string, string>, options: { startTimeoutMs?: number } = {}): Promise<ServerProcess> {
  requireBuild();
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  let running = true;
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const handle = (origin: string): ServerProcess => ({
    child,
    pid: child.pid!,
    origin,
    stdout: () => out,
    stderr: () => err,
    logLines: () =>
      out.split("\n").flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
    alive: () => running,
    async kill() {
      if (running) child.kill("SIGKILL");
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The server did not start within ${options.startTimeoutMs ?? 60_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, options.startTimeoutMs ?? 60_000);
    // The start-up line goes to stderr (stdout carries JSON log lines only).
    const onData = () => {
      const match = /serving http:\/\/localhost:(\d+)\/graphql/.exec(err);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off("data", onData);
      resolve(handle(`http://127.0.0.1:${match[1]}`));
    };
    child.stderr!.on("data", onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`The server exited during start-up (code ${exit.code}, signal ${exit.signal})\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/** Runs a process to its end (for one-off checks), with its output. */
export function runToEnd(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
