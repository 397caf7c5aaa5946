import postgres from "postgres";
import { ConfigError } from "../src/config";
import { StartupError, startupProblem } from "../src/startup-problems";
import { databaseUrlFor, testDatabaseUrl } from "./helpers/databases";

describe("start-up problems an operator can act on", () => {
  it("gives configuration and start-up errors as their message alone", () => {
    expect(startupProblem(new ConfigError(["PORT must be an integer"]), undefined)).toBe("Invalid configuration:\n  - PORT must be an integer");
    expect(startupProblem(new StartupError("Port 4000 is already in use"), undefined)).toBe("Port 4000 is already in use");
  });

  it("leaves anything else to its stack", () => {
    expect(startupProblem(new TypeError("x is undefined"), "postgres://u@h:5432/plan")).toBeUndefined();
  });

  const url = testDatabaseUrl();
  (url ? it : it.skip)("names a database that does not exist and what to run (on the test PostgreSQL)", async () => {
    const missing = databaseUrlFor(url!, "no_such_database_here");
    const sql = postgres(missing, { max: 1, onnotice: () => {} });
    const error = await sql`select 1`.then(() => undefined, (failure: unknown) => failure);
    await sql.end({ timeout: 1 });
    const { host } = new URL(missing);
    expect(startupProblem(error, missing)).toBe(
      `The database "no_such_database_here" does not exist on ${host}: create it (createdb -h ${new URL(missing).hostname} -U postgres no_such_database_here, or CREATE DATABASE "no_such_database_here"), or fix DATABASE_URL`,
    );
  });
});
