import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireRole } from "../../auth/access";
import { signatoryCodeOf, type Viewer } from "../../auth/viewer";
import { PageArgs } from "../../graphql/connection";
import { atMost, ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { badUserInput } from "../../graphql/errors";
import { toGlobalId } from "../../lib/global-id";
import { Measure } from "../measures/measures.types";
import { findSignatoryByCode } from "../partnerships/partnerships.service";
import { MAX_SIGNATORIES_PER_PARTNERSHIP, Partnership, PolicyArea, Signatory } from "../partnerships/partnerships.types";
import { diffPlans } from "./action-plan-diff.rules";
import {
  addMeasureToActionPlanDraft,
  adoptActionPlanDraft,
  discardActionPlanDraft,
  openActionPlanDraft,
  restoreMeasureInActionPlanDraft,
  reviseActionPlanDraftMeasure,
  withdrawMeasureFromActionPlanDraft,
} from "./action-plans.commands";
import {
  ActionPlanVersionPayload,
  AddMeasureToActionPlanDraftInput,
  AdoptActionPlanDraftInput,
  AdoptActionPlanDraftPayload,
  DiscardActionPlanDraftInput,
  DiscardActionPlanDraftPayload,
  OpenActionPlanDraftInput,
  RestoreMeasureInActionPlanDraftInput,
  ReviseActionPlanDraftMeasureInput,
  WithdrawMeasureFromActionPlanDraftInput,
} from "./action-plans.inputs";
import {
  entriesOfVersions,
  figuresOf,
  findVersion,
  listEntries,
  progressOfVersion,
  readableVersion,
  versionsOfPartnership,
  type ActionPlanVersionRow,
  type PlanEntryRow,
} from "./action-plans.service";
import {
  ActionPlanDiff,
  ActionPlanMeasure,
  ActionPlanMeasureChange,
  ActionPlanMeasureConnection,
  ActionPlanMeasureFilter,
  ActionPlanProgress,
  ActionPlanVersion,
} from "./action-plans.types";

const partnershipCodeArg = { description: 'The partnership\'s code, e.g. "EU-BY"; an unknown code is BAD_USER_INPUT.' };

@Resolver(() => ActionPlanVersion)
export class ActionPlanVersionResolver {
  @Query(() => ActionPlanVersion, {
    nullable: true,
    description: "A version of a partnership's action plan: the adopted one unless a number is given; null if there is none.",
  })
  actionPlan(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Arg("version", () => Int, {
      nullable: true,
      description: "The version's number (1, 2, 3...); the ADOPTED version when null or omitted. A draft is found for signed-in clients only.",
    })
    version: number | null,
    @Ctx() { db, viewer }: Context,
  ) {
    return findVersion(db, viewer, partnershipCode, version);
  }

  @Query(() => [ActionPlanVersion], {
    description: "Every version of a partnership's action plan, oldest first; drafts only for signed-in users.",
    complexity: pagedList,
  })
  async actionPlanVersions(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Args() page: ListPageArgs,
    @Ctx() { db, viewer }: Context,
  ) {
    return pageOfList(await versionsOfPartnership(db, viewer, partnershipCode), page);
  }

  @Query(() => ActionPlanDiff, {
    description: "What changed from one version to another (either way round): measures added, withdrawn and changed, field by field.",
  })
  async actionPlanDiff(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Arg("from", () => Int, { description: "The number of the version to compare from; one that does not exist (or a draft, without a token) is BAD_USER_INPUT." })
    from: number,
    @Arg("to", () => Int, { description: "The number of the version to compare to; it may be older than from." })
    to: number,
    @Ctx() { db, loaders, viewer }: Context,
  ) {
    const [earlier, later] = await Promise.all([
      requireVersion(db, viewer, partnershipCode, from),
      requireVersion(db, viewer, partnershipCode, to),
    ]);
    const entries = await entriesOfVersions(db, [earlier.id, later.id]);
    const diff = diffPlans(
      entries.filter((e) => e.versionId === earlier.id),
      entries.filter((e) => e.versionId === later.id),
    );
    return {
      from: earlier,
      to: later,
      added: diff.added,
      withdrawn: diff.withdrawn,
      changed: diff.changed.map((change) => ({
        measure: loaders.measureById.load(change.to.measureId),
        code: change.to.code,
        changes: change.changes,
        before: change.from,
        after: change.to,
      })),
    };
  }

  @Query(() => ActionPlanProgress, {
    nullable: true,
    description:
      "A ministry's view: the progress of the measures its own signatory leads, in the adopted version or the one given. " +
      "Null if there is no such version. MINISTRY tokens only (FORBIDDEN for others, UNAUTHENTICATED without a token).",
  })
  async myActionPlanProgress(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Arg("version", () => Int, { nullable: true, description: "The version's number; the ADOPTED version when null or omitted." })
    version: number | null,
    @Ctx() context: Context,
  ) {
    const viewer = requireRole(context.viewer, ["MINISTRY"], "see a ministry's progress report");
    const found = await findVersion(context.db, viewer, partnershipCode, version);
    return found && progressReport(context, found, signatoryCodeOf(viewer));
  }

  @FieldResolver(() => Partnership, { description: "The partnership whose plan this is a version of." })
  partnership(@Root() version: ActionPlanVersionRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(version.partnershipId);
  }

  @FieldResolver(() => ActionPlanVersion, { nullable: true, description: "The adopted version this one was drafted from." })
  async basedOn(@Root() version: ActionPlanVersionRow, @Ctx() { loaders, viewer }: Context) {
    return version.basedOnId === null ? null : readableVersion(viewer, await loaders.actionPlanVersionById.load(version.basedOnId));
  }

  @FieldResolver(() => String, { nullable: true, description: "Who opened the draft (the token's subject); null for anonymous clients." })
  openedBy(@Root() version: ActionPlanVersionRow, @Ctx() { viewer }: Context) {
    return viewer.kind === "user" ? version.openedBySub : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Who adopted it; null for anonymous clients and drafts." })
  adoptedBy(@Root() version: ActionPlanVersionRow, @Ctx() { viewer }: Context) {
    return viewer.kind === "user" ? version.adoptedBySub : null;
  }

  @FieldResolver(() => ActionPlanMeasureConnection, {
    description: "The measures as this version states them, by code; those it withdraws only with filter.includeWithdrawn. 20 a page unless first or last says otherwise.",
  })
  measures(
    @Root() version: ActionPlanVersionRow,
    @Arg("filter", () => ActionPlanMeasureFilter, { nullable: true, description: "Conditions that must all hold; the measures the version keeps when null or omitted." })
    filter: ActionPlanMeasureFilter | null,
    @Args() page: PageArgs,
    @Ctx() { db }: Context,
  ) {
    return listEntries(db, version.id, filter ?? {}, page);
  }

  @FieldResolver(() => ActionPlanProgress, {
    description: "Counts by status, overdue and completed share, overall, per policy area and per lead signatory.",
  })
  progress(
    @Root() version: ActionPlanVersionRow,
    @Arg("signatoryCode", () => String, { nullable: true, description: 'Only the measures this signatory leads, by code, e.g. "PL" (unknown: BAD_USER_INPUT); all when null or omitted.' })
    signatoryCode: string | null,
    @Ctx() context: Context,
  ) {
    return progressReport(context, version, signatoryCode);
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Opens the next version of the plan as a draft. Coordinator only." })
  async openActionPlanDraft(@Arg("input", { description: "The partnership and a note on what the version is for." }) input: OpenActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await openActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Puts a measure into the draft. Coordinator only." })
  async addMeasureToActionPlanDraft(@Arg("input", { description: "The draft, the revision read and the measure to add." }) input: AddMeasureToActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await addMeasureToActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Changes a measure's wording, area, deadline or leads in the draft. Coordinator only." })
  async reviseActionPlanDraftMeasure(@Arg("input", { description: "The draft, the revision read, the measure and only the fields to reword." }) input: ReviseActionPlanDraftMeasureInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await reviseActionPlanDraftMeasure(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Withdraws a measure in the draft, with a reason. Coordinator only." })
  async withdrawMeasureFromActionPlanDraft(
    @Arg("input", { description: "The draft, the revision read, the measure and why it is withdrawn." }) input: WithdrawMeasureFromActionPlanDraftInput,
    @Ctx() ctx: Context,
  ): Promise<object> {
    return { version: await withdrawMeasureFromActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Undoes a withdrawal made in the draft. Coordinator only." })
  async restoreMeasureInActionPlanDraft(@Arg("input", { description: "The draft, the revision read and the withdrawn measure to keep." }) input: RestoreMeasureInActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await restoreMeasureInActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => DiscardActionPlanDraftPayload, { description: "Abandons the open draft. Coordinator only." })
  async discardActionPlanDraft(@Arg("input", { description: "The draft to delete and the revision read." }) input: DiscardActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    const id = await discardActionPlanDraft(ctx, input);
    return { discardedDraftId: toGlobalId("ActionPlanVersion", id), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => AdoptActionPlanDraftPayload, {
    description: "Adopts the draft and supersedes the adopted version, in one transaction. Coordinator only.",
  })
  async adoptActionPlanDraft(@Arg("input", { description: "The draft to adopt and the revision read: a stale revision is CONFLICT." }) input: AdoptActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { ...(await adoptActionPlanDraft(ctx, input)), clientMutationId: input.clientMutationId ?? null };
  }
}

@Resolver(() => ActionPlanMeasure)
export class ActionPlanMeasureResolver {
  @FieldResolver(() => Measure, { description: "The measure itself, with its current state." })
  measure(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.measureById.load(entry.measureId);
  }

  @FieldResolver(() => PolicyArea, { description: "The policy area this version puts the measure in." })
  policyArea(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreaById.load(entry.policyAreaId);
  }

  @FieldResolver(() => [Signatory], { description: "In the order the plan names them.", complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP) })
  leads(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.signatoryById.loadMany(entry.leadIds);
  }

  @FieldResolver(() => [Signatory], {
    description: "The contributing signatories this version names, in its order; empty for none.",
    complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP),
  })
  contributors(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.signatoryById.loadMany(entry.contributorIds);
  }

  @FieldResolver(() => Boolean)
  withdrawn(@Root() entry: PlanEntryRow) {
    return entry.withdrawalReason !== null;
  }
}

async function requireVersion(db: Context["db"], viewer: Viewer, partnershipCode: string, number: number): Promise<ActionPlanVersionRow> {
  const version = await findVersion(db, viewer, partnershipCode, number);
  if (!version) throw badUserInput(`${partnershipCode}'s action plan has no version ${number}`);
  return version;
}

/** The progress report of a version, of all its measures or of those one signatory leads. */
async function progressReport(context: Context, version: ActionPlanVersionRow, signatoryCode: string | null) {
  const { db, loaders } = context;
  const signatory = signatoryCode == null ? null : await findSignatoryByCode(db, signatoryCode);
  if (signatoryCode != null && !signatory) throw badUserInput(`There is no signatory ${signatoryCode}`);
  const [cells, areas] = await Promise.all([
    progressOfVersion(db, version.id, signatory?.id ?? null),
    loaders.policyAreasByPartnershipId.load(version.partnershipId),
  ]);
  const leads = [...new Set(cells.filter((c) => c.dimension === "LEAD").map((c) => c.key!))];
  const leadSignatories = await loaders.signatoryById.loadMany(leads);
  return {
    version,
    asOf: version.supersededAt ?? new Date(),
    signatory,
    overall: figuresOf(cells.filter((c) => c.dimension === "TOTAL")),
    byPolicyArea: areas.map((area) => ({
      policyArea: area,
      ...figuresOf(cells.filter((c) => c.dimension === "AREA" && c.key === area.id)),
    })),
    byLeadSignatory: leadSignatories
      .filter((s): s is Exclude<typeof s, Error | null> => s != null && !(s instanceof Error))
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((s) => ({ signatory: s, ...figuresOf(cells.filter((c) => c.dimension === "LEAD" && c.key === s.id)) })),
  };
}

/** A diff is worked out whole (two versions' entries); what it lists is paged like any long list. */
@Resolver(() => ActionPlanDiff)
export class ActionPlanDiffResolver {
  @FieldResolver(() => [ActionPlanMeasure], {
    description: "In `to` and not in `from` (absent there or withdrawn there).",
    complexity: pagedList,
  })
  added(@Root() diff: ActionPlanDiff, @Args() page: ListPageArgs) {
    return pageOfList(diff.added, page);
  }

  @FieldResolver(() => [ActionPlanMeasure], {
    description: "In `from` and not in `to`: as `to` withdraws it (with its reason), or as `from` stated it if `to` leaves it out.",
    complexity: pagedList,
  })
  withdrawn(@Root() diff: ActionPlanDiff, @Args() page: ListPageArgs) {
    return pageOfList(diff.withdrawn, page);
  }

  @FieldResolver(() => [ActionPlanMeasureChange], {
    description: "In both versions (and withdrawn in neither) with a field that reads differently, by code.",
    complexity: pagedList,
  })
  changed(@Root() diff: ActionPlanDiff, @Args() page: ListPageArgs) {
    return pageOfList(diff.changed, page);
  }
}
