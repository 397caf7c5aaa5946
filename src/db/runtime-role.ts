import { sql } from "drizzle-orm";
import { selectRows, type Database } from "./client";

/**
 * The privileges of the role the service runs as (DATABASE_URL) when migrations run as the
 * tables' owner (DATABASE_MIGRATION_URL). Only an owner may ALTER TABLE ... DISABLE TRIGGER, and
 * only a superuser may SET session_replication_role = replica: a role that is neither cannot
 * switch off the triggers that keep the history append-only, whatever SQL it sends.
 *
 *   - History tables (a row trigger on UPDATE or DELETE runs refuse_history_rewrite, migrations
 *     0001 and 0003): SELECT and INSERT.
 *   - Every other table of the schema: SELECT, INSERT, UPDATE, DELETE (SELECT ... FOR UPDATE
 *     needs UPDATE too). Their own triggers (an adopted plan stays as agreed, migration 0006)
 *     bind this role as they bind everyone.
 *   - Never TRUNCATE, REFERENCES or TRIGGER; no sequences (identity columns need none).
 *
 * Run after every migration (prepareDatabase), in one transaction: everything is revoked and
 * granted again, so a table added later gets its grants and a table made append-only loses
 * UPDATE and DELETE. Does nothing when both URLs connect as the same role (the default).
 * Throws if the runtime role owns the tables, is a member of their owner or is a superuser.
 */
export async function grantRuntimePrivileges(owner: Database, runtime: Database): Promise<void> {
  const role = await currentUser(runtime);
  if (role === (await currentUser(owner))) return;

  const tables = await selectRows<{ name: string; schema: string; appendOnly: boolean; ownedByRuntime: boolean }>(
    owner,
    sql`
      select c.relname as name, current_schema() as schema,
        exists (
          select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
          -- tgtype bits (catalog/pg_trigger.h): 1 for each row, 8 on DELETE, 16 on UPDATE.
          where t.tgrelid = c.oid and p.proname = 'refuse_history_rewrite' and (t.tgtype & 1) <> 0 and (t.tgtype & 24) <> 0
        ) as "appendOnly",
        pg_has_role(${role}, c.relowner, 'MEMBER') as "ownedByRuntime"
      from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      order by c.relname`,
  );
  if (tables.some((table) => table.ownedByRuntime)) {
    throw new Error(
      `DATABASE_URL connects as "${role}", which owns the tables (or is a superuser, or a member of their owner), ` +
        "so it could switch off the triggers that keep the audit trail append-only. Connect as a role that owns " +
        'nothing (README, "A role that owns nothing"), or leave DATABASE_MIGRATION_URL unset.',
    );
  }
  const schema = sql.identifier(tables[0]?.schema ?? "public");
  const grantee = sql.identifier(role);
  const history = tables.filter((table) => table.appendOnly);
  const others = tables.filter((table) => !table.appendOnly);
  const names = (some: typeof tables) => sql.join(some.map((table) => sql`${schema}.${sql.identifier(table.name)}`), sql`, `);
  await owner.transaction(async (tx) => {
    await tx.execute(sql`revoke all on all tables in schema ${schema} from ${grantee}`);
    await tx.execute(sql`grant usage on schema ${schema} to ${grantee}`);
    if (others.length) await tx.execute(sql`grant select, insert, update, delete on table ${names(others)} to ${grantee}`);
    if (history.length) await tx.execute(sql`grant select, insert on table ${names(history)} to ${grantee}`);
  });
}

async function currentUser(db: Database): Promise<string> {
  const [row] = await selectRows<{ role: string }>(db, sql`select current_user as role`);
  return row!.role;
}
