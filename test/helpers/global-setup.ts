import "reflect-metadata";
import { PGlite } from "@electric-sql/pglite";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPglite, openPostgres } from "../../src/db/client";
import { prepareDatabase } from "../../src/db/prepare";
import { buildScoreboardClient } from "../../src/web/build-client";
import { databaseUrlFor, onServer, TEMPLATE_ENV, testDatabaseUrl, uniqueDatabaseName } from "./databases";

/**
 * Bundles the scoreboard page (so no test serves a stale one), then migrates and seeds the
 * template database every test file copies (see databases.ts).
 */
export default async function globalSetup(): Promise<void> {
  buildScoreboardClient(path.resolve(__dirname, "..", ".."));
  const serverUrl = testDatabaseUrl();
  if (serverUrl) {
    const template = uniqueDatabaseName("mobility_plan_template");
    await onServer(serverUrl, (sql) => sql.unsafe(`create database "${template}"`));
    const url = databaseUrlFor(serverUrl, template);
    const handle = openPostgres(url);
    try {
      await prepareDatabase(handle, { databaseUrl: url, seed: true });
    } finally {
      await handle.close();
    }
    process.env[TEMPLATE_ENV.postgresTemplate] = template;
    return;
  }
  const client = await PGlite.create();
  const handle = openPglite(client);
  await prepareDatabase(handle, { seed: true });
  const dump = await client.dumpDataDir("none");
  const dumpPath = path.join(tmpdir(), `mobility-plan-template-${process.pid}.tar`);
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  process.env[TEMPLATE_ENV.pgliteDump] = dumpPath;
}
