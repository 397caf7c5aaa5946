import { sql } from "drizzle-orm";
import { check, date, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import {
  amountColumn,
  codeCheck,
  currencyCheck,
  currencyColumn,
  nonBlankCheck,
  provenanceColumns,
  qualifierEnum,
} from "../../db/columns";
import { partnerships, signatories } from "../partnerships/partnerships.tables";
import { sources } from "../sources/sources.tables";

export const instrumentKindEnum = pgEnum("instrument_kind", ["FINANCING_INSTRUMENT", "FUND", "FACILITY", "PROGRAMME"]);

/** Where money comes from: ENI, AMIF, ISF, the MPF, Erasmus+, ... */
export const fundingInstruments = pgTable(
  "funding_instrument",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: instrumentKindEnum().notNull(),
    description: text(),
    /** The instrument's period of validity, where the source gives it (ENI: 2014-2020). */
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
  },
  (t) => [
    codeCheck("funding_instrument_code_format", t.code),
    nonBlankCheck("funding_instrument_name_not_blank", t.name),
    check("funding_instrument_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
);

/** An instrument may draw on several parents: the MPF is financed under both AMIF and ISF. */
export const fundingInstrumentParents = pgTable(
  "funding_instrument_parent",
  {
    instrumentId: integer()
      .notNull()
      .references(() => fundingInstruments.id),
    parentId: integer()
      .notNull()
      .references(() => fundingInstruments.id),
  },
  (t) => [
    primaryKey({ columns: [t.instrumentId, t.parentId] }),
    check("funding_instrument_parent_not_self", sql`${t.instrumentId} <> ${t.parentId}`),
  ],
);

/**
 * Money an instrument sets aside over a period, for a partnership or for a country outside
 * any partnership (ENI: over EUR 170 million for bilateral cooperation with Belarus,
 * 2014-2020). Reported beside project funding, never added into it.
 */
export const instrumentAllocations = pgTable(
  "instrument_allocation",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    instrumentId: integer()
      .notNull()
      .references(() => fundingInstruments.id),
    /** Null where the source ties the money to a country or an instrument, not to a partnership. */
    partnershipId: integer().references(() => partnerships.id),
    recipientSignatoryId: integer().references(() => signatories.id),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    amount: amountColumn().notNull(),
    currency: currencyColumn().notNull(),
    qualifier: qualifierEnum().notNull().default("EXACT"),
    asStated: text(),
    sourceId: integer().references(() => sources.id),
    ...provenanceColumns(),
  },
  (t) => [
    currencyCheck("instrument_allocation_currency_format", t.currency),
    check("instrument_allocation_amount_non_negative", sql`${t.amount} >= 0`),
    check("instrument_allocation_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
    check(
      "instrument_allocation_has_beneficiary",
      sql`${t.partnershipId} is not null or ${t.recipientSignatoryId} is not null`,
    ),
  ],
);

/**
 * What one unit of `baseCurrency` is worth in `quoteCurrency` on `rateDate`, with where the
 * figure comes from. Managed by the coordinator; reports convert each transaction at the
 * latest rate on or before its value date.
 */
export const exchangeRates = pgTable(
  "exchange_rate",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    baseCurrency: currencyColumn().notNull(),
    quoteCurrency: currencyColumn().notNull(),
    rateDate: date({ mode: "string" }).notNull(),
    rate: numeric({ precision: 24, scale: 10 }).notNull(),
    source: text().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("exchange_rate_once_a_day").on(t.baseCurrency, t.quoteCurrency, t.rateDate),
    currencyCheck("exchange_rate_base_format", t.baseCurrency),
    currencyCheck("exchange_rate_quote_format", t.quoteCurrency),
    check("exchange_rate_distinct_currencies", sql`${t.baseCurrency} <> ${t.quoteCurrency}`),
    check("exchange_rate_positive", sql`${t.rate} > 0`),
    nonBlankCheck("exchange_rate_source_not_blank", t.source),
  ],
);
