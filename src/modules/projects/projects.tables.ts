import { getTableColumns, sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
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
import { fundingInstruments } from "../funding/funding.tables";
import { organisations } from "../organisations/organisations.tables";
import { partnerships, signatories } from "../partnerships/partnerships.tables";
import { sources } from "../sources/sources.tables";

/** IATI ActivityStatus. */
export const projectStatusEnum = pgEnum("project_status", [
  "PIPELINE",
  "IMPLEMENTATION",
  "FINALISATION",
  "CLOSED",
  "CANCELLED",
  "SUSPENDED",
]);

/** IATI OrganisationRole. */
export const organisationRoleEnum = pgEnum("organisation_role", ["FUNDING", "ACCOUNTABLE", "EXTENDING", "IMPLEMENTING"]);

/** IATI TransactionType (the subset a partnership's projects use). */
export const transactionTypeEnum = pgEnum("transaction_type", [
  "INCOMING_FUNDS",
  "OUTGOING_COMMITMENT",
  "DISBURSEMENT",
  "EXPENDITURE",
  "INCOMING_COMMITMENT",
]);

/** IATI BudgetStatus. */
export const budgetStatusEnum = pgEnum("budget_status", ["INDICATIVE", "COMMITTED"]);

export const projects = pgTable(
  "project",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /**
     * Null for a project the source ties to a country or an instrument, not to a partnership
     * (the EU and World Bank Group projects in Belarus): no invented link.
     */
    partnershipId: integer().references(() => partnerships.id),
    /** The country the project is for, where the source names one. */
    recipientSignatoryId: integer().references(() => signatories.id),
    code: text().notNull().unique(),
    title: text().notNull(),
    description: text(),
    status: projectStatusEnum().notNull(),
    instrumentId: integer().references(() => fundingInstruments.id),
    plannedStart: date({ mode: "string" }),
    plannedStartPrecision: datePrecisionEnum(),
    actualStart: date({ mode: "string" }),
    actualStartPrecision: datePrecisionEnum(),
    plannedEnd: date({ mode: "string" }),
    plannedEndPrecision: datePrecisionEnum(),
    actualEnd: date({ mode: "string" }),
    actualEndPrecision: datePrecisionEnum(),
    sourceId: integer().references(() => sources.id),
    ...provenanceColumns(),
    /** Row version for optimistic concurrency: every change bumps it. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    codeCheck("project_code_format", t.code),
    nonBlankCheck("project_title_not_blank", t.title),
    check("project_planned_dates_order", sql`${t.plannedEnd} >= ${t.plannedStart}`),
    check("project_actual_dates_order", sql`${t.actualEnd} >= ${t.actualStart}`),
    check("project_planned_start_precision", sql`(${t.plannedStart} is null) = (${t.plannedStartPrecision} is null)`),
    check("project_actual_start_precision", sql`(${t.actualStart} is null) = (${t.actualStartPrecision} is null)`),
    check("project_planned_end_precision", sql`(${t.plannedEnd} is null) = (${t.plannedEndPrecision} is null)`),
    check("project_actual_end_precision", sql`(${t.actualEnd} is null) = (${t.actualEndPrecision} is null)`),
    check("project_version_positive", sql`${t.version} > 0`),
    check("project_has_home", sql`${t.partnershipId} is not null or ${t.recipientSignatoryId} is not null or ${t.instrumentId} is not null`),
    index("project_partnership_idx").on(t.partnershipId),
    index("project_instrument_idx").on(t.instrumentId),
  ],
);

/** A project's columns by row property, for the selections that read only some of them (columnsFor). */
export const PROJECT_COLUMNS = getTableColumns(projects);

/** Who takes part in a project, and as what; one organisation may hold several roles. */
export const projectParticipants = pgTable(
  "project_participant",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    role: organisationRoleEnum().notNull(),
  },
  (t) => [
    unique("project_participant_role_once").on(t.projectId, t.organisationId, t.role),
    index("project_participant_organisation_idx").on(t.organisationId),
  ],
);

export const projectBudgets = pgTable(
  "project_budget",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    status: budgetStatusEnum().notNull(),
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    valueDate: date({ mode: "string" }).notNull(),
    amount: amountColumn().notNull(),
    currency: currencyColumn().notNull(),
    qualifier: qualifierEnum().notNull().default("EXACT"),
    asStated: text(),
    sourceId: integer().references(() => sources.id),
    ...provenanceColumns(),
  },
  (t) => [
    currencyCheck("project_budget_currency_format", t.currency),
    check("project_budget_amount_non_negative", sql`${t.amount} >= 0`),
    check("project_budget_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("project_budget_project_idx").on(t.projectId),
  ],
);

/**
 * Money that moved. Append-only: a correction is a new entry that reverses an earlier one
 * (negative amount, `reversesId` set), never an edit.
 */
export const projectTransactions = pgTable(
  "project_transaction",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    type: transactionTypeEnum().notNull(),
    valueDate: date({ mode: "string" }).notNull(),
    amount: amountColumn().notNull(),
    currency: currencyColumn().notNull(),
    providerOrganisationId: integer().references(() => organisations.id),
    receiverOrganisationId: integer().references(() => organisations.id),
    description: text(),
    reversesId: integer()
      .unique()
      .references((): AnyPgColumn => projectTransactions.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    currencyCheck("project_transaction_currency_format", t.currency),
    check(
      "project_transaction_sign",
      sql`(${t.reversesId} is null and ${t.amount} > 0) or (${t.reversesId} is not null and ${t.amount} < 0)`,
    ),
    index("project_transaction_project_idx").on(t.projectId, t.valueDate),
  ],
);
