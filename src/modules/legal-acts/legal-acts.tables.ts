import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
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
import { measures } from "../measures/measures.tables";
import { organisations } from "../organisations/organisations.tables";
import { partnerships } from "../partnerships/partnerships.tables";
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
    /** Where in the source the act is described: a footnote, a section. */
    locator: text(),
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
    /** The provision's validity period, as far as the source gives it; read each date with its precision. */
    effectiveFrom: date({ mode: "string" }),
    effectiveFromPrecision: datePrecisionEnum(),
    effectiveUntil: date({ mode: "string" }),
    effectiveUntilPrecision: datePrecisionEnum(),
    /** The provision this one replaced: Minsk airport's 30 days replaced its 5 days. */
    replacesId: integer().references((): AnyPgColumn => legalActProvisions.id),
    /** A value projected for effectiveFrom, not yet in effect ("20 years by 2025"). */
    isProjection: boolean().notNull().default(false),
    ...provenanceColumns(),
  },
  (t) => [
    currencyCheck("legal_act_provision_currency_format", t.currency),
    check("legal_act_provision_money_pair", sql`(${t.amount} is null) = (${t.currency} is null)`),
    check("legal_act_provision_quantity_unit", sql`(${t.quantity} is null) or (${t.unit} is not null)`),
    check("legal_act_provision_figure_qualified", sql`(${t.quantity} is null and ${t.amount} is null) or ${t.qualifier} is not null`),
    nonBlankCheck("legal_act_provision_text_not_blank", t.text),
    check("legal_act_provision_from_precision", sql`(${t.effectiveFrom} is null) = (${t.effectiveFromPrecision} is null)`),
    check("legal_act_provision_until_precision", sql`(${t.effectiveUntil} is null) = (${t.effectiveUntilPrecision} is null)`),
    check("legal_act_provision_period_order", sql`${t.effectiveUntil} >= ${t.effectiveFrom}`),
    check("legal_act_provision_not_replacing_itself", sql`${t.replacesId} <> ${t.id}`),
    index("legal_act_provision_act_idx").on(t.legalActId, t.position),
  ],
);

/** Organisations involved in an act other than as states: a union party to it, or the frame it was concluded in. */
export const legalActOrganisationRoleEnum = pgEnum("legal_act_organisation_role", ["PARTY", "CONCLUDED_WITHIN"]);

export const legalActOrganisations = pgTable(
  "legal_act_organisation",
  {
    legalActId: integer()
      .notNull()
      .references(() => legalActs.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    role: legalActOrganisationRoleEnum().notNull(),
    ...provenanceColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.legalActId, t.organisationId, t.role] }),
    index("legal_act_organisation_organisation_idx").on(t.organisationId),
  ],
);

/**
 * How a measure or a partnership relates to an act: a measure IMPLEMENTS an agreement (VIS-1,
 * the Visa Facilitation Agreement) or CONCERNS it (BRD-1, local border traffic); a
 * declaration TAKES_INTO_ACCOUNT agreements already signed.
 */
export const legalActRelationEnum = pgEnum("legal_act_relation", ["IMPLEMENTS", "CONCERNS", "TAKES_INTO_ACCOUNT"]);

export const measureLegalActs = pgTable(
  "measure_legal_act",
  {
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    legalActId: integer()
      .notNull()
      .references(() => legalActs.id),
    relation: legalActRelationEnum().notNull(),
    ...provenanceColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.measureId, t.legalActId] }),
    index("measure_legal_act_legal_act_idx").on(t.legalActId),
  ],
);

export const partnershipLegalActs = pgTable(
  "partnership_legal_act",
  {
    partnershipId: integer()
      .notNull()
      .references(() => partnerships.id),
    legalActId: integer()
      .notNull()
      .references(() => legalActs.id),
    relation: legalActRelationEnum().notNull(),
    sourceId: integer().references(() => sources.id),
    /** Where in the source the link is stated. */
    locator: text(),
    ...provenanceColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.partnershipId, t.legalActId] }),
    index("partnership_legal_act_legal_act_idx").on(t.legalActId),
  ],
);
