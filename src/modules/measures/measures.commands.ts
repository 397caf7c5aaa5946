import { and, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { forbidden, requireCoordinator, requireEditor } from "../../auth/access";
import type { AuthenticatedViewer } from "../../auth/viewer";
import { jsonValue, type Executor, type Transaction } from "../../db/client";
import type { Context } from "../../graphql/context";
import { AppError, badUserInput, notFound } from "../../graphql/errors";
import { fromGlobalIdOf } from "../../lib/global-id";
import { actorColumns, applyChange, applyStatementChange, auditedChangeCtes, auditedChangeValues, type Change } from "../audit/audit.service";
import { measureEventContentSql } from "../events/events.service";
import { preparedStatement, selectList } from "../../db/statement";
import { requirePartnership, requirePolicyAreaId, requireSignatoryIds } from "../partnerships/partnerships.service";
import { signatories } from "../partnerships/partnerships.tables";
import { projects } from "../projects/projects.tables";
import { actionPlanEntries, actionPlanVersions } from "../action-plans/action-plans.tables";
import { judgeTransition, statusesAllowedTowards } from "./measure-status.rules";
import type {
  AddMeasureProgressUpdateInput,
  CreateMeasureInput,
  SetMeasureStatusInput,
  UpdateMeasureInput,
} from "./measures.inputs";
import { measureProgressUpdates, measureProjects, measureResponsibilities, measures, measureStatusChanges } from "./measures.tables";
import { measureSelection, measuresByIds, type MeasureRow } from "./measures.service";

/**
 * Changes to measures. Each runs in one transaction with its audit record (applyChange),
 * checks who may do it first, and changes an existing measure only at the version the
 * client last read.
 */

export async function createMeasure(ctx: Context, input: CreateMeasureInput): Promise<MeasureRow> {
  const viewer = requireEditor(ctx.viewer, "propose measures");
  if (viewer.role === "MINISTRY" && input.leadSignatoryCode !== viewer.signatoryCode) {
    throw forbidden(`A ministry may only propose measures led by its own signatory (${viewer.signatoryCode})`);
  }
  const { id } = await applyChange({ ...ctx, viewer }, "createMeasure", input, async (tx, record) => {
    const partnership = await requirePartnership(tx, input.partnershipCode);
    const policyAreaId = await requirePolicyAreaId(tx, partnership.id, input.policyAreaCode);
    const contributors = input.contributingSignatoryCodes;
    if (contributors.includes(input.leadSignatoryCode)) {
      throw badUserInput(`${input.leadSignatoryCode} cannot both lead and contribute`);
    }
    const signatoryIds = await requireSignatoryIds(tx, partnership.id, [input.leadSignatoryCode, ...contributors]);
    const [duplicate] = await tx
      .select({ id: measures.id })
      .from(measures)
      .where(and(eq(measures.partnershipId, partnership.id), eq(measures.code, input.code)));
    if (duplicate) throw badUserInput(`${partnership.code} already has a measure ${input.code}; choose another code`);

    const [created] = await tx
      .insert(measures)
      .values({
        partnershipId: partnership.id,
        code: input.code,
        title: input.title.trim(),
        description: input.description,
        policyAreaId,
        deadline: input.deadline ?? null,
        status: "PROPOSED",
      })
      .returning({ id: measures.id });
    const measureId = created!.id;
    await replaceResponsibilities(tx, measureId, signatoryIds, [input.leadSignatoryCode], contributors);
    await tx.insert(measureStatusChanges).values({ measureId, toStatus: "PROPOSED", reason: null, ...actorColumns(viewer), requestId: ctx.requestId });
    await record({ entityType: "Measure", entityId: measureId, before: null, after: await snapshotMeasure(tx, measureId) });
    return { typeName: "Measure", id: measureId };
  });
  return loadMeasure(ctx, id);
}

/**
 * The partner ministries' everyday change, in one statement (changeStatus): it locks the measure
 * and changes it only if the caller leads it (a ministry), it is at the version the client read and
 * the rules allow the move from its status (statusesAllowedTowards). When it changes nothing, the
 * rules are judged again on the measure as the statement found it, for the error to give.
 */
export async function setMeasureStatus(ctx: Context, input: SetMeasureStatusInput): Promise<MeasureRow> {
  const viewer = requireEditor(ctx.viewer, "change a measure's status");
  const measureId = fromGlobalIdOf("Measure", input.measureId);
  const context = { ...ctx, viewer };
  const actor = viewer.role === "COORDINATOR" ? ({ role: "COORDINATOR" } as const) : ({ role: "MINISTRY" } as const);
  let changed: MeasureRow | undefined;
  const { id } = await applyStatementChange(context, "setMeasureStatus", input, async (db) => {
    const [outcome] = await changeStatus(db, {
      measureId,
      status: input.status,
      expectedVersion: input.expectedVersion,
      fromStatuses: statusesAllowedTowards(input.status, actor, input.reason),
      leadSignatoryCode: viewer.role === "MINISTRY" ? viewer.signatoryCode : null,
      reason: input.reason?.trim() || null,
      ...auditedChangeValues(context, "setMeasureStatus"),
    }, ctx.deadline);
    if (!outcome) throw notFound("No measure has this id");
    if (outcome.measure.id === null) refuseStatusChange(viewer, outcome.found, input);
    changed = outcome.measure;
    return { typeName: "Measure", id: measureId };
  });
  // A retry answered from its Idempotency-Key made no change here: the measure as it is now.
  return changed ?? loadMeasure(ctx, id);
}

/** Throws why changeStatus left `found` (the measure as it locked it) alone: the first rule it breaks. */
function refuseStatusChange(viewer: AuthenticatedViewer, found: StatusChangeState, input: SetMeasureStatusInput): never {
  const leads = viewer.role === "MINISTRY" && leadCodesOf(found).includes(viewer.signatoryCode);
  if (viewer.role === "MINISTRY" && !leads) {
    throw forbidden(`Only a ministry of a lead signatory may change this measure's status (${viewer.signatoryCode} does not lead ${found.code})`);
  }
  requireVersion(found, input.expectedVersion);
  const verdict = judgeTransition(found.status, input.status, viewer.role === "COORDINATOR" ? { role: "COORDINATOR" } : { role: "MINISTRY", leads }, input.reason);
  if (!verdict.allowed) throw new AppError(verdict.code, verdict.message);
  // The statement and the rules disagree: a defect, reported as one rather than as the client's.
  throw new Error(`changeStatus left measure ${found.id} alone though the rules allow ${found.status} -> ${input.status}`);
}

/** What changeStatus reports of the measure as it found it, for refuseStatusChange. */
type StatusChangeState = Pick<MeasureSnapshot, "id" | "code" | "status" | "version" | "responsibilities">;

/** What changeStatus gives: the measure as changed (its columns null when nothing was), and as it was found. */
const CHANGE_STATUS_RESULT = {
  measure: measureSelection,
  found: sql<StatusChangeState>`jsonb_build_object('id', b.id, 'code', b.code, 'status', b.status, 'version', b.version, 'responsibilities', b.responsibilities)`.mapWith(
    jsonValue<StatusChangeState>,
  ),
  // Read, so that the notification is sent (a select in WITH runs only when read).
  notified: sql<number>`(select count(*) from events_notified)::int`,
};

/**
 * setMeasureStatus's statement: the measure locked with who is responsible for it, its update
 * guarded by the rules, the history entry, the audit record with the measure before and after
 * (measureSnapshot), the event (measureEventContentSql), and the measure as the API serves it.
 * Nothing is written when a guard fails.
 */
const changeStatus = preparedStatement<{ measure: MeasureRow; found: StatusChangeState }>("setMeasureStatus", () => {
  const value = (name: string) => sql.placeholder(name);
  return sql`
    with before as (
      select m.*, ${responsibilitiesOf(sql`m`)} as responsibilities
      from ${measures} m where m.id = ${value("measureId")}::int for update),
    changed as (
      update ${measures} m set status = ${value("status")}::measure_status, version = m.version + 1, updated_at = now()
      from before b
      where m.id = b.id and b.version = ${value("expectedVersion")}::int
        and b.status::text = any(${value("fromStatuses")}::text[])
        and (${value("leadSignatoryCode")}::text is null
          or b.responsibilities @> jsonb_build_array(jsonb_build_object('signatoryCode', ${value("leadSignatoryCode")}::text, 'role', 'LEAD')))
      returning m.*),
    history as (
      insert into ${measureStatusChanges} (measure_id, from_status, to_status, reason, actor_sub, actor_role, actor_signatory_code, request_id)
      select c.id, b.status, c.status, ${value("reason")}::text, ${value("actorSub")}::text, ${value("actorRole")}::text,
        ${value("actorSignatoryCode")}::text, ${value("requestId")}::text
      from changed c, before b),
    links as materialized (select ${measureLinks(sql`b`, sql`b.responsibilities`)} as json from before b),
    ${auditedChangeCtes({
      from: sql`changed c, before b, links l`,
      entityType: "Measure",
      entityId: sql`c.id`,
      // A status change leaves the measure's links alone: read once, for both (links is
      // materialized: PostgreSQL inlines a CTE named once, and ran its subqueries for each snapshot).
      before: measureSnapshot(sql`b`, sql`l.json`),
      after: measureSnapshot(sql`c`, sql`l.json`),
      event: measureEventContentSql,
    })}
    select ${selectList(CHANGE_STATUS_RESULT)}
    from before b left join changed as ${measures} on true`;
}, CHANGE_STATUS_RESULT);

export async function updateMeasure(ctx: Context, input: UpdateMeasureInput): Promise<MeasureRow> {
  const viewer = requireCoordinator(ctx.viewer, "change a measure's content");
  const measureId = fromGlobalIdOf("Measure", input.measureId);
  const { id } = await applyChange({ ...ctx, viewer }, "updateMeasure", input, async (tx, record) => {
    const before = await existingMeasure(tx, measureId);
    requireVersion(before, input.expectedVersion);
    const changesContent =
      input.title != null ||
      input.description != null ||
      input.policyAreaCode != null ||
      input.deadline !== undefined ||
      input.leadSignatoryCodes != null ||
      input.contributingSignatoryCodes != null;
    if (changesContent) await requireOutsideActionPlan(tx, before);

    const fields: Partial<typeof measures.$inferInsert> = {};
    if (input.title != null) fields.title = input.title.trim();
    if (input.description != null) fields.description = input.description;
    if (input.policyAreaCode != null) {
      fields.policyAreaId = await requirePolicyAreaId(tx, before.partnershipId, input.policyAreaCode);
      // The coordinator has decided the area: it is no longer a reading of the source.
      fields.policyAreaIsAssumption = false;
      fields.policyAreaNote = null;
    }
    // Absent leaves the deadline alone; an explicit null removes it.
    if (input.deadline !== undefined) fields.deadline = input.deadline;
    if (input.completionLevel !== undefined) fields.completionLevel = input.completionLevel;
    await bumpVersion(tx, before, fields);

    if (input.leadSignatoryCodes != null || input.contributingSignatoryCodes != null) {
      const leads = input.leadSignatoryCodes ?? leadCodesOf(before);
      const contributors =
        input.contributingSignatoryCodes ??
        before.responsibilities.filter((r) => r.role === "CONTRIBUTING").map((r) => r.signatoryCode);
      const signatoryIds = await responsibleSignatoryIds(tx, before.partnershipId, leads, contributors);
      await tx.delete(measureResponsibilities).where(eq(measureResponsibilities.measureId, measureId));
      await replaceResponsibilities(tx, measureId, signatoryIds, leads, contributors);
    }
    if (input.projectIds != null) {
      const projectIds = [...new Set(input.projectIds.map((projectId) => fromGlobalIdOf("Project", projectId)))];
      const found = projectIds.length
        ? await tx
            .select({ id: projects.id })
            .from(projects)
            .where(and(inArray(projects.id, projectIds), eq(projects.partnershipId, before.partnershipId)))
        : [];
      if (found.length !== projectIds.length) throw badUserInput("projectIds names a project that does not exist in this partnership");
      await tx.delete(measureProjects).where(eq(measureProjects.measureId, measureId));
      if (projectIds.length) await tx.insert(measureProjects).values(projectIds.map((projectId) => ({ measureId, projectId })));
    }
    await record(await changeOf(tx, before));
    return { typeName: "Measure", id: measureId };
  });
  return loadMeasure(ctx, id);
}

export async function addMeasureProgressUpdate(ctx: Context, input: AddMeasureProgressUpdateInput): Promise<MeasureRow> {
  const viewer = requireEditor(ctx.viewer, "report progress");
  const measureId = fromGlobalIdOf("Measure", input.measureId);
  const { id } = await applyChange({ ...ctx, viewer }, "addMeasureProgressUpdate", input, async (tx, record) => {
    const before = await existingMeasure(tx, measureId);
    if (viewer.role === "MINISTRY" && !before.responsibilities.some((r) => r.signatoryCode === viewer.signatoryCode)) {
      throw forbidden(`Only ministries of the signatories responsible for ${before.code} may report progress on it`);
    }
    // A note is appended without bumping the version (README: "Progress notes and versions"). A
    // client that asks for a version gets it checked under a share lock, so that no status
    // change can commit between the check and the note.
    if (input.expectedVersion != null) {
      const [locked] = await tx.select({ version: measures.version }).from(measures).where(eq(measures.id, measureId)).for("share");
      requireVersion(locked!, input.expectedVersion);
    }
    await tx.insert(measureProgressUpdates).values({
      measureId,
      text: input.text.trim(),
      evidenceUrl: input.evidenceUrl ?? null,
      ...actorColumns(viewer),
    });
    await record(await changeOf(tx, before));
    return { typeName: "Measure", id: measureId };
  });
  return loadMeasure(ctx, id);
}

// --- helpers shared by the commands above -------------------------------------------

/** A measure as the audit trail records it (measureSnapshot): its row, who is responsible, what it links to. */
type MeasureSnapshot = Omit<typeof measures.$inferSelect, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
  responsibilities: { signatoryCode: string; role: "LEAD" | "CONTRIBUTING" }[];
  projectIds: number[];
  progressUpdates: number;
};

