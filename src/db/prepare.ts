import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { existsSync } from "node:fs";
import path from "node:path";
import { fork } from "node:child_process";
import { once } from "node:events";
import postgres from "postgres";
import { seedDatabase } from "../../seeds/seed";
import type { Database, DatabaseHandle } from "./client";
import { grantRuntimePrivileges } from "./runtime-role";

/** The drizzle/ folder, found from here whether running from src/ (tests) or dist/src/. */
export const migrationsFolder = findUp(__dirname, "drizzle");

function findUp(from: string, name: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(dir, "package.json")) && existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the ${name}/ folder above ${from}`);
  }
}

/** Whether opening PGlite on `dataDir` would create the database there (initdb) rather than reopen it. */
export const isNewPgliteDirectory = (dataDir: string) => !existsSync(path.join(dataDir, "PG_VERSION"));

/**
 * Creates, migrates and seeds a new PGlite data directory in a child process. Creating one grows
 * PGlite's WebAssembly memory to ~630 MB; the server kept 430-680 MiB after such a first start
 * against ~345 MiB after a restart. Closing and reopening PGlite in-process, or creating in a
 * worker thread, still left 90-130 MiB more than a restart (memory V8 collects late, malloc's
 * arenas): a process's memory goes back whole when it exits (bench/RESULTS.md).
 */
export async function createPgliteDirectory(dataDir: string, seed: boolean): Promise<void> {
  const child = fork(path.join(__dirname, "create-pglite.js"), [dataDir, String(seed)], { stdio: "inherit" });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`Creating the embedded database in ${dataDir} failed (exit code ${code})`);
}

/** The demonstration data's module, loaded only when asked for (its generator is not needed on a plain start). */
const demoData = () => require("../../seeds/demo") as typeof import("../../seeds/demo");

// Any fixed number: API instances starting together on one PostgreSQL take turns.
const PREPARE_LOCK = 74_112_016;

/**
 * Brings a database up to date: applies the migrations in drizzle/ it has not seen, then
 * (when asked) loads the seed data, and the demonstration data after it, if not there yet.
 * Safe to run on every start. On PostgreSQL, `databaseUrl` is the connection that does this (DATABASE_MIGRATION_URL, the
 * tables' owner, or else DATABASE_URL); when the handle's own connections (the service's)
 * are another role, that role gets exactly the privileges it needs (grantRuntimePrivileges).
 */
export async function prepareDatabase(handle: DatabaseHandle, options: { databaseUrl?: string; seed: boolean; demo?: boolean }) {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as PgliteDatabase, { migrationsFolder });
    if (options.seed) await seedDatabase(handle.db);
    if (options.demo) await demoData().loadDemoData(handle.db);
    return;
  }
  if (!options.databaseUrl) throw new Error("prepareDatabase needs the databaseUrl of a PostgreSQL handle");
  // A session-level advisory lock needs one connection for lock, work and unlock.
  const client = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  const db = drizzlePostgres({ client, casing: "snake_case" });
  try {
    await db.execute(sql`select pg_advisory_lock(${PREPARE_LOCK})`);
    await migratePostgres(db, { migrationsFolder });
    if (options.seed) await seedDatabase(db as Database);
    if (options.demo) await demoData().loadDemoData(db as Database);
    await grantRuntimePrivileges(db as Database, handle.db);
    await db.execute(sql`select pg_advisory_unlock(${PREPARE_LOCK})`);
  } finally {
    await client.end({ timeout: 5 });
  }
}
