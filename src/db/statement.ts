import type { Query, SQL } from "drizzle-orm";
import { PgDialect, type PgPreparedQuery, type PreparedQueryConfig } from "drizzle-orm/pg-core";
import { rowsOf, type Executor } from "./client";
import { sendBefore } from "./statement-deadline";

/** Renders statements as both database handles do (src/db/client.ts: `casing: "snake_case"`). */
const DIALECT = new PgDialect({ casing: "snake_case" });

/**
 * A hand-written statement, its values given by placeholder name (`sql.placeholder`): its text
 * is built once, and it is prepared once on each handle it runs on, the application's database
 * or a transaction. For what drizzle's builders cannot say in one statement (a change with its
 * history, audit record and event, see setMeasureStatus), where building the statement anew on
 * every call would cost more CPU than running it. Cast columns in SQL (::int, ::text, json) so
 * that both drivers give the same types. Sent alone (not in a transaction) with a `deadline`, it
 * is cancelled if still out when the deadline passes (see sendBefore).
 */
export function preparedStatement<Row>(name: string, build: () => SQL) {
  let query: Query | undefined;
  const byHandle = new WeakMap<Executor, PgPreparedQuery<PreparedQueryConfig>>();
  return async (db: Executor, values: Record<string, unknown>, deadline?: AbortSignal): Promise<Row[]> => {
    query ??= DIALECT.sqlToQuery(build());
    let prepared = byHandle.get(db);
    if (!prepared) {
      prepared = db._.session.prepareQuery(query, undefined, name, false);
      byHandle.set(db, prepared);
    }
    const execute = () => prepared.execute(values);
    return rowsOf<Row>(await (deadline ? sendBefore(deadline, execute) : execute()));
  };
}
