import { PGlite } from "@electric-sql/pglite";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { openPglite, openPostgres, type DatabaseHandle } from "../../src/db/client";

/**
 * Test databases. Global setup migrates and seeds one template; every test file gets its
 * own copy of it, so files never see each other's writes and need no cleanup between tests.
 *   - PGlite (default): the template's data directory is dumped to a file and loaded in memory.
 *   - PostgreSQL (TEST_DATABASE_URL set): CREATE DATABASE ... TEMPLATE, dropped afterwards.
 */

export const TEMPLATE_ENV = {
  pgliteDump: "MOBILITY_PLAN_TEST_PGLITE_DUMP",
  postgresTemplate: "MOBILITY_PLAN_TEST_PG_TEMPLATE",
} as const;

export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL?.trim() || undefined;

/** The URL of another database on the same server as `url`. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export interface TestDatabase extends DatabaseHandle {
  /** Set for PostgreSQL: the URL of this test file's own database. */
  url?: string;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) {
    const dumpPath = process.env[TEMPLATE_ENV.pgliteDump];
    if (!dumpPath) throw new Error("No PGlite template: run the tests through jest (its global setup makes one)");
    const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(dumpPath)]) });
    return openPglite(client);
  }
  const template = process.env[TEMPLATE_ENV.postgresTemplate];
  if (!template) throw new Error("No PostgreSQL template: run the tests through jest (its global setup makes one)");
  const name = uniqueDatabaseName("mobility_plan_test");
  await onServer(serverUrl, (sql) => sql.unsafe(`create database "${name}" template "${template}"`));
  const url = databaseUrlFor(serverUrl, name);
  const handle = openPostgres(url);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await onServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** Runs administrative SQL (create/drop database) on a short-lived connection. */
export async function onServer<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
