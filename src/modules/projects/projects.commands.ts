import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { requireCoordinator } from "../../auth/access";
import type { Executor, Transaction } from "../../db/client";
import type { Context } from "../../graphql/context";
import { AppError, badUserInput, notFound } from "../../graphql/errors";
import { fromGlobalIdOf, toGlobalId } from "../../lib/global-id";
import { applyChange, type Change, type ChangedEntity } from "../audit/audit.service";
import { fundingInstruments } from "../funding/funding.tables";
import { organisations } from "../organisations/organisations.tables";
import { requirePartnership } from "../partnerships/partnerships.service";
import type {
  AddProjectParticipantInput,
  CreateProjectInput,
  RecordProjectBudgetInput,
  RecordProjectTransactionInput,
  RemoveProjectParticipantInput,
  ReverseProjectTransactionInput,
  UpdateProjectInput,
} from "./projects.inputs";
import { projectsByIds, transactionsByIds, type ProjectRow, type ProjectTransactionRow } from "./projects.service";
import { projectBudgets, projectParticipants, projects, projectTransactions } from "./projects.tables";

/**
 * Changes to projects, their participants, budgets and transactions; the coordinator's
 * alone. Each runs in one transaction with its audit record (applyChange). A change to an
 * existing project, participants and money included, happens only at the version the
 * client last read, and moves the project to the next version.
 *
 * Throws UNAUTHENTICATED or FORBIDDEN before anything else, NOT_FOUND for an unknown
 * project id, CONFLICT for a stale expectedVersion, BAD_USER_INPUT for the rest.
 */

export interface RecordedTransaction {
  project: ProjectRow;
  transaction: ProjectTransactionRow;
}

export async function createProject(ctx: Context, input: CreateProjectInput): Promise<ProjectRow> {
  const viewer = requireCoordinator(ctx.viewer, "create projects");
  const dates = datesOf(input);
  checkDates(dates);
  const { id } = await applyChange({ ...ctx, viewer }, "createProject", input, async (tx, record) => {
    const partnership = await requirePartnership(tx, input.partnershipCode);
    const instrumentId = input.instrumentCode == null ? null : await instrumentIdOf(tx, input.instrumentCode);
    await requireUnusedCode(tx, input.code);
    const [created] = await tx
      .insert(projects)
      .values({
        partnershipId: partnership.id,
        code: input.code,
        title: input.title.trim(),
        description: input.description ?? null,
        status: input.status,
        instrumentId,
        ...dates,
      })
      .returning({ id: projects.id });
    const projectId = created!.id;
    await record({ entityType: "Project", entityId: projectId, before: null, after: await snapshotProject(tx, projectId) });
    return { typeName: "Project", id: projectId };
  });
  return loadProject(ctx, id);
}

export async function updateProject(ctx: Context, input: UpdateProjectInput): Promise<ProjectRow> {
  const viewer = requireCoordinator(ctx.viewer, "change projects");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  const { id } = await applyChange({ ...ctx, viewer }, "updateProject", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);

    const fields: Partial<typeof projects.$inferInsert> = {};
    // code, title and status cannot be empty: null leaves them as they are, as in updateMeasure.
    if (input.code != null && input.code !== before.code) {
      await requireUnusedCode(tx, input.code, projectId);
      fields.code = input.code;
    }
    if (input.title != null) fields.title = input.title.trim();
    if (input.status != null) fields.status = input.status;
    // Absent leaves a field alone; an explicit null removes it.
    if (input.description !== undefined) fields.description = input.description;
    if (input.instrumentCode !== undefined) {
      fields.instrumentId = input.instrumentCode === null ? null : await instrumentIdOf(tx, input.instrumentCode);
    }
    for (const field of DATE_FIELDS) {
      if (input[field] !== undefined) fields[field] = input[field] as never;
    }
    checkDates({ ...datesOf(before), ...pick(fields, DATE_FIELDS) });

    await bumpVersion(tx, before, fields);
    await record(await changeOf(tx, before));
    return { typeName: "Project", id: projectId };
  });
  return loadProject(ctx, id);
}

export async function addProjectParticipant(ctx: Context, input: AddProjectParticipantInput): Promise<ProjectRow> {
  const viewer = requireCoordinator(ctx.viewer, "change a project's participants");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  const { id } = await applyChange({ ...ctx, viewer }, "addProjectParticipant", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);
    const organisationId = await organisationIdOf(tx, input.organisationCode);
    if (before.participants.some((p) => p.organisationCode === input.organisationCode && p.role === input.role)) {
      throw badUserInput(`${input.organisationCode} already takes part in ${before.code} as ${input.role}`);
    }
    await bumpVersion(tx, before, {});
    await tx.insert(projectParticipants).values({ projectId, organisationId, role: input.role });
    await record(await changeOf(tx, before));
    return { typeName: "Project", id: projectId };
  });
  return loadProject(ctx, id);
}

