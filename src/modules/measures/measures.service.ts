import { and, asc, eq, getTableColumns, gt, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery, batchQueryByColumns } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { inline, queryByShape, QueryValues, type Bind } from "../../db/query-shapes";
import { containsText } from "../../lib/text-search";
import { columnsFor } from "../../graphql/selection";
import { paginate, pageTotal, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { partnerships, policyAreas, signatories, themes } from "../partnerships/partnerships.tables";
import { fundingInstruments } from "../funding/funding.tables";
import { legalActs, measureLegalActs } from "../legal-acts/legal-acts.tables";
import { organisations } from "../organisations/organisations.tables";
import { PROJECT_COLUMNS, projectBudgets, projects, projectTransactions } from "../projects/projects.tables";
import {
  measureOrganisations,
  measureProgressUpdates,
  measureProjects,
  measureResponsibilities,
  measures,
  measureStatusChanges,
  measureThemes,
} from "./measures.tables";
import { MeasureOrderField, type MeasureFilter, type MeasureOrder } from "./measures.types";
import { lookupTable } from "../../lib/lookup";

/** Statuses in which a measure can no longer be overdue. */
const CLOSED_STATUSES = ["COMPLETED", "WITHDRAWN"] as const;

/**
 * A measure's status at `moment`, reconstructed from its append-only history: the last change
 * at or before it (ties by commit order); null where the measure did not exist yet.
 */
export const statusAt = (measureId: SQL, moment: SQL) =>
  sql<MeasureRow["status"] | null>`(
    select h.to_status from ${measureStatusChanges} h
    where h.measure_id = ${measureId} and h.changed_at <= ${moment}
    order by h.changed_at desc, h.id desc limit 1)`;

/** "Overdue" is derived from the deadline and the status on a day, never stored. */
export const overdueOn = (deadline: SQL, status: SQL, day: SQL) =>
  sql<boolean>`coalesce(${deadline} < ${day} and ${status} not in (${sql.join(
    CLOSED_STATUSES.map((closed) => sql`${closed}`),
    sql`, `,
  )}), false)`;

// drizzle prints a lone table's columns unqualified in a select list, where "id" inside a
// subquery would mean the subquery's own; the measure's columns are named in full instead.
const measureId = sql`${measures}.id`;

/**
 * How the measures are seen: now (the stored status), or as they were at a past moment
 * (status and overdue reconstructed; content, links and history stay current).
 */
interface MeasureView {
  status: SQL;
  overdue: SQL<boolean>;
  /** Rows that exist in this view: measures created after the moment are left out. */
  existing: SQL | undefined;
}

function viewAt(asOf: Date | null | undefined, bind: Bind = inline): MeasureView {
  if (asOf == null) {
    const status = sql`${measures}.status`;
    return { status, overdue: overdueOn(sql`${measures}.deadline`, status, sql`current_date`), existing: undefined };
  }
  const moment = sql`${bind(asOf.toISOString())}::timestamptz`;
  const status = statusAt(measureId, moment);
  return {
    status,
    overdue: overdueOn(sql`${measures}.deadline`, status, sql`(${moment})::date`),
    existing: sql`${status} is not null`,
  };
}

// A linked project with any budget line or transaction (reversed or not): money is planned or moved.
const hasFunding = sql`exists (
  select 1 from ${measureProjects}
  where ${measureProjects.measureId} = ${measures.id}
    and (exists (select 1 from ${projectBudgets} where ${projectBudgets.projectId} = ${measureProjects.projectId})
      or exists (select 1 from ${projectTransactions} where ${projectTransactions.projectId} = ${measureProjects.projectId})))`;

/** The columns of a measure as the API serves it, in a view. */
const selectionIn = (view: MeasureView) => ({
  ...getTableColumns(measures),
  status: view.status as SQL<MeasureRow["status"]>,
  overdue: view.overdue,
});

const CURRENT = viewAt(null);
/** The columns of a measure as the API serves it now (MeasureRow), of the table named `measure`. */
export const measureSelection = selectionIn(CURRENT);

export type MeasureRow = typeof measures.$inferSelect & { overdue: boolean };

const SORT_KEYS = lookupTable<MeasureOrderField, SortKey<MeasureRow>>({
  CODE: { name: "CODE", expression: sql`${measures.code}`, property: "code", valueOf: (m) => m.code, sqlType: "text" },
  TITLE: { name: "TITLE", expression: sql`${measures.title}`, property: "title", valueOf: (m) => m.title, sqlType: "text" },
  DEADLINE: {
    name: "DEADLINE",
    // 'infinity' sorts measures without a deadline last and keeps the keyset comparison total.
    expression: sql`coalesce(${measures.deadline}, 'infinity'::date)`,
    property: "deadline",
    valueOf: (m) => m.deadline ?? "infinity",
    sqlType: "date",
  },
});

const DEFAULT_ORDER: MeasureOrder = { field: MeasureOrderField.CODE, direction: "ASC" as MeasureOrder["direction"] };

/**
 * Measures matching `filter`, one page at a time; with `asOf`, as they stood at that moment.
 * `asked`: whether the query asks for totalCount (see pageTotal), and what it reads of the
 * measures (see columnsFor).
 */
export function listMeasures(
  db: Executor,
  filter: MeasureFilter | null | undefined,
  order: MeasureOrder | null | undefined,
  page: PageArgs,
  asked: { totalCount: boolean; ofNodes: readonly string[] },
  asOf?: Date | null,
): Promise<Connection<MeasureRow>> {
  const values = new QueryValues();
  const view = viewAt(asOf, values.bind);
  const where = measureConditions(filter ?? {}, view, values.bind);
  const total = pageTotal(db, measures, where, { wanted: asked.totalCount, values });
  const { field, direction } = order ?? DEFAULT_ORDER;
  const sortKey = SORT_KEYS[field];
  const selection = columnsFor(asOf == null ? measureSelection : selectionIn(view), asked.ofNodes, ["id", sortKey.property]);
  return paginate<MeasureRow>({
    args: page,
    sortKey,
    direction,
    idExpression: sql`${measures.id}`,
    idOf: (m) => m.id,
    bind: values.bind,
    fetch: async (boundary, orderBy, limit) => {
      const pageSize = values.bind(limit);
      const rows = await measuresPage(
        db,
        [where, boundary, ...orderBy, total.column, view.status, view.overdue, sql.raw(Object.keys(selection).join()), sql`limit ${pageSize}`],
        () =>
          db
            .select({ measure: selection, total: total.column })
            .from(measures)
            .where(and(where, boundary))
            .orderBy(...orderBy)
            .limit(pageSize),
        values,
      );
      total.read(rows);
      return rows.map(({ measure }) => measure);
    },
    count: total.count,
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
    .where(and(measureConditions(filter ?? {}, CURRENT), gt(measures.id, afterId)))
    .orderBy(asc(measures.id))
    .limit(limit);
}

const measuresPage = queryByShape<{ measure: MeasureRow; total: number | null }>("measuresPage");

function measureConditions(filter: MeasureFilter, view: MeasureView, bind: Bind = inline): SQL | undefined {
  const conditions: (SQL | undefined)[] = [view.existing];
  if (filter.partnershipCode != null) {
    conditions.push(
      // "= (scalar)" rather than "in (...)": codes are unique, and the planner can then walk the
      // (partnership, code) index and stop after one page instead of sorting the partnership.
      sql`${measures.partnershipId} = (select ${partnerships.id} from ${partnerships} where ${partnerships.code} = ${bind(filter.partnershipCode)})`,
    );
  }
  if (filter.statuses != null) {
    // An empty list asks for no status at all: no rows, rather than a SQL error.
    conditions.push(
      filter.statuses.length ? sql`${view.status} in (${sql.join(filter.statuses.map((status) => sql`${bind(status)}`), sql`, `)})` : sql`false`,
    );
  }
  if (filter.policyAreaCode != null) {
    conditions.push(
      sql`${measures.policyAreaId} in (select ${policyAreas.id} from ${policyAreas} where ${policyAreas.code} = ${bind(filter.policyAreaCode)})`,
    );
  }
  if (filter.leadSignatoryCode != null) {
    conditions.push(hasResponsibleSignatory(bind(filter.leadSignatoryCode), sql` and ${measureResponsibilities.role} = 'LEAD'`));
  }
  if (filter.responsibleSignatoryCode != null) {
    conditions.push(hasResponsibleSignatory(bind(filter.responsibleSignatoryCode), sql``));
  }
  if (filter.themeCode != null) {
    conditions.push(sql`exists (
      select 1 from ${measureThemes} join ${themes} on ${themes.id} = ${measureThemes.themeId}
      where ${measureThemes.measureId} = ${measures.id} and ${themes.code} = ${bind(filter.themeCode)})`);
  }
  if (filter.legalActCode != null) {
    conditions.push(sql`exists (
      select 1 from ${measureLegalActs} join ${legalActs} on ${legalActs.id} = ${measureLegalActs.legalActId}
      where ${measureLegalActs.measureId} = ${measures.id} and ${legalActs.code} = ${bind(filter.legalActCode)})`);
  }
  if (filter.organisationCode != null) {
    conditions.push(sql`exists (
      select 1 from ${measureOrganisations} join ${organisations} on ${organisations.id} = ${measureOrganisations.organisationId}
      where ${measureOrganisations.measureId} = ${measures.id} and ${organisations.code} = ${bind(filter.organisationCode)})`);
  }
  const search = filter.search?.trim();
  if (search) {
    conditions.push(containsText(search, [measures.code, measures.title, measures.description], bind));
  }
  if (filter.overdue != null) {
    conditions.push(filter.overdue ? view.overdue : sql`not ${view.overdue}`);
  }
  if (filter.hasFunding != null) {
    conditions.push(filter.hasFunding ? hasFunding : sql`not ${hasFunding}`);
  }
  return and(...conditions);
}

function hasResponsibleSignatory(signatoryCode: string | Placeholder, roleCondition: SQL): SQL {
  return sql`exists (
    select 1 from ${measureResponsibilities} join ${signatories} on ${signatories.id} = ${measureResponsibilities.signatoryId}
    where ${measureResponsibilities.measureId} = ${measures.id} and ${signatories.code} = ${signatoryCode}${roleCondition})`;
}


/** A measure by its partnership's code and its own, e.g. ("EU-BY", "LAB-2"); null if there is none. */
export async function findMeasureByCode(db: Executor, partnershipCode: string, code: string): Promise<MeasureRow | null> {
  const [row] = await db
    .select(measureSelection)
    .from(measures)
    .innerJoin(partnerships, eq(partnerships.id, measures.partnershipId))
    .where(and(eq(partnerships.code, partnershipCode), eq(measures.code, code)));
  return row ?? null;
}

// Batch queries behind the DataLoaders; each answers for many measures in one round trip.

export const measuresByIds = batchQuery<MeasureRow>("measuresByIds", (db, ids) =>
  db.select(measureSelection).from(measures).where(idIn(measures.id, ids)));

/** Each responsibility with its signatory: one statement where a signatory loader would add a second. */
export const responsibilitiesOfMeasures = batchQuery("responsibilitiesOfMeasures", (db, measureIds) =>
  db
    .select({ ...getTableColumns(measureResponsibilities), signatory: signatories })
    .from(measureResponsibilities)
    .innerJoin(signatories, eq(signatories.id, measureResponsibilities.signatoryId))
    .where(idIn(measureResponsibilities.measureId, measureIds))
    .orderBy(asc(measureResponsibilities.measureId), asc(measureResponsibilities.role), asc(measureResponsibilities.position)));

/** Each linked project with its instrument (null if none), which Measure.projects hands to the instrument loader. */
/** Projects of measures, with the columns asked of them (see batchQueryByColumns), and their instruments. */
export const projectsOfMeasures = batchQueryByColumns("projectsOfMeasures", (db, measureIds, asked) =>
  db
    .select({
      measureId: measureProjects.measureId,
      project: columnsFor(PROJECT_COLUMNS, asked, ["id"]),
      instrument: fundingInstruments,
    })
    .from(measureProjects)
    .innerJoin(projects, eq(projects.id, measureProjects.projectId))
    .leftJoin(fundingInstruments, eq(fundingInstruments.id, projects.instrumentId))
    .where(idIn(measureProjects.measureId, measureIds))
    .orderBy(asc(projects.code)));

export const themesOfMeasures = batchQuery("themesOfMeasures", (db, measureIds) =>
  db
    .select({ measureId: measureThemes.measureId, theme: themes })
    .from(measureThemes)
    .innerJoin(themes, eq(themes.id, measureThemes.themeId))
    .where(idIn(measureThemes.measureId, measureIds))
    .orderBy(asc(themes.code)));

export const statusHistoryOfMeasures = batchQuery("statusHistoryOfMeasures", (db, measureIds) =>
  db
    .select()
    .from(measureStatusChanges)
    .where(idIn(measureStatusChanges.measureId, measureIds))
    .orderBy(asc(measureStatusChanges.changedAt), asc(measureStatusChanges.id)));

/**
 * Measures with their status history, a row per change (`change` null for a measure without
 * any), changes in the order of statusHistoryOfMeasures: one statement where loading the
 * measure, then its history, takes two, one after the other.
 */
export const measuresWithHistoryByIds = batchQuery("measuresWithHistoryByIds", (db, ids) =>
  db
    .select({ measure: measureSelection, change: measureStatusChanges })
    .from(measures)
    .leftJoin(measureStatusChanges, eq(measureStatusChanges.measureId, measures.id))
    .where(idIn(measures.id, ids))
    .orderBy(asc(measures.id), asc(measureStatusChanges.changedAt), asc(measureStatusChanges.id)));

export const progressUpdatesOfMeasures = batchQuery("progressUpdatesOfMeasures", (db, measureIds) =>
  db
    .select()
    .from(measureProgressUpdates)
    .where(idIn(measureProgressUpdates.measureId, measureIds))
    .orderBy(asc(measureProgressUpdates.createdAt), asc(measureProgressUpdates.id)));

/** Measures linked to each project, for Project.measures. */
export const measuresOfProjects = batchQuery("measuresOfProjects", (db, projectIds) =>
  db
    .select({ projectId: measureProjects.projectId, measure: measureSelection })
    .from(measureProjects)
    .innerJoin(measures, eq(measures.id, measureProjects.measureId))
    .where(idIn(measureProjects.projectId, projectIds))
    .orderBy(asc(measures.code)));

/** Each measure's organisations beside the signatories, in the order the source names them. */
export const organisationsOfMeasures = batchQuery("organisationsOfMeasures", (db, measureIds) =>
  db
    .select()
    .from(measureOrganisations)
    .where(idIn(measureOrganisations.measureId, measureIds))
    .orderBy(asc(measureOrganisations.position), asc(measureOrganisations.organisationId)));
