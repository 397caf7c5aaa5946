import { Column, is, SQL, sql, type Query } from "drizzle-orm";
import { PgDialect, type PgPreparedQuery, type PreparedQueryConfig, type SelectedFields } from "drizzle-orm/pg-core";
import { rowsOf, type Executor } from "./client";
import { rowMapper, type SelectedField } from "./row-mapper";
import { sendBefore } from "./statement-deadline";

/** Renders statements as both database handles do (src/db/client.ts: `casing: "snake_case"`). */
const DIALECT = new PgDialect({ casing: "snake_case" });

/**
 * A hand-written statement, its values given by placeholder name (`sql.placeholder`): its text
 * is built once, and it is prepared once on each handle it runs on, the application's database
 * or a transaction. For what drizzle's builders cannot say in one statement (a change with its
 * history, audit record and event, see setMeasureStatus), where building the statement anew on
 * every call would cost more CPU than running it. Cast columns in SQL (::int, ::text, json) so
 * that both drivers give the same types, or give the `result` selection (drizzle's, such as a
 * select's), which the statement selects last with `selectList(result)`: its rows are then
 * mapped as drizzle maps a select's (src/db/row-mapper.ts). Sent alone (not in a transaction)
 * with a `deadline`, it is cancelled if still out when the deadline passes (see sendBefore).
 */
export function preparedStatement<Row>(name: string, build: () => SQL, result?: SelectedFields) {
  let query: Query | undefined;
  const fields = result && selectedFields(result);
  const mapRows = fields && rowMapper(fields);
  const byHandle = new WeakMap<Executor, PgPreparedQuery<PreparedQueryConfig>>();
  return async (db: Executor, values: Record<string, unknown>, deadline?: AbortSignal): Promise<Row[]> => {
    query ??= DIALECT.sqlToQuery(build());
    let prepared = byHandle.get(db);
    if (!prepared) {
      prepared = fields
        ? db._.session.prepareQuery(query, fields as never, name, true, mapRows as never)
        : db._.session.prepareQuery(query, undefined, name, false);
      byHandle.set(db, prepared);
    }
    const execute = () => prepared.execute(values);
    return rowsOf<Row>(await (deadline ? sendBefore(deadline, execute) : execute()));
  };
}

/** The select list of a statement's `result` (see preparedStatement), in the order its rows are mapped. */
export const selectList = (result: SelectedFields): SQL =>
  sql.join(
    selectedFields(result).map(({ field }) => field as SQL | Column),
    sql`, `,
  );

/** A selection's columns and expressions in order, with their paths in the row (one level of nesting). */
function selectedFields(selection: SelectedFields, path: string[] = []): SelectedField[] {
  return Object.entries(selection).flatMap(([key, field]) =>
    is(field, Column) || is(field, SQL) || is(field, SQL.Aliased)
      ? [{ path: [...path, key], field }]
      : selectedFields(field as SelectedFields, [...path, key]),
  );
}
