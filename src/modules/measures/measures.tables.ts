import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck, provenanceColumns } from "../../db/columns";
import { partnerships, policyAreas, signatories, themes } from "../partnerships/partnerships.tables";
import { organisations } from "../organisations/organisations.tables";
import { projects } from "../projects/projects.tables";
import { sources } from "../sources/sources.tables";

export const measureStatusEnum = pgEnum("measure_status", [
  "PROPOSED",
  "AGREED",
  "IN_PROGRESS",
  "ON_HOLD",
  "COMPLETED",
  "WITHDRAWN",
]);

/** Completion as assessed, in the Open Government Partnership's scale. */
export const completionLevelEnum = pgEnum("completion_level", ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE"]);

export const responsibilityRoleEnum = pgEnum("responsibility_role", ["LEAD", "CONTRIBUTING"]);

/** A concrete measure of the indicative action plan. */
export const measures = pgTable(
  "measure",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    partnershipId: integer()
      .notNull()
      .references(() => partnerships.id),
    code: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    policyAreaId: integer()
      .notNull()
      .references(() => policyAreas.id),
    /** True where the source does not assign the area: the policy brief assigns none to its recommendations. */
    policyAreaIsAssumption: boolean().notNull().default(false),
    /** What the source does say about the area, where it is an assumption. */
    policyAreaNote: text(),
    status: measureStatusEnum().notNull().default("PROPOSED"),
    completionLevel: completionLevelEnum(),
    deadline: date({ mode: "string" }),
    sourceId: integer().references(() => sources.id),
    /** Where in the source the measure is recommended: a section, a paragraph. */
    locator: text(),
    ...provenanceColumns(),
    /** Row version for optimistic concurrency: every change bumps it. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("measure_code_per_partnership").on(t.partnershipId, t.code),
    codeCheck("measure_code_format", t.code),
    nonBlankCheck("measure_title_not_blank", t.title),
    check("measure_title_length", sql`length(${t.title}) <= 500`),
    check("measure_version_positive", sql`${t.version} > 0`),
    index("measure_policy_area_idx").on(t.policyAreaId),
    index("measure_status_idx").on(t.partnershipId, t.status),
    index("measure_deadline_idx").on(t.deadline),
  ],
);

/** Which signatories lead or contribute to a measure; jointly led measures have several leads. */
export const measureResponsibilities = pgTable(
  "measure_responsibility",
  {
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    signatoryId: integer()
      .notNull()
      .references(() => signatories.id),
    role: responsibilityRoleEnum().notNull(),
    /** Order as the source names them ("EU and BY"). */
    position: smallint().notNull().default(0),
    /** True where the source does not name this signatory: a reasonable reading, flagged. */
    isAssumption: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.measureId, t.signatoryId] }),
    index("measure_responsibility_signatory_idx").on(t.signatoryId, t.role),
  ],
);

/**
 * Organisations that act in a measure beside the signatories, where the source names them: the
 * EAEU with the EU (SOC-4), the Public Bologna Committee in a dialogue (EDU-4).
 */
export const measureOrganisations = pgTable(
  "measure_organisation",
  {
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    role: responsibilityRoleEnum().notNull(),
    /** Order as the source names them. */
    position: smallint().notNull().default(0),
    ...provenanceColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.measureId, t.organisationId] }),
    index("measure_organisation_organisation_idx").on(t.organisationId),
  ],
);

export const measureProjects = pgTable(
  "measure_project",
  {
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.projectId] }), index("measure_project_project_idx").on(t.projectId)],
);

export const measureThemes = pgTable(
  "measure_theme",
  {
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    themeId: integer()
      .notNull()
      .references(() => themes.id),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.themeId] })],
);

/**
 * Every status a measure has had. Append-only: the database refuses UPDATE and DELETE
 * (see the trigger migration), so the history can be trusted by auditors.
 */
export const measureStatusChanges = pgTable(
  "measure_status_change",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    fromStatus: measureStatusEnum(),
    toStatus: measureStatusEnum().notNull(),
    reason: text(),
    actorSub: text().notNull(),
    actorRole: text().notNull(),
    actorSignatoryCode: text(),
    requestId: text(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("measure_status_change_measure_idx").on(t.measureId, t.changedAt)],
);

/** Progress reported on a measure by its lead or contributors (text, optional evidence link). */
export const measureProgressUpdates = pgTable(
  "measure_progress_update",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    text: text().notNull(),
    evidenceUrl: text(),
    actorSub: text().notNull(),
    actorRole: text().notNull(),
    actorSignatoryCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    nonBlankCheck("measure_progress_update_text_not_blank", t.text),
    check("measure_progress_update_evidence_url", sql`${t.evidenceUrl} ~ '^https?://'`),
    index("measure_progress_update_measure_idx").on(t.measureId, t.createdAt),
  ],
);
