import { idIn } from "../../db/id-in";
import type { Database } from "../../db/client";
import { loaderOfOne } from "../../lib/loaders";
import { auditEvents } from "./audit.tables";

export function createAuditLoaders(db: Database) {
  return {
    auditEventById: loaderOfOne(
      (ids: readonly number[]) => db.select().from(auditEvents).where(idIn(auditEvents.id, ids)),
      (row) => row.id,
    ),
  };
}
