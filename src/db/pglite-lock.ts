import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const LOCK_FILE = "mobility-plan.lock";

/** Another live server has the data directory; start-up stops with this message alone. */
export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`The data directory ${dataDir} is in use by process ${pid}; stop it first, or set DATA_DIR`);
    this.name = "DataDirectoryInUseError";
  }
}

/** What the lock file holds: the owner's pid and, where the OS tells, when that process started. */
interface Owner {
  pid: number;
  started?: string;
}

/**
 * PGlite takes no lock on its data directory, and two processes writing one corrupt it.
 * This lock file names its owner: a live owner makes a second process refuse to start; a
 * dead owner's lock (after kill -9) is taken over. After a crash the dead owner's pid may
 * belong to another process by now, so the lock also records when the owner started: a
 * live process with that pid but another start time is not the owner, and the lock is stale.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  const me: Owner = { pid: process.pid, started: startOf(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = parseOwner(readFileSync(file, "utf8"));
      if (owner.pid !== process.pid && isAlive(owner.pid) && !pidReused(owner)) {
        throw new DataDirectoryInUseError(dataDir, owner.pid);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`);
}

/** JSON, or a bare pid (the format before start times were recorded). */
function parseOwner(text: string): Owner {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) {
      const { pid, started } = parsed as { pid?: unknown; started?: unknown };
      return { pid: Number(pid), started: typeof started === "string" ? started : undefined };
    }
  } catch {
    // A bare pid, or garbage (a crash while writing it): Number() sorts it out.
  }
  return { pid: Number(text) };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The owner's pid now belongs to a process that started at another time (known only on Linux). */
function pidReused(owner: Owner): boolean {
  if (owner.started === undefined) return false;
  const now = startOf(owner.pid);
  return now !== undefined && now !== owner.started;
}

/**
 * When a process started, as Linux tells it: the boot id and the start time in clock ticks
 * since boot (field 22 of /proc/<pid>/stat). Undefined where there is no /proc.
 */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command name, in parentheses) may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return fields[19] ? `${bootId}:${fields[19]}` : undefined;
  } catch {
    return undefined;
  }
}