export async function removeProjectParticipant(ctx: Context, input: RemoveProjectParticipantInput): Promise<ProjectRow> {
  const viewer = requireCoordinator(ctx.viewer, "change a project's participants");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  const { id } = await applyChange({ ...ctx, viewer }, "removeProjectParticipant", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);
    const organisationId = await organisationIdOf(tx, input.organisationCode);
    if (!before.participants.some((p) => p.organisationCode === input.organisationCode && p.role === input.role)) {
      const current = before.participants.map((p) => `${p.organisationCode} as ${p.role}`).join(", ") || "none";
      throw badUserInput(`${input.organisationCode} does not take part in ${before.code} as ${input.role} (participants: ${current})`);
    }
    await bumpVersion(tx, before, {});
    await tx
      .delete(projectParticipants)
      .where(
        and(
          eq(projectParticipants.projectId, projectId),
          eq(projectParticipants.organisationId, organisationId),
          eq(projectParticipants.role, input.role),
        ),
      );
    await record(await changeOf(tx, before));
    return { typeName: "Project", id: projectId };
  });
  return loadProject(ctx, id);
}

export async function recordProjectBudget(ctx: Context, input: RecordProjectBudgetInput): Promise<ProjectRow> {
  const viewer = requireCoordinator(ctx.viewer, "record budgets");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  if (input.periodStart != null && input.periodEnd != null && input.periodEnd < input.periodStart) {
    throw badUserInput(`periodEnd (${input.periodEnd}) is before periodStart (${input.periodStart})`);
  }
  const { id } = await applyChange({ ...ctx, viewer }, "recordProjectBudget", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);
    await bumpVersion(tx, before, {});
    await tx.insert(projectBudgets).values({
      projectId,
      status: input.status,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      valueDate: input.valueDate,
      // A decimal string, validated at the edge; it reaches numeric without passing through a float.
      amount: input.amount.amount,
      currency: input.amount.currency,
      qualifier: input.qualifier,
    });
    await record(await changeOf(tx, before));
    return { typeName: "Project", id: projectId };
  });
  return loadProject(ctx, id);
}

export async function recordProjectTransaction(ctx: Context, input: RecordProjectTransactionInput): Promise<RecordedTransaction> {
  const viewer = requireCoordinator(ctx.viewer, "record transactions");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  const recorded = await applyChange({ ...ctx, viewer }, "recordProjectTransaction", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);
    const providerOrganisationId = input.providerOrganisationCode == null ? null : await organisationIdOf(tx, input.providerOrganisationCode);
    const receiverOrganisationId = input.receiverOrganisationCode == null ? null : await organisationIdOf(tx, input.receiverOrganisationCode);
    await bumpVersion(tx, before, {});
    const [created] = await tx
      .insert(projectTransactions)
      .values({
        projectId,
        type: input.type,
        valueDate: input.valueDate,
        amount: input.amount.amount,
        currency: input.amount.currency,
        providerOrganisationId,
        receiverOrganisationId,
        description: input.description?.trim() || null,
      })
      .returning({ id: projectTransactions.id });
    await record(await changeOf(tx, before));
    return { typeName: "ProjectTransaction", id: created!.id };
  });
  return loadTransaction(ctx, recorded);
}

