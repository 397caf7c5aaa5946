import { sql, type Placeholder } from "drizzle-orm";
import { BoundedCache, stringBytes } from "../lib/bounded-cache";
import type { Executor } from "./client";
import { withRowMapper } from "./row-mapper";

interface Preparable<Row> {
  prepare(name: string): { execute(placeholders: { ids: readonly number[] }): Promise<Row[]> };
}

/**
 * A DataLoader batch query, `build` given the ids as a placeholder (for `idIn`). drizzle builds
 * its SQL once per database handle rather than on every call (building is more CPU than
 * mapping the rows of a small batch), the statement is prepared on PostgreSQL, and its rows
 * are mapped by a mapper made once (see rowMapper).
 */
export function batchQuery<Row>(name: string, build: (db: Executor, ids: Placeholder) => Preparable<Row>) {
  // Per handle: the application's database, or a transaction (gone with it).
  const prepared = new WeakMap<Executor, ReturnType<Preparable<Row>["prepare"]>>();
  return (db: Executor, ids: readonly number[]): Promise<Row[]> => {
    let query = prepared.get(db);
    if (!query) {
      query = withRowMapper(build(db, sql.placeholder("ids")).prepare(name));
      prepared.set(db, query);
    }
    return query.execute({ ids });
  };
}

/** Column sets kept per batchQueryByColumns: a relation is asked with a few, not thousands. */
const MAX_COLUMN_SETS = 50;
/** A column set's prepared query with its row mapper, estimated. */
const COLUMN_SET_BYTES = 16 * 1024;

/**
 * batchQuery for a relation that loads only the columns its query reads: `build` is also given
 * what is asked of the rows (see rowPropertiesAsked and columnsFor). Each set of columns gets
 * its statement, prepared once; the least recently used set goes first beyond MAX_COLUMN_SETS.
 */
export function batchQueryByColumns<Row>(
  name: string,
  build: (db: Executor, ids: Placeholder, asked: readonly string[]) => Preparable<Row>,
) {
  const byAsked = new BoundedCache<string, (db: Executor, ids: readonly number[]) => Promise<Row[]>>(
    `column-sets:${name}`,
    { maxEntries: MAX_COLUMN_SETS, maxBytes: 2 * MAX_COLUMN_SETS * COLUMN_SET_BYTES },
    (key) => stringBytes(key) + COLUMN_SET_BYTES,
  );
  return (db: Executor, ids: readonly number[], asked: readonly string[]): Promise<Row[]> => {
    const key = asked.join();
    let query = byAsked.get(key);
    if (!query) {
      query = batchQuery(name, (handle, placeholder) => build(handle, placeholder, asked));
      byAsked.set(key, query);
    }
    return query(db, ids);
  };
}
