import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { BoundedCache, stringBytes } from "../lib/bounded-cache";
import type { Executor } from "./client";
import { withRowMapper } from "./row-mapper";

/** Puts a request's value into a query: as a parameter of its own (`inline`), or as a placeholder (QueryValues). */
export type Bind = <T>(value: T) => T | Placeholder;

export const inline: Bind = (value) => value;

/**
 * A request's values, bound as placeholders named in the order they are bound: queries of the
 * same shape bind the same names, so one prepared query serves them all (see queryByShape).
 */
export class QueryValues {
  readonly values: Record<string, unknown> = {};
  private bound = 0;

  readonly bind: Bind = (value) => {
    const name = `v${this.bound++}`;
    this.values[name] = value;
    return sql.placeholder(name);
  };
}

interface Prepared<Row> {
  execute(values: Record<string, unknown>): Promise<Row[]>;
}

/** Renders shapes into cache keys; any dialect renders the same shape the same way. */
const KEY_DIALECT = new PgDialect();

/**
 * A select built and prepared once per shape, then run with each request's values. drizzle
 * builds a select's SQL on every call, walking every column of its select list: for a page of
 * 50 projects that cost ~15% of the request's CPU (bench/RESULTS.md). A list instead binds its
 * values (filters, cursor, page size) as placeholders, so that requests with the same filters
 * given, ordering, direction and cursor or not share one statement.
 *
 * `shape` must hold every SQL fragment the select is built from that can change between calls
 * (conditions, boundary, ordering, computed columns). Its key is its text with its parameters:
 * a value that was not bound, and so is written into the statement, is in the key too, so it
 * makes a shape of its own rather than a statement run with a stale value. At most `maxShapes`
 * are kept (least recently used out first), each prepared once per database handle.
 */
export function queryByShape<Row>(name: string, maxShapes = 100) {
  const shapes = new BoundedCache<string, WeakMap<Executor, Prepared<Row>>>(
    `query-shapes:${name}`,
    { maxEntries: maxShapes, maxBytes: 2 * maxShapes * SHAPE_BYTES },
    (key) => stringBytes(key) + SHAPE_BYTES,
  );
  return (db: Executor, shape: (SQL | undefined)[], build: () => PromiseLike<Row[]>, values: QueryValues): Promise<Row[]> => {
    const parts = shape.map((part) => part ?? sql`(none)`);
    const { sql: text, params } = KEY_DIALECT.sqlToQuery(sql.join(parts, sql`\n`));
    const key = `${text}\n${JSON.stringify(params)}`;
    let byHandle = shapes.get(key);
    if (!byHandle) shapes.set(key, (byHandle = new WeakMap()));
    let query = byHandle.get(db);
    if (!query) {
      const select = build() as unknown as { prepare(name: string): Prepared<Row> };
      query = withRowMapper(select.prepare(name));
      byHandle.set(db, query);
    }
    return query.execute(values.values);
  };
}

/** A shape's estimated memory: its key (a few hundred characters of SQL) and its prepared select with a row mapper. */
const SHAPE_BYTES = 16 * 1024;
