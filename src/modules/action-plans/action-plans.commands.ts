import { and, eq, sql, type SQL } from "drizzle-orm";
import { requireCoordinator } from "../../auth/access";
import type { Transaction } from "../../db/client";
import type { Context } from "../../graphql/context";
import { AppError, badUserInput, notFound } from "../../graphql/errors";
import { fromGlobalIdOf, toGlobalId } from "../../lib/global-id";
import { applyChange, type Change } from "../audit/audit.service";
import { judgeTransition } from "../measures/measure-status.rules";
import { applyAgreedContent, responsibleSignatoryIds, withdrawByAdoption } from "../measures/measures.commands";
import { measureResponsibilities, measures, measureStatusChanges } from "../measures/measures.tables";
import { requirePartnership, requirePolicyAreaId } from "../partnerships/partnerships.service";
import { partnerships } from "../partnerships/partnerships.tables";
import type {
  AddMeasureToActionPlanDraftInput,
  AdoptActionPlanDraftInput,
  DiscardActionPlanDraftInput,
  OpenActionPlanDraftInput,
  RestoreMeasureInActionPlanDraftInput,
  ReviseActionPlanDraftMeasureInput,
  WithdrawMeasureFromActionPlanDraftInput,
} from "./action-plans.inputs";
import { entriesOfVersions, versionsByIds, type ActionPlanVersionRow, type PlanEntryRow } from "./action-plans.service";
import { actionPlanEntries, actionPlanEntryResponsibilities, actionPlanVersions } from "./action-plans.tables";

/**
 * The action plan's life, the coordinator's alone: open a draft, edit it, adopt it. Each
 * command is one transaction with its audit records. Edits take the draft's revision as
 * read, so no edit is made on top of one the client has not seen.
 */

export async function openActionPlanDraft(ctx: Context, input: OpenActionPlanDraftInput): Promise<ActionPlanVersionRow> {
  const viewer = requireCoordinator(ctx.viewer, "open a draft of the action plan");
  const { id } = await applyChange({ ...ctx, viewer }, "openActionPlanDraft", input, async (tx, record) => {
    const partnership = await requirePartnership(tx, input.partnershipCode);
    await lockPartnership(tx, partnership.id);
    const versions = await tx.select().from(actionPlanVersions).where(eq(actionPlanVersions.partnershipId, partnership.id));
    const open = versions.find((v) => v.status === "DRAFT");
    if (open) {
      throw new AppError("CONFLICT", `Version ${open.number} of ${partnership.code}'s action plan is already open as a draft; edit or adopt it`, {
        draftId: toGlobalId("ActionPlanVersion", open.id),
      });
    }
    const adopted = versions.find((v) => v.status === "ADOPTED") ?? null;
    const [draft] = await tx
      .insert(actionPlanVersions)
      .values({
        partnershipId: partnership.id,
        number: Math.max(0, ...versions.map((v) => v.number)) + 1,
        basedOnId: adopted?.id ?? null,
        note: input.note?.trim() || null,
        openedBySub: viewer.sub,
      })
      .returning();
    await (adopted
      ? copyVersion(tx, adopted.id, draft!.id)
      : copyMeasures(tx, draft!.id, sql`m.partnership_id = ${partnership.id} and m.status <> 'WITHDRAWN'`));
    await record({ entityType: "ActionPlanVersion", entityId: draft!.id, before: null, after: await versionRecord(tx, draft!.id) });
    return { typeName: "ActionPlanVersion", id: draft!.id };
  });
  return loadVersion(ctx, id);
}

/**
 * The adopted version's measures, as agreed, into the draft. A measure withdrawn since (by a
 * status change) comes in withdrawn, with the reason it was given, so the next version says so.
 */
