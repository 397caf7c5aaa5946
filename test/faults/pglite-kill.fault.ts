/**
 * Fault 3: kill -9 the embedded (PGlite) server in the middle of writes, then restart it on
 * the same DATA_DIR.
 *
 * The real server runs on a fresh data directory under a steady stream of setMeasureStatus
 * mutations and reads, and is killed with SIGKILL. A server started again on that directory
 * must open it (taking over the dead process's lock) and serve reads and writes, and every
 * mutation acknowledged before the kill must be there with its audit row. Also: while a
 * server runs, a second one on the same directory refuses to start, saying why.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkAcks, committedSql, type AckCheck, type Committed } from "./helpers/acks";
import { graphql, signToken } from "./helpers/http";
import { MEASURE_LIST, startLoad, type MeasureState, UNTHROTTLED } from "./helpers/load";
import { runToEnd, serverEntry, sleep, spawnServer, within, type ServerProcess } from "./helpers/process";
import { report, seconds } from "./helpers/report";

const LOCK_FILE = "mobility-plan.lock";

let dataDir = "";
let first: ServerProcess | undefined;
let second: ServerProcess | undefined;
let rival: { code: number | null; stdout: string; stderr: string; ms: number };
let firstPid = 0;
let lockOwnerAfterKill = "";
let restartMs = 0;
let afterRestart: { read: string; write: string };
let lockOwnerAfterRestart = "";
let ackCheck: AckCheck;
let versionsWithoutAudit: unknown[] = [];
let writesInFlightAtKill = 0;
let secondExit: number | null = null;
let third: ServerProcess | undefined;
let reusedPidTakenOver = "";

/** The pid a lock file names (JSON with a pid, or a bare pid). */
function ownerOf(lock: string): number {
  try {
    return Number((JSON.parse(lock) as { pid: unknown }).pid ?? lock);
  } catch {
    return Number(lock);
  }
}

