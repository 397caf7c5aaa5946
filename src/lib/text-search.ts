import { ilike, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { inline, type Bind } from "../db/query-shapes";

/**
 * Case-insensitive "contains" over several columns, for search boxes. %, _ and \ in the
 * user's text match themselves rather than acting as wildcards.
 */
export function containsText(text: string, columns: AnyPgColumn[], bind: Bind = inline): SQL | undefined {
  const pattern = bind(`%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
  return or(...columns.map((column) => ilike(column, pattern)));
}