async function copyVersion(tx: Transaction, fromVersionId: number, toVersionId: number): Promise<void> {
  await tx.execute(sql`
    insert into ${actionPlanEntries} (version_id, measure_id, title, description, policy_area_id, deadline, withdrawal_reason)
    select ${toVersionId}, e.measure_id, e.title, e.description, e.policy_area_id, e.deadline,
      case when m.status = 'WITHDRAWN' then coalesce((
        select h.reason from ${measureStatusChanges} h where h.measure_id = m.id and h.to_status = 'WITHDRAWN'
        order by h.changed_at desc, h.id desc limit 1), 'Withdrawn') end
    from ${actionPlanEntries} e join ${measures} m on m.id = e.measure_id
    where e.version_id = ${fromVersionId} and e.withdrawal_reason is null`);
  await tx.execute(sql`
    insert into ${actionPlanEntryResponsibilities} (version_id, measure_id, signatory_id, role, position)
    select ${toVersionId}, r.measure_id, r.signatory_id, r.role, r.position
    from ${actionPlanEntryResponsibilities} r
      join ${actionPlanEntries} e on e.version_id = r.version_id and e.measure_id = r.measure_id
    where r.version_id = ${fromVersionId} and e.withdrawal_reason is null`);
}

/**
 * The measures `measureCondition` picks (as `m`), as they stand, into a draft. Before any
 * adoption, the first draft starts from every measure of the partnership that is not withdrawn.
 */
export async function copyMeasures(tx: Transaction, toVersionId: number, measureCondition: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${actionPlanEntries} (version_id, measure_id, title, description, policy_area_id, deadline)
    select ${toVersionId}, m.id, m.title, m.description, m.policy_area_id, m.deadline
    from ${measures} m where ${measureCondition}`);
  await copyResponsibilities(tx, toVersionId, measureCondition);
}

async function copyResponsibilities(tx: Transaction, toVersionId: number, measureCondition: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${actionPlanEntryResponsibilities} (version_id, measure_id, signatory_id, role, position)
    select ${toVersionId}, r.measure_id, r.signatory_id, r.role, r.position
    from ${measureResponsibilities} r join ${measures} m on m.id = r.measure_id
    where ${measureCondition}`);
}

export function addMeasureToActionPlanDraft(ctx: Context, input: AddMeasureToActionPlanDraftInput) {
  return editDraft(ctx, "addMeasureToActionPlanDraft", input, async (tx, draft, measureId, entry) => {
    const [measure] = await tx.select().from(measures).where(eq(measures.id, measureId));
    if (!measure) throw notFound("No measure has this id");
    if (measure.partnershipId !== draft.partnershipId) throw badUserInput(`${measure.code} belongs to another partnership`);
    if (entry) {
      throw badUserInput(
        entry.withdrawalReason === null
          ? `${measure.code} is already in draft version ${draft.number}`
          : `${measure.code} is withdrawn in draft version ${draft.number}; restore it instead`,
      );
    }
    if (measure.status === "WITHDRAWN") throw badUserInput(`${measure.code} is WITHDRAWN, which is final`);
    await tx.insert(actionPlanEntries).values({
      versionId: draft.id,
      measureId,
      title: measure.title,
      description: measure.description,
      policyAreaId: measure.policyAreaId,
      deadline: measure.deadline,
    });
    await copyResponsibilities(tx, draft.id, sql`m.id = ${measureId}`);
  });
}

export function reviseActionPlanDraftMeasure(ctx: Context, input: ReviseActionPlanDraftMeasureInput) {
  return editDraft(ctx, "reviseActionPlanDraftMeasure", input, async (tx, draft, measureId, entry) => {
    const current = requireActiveEntry(draft, entry);
    const fields: Partial<typeof actionPlanEntries.$inferInsert> = {};
    if (input.title != null) fields.title = input.title.trim();
    if (input.description != null) fields.description = input.description;
    if (input.policyAreaCode != null) fields.policyAreaId = await requirePolicyAreaId(tx, draft.partnershipId, input.policyAreaCode);
    // Absent leaves the deadline alone; an explicit null removes it.
    if (input.deadline !== undefined) fields.deadline = input.deadline;
    if (Object.keys(fields).length) {
      await tx
        .update(actionPlanEntries)
        .set(fields)
        .where(and(eq(actionPlanEntries.versionId, draft.id), eq(actionPlanEntries.measureId, measureId)));
    }
    if (input.leadSignatoryCodes != null || input.contributingSignatoryCodes != null) {
      const leads = input.leadSignatoryCodes ?? current.leadCodes;
      const contributors = [...new Set(input.contributingSignatoryCodes ?? current.contributorCodes)];
      const ids = await responsibleSignatoryIds(tx, draft.partnershipId, leads, contributors);
      await tx
        .delete(actionPlanEntryResponsibilities)
        .where(and(eq(actionPlanEntryResponsibilities.versionId, draft.id), eq(actionPlanEntryResponsibilities.measureId, measureId)));
      await tx.insert(actionPlanEntryResponsibilities).values([
        ...leads.map((code, position) => ({ versionId: draft.id, measureId, signatoryId: ids.get(code)!, role: "LEAD" as const, position })),
        ...contributors.map((code, position) => ({
          versionId: draft.id,
          measureId,
          signatoryId: ids.get(code)!,
          role: "CONTRIBUTING" as const,
          position,
        })),
      ]);
    }
  });
}