/**
 * The snapshot of the measure row `row` (a table alias), as jsonb: its columns by their names
 * in the API's code, times as JavaScript writes them (ISO 8601 in UTC, to the millisecond), and
 * `links` (measureLinks). Built by PostgreSQL, so that a statement can record a measure before
 * and after it changes it (setMeasureStatus).
 */
export function measureSnapshot(row: SQL, links: SQL = measureLinks(row)): SQL {
  const columns = Object.entries(getTableColumns(measures)).map(([name, column]) => {
    const value = sql`${row}.${sql.identifier(toSnakeCase(column.name))}`;
    const json = column.columnType === "PgTimestamp" ? sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : value;
    return sql`${sql.raw(`'${name}'`)}, ${json}`;
  });
  return sql`(jsonb_build_object(${sql.join(columns, sql`, `)}) || ${links})`;
}

/**
 * What the snapshot of the measure row `row` records beside its columns: who is responsible
 * (`responsibilities`, when the statement has them already), what it links to.
 */
function measureLinks(row: SQL, responsibilities: SQL = responsibilitiesOf(row)): SQL {
  return sql`jsonb_build_object(
    'responsibilities', ${responsibilities},
    'projectIds', (
      select coalesce(jsonb_agg(l.project_id order by l.project_id), '[]'::jsonb)
      from ${measureProjects} l where l.measure_id = ${row}.id),
    'progressUpdates', (select count(*)::int from ${measureProgressUpdates} u where u.measure_id = ${row}.id))`;
}

