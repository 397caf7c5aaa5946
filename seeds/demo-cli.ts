import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../src/config";
import { openPglite, openPostgres } from "../src/db/client";
import { sqlStateOf } from "../src/db/errors";
import { DataDirectoryInUseError } from "../src/db/pglite-lock";
import { prepareDatabase } from "../src/db/prepare";
import { loadDemoData, removeDemoData } from "./demo";

/**
 * `npm run seed:demo` loads the demonstration data (seeds/demo.ts) into the configured
 * database, DATABASE_URL or else PGlite in DATA_DIR, after migrating it and loading the
 * brief's seed if they are missing. `npm run seed:demo -- --remove` deletes it again.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { remove: { type: "boolean", default: false } } });
  const config = parseConfig(process.env);
  const database = config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
  try {
    if (values.remove) {
      const removed = await removeDemoData(database.db);
      console.log(
        removed.length
          ? `Removed the demonstration data (${removed.join(", ")}) from ${database.description}`
          : `No demonstration data in ${database.description}: nothing to remove`,
      );
      return;
    }
    await prepareDatabase(database, { databaseUrl: config.databaseUrl, seed: true });
    const loaded = await loadDemoData(database.db);
    console.log(
      loaded.length
        ? `Loaded the demonstration data (${loaded.join(", ")}) into ${database.description}; remove it with npm run seed:demo -- --remove`
        : `The demonstration data is already in ${database.description}: nothing loaded`,
    );
  } finally {
    await database.close();
  }
}

/** Problems an operator fixes get a sentence saying what to do, not a stack. */
function explain(error: unknown): string {
  if (error instanceof DataDirectoryInUseError) {
    return `${error.message}. PGlite allows one process at a time: stop the server, run this again, then start the server (or start it with SEED=demo).`;
  }
  if (sqlStateOf(error) === "42501") {
    return "Removing the demonstration data deletes history the database keeps append-only; only the owner of the tables (the role that ran the migrations) may do that. Run it with a DATABASE_URL of that role.";
  }
  return error instanceof ConfigError || error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  console.error(explain(error));
  process.exit(1);
});
