import { sql } from "drizzle-orm";
import { openPostgres, selectRows } from "../src/db/client";
import { testDatabaseUrl } from "./helpers/databases";

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
});
