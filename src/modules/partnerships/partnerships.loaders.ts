import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  listPolicyAreas,
  partnershipsByIds,
  policyAreasByIds,
  signatoriesByIds,
  signatoriesOfPartnerships,
  themesByIds,
} from "./partnerships.service";

export function createPartnershipLoaders(db: Database) {
  return {
    partnershipById: loaderOfOne((ids: readonly number[]) => partnershipsByIds(db, ids), (row) => row.id),
    signatoryById: loaderOfOne((ids: readonly number[]) => signatoriesByIds(db, ids), (row) => row.id),
    policyAreaById: loaderOfOne((ids: readonly number[]) => policyAreasByIds(db, ids), (row) => row.id),
    themeById: loaderOfOne((ids: readonly number[]) => themesByIds(db, ids), (row) => row.id),
    signatoriesByPartnershipId: loaderOfMany(
      (ids: readonly number[]) => signatoriesOfPartnerships(db, ids),
      (row) => row.partnershipId,
    ),
    policyAreasByPartnershipId: loaderOfMany(
      (ids: readonly number[]) => listPolicyAreas(db, { partnershipIds: ids }),
      (row) => row.partnershipId,
    ),
  };
}
