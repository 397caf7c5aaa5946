import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import {
  amountColumn,
  codeCheck,
  currencyCheck,
  currencyColumn,
  datePrecisionEnum,
  nonBlankCheck,
  provenanceColumns,
  qualifierEnum,
} from "../../db/columns";
import { sources } from "../sources/sources.tables";

export const legalActKindEnum = pgEnum("legal_act_kind", [
  "EU_AGREEMENT",
  "BILATERAL_AGREEMENT",
  "MULTILATERAL_AGREEMENT",
  "NATIONAL_LAW",
  "NATIONAL_RULE",
]);

export const legalActStatusEnum = pgEnum("legal_act_status", ["SIGNED", "IN_FORCE", "NOT_IN_FORCE", "NOT_IMPLEMENTED"]);

/**
 * Agreements and national rules that shape mobility: the Visa Facilitation Agreement, local
 * border traffic agreements, Poland's 2018 employment law, social security agreements.
 */
export const legalActs = pgTable(
  "legal_act",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    kind: legalActKindEnum().notNull(),
    status: legalActStatusEnum().notNull(),
    signedOn: date({ mode: "string" }),
    signedOnPrecision: datePrecisionEnum(),
    inForceFrom: date({ mode: "string" }),
    inForceFromPrecision: datePrecisionEnum(),
    sourceId: integer().references(() => sources.id),
    ...provenanceColumns(),
  },
  (t) => [
    codeCheck("legal_act_code_format", t.code),
    nonBlankCheck("legal_act_title_not_blank", t.title),
    check("legal_act_signed_precision", sql`(${t.signedOn} is null) = (${t.signedOnPrecision} is null)`),
    check("legal_act_in_force_precision", sql`(${t.inForceFrom} is null) = (${t.inForceFromPrecision} is null)`),
  ],
);

/** The countries or unions party to an act, by ISO 3166 alpha-2 code ("EU" for the Union). */
export const legalActParties = pgTable(
  "legal_act_party",
  {
    legalActId: integer()
      .notNull()
      .references(() => legalActs.id),
    partyCode: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.legalActId, t.partyCode] }),
    check("legal_act_party_code_format", sql`${t.partyCode} ~ '^[A-Z]{2}$'`),
  ],
);

/**
 * What an act provides, one provision a row, with its figure where it has one: a fee
 * (amount + currency: "EUR 35 instead of EUR 60"), or a quantity with a unit ("270 days").
 */
export const legalActProvisions = pgTable(
  "legal_act_provision",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    legalActId: integer()
      .notNull()
      .references(() => legalActs.id),
    position: smallint().notNull(),
    text: text().notNull(),
    quantity: numeric({ precision: 20, scale: 4 }),
    unit: text(),
    amount: amountColumn(),
    currency: currencyColumn(),
    qualifier: qualifierEnum(),
    asStated: text(),
    effectiveFrom: date({ mode: "string" }),
    ...provenanceColumns(),
  },
  (t) => [
    currencyCheck("legal_act_provision_currency_format", t.currency),
    check("legal_act_provision_money_pair", sql`(${t.amount} is null) = (${t.currency} is null)`),
    check("legal_act_provision_quantity_unit", sql`(${t.quantity} is null) or (${t.unit} is not null)`),
    check("legal_act_provision_figure_qualified", sql`(${t.quantity} is null and ${t.amount} is null) or ${t.qualifier} is not null`),
    nonBlankCheck("legal_act_provision_text_not_blank", t.text),
    index("legal_act_provision_act_idx").on(t.legalActId, t.position),
  ],
);
