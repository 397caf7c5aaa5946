import { rmSync } from "node:fs";
import { onServer, TEMPLATE_ENV, testDatabaseUrl } from "./databases";

export default async function globalTeardown(): Promise<void> {
  const serverUrl = testDatabaseUrl();
  const template = process.env[TEMPLATE_ENV.postgresTemplate];
  if (serverUrl && template) {
    await onServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${template}" with (force)`));
  }
  const dumpPath = process.env[TEMPLATE_ENV.pgliteDump];
  if (dumpPath) rmSync(dumpPath, { force: true });
}
