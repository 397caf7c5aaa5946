import type { Database } from "../../db/client";
import { loaderOfMany } from "../../lib/loaders";
import { membershipsOfMembers, membershipsOfOrganisations } from "./memberships.service";

export function createMembershipLoaders(db: Database) {
  return {
    membershipsByOrganisationId: loaderOfMany(
      (ids: readonly number[]) => membershipsOfOrganisations(db, ids),
      (row) => row.organisationId,
    ),
    membershipsByMemberCode: loaderOfMany((codes: readonly string[]) => membershipsOfMembers(db, codes), (row) => row.memberCode),
  };
}
