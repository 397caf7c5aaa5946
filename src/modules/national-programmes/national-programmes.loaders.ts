import type { Database } from "../../db/client";
import { loaderOfOne } from "../../lib/loaders";
import { nationalProgrammesByIds } from "./national-programmes.service";

export function createNationalProgrammeLoaders(db: Database) {
  return {
    nationalProgrammeById: loaderOfOne((ids: readonly number[]) => nationalProgrammesByIds(db, ids), (row) => row.id),
  };
}
