import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import { legalActsByIds, partiesOfLegalActs, provisionsOfLegalActs } from "./legal-acts.service";

export function createLegalActLoaders(db: Database) {
  return {
    legalActById: loaderOfOne((ids: readonly number[]) => legalActsByIds(db, ids), (row) => row.id),
    partiesByLegalActId: loaderOfMany((ids: readonly number[]) => partiesOfLegalActs(db, ids), (row) => row.legalActId),
    provisionsByLegalActId: loaderOfMany(
      (ids: readonly number[]) => provisionsOfLegalActs(db, ids),
      (row) => row.legalActId,
    ),
  };
}
