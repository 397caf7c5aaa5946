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

const partnershipCodeArg = { description: 'e.g. "EU-BY".' };

@Resolver(() => ActionPlanVersion)
export class ActionPlanVersionResolver {
  @Query(() => ActionPlanVersion, {
    nullable: true,
    description: "A version of a partnership's action plan: the adopted one unless a number is given; null if there is none.",
  })
  actionPlan(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Arg("version", () => Int, { nullable: true }) version: number | null,
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
    @Arg("from", () => Int) from: number,
    @Arg("to", () => Int) to: number,
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
      "Null if there is no such version.",
  })
  async myActionPlanProgress(
    @Arg("partnershipCode", partnershipCodeArg) partnershipCode: string,
    @Arg("version", () => Int, { nullable: true }) version: number | null,
    @Ctx() context: Context,
  ) {
    const viewer = requireRole(context.viewer, ["MINISTRY"], "see a ministry's progress report");
    const found = await findVersion(context.db, viewer, partnershipCode, version);
    return found && progressReport(context, found, signatoryCodeOf(viewer));
  }

  @FieldResolver(() => Partnership)
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

  @FieldResolver(() => ActionPlanMeasureConnection, { description: "The measures as this version states them, by code." })
  measures(
    @Root() version: ActionPlanVersionRow,
    @Arg("filter", () => ActionPlanMeasureFilter, { nullable: true }) filter: ActionPlanMeasureFilter | null,
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
    @Arg("signatoryCode", () => String, { nullable: true, description: "Only the measures this signatory leads." })
    signatoryCode: string | null,
    @Ctx() context: Context,
  ) {
    return progressReport(context, version, signatoryCode);
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Opens the next version of the plan as a draft. Coordinator only." })
  async openActionPlanDraft(@Arg("input") input: OpenActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await openActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Puts a measure into the draft. Coordinator only." })
  async addMeasureToActionPlanDraft(@Arg("input") input: AddMeasureToActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await addMeasureToActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Changes a measure's wording, area, deadline or leads in the draft. Coordinator only." })
  async reviseActionPlanDraftMeasure(@Arg("input") input: ReviseActionPlanDraftMeasureInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await reviseActionPlanDraftMeasure(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Withdraws a measure in the draft, with a reason. Coordinator only." })
  async withdrawMeasureFromActionPlanDraft(
    @Arg("input") input: WithdrawMeasureFromActionPlanDraftInput,
    @Ctx() ctx: Context,
  ): Promise<object> {
    return { version: await withdrawMeasureFromActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ActionPlanVersionPayload, { description: "Undoes a withdrawal made in the draft. Coordinator only." })
  async restoreMeasureInActionPlanDraft(@Arg("input") input: RestoreMeasureInActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { version: await restoreMeasureInActionPlanDraft(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => DiscardActionPlanDraftPayload, { description: "Abandons the open draft. Coordinator only." })
  async discardActionPlanDraft(@Arg("input") input: DiscardActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    const id = await discardActionPlanDraft(ctx, input);
    return { discardedDraftId: toGlobalId("ActionPlanVersion", id), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => AdoptActionPlanDraftPayload, {
    description: "Adopts the draft and supersedes the adopted version, in one transaction. Coordinator only.",
  })
  async adoptActionPlanDraft(@Arg("input") input: AdoptActionPlanDraftInput, @Ctx() ctx: Context): Promise<object> {
    return { ...(await adoptActionPlanDraft(ctx, input)), clientMutationId: input.clientMutationId ?? null };
  }
}

@Resolver(() => ActionPlanMeasure)
export class ActionPlanMeasureResolver {
  @FieldResolver(() => Measure, { description: "The measure itself, with its current state." })
  measure(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.measureById.load(entry.measureId);
  }

  @FieldResolver(() => PolicyArea)
  policyArea(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreaById.load(entry.policyAreaId);
  }

  @FieldResolver(() => [Signatory], { description: "In the order the plan names them.", complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP) })
  leads(@Root() entry: PlanEntryRow, @Ctx() { loaders }: Context) {
    return loaders.signatoryById.loadMany(entry.leadIds);
  }

  @FieldResolver(() => [Signatory], { complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP) })
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

  @FieldResolver(() => [ActionPlanMeasureChange], { complexity: pagedList })
  changed(@Root() diff: ActionPlanDiff, @Args() page: ListPageArgs) {
    return pageOfList(diff.changed, page);
  }
}