export async function reverseProjectTransaction(ctx: Context, input: ReverseProjectTransactionInput): Promise<RecordedTransaction> {
  const viewer = requireCoordinator(ctx.viewer, "reverse transactions");
  const projectId = fromGlobalIdOf("Project", input.projectId);
  const transactionId = fromGlobalIdOf("ProjectTransaction", input.transactionId);
  const recorded = await applyChange({ ...ctx, viewer }, "reverseProjectTransaction", input, async (tx, record) => {
    const before = await existingProject(tx, projectId, input.expectedVersion);
    const [original] = await tx.select().from(projectTransactions).where(eq(projectTransactions.id, transactionId));
    if (!original) throw notFound("No transaction has this id");
    if (original.projectId !== projectId) {
      throw badUserInput(`Transaction ${input.transactionId} belongs to another project, not to ${before.code}`);
    }
    if (original.reversesId !== null) {
      throw badUserInput("This entry is itself a reversal and cannot be reversed; record a new transaction instead");
    }
    const [reversal] = await tx
      .select({ id: projectTransactions.id })
      .from(projectTransactions)
      .where(eq(projectTransactions.reversesId, transactionId));
    if (reversal) {
      throw badUserInput(`This entry was already reversed by ${toGlobalId("ProjectTransaction", reversal.id)}`);
    }
    await bumpVersion(tx, before, {});
    const [created] = await tx
      .insert(projectTransactions)
      .values({
        projectId,
        type: original.type,
        // Same value date as the entry it corrects, so that the two cancel out in every period
        // a report groups by; when the correction was made is recordedAt.
        valueDate: original.valueDate,
        // The stored amount is positive (the sign check guarantees it for an entry that is
        // not a reversal): negating the exact decimal string keeps every cent.
        amount: `-${original.amount}`,
        currency: original.currency,
        providerOrganisationId: original.providerOrganisationId,
        receiverOrganisationId: original.receiverOrganisationId,
        description: `Reversal: ${input.reason.trim()}`,
        reversesId: transactionId,
      })
      .returning({ id: projectTransactions.id });
    await record(await changeOf(tx, before));
    return { typeName: "ProjectTransaction", id: created!.id };
  });
  return loadTransaction(ctx, recorded);
}

// --- helpers shared by the commands above -------------------------------------------

const DATE_FIELDS = [
  "plannedStart",
  "plannedStartPrecision",
  "actualStart",
  "actualStartPrecision",
  "plannedEnd",
  "plannedEndPrecision",
  "actualEnd",
  "actualEndPrecision",
] as const;
type ProjectDates = Pick<typeof projects.$inferInsert, (typeof DATE_FIELDS)[number]>;

const pick = <T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> =>
  Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]])) as Partial<Pick<T, K>>;

function datesOf(value: Partial<Record<(typeof DATE_FIELDS)[number], unknown>>): ProjectDates {
  return Object.fromEntries(DATE_FIELDS.map((field) => [field, value[field] ?? null])) as ProjectDates;
}

/**
 * The project's own date rules, checked before the database's CHECK constraints would
 * refuse them, with a message that names the field: a date and its precision go together,
 * and an end is not before its start.
 */
function checkDates(dates: ProjectDates): void {
  for (const date of ["plannedStart", "actualStart", "plannedEnd", "actualEnd"] as const) {
    const precision = `${date}Precision` as const;
    if (dates[date] != null && dates[precision] == null) throw badUserInput(`${precision} is required with ${date}`);
    if (dates[date] == null && dates[precision] != null) throw badUserInput(`${precision} is given without ${date}; give both or neither`);
  }
  for (const [start, end] of [["plannedStart", "plannedEnd"], ["actualStart", "actualEnd"]] as const) {
    const [from, to] = [dates[start], dates[end]];
    // ISO dates (YYYY-MM-DD) compare correctly as strings.
    if (from != null && to != null && to < from) throw badUserInput(`${end} (${to}) is before ${start} (${from})`);
  }
}

type ProjectSnapshot = ProjectRow & {
  participants: { organisationCode: string; role: string }[];
  budgets: { count: number; totals: { currency: string; amount: string }[] };
  transactions: { ids: number[]; totals: { type: string; currency: string; amount: string }[] };
};

/**
 * The project as the audit trail records it: its row, who takes part, and its money in
 * summary (budget lines counted and added up, transactions by id and net per type).
 */
async function snapshotProject(tx: Executor, projectId: number): Promise<ProjectSnapshot | null> {
  const [row] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!row) return null;
  const participants = await tx
    .select({ organisationCode: organisations.code, role: projectParticipants.role })
    .from(projectParticipants)
    .innerJoin(organisations, eq(organisations.id, projectParticipants.organisationId))
    .where(eq(projectParticipants.projectId, projectId))
    .orderBy(asc(projectParticipants.role), asc(organisations.code));
  const [budgetCount] = await tx.select({ count: count() }).from(projectBudgets).where(eq(projectBudgets.projectId, projectId));
  const budgetTotals = await tx
    .select({ currency: projectBudgets.currency, amount: sql<string>`sum(${projectBudgets.amount})::text` })
    .from(projectBudgets)
    .where(eq(projectBudgets.projectId, projectId))
    .groupBy(projectBudgets.currency)
    .orderBy(asc(projectBudgets.currency));
  const transactionIds = await tx
    .select({ id: projectTransactions.id })
    .from(projectTransactions)
    .where(eq(projectTransactions.projectId, projectId))
    .orderBy(asc(projectTransactions.id));
  const transactionTotals = await tx
    .select({
      type: projectTransactions.type,
      currency: projectTransactions.currency,
      amount: sql<string>`sum(${projectTransactions.amount})::text`,
    })
    .from(projectTransactions)
    .where(eq(projectTransactions.projectId, projectId))
    .groupBy(projectTransactions.type, projectTransactions.currency)
    .orderBy(asc(projectTransactions.type), asc(projectTransactions.currency));
  return {
    ...row,
    participants,
    budgets: { count: budgetCount?.count ?? 0, totals: budgetTotals },
    transactions: { ids: transactionIds.map((t) => t.id), totals: transactionTotals },
  };
}