export function withdrawMeasureFromActionPlanDraft(ctx: Context, input: WithdrawMeasureFromActionPlanDraftInput) {
  return editDraft(ctx, "withdrawMeasureFromActionPlanDraft", input, async (tx, draft, measureId, entry) => {
    const current = requireActiveEntry(draft, entry);
    const reason = input.reason.trim();
    const verdict = judgeTransition(current.status, "WITHDRAWN", { role: "COORDINATOR" }, reason);
    if (current.status !== "WITHDRAWN" && !verdict.allowed) throw new AppError(verdict.code, `${current.code}: ${verdict.message}`);
    const thisEntry = and(eq(actionPlanEntries.versionId, draft.id), eq(actionPlanEntries.measureId, measureId));
    if (await inBaseVersion(tx, draft, measureId)) {
      await tx.update(actionPlanEntries).set({ withdrawalReason: reason }).where(thisEntry);
    } else {
      // Never agreed in a version: there is nothing to withdraw from, it simply leaves the draft.
      await tx.delete(actionPlanEntries).where(thisEntry);
    }
  });
}

export function restoreMeasureInActionPlanDraft(ctx: Context, input: RestoreMeasureInActionPlanDraftInput) {
  return editDraft(ctx, "restoreMeasureInActionPlanDraft", input, async (tx, draft, _measureId, entry) => {
    if (!entry || entry.withdrawalReason === null) throw badUserInput(`The measure is not withdrawn in draft version ${draft.number}`);
    if (entry.status === "WITHDRAWN") throw badUserInput(`${entry.code} is WITHDRAWN, which is final`);
    await tx
      .update(actionPlanEntries)
      .set({ withdrawalReason: null })
      .where(and(eq(actionPlanEntries.versionId, draft.id), eq(actionPlanEntries.measureId, entry.measureId)));
  });
}

