import { and, asc, eq, getTableColumns, gte, inArray, lte, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import type { Money } from "../../graphql/common.types";
import { pageOfRows, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { partnerships } from "../partnerships/partnerships.tables";
import { exchangeRates, fundingInstrumentParents, fundingInstruments, instrumentAllocations } from "./funding.tables";

export type FundingInstrumentRow = typeof fundingInstruments.$inferSelect;

const { amount, currency, ...allocationColumns } = getTableColumns(instrumentAllocations);

/** An allocation as the API serves it: amount and currency travel together as Money. */
const allocationSelection = { ...allocationColumns, amount: { amount, currency } };

export type InstrumentAllocationRow = Omit<typeof instrumentAllocations.$inferSelect, "amount" | "currency"> & {
  amount: Money;
};

/**
 * Every instrument, by code. Async because a drizzle query runs again on every then(), and
 * Apollo's resolver instrumentation calls then() besides graphql-js: a real Promise runs it once.
 */
export async function listFundingInstruments(db: Executor): Promise<FundingInstrumentRow[]> {
  return db.select().from(fundingInstruments).orderBy(asc(fundingInstruments.code));
}

export async function findFundingInstrumentByCode(db: Executor, code: string): Promise<FundingInstrumentRow | null> {
  const [row] = await db.select().from(fundingInstruments).where(eq(fundingInstruments.code, code));
  return row ?? null;
}

// Batch queries behind the DataLoaders.

export const fundingInstrumentsByIds = batchQuery<FundingInstrumentRow>("fundingInstrumentsByIds", (db, ids) =>
  db.select().from(fundingInstruments).where(idIn(fundingInstruments.id, ids)));

/** The instruments each instrument is financed under, by code. */
export const parentsOfInstruments = batchQuery("parentsOfInstruments", (db, instrumentIds) =>
  db
    .select({ instrumentId: fundingInstrumentParents.instrumentId, parent: fundingInstruments })
    .from(fundingInstrumentParents)
    .innerJoin(fundingInstruments, eq(fundingInstruments.id, fundingInstrumentParents.parentId))
    .where(idIn(fundingInstrumentParents.instrumentId, instrumentIds))
    .orderBy(asc(fundingInstruments.code)));

/** The instruments financed under each instrument, by code. */
export const childrenOfInstruments = batchQuery("childrenOfInstruments", (db, parentIds) =>
  db
    .select({ parentId: fundingInstrumentParents.parentId, child: fundingInstruments })
    .from(fundingInstrumentParents)
    .innerJoin(fundingInstruments, eq(fundingInstruments.id, fundingInstrumentParents.instrumentId))
    .where(idIn(fundingInstrumentParents.parentId, parentIds))
    .orderBy(asc(fundingInstruments.code)));

export const allocationsByIds = batchQuery<InstrumentAllocationRow>("allocationsByIds", (db, ids) =>
  db.select(allocationSelection).from(instrumentAllocations).where(idIn(instrumentAllocations.id, ids)));

export const allocationsOfInstruments = (
  db: Executor,
  instrumentIds: readonly number[],
): Promise<InstrumentAllocationRow[]> =>
  db
    .select(allocationSelection)
    .from(instrumentAllocations)
    .where(idIn(instrumentAllocations.instrumentId, instrumentIds))
    .orderBy(asc(instrumentAllocations.periodStart), asc(instrumentAllocations.id));

/**
 * Allocations overlapping a period, of some instruments and partnerships: reported beside a
 * funding summary, never added into it. With a partnership, only the allocations made to it.
 */
export async function allocationsInScope(
  db: Executor,
  scope: { instrumentCodes?: string[] | null; partnershipCode?: string | null; from?: string | null; to?: string | null },
): Promise<InstrumentAllocationRow[]> {
  return db
    .select(allocationSelection)
    .from(instrumentAllocations)
    .innerJoin(fundingInstruments, eq(fundingInstruments.id, instrumentAllocations.instrumentId))
    // An allocation outside any partnership (ENI's, for a country) is in scope unless a partnership is asked for.
    .leftJoin(partnerships, eq(partnerships.id, instrumentAllocations.partnershipId))
    .where(
      and(
        scope.instrumentCodes == null ? undefined : inArray(fundingInstruments.code, scope.instrumentCodes),
        scope.partnershipCode == null ? undefined : eq(partnerships.code, scope.partnershipCode),
        scope.from == null ? undefined : gte(instrumentAllocations.periodEnd, scope.from),
        scope.to == null ? undefined : lte(instrumentAllocations.periodStart, scope.to),
      ),
    )
    .orderBy(asc(fundingInstruments.code), asc(instrumentAllocations.periodStart), asc(instrumentAllocations.id));
}

export type ExchangeRateRow = typeof exchangeRates.$inferSelect;

export interface ExchangeRateFilter {
  baseCurrency?: string | null;
  quoteCurrency?: string | null;
}

const LATEST_FIRST: SortKey<ExchangeRateRow> = {
  name: "RATE_DATE",
  expression: sql`${exchangeRates.rateDate}`,
  property: "rateDate",
  valueOf: (rate) => rate.rateDate,
  sqlType: "date",
};

/** Exchange rates, latest rate date first, one page at a time. Throws BAD_USER_INPUT for invalid page arguments or cursors. */
export function listExchangeRates(
  db: Executor,
  filter: ExchangeRateFilter,
  page: PageArgs,
  asked: { totalCount: boolean },
): Promise<Connection<ExchangeRateRow>> {
  const where = and(
    filter.baseCurrency == null ? undefined : eq(exchangeRates.baseCurrency, filter.baseCurrency),
    filter.quoteCurrency == null ? undefined : eq(exchangeRates.quoteCurrency, filter.quoteCurrency),
  );
  return pageOfRows(db, exchangeRates, { where, args: page, sortKey: LATEST_FIRST, direction: "DESC", totalCount: asked.totalCount });
}

export const exchangeRatesByIds = batchQuery<ExchangeRateRow>("exchangeRatesByIds", (db, ids) =>
  db.select().from(exchangeRates).where(idIn(exchangeRates.id, ids)));
