import { and, asc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Viewer } from "../../auth/viewer";
import { jsonValue, selectRows, type Executor } from "../../db/client";
import { idIn } from "../../db/id-in";
import { paginate, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { overdueOn, statusAt } from "../measures/measures.service";
import { measures, measureStatusEnum } from "../measures/measures.tables";
import type { MeasureStatus } from "../measures/measures.types";
import { requirePartnership } from "../partnerships/partnerships.service";
import { policyAreas, signatories } from "../partnerships/partnerships.tables";
import type { PlanEntry } from "./action-plan-diff.rules";
import { actionPlanEntries, actionPlanEntryResponsibilities, actionPlanVersions } from "./action-plans.tables";

export type ActionPlanVersionRow = typeof actionPlanVersions.$inferSelect;

/** A measure as a version of the plan states it, with its status while that version held. */
export interface PlanEntryRow extends PlanEntry {
  versionId: number;
  policyAreaId: number;
  leadIds: number[];
  contributorIds: number[];
  status: MeasureStatus;
  overdue: boolean;
}

/** Drafts are for signed-in users: the public sees adopted and superseded versions only. */
const readableBy = (viewer: Viewer): SQL | undefined => (viewer.kind === "user" ? undefined : ne(actionPlanVersions.status, "DRAFT"));

/** The version itself, or null where the viewer may not read it (see readableBy). */
export const readableVersion = (viewer: Viewer, version: ActionPlanVersionRow | null): ActionPlanVersionRow | null =>
  version && (version.status !== "DRAFT" || viewer.kind === "user") ? version : null;

/** The versions of a partnership's plan the viewer may read, oldest first. */
export async function versionsOfPartnership(db: Executor, viewer: Viewer, partnershipCode: string): Promise<ActionPlanVersionRow[]> {
  const partnership = (await requirePartnership(db, partnershipCode)).id;
  return db
    .select()
    .from(actionPlanVersions)
    .where(and(eq(actionPlanVersions.partnershipId, partnership), readableBy(viewer)))
    .orderBy(asc(actionPlanVersions.number));
}

/**
 * Version `number` of the partnership's plan, or the adopted one when no number is given;
 * null if there is none the viewer may read.
 */
export async function findVersion(
  db: Executor,
  viewer: Viewer,
  partnershipCode: string,
  number?: number | null,
): Promise<ActionPlanVersionRow | null> {
  const partnership = (await requirePartnership(db, partnershipCode)).id;
  const [version] = await db
    .select()
    .from(actionPlanVersions)
    .where(
      and(
        eq(actionPlanVersions.partnershipId, partnership),
        number == null ? eq(actionPlanVersions.status, "ADOPTED") : eq(actionPlanVersions.number, number),
        readableBy(viewer),
      ),
    );
  return version ?? null;
}

export const versionsByIds = (db: Executor, ids: readonly number[]) =>
  db.select().from(actionPlanVersions).where(idIn(actionPlanVersions.id, ids));

// --- entries ------------------------------------------------------------------------

/**
 * The moment a version's figures are read at: now while it is the draft or the adopted
 * version; for a superseded one, the instant before its successor's adoption took effect
 * (adoption records its own status changes at that very timestamp).
 */
const reportMoment = sql`coalesce(v.superseded_at - interval '1 microsecond', now())`;

const responsibilityCodes = (role: "LEAD" | "CONTRIBUTING") => sql`coalesce((
    select json_agg(json_build_object('id', s.id, 'code', s.code) order by r.position, s.code)
    from ${actionPlanEntryResponsibilities} r join ${signatories} s on s.id = r.signatory_id
    where r.version_id = e.version_id and r.measure_id = e.measure_id and r.role = ${role}), '[]'::json)`;

const entryStatus = sql`case when v.status = 'SUPERSEDED' then ${statusAt(sql`e.measure_id`, reportMoment)} else m.status end`;

interface EntryFilter {
  policyAreaCode?: string | null;
  leadSignatoryCode?: string | null;
  includeWithdrawn?: boolean | null;
}

function entryConditions(versionIds: SQL, filter: EntryFilter): SQL {
  const conditions = [sql`e.version_id = any(${versionIds})`];
  if (!filter.includeWithdrawn) conditions.push(sql`e.withdrawal_reason is null`);
  if (filter.policyAreaCode != null) conditions.push(sql`pa.code = ${filter.policyAreaCode}`);
  if (filter.leadSignatoryCode != null) {
    conditions.push(sql`exists (
      select 1 from ${actionPlanEntryResponsibilities} r join ${signatories} s on s.id = r.signatory_id
      where r.version_id = e.version_id and r.measure_id = e.measure_id and r.role = 'LEAD' and s.code = ${filter.leadSignatoryCode})`);
  }
  return sql.join(conditions, sql` and `);
}

interface RawEntry extends Omit<PlanEntryRow, "leadCodes" | "contributorCodes" | "leadIds" | "contributorIds"> {
  leads: string | { id: number; code: string }[];
  contributors: string | { id: number; code: string }[];
}

const entriesQuery = (where: SQL, tail: SQL = sql``) => sql`
  select e.version_id as "versionId", e.measure_id as "measureId", m.code, e.title, e.description,
    e.policy_area_id as "policyAreaId", pa.code as "policyAreaCode", e.deadline::text as deadline,
    e.withdrawal_reason as "withdrawalReason",
    ${responsibilityCodes("LEAD")} as leads, ${responsibilityCodes("CONTRIBUTING")} as contributors,
    (${entryStatus})::text as status,
    ${overdueOn(sql`e.deadline`, entryStatus, sql`(${reportMoment})::date`)} as overdue
  from ${actionPlanEntries} e
    join ${actionPlanVersions} v on v.id = e.version_id
    join ${measures} m on m.id = e.measure_id
    join ${policyAreas} pa on pa.id = e.policy_area_id
  where ${where}
  ${tail}`;


function toEntry({ leads, contributors, ...row }: RawEntry): PlanEntryRow {
  const leadList = jsonValue(leads);
  const contributorList = jsonValue(contributors);
  return {
    ...row,
    leadCodes: leadList.map((s) => s.code),
    leadIds: leadList.map((s) => s.id),
    contributorCodes: contributorList.map((s) => s.code),
    contributorIds: contributorList.map((s) => s.id),
  };
}

/** Every entry of the versions (or only one measure's), withdrawn ones included, by code. */
export async function entriesOfVersions(db: Executor, versionIds: readonly number[], measureId?: number): Promise<PlanEntryRow[]> {
  const where = entryConditions(sql`${sql.param([...versionIds])}::int[]`, { includeWithdrawn: true });
  const rows = await selectRows<RawEntry>(
    db,
    entriesQuery(measureId === undefined ? where : sql`${where} and e.measure_id = ${measureId}`, sql`order by m.code`),
  );
  return rows.map(toEntry);
}

const BY_CODE: SortKey<PlanEntryRow> = { name: "CODE", expression: sql`m.code`, property: "code", valueOf: (e) => e.code, sqlType: "text" };

/** The measures of one version, filtered and paginated by code. */
export function listEntries(db: Executor, versionId: number, filter: EntryFilter, page: PageArgs): Promise<Connection<PlanEntryRow>> {
  const where = entryConditions(sql`array[${versionId}]::int[]`, filter);
  return paginate<PlanEntryRow>({
    args: page,
    sortKey: BY_CODE,
    direction: "ASC",
    idExpression: sql`e.measure_id`,
    idOf: (entry) => entry.measureId,
    fetch: async (boundary, orderBy, limit) => {
      const condition = boundary ? sql`${where} and ${boundary}` : where;
      const rows = await selectRows<RawEntry>(db, entriesQuery(condition, sql`order by ${sql.join(orderBy, sql`, `)} limit ${limit}`));
      return rows.map(toEntry);
    },
    count: async () => {
      const [row] = await selectRows<{ total: number }>(
        db,
        sql`select count(*)::int as total from ${actionPlanEntries} e join ${policyAreas} pa on pa.id = e.policy_area_id where ${where}`,
      );
      return row?.total ?? 0;
    },
  });
}

// --- progress -----------------------------------------------------------------------

export interface ProgressCell {
  dimension: "TOTAL" | "AREA" | "LEAD";
  /** The policy area's or the lead signatory's id; null for the total. */
  key: number | null;
  status: MeasureStatus;
  measures: number;
  overdue: number;
}

/**
 * How far a version got: its measures (those it does not withdraw) counted by status and
 * overdue, overall, per policy area and per lead signatory (a jointly led measure counts for
 * each lead), at the version's report moment. With `signatoryId`, only the measures that
 * signatory leads. One statement.
 */
export function progressOfVersion(db: Executor, versionId: number, signatoryId: number | null): Promise<ProgressCell[]> {
  const ledBy = (signatory: SQL) => sql`exists (
    select 1 from ${actionPlanEntryResponsibilities} r
    where r.version_id = e.version_id and r.measure_id = e.measure_id and r.role = 'LEAD' and r.signatory_id = ${signatory})`;
  return selectRows<ProgressCell>(
    db,
    sql`
    with judged as (
      select e.measure_id, e.policy_area_id, (${entryStatus})::text as status,
        ${overdueOn(sql`e.deadline`, entryStatus, sql`(${reportMoment})::date`)} as overdue
      from ${actionPlanEntries} e
        join ${actionPlanVersions} v on v.id = e.version_id
        join ${measures} m on m.id = e.measure_id
      where e.version_id = ${versionId} and e.withdrawal_reason is null
        ${signatoryId == null ? sql`` : sql`and ${ledBy(sql`${signatoryId}`)}`}
    )
    select case when grouping(policy_area_id) = 1 then 'TOTAL' else 'AREA' end as dimension,
      policy_area_id as key, status, count(*)::int as measures, count(*) filter (where overdue)::int as overdue
    from judged group by grouping sets ((policy_area_id, status), (status))
    union all
    select 'LEAD', r.signatory_id, j.status, count(*)::int, count(*) filter (where j.overdue)::int
    from judged j join ${actionPlanEntryResponsibilities} r
      on r.version_id = ${versionId} and r.measure_id = j.measure_id and r.role = 'LEAD'
    ${signatoryId == null ? sql`` : sql`where r.signatory_id = ${signatoryId}`}
    group by r.signatory_id, j.status`,
  );
}

export interface Figures {
  measures: number;
  byStatus: { status: MeasureStatus; count: number }[];
  overdue: number;
  completed: number;
  completedShare: number | null;
}

/** Figures from the cells of one group; every status appears, in the plan's order. */
export function figuresOf(cells: readonly Pick<ProgressCell, "status" | "measures" | "overdue">[]): Figures {
  const count = (status: MeasureStatus) => cells.filter((c) => c.status === status).reduce((sum, c) => sum + c.measures, 0);
  const measures = cells.reduce((sum, c) => sum + c.measures, 0);
  const completed = count("COMPLETED");
  // Measures withdrawn while the version held cannot be completed any more: they leave the denominator.
  const completable = measures - count("WITHDRAWN");
  return {
    measures,
    byStatus: measureStatusEnum.enumValues.map((status) => ({ status, count: count(status) })),
    overdue: cells.reduce((sum, c) => sum + c.overdue, 0),
    completed,
    completedShare: completable === 0 ? null : completed / completable,
  };
}
