import { ConfigError } from "./config";
import { DataDirectoryInUseError } from "./db/pglite-lock";
import { isConnectionError, sqlStateOf } from "./db/errors";

/** A start-up failure an operator fixes; its message alone says what to do. */
export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The one line to print when start-up fails for a reason an operator can act on (configuration,
 * port, data directory, the database named in DATABASE_URL); undefined for anything else, which
 * keeps its stack.
 */
export function startupProblem(error: unknown, databaseUrl: string | undefined): string | undefined {
  if (error instanceof ConfigError || error instanceof DataDirectoryInUseError || error instanceof StartupError) return error.message;
  if (databaseUrl === undefined) return undefined;
  const { host, database, user } = describeUrl(databaseUrl);
  switch (sqlStateOf(error)) {
    case "3D000":
      return `The database "${database}" does not exist on ${host}: create it (createdb -h ${hostname(host)} -U ${user} ${database}, or CREATE DATABASE "${database}"), or fix DATABASE_URL`;
    case "28000":
    case "28P01":
      return `PostgreSQL at ${host} refused user "${user}" (authentication failed): check DATABASE_URL's user and password`;
    case "42501":
      return `User "${user}" may not create tables in "${database}" on ${host}: grant it the rights to migrate, or set DATABASE_URL to the owner`;
  }
  if (isConnectionError(error)) return `Cannot reach PostgreSQL at ${host}: is it running, and is DATABASE_URL's host and port right?`;
  return undefined;
}

function describeUrl(url: string): { host: string; database: string; user: string } {
  const parsed = new URL(url);
  return {
    host: parsed.host || "localhost",
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || "postgres",
    user: decodeURIComponent(parsed.username) || "postgres",
  };
}

const hostname = (host: string) => host.replace(/:\d+$/, "");
