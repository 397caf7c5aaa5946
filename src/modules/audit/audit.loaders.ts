import { inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { loaderOfOne } from "../../lib/loaders";
import { auditEvents } from "./audit.tables";

export function createAuditLoaders(db: Database) {
  return {
    auditEventById: loaderOfOne(
      (ids: readonly number[]) => db.select().from(auditEvents).where(inArray(auditEvents.id, [...ids])),
      (row) => row.id,
    ),
  };
}
