import { sql } from "drizzle-orm";
import { openPostgres, selectRows } from "../src/db/client";
import { openTestDatabase, testDatabaseUrl } from "./helpers/databases";

/**
 * On PostgreSQL, statements are kept prepared on their connection (a text from its second use,
 * a named query always), unless DB_PREPARED_STATEMENTS=false, for poolers that cannot keep
 * them. pg_prepared_statements lists what the connection holds. PGlite prepares nothing, and
 * postgres.js sends a statement without parameters by the simple protocol, never prepared.
 */
const url = testDatabaseUrl();

(url ? describe : describe.skip)("prepared statements on PostgreSQL", () => {
  it.each([true, false])("with preparedStatements %s", async (preparedStatements) => {
    const handle = openPostgres(url!, { poolMax: 1, statementTimeoutMs: 5000, preparedStatements });
    try {
      const named = handle.db
        .select({ one: sql<number>`1` })
        .from(sql`generate_series(1, ${1}::int)`)
        .prepare("named_one");
      for (let use = 0; use < 3; use++) {
        await handle.db.execute(sql`select ${2}::int as two`);
        await named.execute();
      }
      const held = await selectRows<{ statement: string }>(handle.db, sql`select statement from pg_prepared_statements order by statement`);
      // postgres.js prepares its own type lookup once per connection; only ours count here.
      const texts = held.map((row) => row.statement).filter((text) => !text.includes("pg_catalog"));
      if (preparedStatements) {
        expect(texts.some((text) => text.includes("as two"))).toBe(true);
        expect(texts.some((text) => text.includes("generate_series(1, $1::int)"))).toBe(true);
      } else {
        expect(texts).toEqual([]);
      }
    } finally {
      await handle.close();
    }
  });

  it("plans a statement once per connection, not again on every execution", async () => {
    // A lookup of one id by `= any($1)` looks cheaper planned for its value than generically
    // (for an array of unknown length), so PostgreSQL's default mode would plan it anew each time.
    const database = await openTestDatabase();
    const handle = openPostgres(database.url!, { poolMax: 1, statementTimeoutMs: 5000 });
    try {
      const ids = await selectRows<{ id: number }>(handle.db, sql`select id from measure order by id limit 8`);
      expect(ids).toHaveLength(8);
      for (const { id } of ids) await handle.db.execute(sql`select id, title from measure where id = any(${sql.param([id])}::int[])`);
      const [plans] = await selectRows<{ generic: number; custom: number }>(
        handle.db,
        sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
            where statement like '%from measure where id = any($1::int[])%'`,
      );
      // The first use is sent unprepared (preparedStatementPolicy); the other seven run on one plan.
      expect(plans).toEqual({ generic: 7, custom: 0 });
    } finally {
      await handle.close();
      await database.close();
    }
  });
});
