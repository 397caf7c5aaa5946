import type { Database } from "../../db/client";
import { loaderOfOne } from "../../lib/loaders";
import { versionsByIds } from "./action-plans.service";

export function createActionPlanLoaders(db: Database) {
  return {
    actionPlanVersionById: loaderOfOne((ids: readonly number[]) => versionsByIds(db, ids), (row) => row.id),
  };
}