/** The project at the version the client read; NOT_FOUND or CONFLICT otherwise. */
/**
 * The project as it is under its row lock, at the version the client expects. The snapshot
 * takes several statements and the checks after it read other tables (participants, earlier
 * reversals): locking first makes a concurrent change wait for, or lose to, ours, so the
 * loser always gets CONFLICT rather than a verdict read half before and half after the winner.
 */
async function existingProject(tx: Transaction, projectId: number, expectedVersion: number): Promise<ProjectSnapshot> {
  const [locked] = await tx.select({ version: projects.version }).from(projects).where(eq(projects.id, projectId)).for("update");
  if (!locked) throw notFound("No project has this id");
  if (locked.version !== expectedVersion) throw staleVersion(locked.version, expectedVersion);
  return (await snapshotProject(tx, projectId))!;
}

async function changeOf(tx: Transaction, before: ProjectSnapshot): Promise<Change> {
  return { entityType: "Project", entityId: before.id, before, after: await snapshotProject(tx, before.id) };
}

const staleVersion = (currentVersion: number, expectedVersion: number) =>
  new AppError(
    "CONFLICT",
    `The project has changed: it is at version ${currentVersion}, not ${expectedVersion}. Reload it and try again.`,
    { currentVersion },
  );

/**
 * Applies `fields` and increments the version, only if nobody else did in the meantime: the
 * version condition is checked again under the row lock, so of two concurrent changes from
 * the same version exactly one succeeds.
 */
async function bumpVersion(tx: Transaction, before: ProjectSnapshot, fields: Partial<typeof projects.$inferInsert>) {
  const updated = await tx
    .update(projects)
    .set({ ...fields, version: sql`${projects.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(projects.id, before.id), eq(projects.version, before.version)))
    .returning({ version: projects.version });
  if (updated.length === 0) {
    const [current] = await tx.select({ version: projects.version }).from(projects).where(eq(projects.id, before.id));
    throw staleVersion(current?.version ?? before.version + 1, before.version);
  }
}

async function instrumentIdOf(tx: Transaction, code: string): Promise<number> {
  const [instrument] = await tx.select({ id: fundingInstruments.id }).from(fundingInstruments).where(eq(fundingInstruments.code, code));
  if (!instrument) throw badUserInput(`There is no funding instrument ${code}`);
  return instrument.id;
}

async function organisationIdOf(tx: Transaction, code: string): Promise<number> {
  const [organisation] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
  if (!organisation) throw badUserInput(`There is no organisation ${code}`);
  return organisation.id;
}

/** Project codes are unique across partnerships; says so before the unique index would. */
async function requireUnusedCode(tx: Transaction, code: string, exceptProjectId?: number): Promise<void> {
  const [duplicate] = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.code, code), exceptProjectId === undefined ? undefined : ne(projects.id, exceptProjectId)));
  if (duplicate) throw badUserInput(`There is already a project ${code}; choose another code`);
}

/**
 * The project as the payload serves it. Its per-project loaders are cleared first: an
 * earlier field of the same request may have cached the state before this change.
 */
async function loadProject(ctx: Context, id: number): Promise<ProjectRow> {
  const { loaders } = ctx;
  for (const loader of [
    loaders.projectById,
    loaders.participantsByProjectId,
    loaders.budgetTotalsByProjectId,
    loaders.budgetsByProjectId,
    loaders.transactionsByProjectId,
    loaders.transactionTotalsByProjectId,
  ] as { clear(key: number): unknown }[]) {
    loader.clear(id);
  }
  const [project] = await projectsByIds(ctx.db, [id]);
  if (!project) throw notFound("No project has this id");
  return project;
}

async function loadTransaction(ctx: Context, recorded: ChangedEntity): Promise<RecordedTransaction> {
  const [transaction] = await transactionsByIds(ctx.db, [recorded.id]);
  if (!transaction) throw notFound("No transaction has this id");
  return { project: await loadProject(ctx, transaction.projectId), transaction };
}
