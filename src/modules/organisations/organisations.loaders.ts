import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import { childrenOfOrganisations, organisationsByIds } from "./organisations.service";

export function createOrganisationLoaders(db: Database) {
  return {
    organisationById: loaderOfOne((ids: readonly number[]) => organisationsByIds(db, ids), (row) => row.id),
    organisationsByParentId: loaderOfMany(
      (ids: readonly number[]) => childrenOfOrganisations(db, ids),
      // Only rows with this parent come back, so parentId is never null here.
      (row) => row.parentId!,
    ),
  };
}