/** Who is responsible for the measure row `row`, as its snapshot records them: jsonb, leads first, each role in order. */
function responsibilitiesOf(row: SQL): SQL {
  return sql`(
    select coalesce(jsonb_agg(jsonb_build_object('signatoryCode', s.code, 'role', r.role) order by r.role, r.position), '[]'::jsonb)
    from ${measureResponsibilities} r join ${signatories} s on s.id = r.signatory_id
    where r.measure_id = ${row}.id)`;
}

const readSnapshot = preparedStatement<{ snapshot: MeasureSnapshot | string }>("measureSnapshot", () =>
  sql`select ${measureSnapshot(sql`m`)} as snapshot from ${measures} m where m.id = ${sql.placeholder("measureId")}::int`);

async function snapshotMeasure(db: Executor, measureId: number): Promise<MeasureSnapshot | null> {
  const [row] = await readSnapshot(db, { measureId });
  return row ? jsonValue<MeasureSnapshot>(row.snapshot) : null;
}

async function existingMeasure(tx: Executor, measureId: number): Promise<MeasureSnapshot> {
  const measure = await snapshotMeasure(tx, measureId);
  if (!measure) throw notFound("No measure has this id");
  return measure;
}

async function changeOf(tx: Transaction, before: MeasureSnapshot): Promise<Change> {
  return { entityType: "Measure", entityId: before.id, before, after: await snapshotMeasure(tx, before.id) };
}

