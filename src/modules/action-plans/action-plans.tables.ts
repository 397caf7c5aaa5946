import { sql } from "drizzle-orm";
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { nonBlankCheck } from "../../db/columns";
import { measures, responsibilityRoleEnum } from "../measures/measures.tables";
import { partnerships, policyAreas, signatories } from "../partnerships/partnerships.tables";

export const actionPlanStatusEnum = pgEnum("action_plan_status", ["DRAFT", "ADOPTED", "SUPERSEDED"]);

/**
 * One version of a partnership's indicative action plan: a DRAFT the coordinator edits, then
 * ADOPTED (one per partnership at a time), then SUPERSEDED by the next adopted one. Once
 * adopted, its content (the entries below) is frozen by the database; see migration 0006.
 */
export const actionPlanVersions = pgTable(
  "action_plan_version",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    partnershipId: integer()
      .notNull()
      .references(() => partnerships.id),
    /** 1, 2, 3... within the partnership, in the order the drafts were opened. */
    number: integer().notNull(),
    status: actionPlanStatusEnum().notNull().default("DRAFT"),
    /** The adopted version this draft was opened from; null for the first. */
    basedOnId: integer(),
    note: text(),
    /** Bumped by every draft edit; adoption and edits take it back as expectedRevision. */
    revision: integer().notNull().default(1),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    openedBySub: text().notNull(),
    adoptedAt: timestamp({ withTimezone: true }),
    adoptedBySub: text(),
    supersededAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("action_plan_version_number").on(t.partnershipId, t.number),
    foreignKey({ name: "action_plan_version_based_on_fk", columns: [t.basedOnId], foreignColumns: [t.id] }),
    // One adopted version and one open draft per partnership, whatever races the application loses.
    uniqueIndex("action_plan_one_adopted").on(t.partnershipId).where(sql`${t.status} = 'ADOPTED'`),
    uniqueIndex("action_plan_one_draft").on(t.partnershipId).where(sql`${t.status} = 'DRAFT'`),
    check("action_plan_version_number_positive", sql`${t.number} > 0`),
    check(
      "action_plan_version_dates",
      sql`(${t.status} = 'DRAFT' and ${t.adoptedAt} is null and ${t.supersededAt} is null)
        or (${t.status} = 'ADOPTED' and ${t.adoptedAt} is not null and ${t.supersededAt} is null)
        or (${t.status} = 'SUPERSEDED' and ${t.adoptedAt} is not null and ${t.supersededAt} is not null)`,
    ),
  ],
);

/**
 * A measure as one version of the plan states it: its wording, area, deadline and
 * responsibilities as agreed (or drafted). The measure itself carries the living state
 * (status, history, progress). An entry with a withdrawal reason records that this version
 * withdrew the measure.
 */
export const actionPlanEntries = pgTable(
  "action_plan_entry",
  {
    versionId: integer()
      .notNull()
      .references(() => actionPlanVersions.id),
    measureId: integer()
      .notNull()
      .references(() => measures.id),
    title: text().notNull(),
    description: text().notNull(),
    policyAreaId: integer()
      .notNull()
      .references(() => policyAreas.id),
    deadline: date({ mode: "string" }),
    withdrawalReason: text(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.measureId] }),
    nonBlankCheck("action_plan_entry_title_not_blank", t.title),
    check("action_plan_entry_withdrawal_reason", sql`${t.withdrawalReason} is null or length(btrim(${t.withdrawalReason})) > 0`),
    index("action_plan_entry_measure_idx").on(t.measureId),
  ],
);

/** Who leads and contributes to a measure in one version of the plan. */
export const actionPlanEntryResponsibilities = pgTable(
  "action_plan_entry_responsibility",
  {
    versionId: integer().notNull(),
    measureId: integer().notNull(),
    signatoryId: integer()
      .notNull()
      .references(() => signatories.id),
    role: responsibilityRoleEnum().notNull(),
    position: smallint().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.measureId, t.signatoryId] }),
    foreignKey({
      name: "action_plan_entry_responsibility_entry_fk",
      columns: [t.versionId, t.measureId],
      foreignColumns: [actionPlanEntries.versionId, actionPlanEntries.measureId],
    }).onDelete("cascade"),
    index("action_plan_entry_responsibility_signatory_idx").on(t.signatoryId, t.role),
  ],
);
