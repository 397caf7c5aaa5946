import { and, asc, count, eq, getTableColumns, gt, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { containsText } from "../../lib/text-search";
import { paginate, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { partnerships, policyAreas, signatories, themes } from "../partnerships/partnerships.tables";
import { projectBudgets, projects, projectTransactions } from "../projects/projects.tables";
import {
  measureProgressUpdates,
  measureProjects,
  measureResponsibilities,
  measures,
  measureStatusChanges,
  measureThemes,
} from "./measures.tables";
import { MeasureOrderField, type MeasureFilter, type MeasureOrder } from "./measures.types";

/** Statuses in which a measure can no longer be overdue. */
const CLOSED_STATUSES = ["COMPLETED", "WITHDRAWN"] as const;

// "Overdue" is derived from the deadline by the database clock, never stored.
const overdue = sql<boolean>`coalesce(${measures.deadline} < current_date and ${notInArray(measures.status, [...CLOSED_STATUSES])}, false)`;

// A linked project with any budget line or transaction (reversed or not): money is planned or moved.
const hasFunding = sql`exists (
  select 1 from ${measureProjects}
  where ${measureProjects.measureId} = ${measures.id}
    and (exists (select 1 from ${projectBudgets} where ${projectBudgets.projectId} = ${measureProjects.projectId})
      or exists (select 1 from ${projectTransactions} where ${projectTransactions.projectId} = ${measureProjects.projectId})))`;

/** The columns of a measure as the API serves it. */
const measureSelection = { ...getTableColumns(measures), overdue };

export type MeasureRow = typeof measures.$inferSelect & { overdue: boolean };

const SORT_KEYS: Record<MeasureOrderField, SortKey<MeasureRow>> = {
  CODE: { name: "CODE", expression: sql`${measures.code}`, valueOf: (m) => m.code, sqlType: "text" },
  TITLE: { name: "TITLE", expression: sql`${measures.title}`, valueOf: (m) => m.title, sqlType: "text" },
  DEADLINE: {
    name: "DEADLINE",
    // 'infinity' sorts measures without a deadline last and keeps the keyset comparison total.
    expression: sql`coalesce(${measures.deadline}, 'infinity'::date)`,
    valueOf: (m) => m.deadline ?? "infinity",
    sqlType: "date",
  },
};

const DEFAULT_ORDER: MeasureOrder = { field: MeasureOrderField.CODE, direction: "ASC" as MeasureOrder["direction"] };

/** Measures matching `filter`, one page at a time. */
export function listMeasures(
  db: Executor,
  filter: MeasureFilter | null | undefined,
  order: MeasureOrder | null | undefined,
  page: PageArgs,
): Promise<Connection<MeasureRow>> {
  const where = measureConditions(filter ?? {});
  const { field, direction } = order ?? DEFAULT_ORDER;
  return paginate<MeasureRow>({
    args: page,
    sortKey: SORT_KEYS[field],
    direction,
    idExpression: sql`${measures.id}`,
    idOf: (m) => m.id,
    fetch: (boundary, orderBy, limit) =>
      db
        .select(measureSelection)
        .from(measures)
        .where(and(where, boundary))
        .orderBy(...orderBy)
        .limit(limit),
    count: async () => {
      const [row] = await db.select({ total: count() }).from(measures).where(where);
      return row?.total ?? 0;
    },
  });
}

/**
 * Measures matching `filter` with an id above `afterId`, by id, at most `limit`: keyset
 * batches for exports, which read every row once without holding them all.
 */
export async function measuresAfterId(
  db: Executor,
  filter: MeasureFilter | null | undefined,
  afterId: number,
  limit: number,
): Promise<MeasureRow[]> {
  return db
    .select(measureSelection)
    .from(measures)
    .where(and(measureConditions(filter ?? {}), gt(measures.id, afterId)))
    .orderBy(asc(measures.id))
    .limit(limit);
}

function measureConditions(filter: MeasureFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.partnershipCode != null) {
    conditions.push(
      // "= (scalar)" rather than "in (...)": codes are unique, and the planner can then walk the
      // (partnership, code) index and stop after one page instead of sorting the partnership.
      sql`${measures.partnershipId} = (select ${partnerships.id} from ${partnerships} where ${partnerships.code} = ${filter.partnershipCode})`,
    );
  }
  if (filter.statuses != null) {
    // An empty list asks for no status at all: no rows, rather than a SQL error.
    conditions.push(filter.statuses.length ? inArray(measures.status, filter.statuses) : sql`false`);
  }
  if (filter.policyAreaCode != null) {
    conditions.push(
      sql`${measures.policyAreaId} in (select ${policyAreas.id} from ${policyAreas} where ${policyAreas.code} = ${filter.policyAreaCode})`,
    );
  }
  if (filter.leadSignatoryCode != null) {
    conditions.push(hasResponsibleSignatory(filter.leadSignatoryCode, sql` and ${measureResponsibilities.role} = 'LEAD'`));
  }
  if (filter.responsibleSignatoryCode != null) {
    conditions.push(hasResponsibleSignatory(filter.responsibleSignatoryCode, sql``));
  }
  if (filter.themeCode != null) {
    conditions.push(sql`exists (
      select 1 from ${measureThemes} join ${themes} on ${themes.id} = ${measureThemes.themeId}
      where ${measureThemes.measureId} = ${measures.id} and ${themes.code} = ${filter.themeCode})`);
  }
  const search = filter.search?.trim();
  if (search) {
    conditions.push(containsText(search, measures.code, measures.title, measures.description));
  }
  if (filter.overdue != null) {
    conditions.push(filter.overdue ? overdue : sql`not ${overdue}`);
  }
  if (filter.hasFunding != null) {
    conditions.push(filter.hasFunding ? hasFunding : sql`not ${hasFunding}`);
  }
  return and(...conditions);
}

function hasResponsibleSignatory(signatoryCode: string, roleCondition: SQL): SQL {
  return sql`exists (
    select 1 from ${measureResponsibilities} join ${signatories} on ${signatories.id} = ${measureResponsibilities.signatoryId}
    where ${measureResponsibilities.measureId} = ${measures.id} and ${signatories.code} = ${signatoryCode}${roleCondition})`;
}


// Batch queries behind the DataLoaders; each answers for many measures in one round trip.

export const measuresByIds = (db: Executor, ids: readonly number[]): Promise<MeasureRow[]> =>
  db.select(measureSelection).from(measures).where(inArray(measures.id, [...ids]));

export const responsibilitiesOfMeasures = (db: Executor, measureIds: readonly number[]) =>
  db
    .select()
    .from(measureResponsibilities)
    .where(inArray(measureResponsibilities.measureId, [...measureIds]))
    .orderBy(asc(measureResponsibilities.measureId), asc(measureResponsibilities.role), asc(measureResponsibilities.position));

export const projectsOfMeasures = (db: Executor, measureIds: readonly number[]) =>
  db
    .select({ measureId: measureProjects.measureId, project: projects })
    .from(measureProjects)
    .innerJoin(projects, eq(projects.id, measureProjects.projectId))
    .where(inArray(measureProjects.measureId, [...measureIds]))
    .orderBy(asc(projects.code));

export const themesOfMeasures = (db: Executor, measureIds: readonly number[]) =>
  db
    .select({ measureId: measureThemes.measureId, theme: themes })
    .from(measureThemes)
    .innerJoin(themes, eq(themes.id, measureThemes.themeId))
    .where(inArray(measureThemes.measureId, [...measureIds]))
    .orderBy(asc(themes.code));

export const statusHistoryOfMeasures = (db: Executor, measureIds: readonly number[]) =>
  db
    .select()
    .from(measureStatusChanges)
    .where(inArray(measureStatusChanges.measureId, [...measureIds]))
    .orderBy(asc(measureStatusChanges.changedAt), asc(measureStatusChanges.id));

export const progressUpdatesOfMeasures = (db: Executor, measureIds: readonly number[]) =>
  db
    .select()
    .from(measureProgressUpdates)
    .where(inArray(measureProgressUpdates.measureId, [...measureIds]))
    .orderBy(asc(measureProgressUpdates.createdAt), asc(measureProgressUpdates.id));

/** Measures linked to each project, for Project.measures. */
export const measuresOfProjects = (db: Executor, projectIds: readonly number[]) =>
  db
    .select({ projectId: measureProjects.projectId, measure: measureSelection })
    .from(measureProjects)
    .innerJoin(measures, eq(measures.id, measureProjects.measureId))
    .where(inArray(measureProjects.projectId, [...projectIds]))
    .orderBy(asc(measures.code));
