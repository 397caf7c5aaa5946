import { sql } from "drizzle-orm";
import { openPostgres, type DatabaseHandle } from "../src/db/client";
import { prepareDatabase } from "../src/db/prepare";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { COORDINATOR } from "./helpers/claims";
import { countRows, createMeasure } from "./helpers/factories";
import { onServer, openTestDatabase, testDatabaseUrl, uniqueDatabaseName, type TestDatabase } from "./helpers/databases";
import { startTestServer, type TestServer } from "./helpers/server";
import { toGlobalId } from "../src/lib/global-id";

// DATABASE_MIGRATION_URL: migrations as the tables' owner, the service as a role that owns
// nothing. Roles and ownership are PostgreSQL's; PGlite runs as its one superuser.
const serverUrl = testDatabaseUrl();

/** A URL of `url`'s database for another role (trust authentication, as in the test cluster). */
function urlAs(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = "";
  return parsed.toString();
}

(serverUrl ? describe : describe.skip)("the service as a role that owns nothing (PostgreSQL)", () => {
  const role = uniqueDatabaseName("mobility_plan_api");
  let owned: TestDatabase;
  let runtime: DatabaseHandle;
  let server: TestServer;

  beforeAll(async () => {
    owned = await openTestDatabase();
    await onServer(serverUrl!, (admin) => admin.unsafe(`create role "${role}" login`));
    runtime = openPostgres(urlAs(owned.url!, role));
    // As start-up does with DATABASE_URL (the runtime role) and DATABASE_MIGRATION_URL (the owner).
    await prepareDatabase(runtime, { databaseUrl: owned.url, seed: true });
    server = await startTestServer({ database: runtime });
  });
  afterAll(async () => {
    await server?.stop();
    await owned?.close();
    await onServer(serverUrl!, (admin) => admin.unsafe(`drop role if exists "${role}"`));
  });

  // The append-only tables (migrations 0001 and 0003), each with a column to rewrite.
  const HISTORY = [
    ["audit_event", "actor_sub"],
    ["measure_status_change", "reason"],
    ["measure_progress_update", "text"],
  ];

  it.each([
    ...HISTORY.flatMap(([table, column]) => [
      `alter table ${table} disable trigger all`,
      `update ${table} set ${column} = 'rewritten'`,
      `delete from ${table}`,
      `truncate ${table}`,
    ]),
    "alter table audit_event disable trigger audit_event_append_only",
    "drop trigger audit_event_append_only on audit_event",
    "alter table action_plan_entry disable trigger action_plan_entry_frozen_once_adopted",
    "alter table audit_event owner to current_user",
    "create or replace function refuse_history_rewrite() returns trigger language plpgsql as $$ begin return new; end $$",
    "set session_replication_role = replica",
    "truncate measure",
  ])("cannot: %s", async (statement) => {
    await expect(runtime.db.execute(sql.raw(statement))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/^(permission denied|must be owner)/) }),
    });
  });

  it("serves reads, and writes a change with its audit row", async () => {
    const code = (await server.query(`{ measures(first: 1) { nodes { code } } }`)).measures.nodes[0].code;
    expect(code).toEqual(expect.any(String));
    const measureId = toGlobalId("Measure", await createMeasure(owned.db));
    const auditBefore = await countRows(owned.db, auditEvents);
    const result = await server.requestAs<any>(
      COORDINATOR,
      `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status version } } }`,
      { input: { measureId, status: "AGREED", expectedVersion: 1 } },
      { "idempotency-key": `runtime-${role}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.setMeasureStatus.measure).toEqual({ status: "AGREED", version: 2 });
    expect(await countRows(owned.db, auditEvents)).toBe(auditBefore + 1);
  });

  it("gets its grants again after every migration: a new table is writable, a new history table append-only", async () => {
    await owned.db.execute(sql`create table later_notes (id integer primary key generated always as identity, note text)`);
    await owned.db.execute(sql`create table later_history (id integer primary key generated always as identity, note text)`);
    await owned.db.execute(sql`create trigger later_history_append_only before update or delete on later_history
      for each row execute function refuse_history_rewrite()`);
    await prepareDatabase(runtime, { databaseUrl: owned.url, seed: false });
    for (const statement of [
      "insert into later_notes (note) values ('a')",
      "update later_notes set note = 'b'",
      "delete from later_notes",
      "insert into later_history (note) values ('a')",
      "select count(*) from later_history",
    ]) {
      await runtime.db.execute(sql.raw(statement));
    }
    for (const statement of ["update later_history set note = 'b'", "delete from later_history"]) {
      await expect(runtime.db.execute(sql.raw(statement))).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/^permission denied/) }) });
    }
  });

  it("refuses to start as a runtime role that could switch the triggers off", async () => {
    const superuser = uniqueDatabaseName("mobility_plan_super");
    await onServer(serverUrl!, (admin) => admin.unsafe(`create role "${superuser}" login superuser`));
    const handle = openPostgres(urlAs(owned.url!, superuser));
    try {
      await expect(prepareDatabase(handle, { databaseUrl: owned.url, seed: false })).rejects.toThrow(
        `DATABASE_URL connects as "${superuser}", which owns the tables (or is a superuser, or a member of their owner)`,
      );
    } finally {
      await handle.close();
      await onServer(serverUrl!, (admin) => admin.unsafe(`drop role "${superuser}"`));
    }
  });
});
