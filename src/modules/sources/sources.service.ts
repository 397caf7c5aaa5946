import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { sources } from "./sources.tables";

export type SourceRow = typeof sources.$inferSelect;

export function listSources(db: Executor): Promise<SourceRow[]> {
  return db.select().from(sources).orderBy(asc(sources.code));
}

export async function findSourceByCode(db: Executor, code: string): Promise<SourceRow | null> {
  const [row] = await db.select().from(sources).where(eq(sources.code, code));
  return row ?? null;
}

export const sourcesByIds = batchQuery("sourcesByIds", (db, ids) =>
  db.select().from(sources).where(idIn(sources.id, ids)));