export async function adoptActionPlanDraft(
  ctx: Context,
  input: AdoptActionPlanDraftInput,
): Promise<{ version: ActionPlanVersionRow; superseded: ActionPlanVersionRow | null }> {
  const viewer = requireCoordinator(ctx.viewer, "adopt the action plan");
  const draftId = fromGlobalIdOf("ActionPlanVersion", input.draftId);
  let supersededId: number | null = null;
  const { id } = await applyChange({ ...ctx, viewer }, "adoptActionPlanDraft", input, async (tx, record) => {
    const draft = await lockedDraft(tx, draftId, input.expectedRevision);
    await lockPartnership(tx, draft.partnershipId);
    const entries = await entriesOfVersions(tx, [draft.id]);
    const active = entries.filter((e) => e.withdrawalReason === null);
    if (active.length === 0) throw badUserInput(`Draft version ${draft.number} has no measures; add some before adopting it`);
    const finished = active.filter((e) => e.status === "WITHDRAWN").map((e) => e.code);
    if (finished.length) {
      throw badUserInput(`Withdrawn since the draft was opened, withdraw them in the draft first: ${finished.join(", ")}`);
    }
    // Statuses of these measures must not move under the adoption.
    await tx.execute(
      sql`select 1 from ${measures} where id = any(${sql.param(entries.map((e) => e.measureId))}::int[]) order by id for update`,
    );

    const [previous] = await tx
      .select()
      .from(actionPlanVersions)
      .where(and(eq(actionPlanVersions.partnershipId, draft.partnershipId), eq(actionPlanVersions.status, "ADOPTED")));
    if (previous) {
      const before = await versionRecord(tx, previous.id);
      await tx
        .update(actionPlanVersions)
        .set({ status: "SUPERSEDED", supersededAt: sql`now()` })
        .where(eq(actionPlanVersions.id, previous.id));
      await record({ entityType: "ActionPlanVersion", entityId: previous.id, before, after: await versionRecord(tx, previous.id) });
      supersededId = previous.id;
    }
    const before = await versionRecord(tx, draft.id);
    await tx
      .update(actionPlanVersions)
      .set({ status: "ADOPTED", adoptedAt: sql`now()`, adoptedBySub: viewer.sub, revision: draft.revision + 1 })
      .where(eq(actionPlanVersions.id, draft.id));
    await record({ entityType: "ActionPlanVersion", entityId: draft.id, before, after: await versionRecord(tx, draft.id) });

    const change = { viewer, requestId: ctx.requestId, record };
    for (const entry of entries) {
      if (entry.withdrawalReason !== null) {
        await withdrawByAdoption(tx, change, entry.measureId, entry.withdrawalReason);
      } else {
        await applyAgreedContent(tx, change, entry.measureId, {
          versionNumber: draft.number,
          title: entry.title,
          description: entry.description,
          policyAreaId: entry.policyAreaId,
          deadline: entry.deadline,
          leads: new Map(entry.leadCodes.map((code, i) => [code, entry.leadIds[i]!])),
          contributors: new Map(entry.contributorCodes.map((code, i) => [code, entry.contributorIds[i]!])),
        });
      }
    }
    return { typeName: "ActionPlanVersion", id: draft.id };
  });
  return { version: await loadVersion(ctx, id), superseded: supersededId === null ? null : await loadVersion(ctx, supersededId) };
}

/**
 * Abandons a draft: its entries and the version go; the audit trail keeps what it held. The
 * next draft takes its number. Adopted and superseded versions can never be deleted.
 */
export async function discardActionPlanDraft(ctx: Context, input: DiscardActionPlanDraftInput): Promise<number> {
  const viewer = requireCoordinator(ctx.viewer, "discard a draft of the action plan");
  const draftId = fromGlobalIdOf("ActionPlanVersion", input.draftId);
  const { id } = await applyChange({ ...ctx, viewer }, "discardActionPlanDraft", input, async (tx, record) => {
    const draft = await lockedDraft(tx, draftId, input.expectedRevision);
    const before = await versionRecord(tx, draft.id);
    // Responsibilities go with their entries (ON DELETE CASCADE).
    await tx.delete(actionPlanEntries).where(eq(actionPlanEntries.versionId, draft.id));
    await tx.delete(actionPlanVersions).where(eq(actionPlanVersions.id, draft.id));
    await record({ entityType: "ActionPlanVersion", entityId: draft.id, before, after: null });
    return { typeName: "ActionPlanVersion", id: draft.id };
  });
  return id;
}

// --- helpers shared by the commands above -------------------------------------------

interface DraftEdit {
  clientMutationId?: string | null;
  draftId: string;
  expectedRevision: number;
  measureId: string;
}

/**
 * One edit of one measure in a draft: locks the draft at the revision the client read, runs
 * `edit`, moves the draft to its next revision and records the measure's entry before and after.
 */
async function editDraft(
  ctx: Context,
  operation: string,
  input: DraftEdit,
  edit: (tx: Transaction, draft: ActionPlanVersionRow, measureId: number, entry: PlanEntryRow | null) => Promise<void>,
): Promise<ActionPlanVersionRow> {
  const viewer = requireCoordinator(ctx.viewer, "edit a draft of the action plan");
  const draftId = fromGlobalIdOf("ActionPlanVersion", input.draftId);
  const measureId = fromGlobalIdOf("Measure", input.measureId);
  const { id } = await applyChange({ ...ctx, viewer }, operation, input, async (tx, record) => {
    const draft = await lockedDraft(tx, draftId, input.expectedRevision);
    const before = await entryOf(tx, draft.id, measureId);
    await edit(tx, draft, measureId, before);
    await tx
      .update(actionPlanVersions)
      .set({ revision: draft.revision + 1 })
      .where(eq(actionPlanVersions.id, draft.id));
    const after = await entryOf(tx, draft.id, measureId);
    await record({
      entityType: "ActionPlanVersion",
      entityId: draft.id,
      partnershipId: draft.partnershipId,
      before: { number: draft.number, revision: draft.revision, measure: before && contentOf(before) },
      after: { number: draft.number, revision: draft.revision + 1, measure: after && contentOf(after) },
    });
    return { typeName: "ActionPlanVersion", id: draft.id };
  });
  return loadVersion(ctx, id);
}