/** Runs SQL on a PGlite data directory in a plain node process (no server may have it open). */
async function queryDataDir<Row>(sql: string): Promise<Row[]> {
  const script = `
    const { PGlite } = require("@electric-sql/pglite");
    (async () => {
      const db = new PGlite(process.env.DIR);
      const { rows } = await db.query(process.env.SQL);
      await db.close();
      process.stdout.write(JSON.stringify(rows));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const result = await runToEnd(process.execPath, ["-e", script], { DIR: dataDir, SQL: sql }, 60_000);
  if (result.code !== 0) throw new Error(`Reading ${dataDir} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Row[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "mobility-plan-fault-pglite-"));
  const secret = randomBytes(32).toString("base64url");
  const env = { DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, LOG_LEVEL: "warn", NODE_ENV: "production", ...UNTHROTTLED };
  first = await spawnServer(env, { startTimeoutMs: 90_000 });
  firstPid = first.pid;
  const token = await signToken(secret, { sub: "fault-coordinator", role: "COORDINATOR" });

  // A second server on the same directory, while the first runs.
  rival = await runToEnd(process.execPath, [serverEntry], { ...env, PORT: "0" }, 30_000);

  const listed = await graphql(first.origin, MEASURE_LIST, {}, { token });
  const measures = (listed.json.data.measures.nodes as MeasureState[]).slice(0, 6);
  const runId = `pglitekill-${randomBytes(3).toString("hex")}`;
  const load = startLoad({ origin: first.origin, token, measures, readers: 2, thinkMs: 5, timeoutMs: 15_000, runId });
  // Killed once enough writes were acknowledged to check, not after a fixed time: on a busy
  // machine 3 s gave 9 acknowledged writes, on a quiet one ~50.
  const giveUpAt = performance.now() + 30_000;
  while (load.acks.length < 25 && performance.now() < giveUpAt) await sleep(100);
  first.child.kill("SIGKILL");
  await first.exited;
  await load.stop();
  // Mutations sent whose answer never came (the connection died with the process).
  writesInFlightAtKill = load.samples.filter((s) => s.kind === "write" && s.error && s.error !== "ECONNREFUSED").length;
  lockOwnerAfterKill = readFileSync(path.join(dataDir, LOCK_FILE), "utf8");

  const restarting = performance.now();
  second = await spawnServer(env, { startTimeoutMs: 60_000 });
  restartMs = performance.now() - restarting;
  lockOwnerAfterRestart = readFileSync(path.join(dataDir, LOCK_FILE), "utf8");
  // Service resumes: the last writer's measure, read and moved on by one step.
  const read = await graphql(second.origin, `query($id: ID!) { node(id: $id) { ... on Measure { id status version } } }`, { id: measures.at(-1)!.id }, { token });
  const current = read.json?.data?.node as MeasureState | undefined;
  const write = current
    ? await graphql(
        second.origin,
        `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id status version } } }`,
        { input: { measureId: current.id, expectedVersion: current.version, status: current.status === "IN_PROGRESS" ? "ON_HOLD" : "IN_PROGRESS", reason: "Fault test: after restart" } },
        { token },
      )
    : undefined;
  afterRestart = {
    read: current ? "ok" : `${read.status} ${read.text.slice(0, 200)}`,
    write: write?.json?.data?.setMeasureStatus?.measure?.version === (current?.version ?? 0) + 1 ? "ok" : `${write?.status} ${write?.text.slice(0, 200)}`,
  };
  second.child.kill("SIGTERM");
  secondExit = (await within(second.exited, 15_000, { code: null, signal: null, at: 0 })).code;

  // After a crash the dead server's pid may be reused by another process. A lock naming a live
  // process that is not the server which wrote it (here: this test runner) is stale too.
  const reused = (() => {
    try {
      const lock: unknown = JSON.parse(lockOwnerAfterRestart);
      if (typeof lock === "object" && lock !== null) return JSON.stringify({ ...lock, pid: process.pid });
    } catch {
      // Not JSON: a bare pid.
    }
    return String(process.pid);
  })();
  writeFileSync(path.join(dataDir, LOCK_FILE), reused);
  try {
    third = await spawnServer(env, { startTimeoutMs: 60_000 });
    reusedPidTakenOver = "started";
    third.child.kill("SIGTERM");
    await within(third.exited, 15_000, undefined);
  } catch (error) {
    reusedPidTakenOver = (error as Error).message.split("\n").find((line) => /in use/.test(line)) ?? (error as Error).message.slice(0, 300);
  }

  const committed = await queryDataDir<Committed>(committedSql(runId));
  ackCheck = checkAcks(load.acks, committed);
  versionsWithoutAudit = await queryDataDir(
    `select m.code, m.version, count(a.id)::int as audited from measure m
     left join audit_event a on a.entity_type = 'Measure' and a.entity_id = m.id
     group by m.id having m.version <> 1 + count(a.id)`,
  );

  report("pglite-kill", {
    "second process on the same DATA_DIR": `exit ${rival.code} after ${seconds(rival.ms)}: ${(rival.stderr.trim().split("\n")[0] ?? "").slice(0, 160)}`,
    "writes acknowledged before kill -9": load.acks.length,
    "writes cut off by the kill (no answer)": writesInFlightAtKill,
    "lock file after kill -9 (dead owner)": `${lockOwnerAfterKill} (first server was pid ${firstPid})`,
    "restart on the same DATA_DIR": `listening after ${seconds(restartMs)} (lock now ${lockOwnerAfterRestart}); read ${afterRestart.read}, write ${afterRestart.write}; SIGTERM exit ${secondExit}`,
    "stale lock naming a live, unrelated process (pid reused)": reusedPidTakenOver,
    "acknowledged mutations / found with audit row": `${ackCheck.acknowledged} / ${ackCheck.found}`,
    "unacknowledged mutations that committed anyway": ackCheck.committedUnacknowledged,
  });
}, 170_000);

afterAll(async () => {
  await first?.kill();
  await second?.kill();
  await third?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a second server on the same DATA_DIR refuses to start, naming the process that has it", () => {
  expect(rival.code).toBe(1);
  // The reason, and nothing else: no stack trace for an operator to wade through.
  expect(rival.stderr.trim()).toMatch(new RegExp(`^The data directory ${dataDir} is in use by process ${firstPid}[^\n]*$`));
  expect(rival.ms).toBeLessThan(20_000);
});

test("after kill -9 the server starts again on the same DATA_DIR, taking over the stale lock", () => {
  expect(ownerOf(lockOwnerAfterKill)).toBe(firstPid);
  expect(ownerOf(lockOwnerAfterRestart)).toBe(second!.pid);
  expect(afterRestart).toEqual({ read: "ok", write: "ok" });
});

test("stdout carries JSON log lines only; the start-up line goes to stderr", () => {
  const lines = second!.stdout().trim().split("\n").filter(Boolean);
  expect(lines.filter((line) => !line.startsWith("{"))).toEqual([]);
  expect(second!.stderr()).toMatch(/^mobility-plan serving http:\/\/localhost:\d+\/graphql on embedded PGlite in /m);
});

test("a stale lock whose pid now belongs to another, live process is taken over too", () => {
  expect(reusedPidTakenOver).toBe("started");
});

test("every mutation acknowledged before the kill is there with its audit row", () => {
  // The kill did land in the middle of writes: some had been sent and never answered.
  expect(writesInFlightAtKill).toBeGreaterThan(0);
  expect(ackCheck.acknowledged).toBeGreaterThan(20);
  expect(ackCheck.missing).toEqual([]);
  expect(ackCheck.duplicated).toEqual([]);
  expect(versionsWithoutAudit).toEqual([]);
});
