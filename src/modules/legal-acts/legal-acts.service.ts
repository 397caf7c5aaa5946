import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import type { Money } from "../../graphql/common.types";
import { organisations } from "../organisations/organisations.tables";
import {
  legalActOrganisations,
  legalActParties,
  legalActProvisions,
  legalActs,
  measureLegalActs,
  partnershipLegalActs,
} from "./legal-acts.tables";
import type { LegalActFilter } from "./legal-acts.types";

export type LegalActRow = typeof legalActs.$inferSelect;
export type LegalActPartyRow = typeof legalActParties.$inferSelect;
export type LegalActOrganisationRow = typeof legalActOrganisations.$inferSelect;
export type MeasureLegalActRow = typeof measureLegalActs.$inferSelect;
export type PartnershipLegalActRow = typeof partnershipLegalActs.$inferSelect;
/** A provision as the API serves it: amount and currency make one Money. */
export type LegalActProvisionRow = Omit<typeof legalActProvisions.$inferSelect, "amount" | "currency"> & {
  amount: Money | null;
};

/** Legal acts by code, narrowed by kind and by a party's code. */
export async function listLegalActs(db: Executor, filter: LegalActFilter): Promise<LegalActRow[]> {
  return db
    .select()
    .from(legalActs)
    .where(
      and(
        filter.kind == null ? undefined : eq(legalActs.kind, filter.kind),
        filter.partyCode == null
          ? undefined
          : inArray(
              legalActs.id,
              db
                .select({ id: legalActParties.legalActId })
                .from(legalActParties)
                .where(eq(legalActParties.partyCode, filter.partyCode)),
            ),
        filter.organisationCode == null
          ? undefined
          : inArray(
              legalActs.id,
              db
                .select({ id: legalActOrganisations.legalActId })
                .from(legalActOrganisations)
                .innerJoin(organisations, eq(organisations.id, legalActOrganisations.organisationId))
                .where(eq(organisations.code, filter.organisationCode)),
            ),
      ),
    )
    .orderBy(asc(legalActs.code));
}

export async function findLegalActByCode(db: Executor, code: string): Promise<LegalActRow | null> {
  const [row] = await db.select().from(legalActs).where(eq(legalActs.code, code));
  return row ?? null;
}

// Batch queries behind the DataLoaders; each answers for many acts in one round trip.

export const legalActsByIds = batchQuery("legalActsByIds", (db, ids) =>
  db.select().from(legalActs).where(idIn(legalActs.id, ids)));

export const partiesOfLegalActs = batchQuery<LegalActPartyRow>("partiesOfLegalActs", (db, legalActIds) =>
  db
    .select()
    .from(legalActParties)
    .where(idIn(legalActParties.legalActId, legalActIds))
    .orderBy(asc(legalActParties.partyCode)));

export function provisionsOfLegalActs(db: Executor, legalActIds: readonly number[]): Promise<LegalActProvisionRow[]> {
  return provisionsWhere(db, idIn(legalActProvisions.legalActId, legalActIds));
}

export function provisionsByIds(db: Executor, ids: readonly number[]): Promise<LegalActProvisionRow[]> {
  return provisionsWhere(db, idIn(legalActProvisions.id, ids));
}

async function provisionsWhere(db: Executor, where: SQL): Promise<LegalActProvisionRow[]> {
  const rows = await db
    .select()
    .from(legalActProvisions)
    .where(where)
    .orderBy(asc(legalActProvisions.position), asc(legalActProvisions.id));
  // The table's check constraint pairs the two: a currency is there exactly when an amount is.
  return rows.map(({ amount, currency, ...provision }) => ({
    ...provision,
    amount: amount === null ? null : { amount, currency: currency! },
  }));
}

export const organisationsOfLegalActs = batchQuery<LegalActOrganisationRow>("organisationsOfLegalActs", (db, legalActIds) =>
  db
    .select()
    .from(legalActOrganisations)
    .where(idIn(legalActOrganisations.legalActId, legalActIds))
    .orderBy(asc(legalActOrganisations.organisationId), asc(legalActOrganisations.role)));

/** Each measure's links to legal acts, by the acts' code. */
export const legalActLinksOfMeasures = batchQuery("legalActLinksOfMeasures", (db, measureIds) =>
  db
    .select({ link: measureLegalActs })
    .from(measureLegalActs)
    .innerJoin(legalActs, eq(legalActs.id, measureLegalActs.legalActId))
    .where(idIn(measureLegalActs.measureId, measureIds))
    .orderBy(asc(legalActs.code)));

/** Each act's links to measures, by measure id (creation order). */
export const measureLinksOfLegalActs = batchQuery<MeasureLegalActRow>("measureLinksOfLegalActs", (db, legalActIds) =>
  db
    .select()
    .from(measureLegalActs)
    .where(idIn(measureLegalActs.legalActId, legalActIds))
    .orderBy(asc(measureLegalActs.measureId)));

/** Each partnership's links to legal acts, by the acts' code. */
export const legalActLinksOfPartnerships = batchQuery("legalActLinksOfPartnerships", (db, partnershipIds) =>
  db
    .select({ link: partnershipLegalActs })
    .from(partnershipLegalActs)
    .innerJoin(legalActs, eq(legalActs.id, partnershipLegalActs.legalActId))
    .where(idIn(partnershipLegalActs.partnershipId, partnershipIds))
    .orderBy(asc(legalActs.code)));
