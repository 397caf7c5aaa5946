import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { organisations } from "../organisations/organisations.tables";
import { memberships } from "./memberships.tables";
import type { MembershipFilter } from "./memberships.types";

export type MembershipRow = typeof memberships.$inferSelect;

/** Memberships by organisation code, then member; an unknown organisation matches none. */
export async function listMemberships(db: Executor, filter: MembershipFilter): Promise<MembershipRow[]> {
  return db
    .select({ membership: memberships })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        filter.organisationCode == null ? undefined : eq(organisations.code, filter.organisationCode),
        filter.memberCode == null ? undefined : eq(memberships.memberCode, filter.memberCode),
      ),
    )
    .orderBy(asc(organisations.code), asc(memberships.memberCode))
    .then((rows) => rows.map((row) => row.membership));
}

export const membershipsOfOrganisations = batchQuery<MembershipRow>("membershipsOfOrganisations", (db, ids) =>
  db.select().from(memberships).where(idIn(memberships.organisationId, ids)).orderBy(asc(memberships.memberCode)));

/** The memberships of each state, by the union's code. */
export function membershipsOfMembers(db: Executor, memberCodes: readonly string[]): Promise<MembershipRow[]> {
  return db
    .select({ membership: memberships })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(inArray(memberships.memberCode, [...memberCodes]))
    .orderBy(asc(organisations.code))
    .then((rows) => rows.map((row) => row.membership));
}
