import type { Database } from "../../db/client";
import { loaderOfOne } from "../../lib/loaders";
import { sourcesByIds } from "./sources.service";

export function createSourceLoaders(db: Database) {
  return {
    sourceById: loaderOfOne((ids: readonly number[]) => sourcesByIds(db, ids), (row) => row.id),
  };
}