/**
 * The draft under its row lock. The revision is checked first: a client that lost a race
 * (even one that adopted the draft) gets CONFLICT with the current revision.
 */
async function lockedDraft(tx: Transaction, draftId: number, expectedRevision: number): Promise<ActionPlanVersionRow> {
  const [version] = await tx.select().from(actionPlanVersions).where(eq(actionPlanVersions.id, draftId)).for("update");
  if (!version) throw notFound("No action plan version has this id");
  if (version.revision !== expectedRevision) {
    throw new AppError(
      "CONFLICT",
      `Version ${version.number} has changed: it is at revision ${version.revision}, not ${expectedRevision}. Reload it and try again.`,
      { currentRevision: version.revision },
    );
  }
  if (version.status !== "DRAFT") {
    throw badUserInput(`Version ${version.number} is ${version.status}: its content is fixed; open a new draft to change the plan`);
  }
  return version;
}

/** Opening and adopting read which versions a partnership has: one at a time per partnership. */
async function lockPartnership(tx: Transaction, partnershipId: number): Promise<void> {
  await tx.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.id, partnershipId)).for("update");
}

async function entryOf(tx: Transaction, versionId: number, measureId: number): Promise<PlanEntryRow | null> {
  const entries = await entriesOfVersions(tx, [versionId], measureId);
  return entries[0] ?? null;
}

function requireActiveEntry(draft: ActionPlanVersionRow, entry: PlanEntryRow | null): PlanEntryRow {
  if (!entry) throw badUserInput(`The measure is not in draft version ${draft.number}; add it first`);
  if (entry.withdrawalReason !== null) throw badUserInput(`${entry.code} is withdrawn in draft version ${draft.number}; restore it first`);
  return entry;
}

async function inBaseVersion(tx: Transaction, draft: ActionPlanVersionRow, measureId: number): Promise<boolean> {
  if (draft.basedOnId === null) return false;
  const [entry] = await tx
    .select({ measureId: actionPlanEntries.measureId })
    .from(actionPlanEntries)
    .where(and(eq(actionPlanEntries.versionId, draft.basedOnId), eq(actionPlanEntries.measureId, measureId)));
  return entry !== undefined;
}

/** A measure's content in a version, as the audit trail records it (no live status). */
const contentOf = (entry: PlanEntryRow) => ({
  measureId: entry.measureId,
  code: entry.code,
  title: entry.title,
  description: entry.description,
  policyAreaCode: entry.policyAreaCode,
  deadline: entry.deadline,
  leadCodes: entry.leadCodes,
  contributorCodes: entry.contributorCodes,
  withdrawalReason: entry.withdrawalReason,
});

/** A version as the audit trail records it: its row and how many measures it holds and withdraws. */
async function versionRecord(tx: Transaction, versionId: number): Promise<Change["after"]> {
  const [version] = await versionsByIds(tx, [versionId]);
  const [counts] = await tx
    .select({
      measures: sql<number>`count(*) filter (where ${actionPlanEntries.withdrawalReason} is null)::int`,
      withdrawn: sql<number>`count(*) filter (where ${actionPlanEntries.withdrawalReason} is not null)::int`,
    })
    .from(actionPlanEntries)
    .where(eq(actionPlanEntries.versionId, versionId));
  return { ...version, ...counts };
}

async function loadVersion(ctx: Context, id: number): Promise<ActionPlanVersionRow> {
  const [version] = await versionsByIds(ctx.db, [id]);
  if (!version) throw notFound("No action plan version has this id");
  return version;
}
