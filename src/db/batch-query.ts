import { sql, type Placeholder } from "drizzle-orm";
import type { Executor } from "./client";

interface Preparable<Row> {
  prepare(name: string): { execute(placeholders: { ids: readonly number[] }): Promise<Row[]> };
}

/**
 * A DataLoader batch query, `build` given the ids as a placeholder (for `idIn`). drizzle builds
 * its SQL once per database handle rather than on every call (building is more CPU than
 * mapping the rows of a small batch), and the statement is prepared on PostgreSQL.
 */
export function batchQuery<Row>(name: string, build: (db: Executor, ids: Placeholder) => Preparable<Row>) {
  // Per handle: the application's database, or a transaction (gone with it).
  const prepared = new WeakMap<Executor, ReturnType<Preparable<Row>["prepare"]>>();
  return (db: Executor, ids: readonly number[]): Promise<Row[]> => {
    let query = prepared.get(db);
    if (!query) {
      query = build(db, sql.placeholder("ids")).prepare(name);
      prepared.set(db, query);
    }
    return query.execute({ ids });
  };
}
