import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { atMost, ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import { DateTimeScalar } from "../../graphql/scalars";
import type { Context } from "../../graphql/context";
import { asksForSubfield, Reads, rowPropertiesAsked, rowPropertiesAskedOfNodes } from "../../graphql/selection";
import { MAX_SIGNATORIES_PER_PARTNERSHIP, PolicyArea, Partnership, Signatory, Theme } from "../partnerships/partnerships.types";
import { Project } from "../projects/projects.types";
import { Organisation } from "../organisations/organisations.types";
import { Source } from "../sources/sources.types";
import { nextStatuses } from "./measure-status.rules";
import { addMeasureProgressUpdate, createMeasure, setMeasureStatus, updateMeasure } from "./measures.commands";
import {
  AddMeasureProgressUpdateInput,
  CreateMeasureInput,
  MeasurePayload,
  SetMeasureStatusInput,
  UpdateMeasureInput,
} from "./measures.inputs";
import { findMeasureByCode, listMeasures, type MeasureRow } from "./measures.service";
import {
  Actor,
  Measure,
  MeasureConnection,
  MeasureFilter,
  MeasureOrder,
  MeasureOrganisation,
  MeasureProgressUpdate,
  MeasureResponsibility,
  MeasureStatus,
  MeasureStatusChange,
} from "./measures.types";

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => MeasureConnection, {
    description: "Measures of the action plans, filtered, ordered and paginated (20 a page unless first or last says otherwise, at most 100). Public.",
  })
  measures(
    @Arg("filter", () => MeasureFilter, { nullable: true, description: "Conditions that must all hold; every measure when null or omitted." })
    filter: MeasureFilter | null,
    @Arg("orderBy", () => MeasureOrder, { nullable: true, description: "The order of the list; by code, ascending, when null or omitted." })
    orderBy: MeasureOrder | null,
    @Arg("asOf", () => DateTimeScalar, {
      nullable: true,
      description:
        "Each measure as it stood at this moment: status and overdue reconstructed from the status history, " +
        "measures that did not exist yet left out, the status filter applied to the status then. " +
        "Content, links and history are today's.",
    })
    asOf: Date | null,
    @Args() page: PageArgs,
    @Ctx() { db }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const asked = { totalCount: asksForSubfield(info, "totalCount"), ofNodes: rowPropertiesAskedOfNodes(info) };
    return listMeasures(db, filter, orderBy, page, asked, asOf);
  }

  @Query(() => Measure, {
    nullable: true,
    description: 'A measure by its partnership\'s code and its own, e.g. ("EU-BY", "LAB-2"); null if there is none.',
  })
  // type-graphql lists the arguments in the reverse order of the parameters: the schema reads measure(partnershipCode, code).
  measure(
    @Arg("code", { description: 'The measure\'s code within its partnership, exactly (case matters), e.g. "LAB-2".' }) code: string,
    @Arg("partnershipCode", { description: 'The code of the partnership the measure belongs to, e.g. "EU-BY".' }) partnershipCode: string,
    @Ctx() { db }: Context,
  ) {
    return findMeasureByCode(db, partnershipCode, code);
  }

  @FieldResolver(() => Partnership, { description: "The partnership whose action plan the measure belongs to; never null." })
  @Reads("partnershipId")
  partnership(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(measure.partnershipId);
  }

  @FieldResolver(() => Source, {
    nullable: true,
    description: "The publication the measure comes from (the policy brief for the seeded recommendations); see locator.",
  })
  @Reads("sourceId")
  source(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return measure.sourceId == null ? null : loaders.sourceById.load(measure.sourceId);
  }

  @FieldResolver(() => PolicyArea, { description: "The area of the declaration the measure serves; see policyAreaIsAssumption for whether the source says so." })
  @Reads("policyAreaId")
  policyArea(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreaById.load(measure.policyAreaId);
  }

  @FieldResolver(() => [MeasureResponsibility], {
    description: "Leads first, then contributors, in the order the source names them.",
    complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP),
  })
  @Reads("id")
  responsibilities(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.responsibilitiesByMeasureId.load(measure.id);
  }

  @FieldResolver(() => [MeasureOrganisation], {
    description: "Organisations acting beside the signatories where the source names them (the EAEU in SOC-4), in its order.",
    complexity: pagedList,
  })
  @Reads("id")
  async organisations(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.organisationsByMeasureId.load(measure.id), page);
  }

  @FieldResolver(() => [Signatory], {
    description: "Every lead signatory; jointly led measures have several.",
    complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP),
  })
  @Reads("id")
  async leads(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const responsibilities = await loaders.responsibilitiesByMeasureId.load(measure.id);
    return responsibilities.filter((r) => r.role === "LEAD").map((r) => r.signatory);
  }

  @FieldResolver(() => Signatory, {
    nullable: true,
    description: "The lead signatory when one leads alone; null for a jointly led measure (see leads).",
  })
  @Reads("id")
  async lead(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const responsibilities = await loaders.responsibilitiesByMeasureId.load(measure.id);
    const leads = responsibilities.filter((r) => r.role === "LEAD");
    return leads.length === 1 ? leads[0]!.signatory : null;
  }

  @FieldResolver(() => [Project], { description: "Projects that implement or fund the measure, by code.", complexity: pagedList })
  @Reads("id")
  async projects(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    const links = pageOfList(await loaders.projectsByMeasureId.reading(rowPropertiesAsked(info)).load(measure.id), page);
    // The instruments came with the projects: a page of measures asks for them next.
    for (const { instrument } of links) if (instrument) loaders.fundingInstrumentById.prime(instrument.id, instrument);
    return links.map((link) => link.project);
  }

  @FieldResolver(() => [Theme], { description: "The cross-cutting themes the measure is tagged with, by code.", complexity: pagedList })
  @Reads("id")
  async themes(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    const links = await loaders.themesByMeasureId.load(measure.id);
    return pageOfList(links, page).map((link) => link.theme);
  }

  @FieldResolver(() => [MeasureStatusChange], {
    description: "The statuses the measure has had, oldest first (last: n for the latest n).",
    complexity: pagedList,
  })
  @Reads("id")
  async statusHistory(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.statusHistoryByMeasureId.load(measure.id), page);
  }

  @FieldResolver(() => [MeasureProgressUpdate], {
    description: "Progress reported by the responsible ministries, oldest first (last: n for the latest n).",
    complexity: pagedList,
  })
  @Reads("id")
  async progressUpdates(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.progressUpdatesByMeasureId.load(measure.id), page);
  }

  @FieldResolver(() => [MeasureStatus], {
    description:
      "The statuses this measure may move to next, for the viewer who asks: the coordinator, every move the plan's rules allow; " +
      "a ministry, the moves a lead may make (none on a measure its signatory does not lead, nor agreeing, withdrawing or reopening); " +
      "an auditor, none. Without a token: every move the plan's rules allow, whoever may make it.",
  })
  @Reads("id", "status")
  async nextStatuses(@Root() measure: MeasureRow, @Ctx() { viewer, loaders }: Context) {
    if (viewer.kind === "user" && viewer.role === "MINISTRY") {
      const responsibilities = await loaders.responsibilitiesByMeasureId.load(measure.id);
      const leads = responsibilities.some((r) => r.role === "LEAD" && r.signatory.code === viewer.signatoryCode);
      return nextStatuses(measure.status, { role: "MINISTRY", leads });
    }
    return viewer.kind === "user" && viewer.role === "AUDITOR" ? [] : nextStatuses(measure.status);
  }

  @Mutation(() => MeasurePayload, { description: "Proposes a new measure (status PROPOSED). Coordinator, or a ministry for its own signatory." })
  async createMeasure(@Arg("input", { description: "The new measure: its codes, wording and signatories." }) input: CreateMeasureInput, @Ctx() ctx: Context): Promise<object> {
    return { measure: await createMeasure(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => MeasurePayload, {
    description:
      "Moves a measure to another status, following the plan's rules (see MeasureStatus). The coordinator makes any allowed move; " +
      "a ministry of a lead signatory starts, holds, resumes and completes (FORBIDDEN otherwise). A move the rules do not allow, or one without " +
      "its required reason, is BAD_USER_INPUT; a stale expectedVersion is CONFLICT.",
  })
  async setMeasureStatus(@Arg("input", { description: "The measure, the version read, the new status and its reason." }) input: SetMeasureStatusInput, @Ctx() ctx: Context): Promise<object> {
    return { measure: await setMeasureStatus(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => MeasurePayload, { description: "Changes a measure's content, responsibilities or project links. Coordinator only." })
  async updateMeasure(@Arg("input", { description: "The measure, the version read, and only the fields to change." }) input: UpdateMeasureInput, @Ctx() ctx: Context): Promise<object> {
    return { measure: await updateMeasure(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => MeasurePayload, { description: "Reports progress on a measure. Coordinator, or a ministry that leads or contributes." })
  async addMeasureProgressUpdate(
    @Arg("input", { description: "The measure and the report's text, with a link to evidence if there is one." }) input: AddMeasureProgressUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<object> {
    return { measure: await addMeasureProgressUpdate(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }
}

/** Who changed what is for signed-in clients; the public sees the plan, not the people. */
const actorFor = (viewer: Context["viewer"], row: { actorSub: string; actorRole: string; actorSignatoryCode: string | null }) =>
  viewer.kind === "user" ? { sub: row.actorSub, role: row.actorRole, signatoryCode: row.actorSignatoryCode } : null;

@Resolver(() => MeasureOrganisation)
export class MeasureOrganisationResolver {
  @FieldResolver(() => Organisation, { description: "The organisation acting in the measure, e.g. the Eurasian Economic Union (EAEU)." })
  organisation(@Root() link: { organisationId: number }, @Ctx() { loaders }: Context) {
    return loaders.organisationById.load(link.organisationId);
  }
}

@Resolver(() => MeasureStatusChange)
export class MeasureStatusChangeResolver {
  @FieldResolver(() => Actor, { nullable: true, description: "Who made the change; null for anonymous clients, who see the plan but not the people." })
  actor(@Root() change: { actorSub: string; actorRole: string; actorSignatoryCode: string | null }, @Ctx() { viewer }: Context) {
    return actorFor(viewer, change);
  }
}

@Resolver(() => MeasureProgressUpdate)
export class MeasureProgressUpdateResolver {
  @FieldResolver(() => Actor, { nullable: true, description: "Who wrote the report; null for anonymous clients, who see the plan but not the people." })
  author(@Root() update: { actorSub: string; actorRole: string; actorSignatoryCode: string | null }, @Ctx() { viewer }: Context) {
    return actorFor(viewer, update);
  }
}


