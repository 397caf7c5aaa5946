/**
 * Start-up failures an operator can act on: each ends the process with exit code 1 and one
 * line on stderr saying what is wrong and what to do (no stack), and leaves nothing behind.
 *   - the port is in use: found before any other work, so no data directory is created or locked;
 *   - DATABASE_URL names a server that does not answer (a database that does not exist is
 *     test/startup-problems.test.ts's, on the test PostgreSQL);
 * and, once, that the bundle `npm start` runs serves the schema the sources define (a bundler may
 * rename classes, and type-graphql names GraphQL types after them).
 */
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, repoRoot, runToEnd, serverEntry, spawnServer } from "./helpers/process";

let scratch = "";
let occupied: Server;
let occupiedPort = 0;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "mobility-plan-startup-"));
  occupiedPort = await freePort();
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(occupiedPort, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => occupied.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

/** The server's exit: code, stderr's lines (a stack would be many) and the time it took. */
async function failedStart(env: Record<string, string>) {
  const run = await runToEnd(process.execPath, [serverEntry], { NODE_ENV: "production", ...env }, 30_000);
  return { code: run.code, lines: run.stderr.trim().split("\n"), stdout: run.stdout };
}

it("refuses a port in use before touching the data directory", async () => {
  const dataDir = path.join(scratch, "port-in-use");
  const run = await failedStart({ PORT: String(occupiedPort), DATA_DIR: dataDir });
  expect(run.code).toBe(1);
  expect(run.lines).toEqual([`Port ${occupiedPort} is already in use (another server?): stop it, or set PORT to a free port`]);
  // Nothing was created, so no lock file can be left behind.
  expect(existsSync(dataDir)).toBe(false);
});

it("says in one line that PostgreSQL does not answer", async () => {
  const closedPort = await freePort();
  const run = await failedStart({ PORT: "0", DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/plan` });
  expect(run.code).toBe(1);
  expect(run.lines).toEqual([`Cannot reach PostgreSQL at 127.0.0.1:${closedPort}: is it running, and is DATABASE_URL's host and port right?`]);
});

it("the bundled server serves exactly the committed schema", async () => {
  const server = await spawnServer({ DATA_DIR: path.join(scratch, "bundle-schema"), SEED: "false", NODE_ENV: "production", ALLOW_INTROSPECTION: "true", LOG_LEVEL: "warn" });
  try {
    const response = await fetch(`${server.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: getIntrospectionQuery({ specifiedByUrl: true, inputValueDeprecation: true }) }),
    });
    const { data } = (await response.json()) as { data: IntrospectionQuery };
    // Sorted: the order of types follows the order modules were loaded in, which differs by entry point.
    const sorted = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema));
    const committed = buildSchema(readFileSync(path.join(repoRoot, "schema", "schema.graphql"), "utf8"));
    expect(sorted(buildClientSchema(data))).toBe(sorted(committed));
  } finally {
    await server.kill();
  }
}, 90_000);

describe("npm run token", () => {
  const tokenCli = serverEntry.replace(/index\.js$/, "token-cli.js");
  const token = (...args: string[]) => runToEnd(process.execPath, [tokenCli, ...args], { AUTH_JWT_SECRET: "x".repeat(32) }, 30_000);

  it("--help prints every option", async () => {
    const run = await token("--help");
    expect(run.code).toBe(0);
    for (const option of ["--role", "--signatory", "--sub", "--expires-in", "--help"]) expect(run.stdout).toContain(option);
  });

  it("refuses an unknown signatory or role when signing, in one line", async () => {
    const signatory = await token("--role", "MINISTRY", "--signatory", "XX");
    expect(signatory.code).toBe(1);
    expect(signatory.stdout).toBe("");
    expect(signatory.stderr.trim()).toMatch(/^Unknown signatory "XX": one of [A-Z, ]+$/);
    const role = await token("--role", "ADMIN");
    expect(role.code).toBe(1);
    expect(role.stderr.trim()).toMatch(/^--role must be one of /);
    const signed = await token("--role", "MINISTRY", "--signatory", "pl");
    expect(signed.code).toBe(0);
    expect(signed.stdout.trim().split(".")).toHaveLength(3);
  });
});
