import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import type { Money } from "../../graphql/common.types";
import { legalActParties, legalActProvisions, legalActs } from "./legal-acts.tables";
import type { LegalActFilter } from "./legal-acts.types";

export type LegalActRow = typeof legalActs.$inferSelect;
export type LegalActPartyRow = typeof legalActParties.$inferSelect;
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

export async function provisionsOfLegalActs(db: Executor, legalActIds: readonly number[]): Promise<LegalActProvisionRow[]> {
  const rows = await db
    .select()
    .from(legalActProvisions)
    .where(idIn(legalActProvisions.legalActId, legalActIds))
    .orderBy(asc(legalActProvisions.position), asc(legalActProvisions.id));
  // The table's check constraint pairs the two: a currency is there exactly when an amount is.
  return rows.map(({ amount, currency, ...provision }) => ({
    ...provision,
    amount: amount === null ? null : { amount, currency: currency! },
  }));
}
