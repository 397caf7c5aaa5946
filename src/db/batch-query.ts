import { sql, type Placeholder } from "drizzle-orm";
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