const leadCodesOf = (measure: Pick<MeasureSnapshot, "responsibilities">) =>
  measure.responsibilities.filter((r) => r.role === "LEAD").map((r) => r.signatoryCode);

function requireVersion(measure: { version: number }, expectedVersion: number): void {
  if (measure.version !== expectedVersion) throw staleVersion(measure.version, expectedVersion);
}

const staleVersion = (currentVersion: number, expectedVersion: number) =>
  new AppError(
    "CONFLICT",
    `The measure has changed: it is at version ${currentVersion}, not ${expectedVersion}. Reload it and try again.`,
    { currentVersion },
  );

/**
 * Applies `fields` and increments the version, only if nobody else did in the meantime: the
 * version condition is checked again under the row lock, so of two concurrent changes from
 * the same version exactly one succeeds.
 */
async function bumpVersion(tx: Transaction, before: MeasureSnapshot, fields: Partial<typeof measures.$inferInsert>) {
  const updated = await tx
    .update(measures)
    .set({ ...fields, version: sql`${measures.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(measures.id, before.id), eq(measures.version, before.version)))
    .returning({ version: measures.version });
  if (updated.length === 0) {
    const [current] = await tx.select({ version: measures.version }).from(measures).where(eq(measures.id, before.id));
    throw staleVersion(current?.version ?? before.version + 1, before.version);
  }
}

/**
 * Checks a measure's leads and contributors (at least one lead, nobody both) and gives the
 * ids of their signatories, which must be the partnership's.
 */
export async function responsibleSignatoryIds(
  tx: Executor,
  partnershipId: number,
  leads: string[],
  contributors: string[],
): Promise<Map<string, number>> {
  if (leads.length === 0) throw badUserInput("A measure needs at least one lead signatory");
  const repeated = leads.filter((code, index) => leads.indexOf(code) !== index);
  if (repeated.length) throw badUserInput(`${[...new Set(repeated)].join(", ")} named more than once among the leads`);
  const both = leads.filter((code) => contributors.includes(code));
  if (both.length) throw badUserInput(`${both.join(", ")} cannot both lead and contribute`);
  return requireSignatoryIds(tx, partnershipId, [...leads, ...contributors]);
}

/**
 * Once a measure is in a version of the action plan, its wording, area, deadline and
 * responsibilities change only through a draft: otherwise the plan and the measure would
 * silently disagree.
 */
async function requireOutsideActionPlan(tx: Transaction, measure: MeasureSnapshot): Promise<void> {
  const [latest] = await tx
    .select({ number: actionPlanVersions.number })
    .from(actionPlanEntries)
    .innerJoin(actionPlanVersions, eq(actionPlanVersions.id, actionPlanEntries.versionId))
    .where(eq(actionPlanEntries.measureId, measure.id))
    .orderBy(desc(actionPlanVersions.number))
    .limit(1);
  if (latest) {
    throw badUserInput(
      `${measure.code} is in version ${latest.number} of the action plan: change its wording, area, deadline or ` +
        "responsibilities in a draft (reviseActionPlanDraftMeasure); completion level and projects can change here",
    );
  }
}

/** What an adopted version of the plan states of a measure. */
export interface AgreedContent {
  versionNumber: number;
  title: string;
  description: string;
  policyAreaId: number;
  deadline: string | null;
  /** Signatory ids by code, leads in the plan's order. */
  leads: Map<string, number>;
  contributors: Map<string, number>;
}

/**
 * Brings a measure into line with the version of the plan just adopted: its content as
 * agreed, and PROPOSED becomes AGREED. A measure already in line is left alone (no new
 * version, no audit record). Runs inside the adoption's transaction.
 */
export async function applyAgreedContent(
  tx: Transaction,
  change: { viewer: AuthenticatedViewer; requestId: string; record: (change: Change) => Promise<void> },
  measureId: number,
  agreed: AgreedContent,
): Promise<void> {
  const before = await existingMeasure(tx, measureId);
  const fields: Partial<typeof measures.$inferInsert> = {};
  if (before.title !== agreed.title) fields.title = agreed.title;
  if (before.description !== agreed.description) fields.description = agreed.description;
  if (before.policyAreaId !== agreed.policyAreaId) fields.policyAreaId = agreed.policyAreaId;
  if (before.deadline !== agreed.deadline) fields.deadline = agreed.deadline;
  const agrees = before.status === "PROPOSED";
  if (agrees) fields.status = "AGREED";
  const sameCodes = (role: "LEAD" | "CONTRIBUTING", codes: Map<string, number>) => {
    const current = before.responsibilities.filter((r) => r.role === role).map((r) => r.signatoryCode);
    return current.length === codes.size && current.every((code) => codes.has(code));
  };
  const responsibilitiesChange = !sameCodes("LEAD", agreed.leads) || !sameCodes("CONTRIBUTING", agreed.contributors);
  if (Object.keys(fields).length === 0 && !responsibilitiesChange) return;

  await bumpVersion(tx, before, fields);
  if (responsibilitiesChange) {
    await tx.delete(measureResponsibilities).where(eq(measureResponsibilities.measureId, measureId));
    await replaceResponsibilities(tx, measureId, new Map([...agreed.leads, ...agreed.contributors]), [...agreed.leads.keys()], [
      ...agreed.contributors.keys(),
    ]);
  }
  if (agrees) {
    await tx.insert(measureStatusChanges).values({
      measureId,
      fromStatus: "PROPOSED",
      toStatus: "AGREED",
      reason: `Agreed in version ${agreed.versionNumber} of the action plan`,
      ...actorColumns(change.viewer),
      requestId: change.requestId,
    });
  }
  await change.record(await changeOf(tx, before));
}

/**
 * Withdraws a measure because the version of the plan just adopted withdraws it, by the
 * same transition rules as setMeasureStatus. Already withdrawn: nothing to do.
 */
export async function withdrawByAdoption(
  tx: Transaction,
  change: { viewer: AuthenticatedViewer; requestId: string; record: (change: Change) => Promise<void> },
  measureId: number,
  reason: string,
): Promise<void> {
  const before = await existingMeasure(tx, measureId);
  if (before.status === "WITHDRAWN") return;
  const verdict = judgeTransition(before.status, "WITHDRAWN", { role: "COORDINATOR" }, reason);
  if (!verdict.allowed) throw new AppError(verdict.code, `${before.code}: ${verdict.message}`);
  await bumpVersion(tx, before, { status: "WITHDRAWN" });
  await tx.insert(measureStatusChanges).values({
    measureId,
    fromStatus: before.status,
    toStatus: "WITHDRAWN",
    reason,
    ...actorColumns(change.viewer),
    requestId: change.requestId,
  });
  await change.record(await changeOf(tx, before));
}

async function replaceResponsibilities(
  tx: Transaction,
  measureId: number,
  signatoryIds: Map<string, number>,
  leads: string[],
  contributors: string[],
) {
  const rows = [
    ...leads.map((code, position) => ({ code, role: "LEAD" as const, position })),
    ...[...new Set(contributors)].map((code, position) => ({ code, role: "CONTRIBUTING" as const, position })),
  ].map(({ code, role, position }) => ({ measureId, signatoryId: signatoryIds.get(code)!, role, position }));
  if (rows.length) await tx.insert(measureResponsibilities).values(rows);
}



async function loadMeasure(ctx: Context, id: number): Promise<MeasureRow> {
  const [measure] = await measuresByIds(ctx.db, [id]);
  if (!measure) throw notFound("No measure has this id");
  return measure;
}
