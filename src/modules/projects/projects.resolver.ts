import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { Money } from "../../graphql/common.types";
import { PageArgs } from "../../graphql/connection";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { asksForSubfield, Reads, rowPropertiesAsked, rowPropertiesAskedOfNodes } from "../../graphql/selection";
import { FundingInstrument } from "../funding/funding.types";
import { Measure } from "../measures/measures.types";
import { Organisation } from "../organisations/organisations.types";
import { Partnership, Signatory } from "../partnerships/partnerships.types";
import {
  addProjectParticipant,
  createProject,
  recordProjectBudget,
  recordProjectTransaction,
  removeProjectParticipant,
  reverseProjectTransaction,
  updateProject,
} from "./projects.commands";
import {
  AddProjectParticipantInput,
  CreateProjectInput,
  ProjectPayload,
  ProjectTransactionPayload,
  RecordProjectBudgetInput,
  RecordProjectTransactionInput,
  RemoveProjectParticipantInput,
  ReverseProjectTransactionInput,
  UpdateProjectInput,
} from "./projects.inputs";
import { findProjectByCode, listProjects, type ProjectRow, type ProjectTransactionRow } from "./projects.service";
import {
  Project,
  ProjectBudget,
  ProjectConnection,
  ProjectFilter,
  ProjectOrder,
  ProjectParticipant,
  ProjectTransaction,
  TransactionTotal,
  TransactionType,
} from "./projects.types";

const TRANSACTION_TYPES_ARG = {
  nullable: true,
  description: "Only entries of these types; all types when omitted.",
} as const;

/** Keeps rows of the asked-for types; `null` asks for every type. */
const ofTypes = <Row extends { type: TransactionType }>(rows: Row[], types: TransactionType[] | null) =>
  types == null ? rows : rows.filter((row) => types.includes(row.type));

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, {
    description: "Projects, filtered, ordered and paginated (20 a page unless first or last says otherwise, at most 100). Public.",
  })
  projects(
    @Arg("filter", () => ProjectFilter, { nullable: true, description: "Conditions that must all hold; every project when null or omitted." })
    filter: ProjectFilter | null,
    @Arg("orderBy", () => ProjectOrder, { nullable: true, description: "The order of the list; by code, ascending, when null or omitted." })
    orderBy: ProjectOrder | null,
    @Args() page: PageArgs,
    @Ctx() { db, loaders }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const asked = { totalCount: asksForSubfield(info, "totalCount"), ofNodes: rowPropertiesAskedOfNodes(info) };
    return listProjects(db, filter, orderBy, page, asked, (instruments) => {
      for (const instrument of instruments) loaders.fundingInstrumentById.prime(instrument.id, instrument);
    });
  }

  @Query(() => Project, {
    nullable: true,
    description: 'A project by code, e.g. "IOM-IRREGULAR-MIGRANTS"; null if there is none.',
  })
  project(@Arg("code", { description: 'The project\'s code, exactly (case matters), e.g. "MPF-MIGRATION-POLICY".' }) code: string, @Ctx() { db }: Context) {
    return findProjectByCode(db, code);
  }

  @FieldResolver(() => Partnership, {
    nullable: true,
    description:
      "The partnership the project belongs to; null where the source ties it to a country or an instrument only " +
      "(see recipient and instrument).",
  })
  @Reads("partnershipId")
  partnership(@Root() project: ProjectRow, @Ctx() { loaders }: Context) {
    return project.partnershipId == null ? null : loaders.partnershipById.load(project.partnershipId);
  }

  @FieldResolver(() => Signatory, { nullable: true, description: "The country the project is for, where the source names one." })
  @Reads("recipientSignatoryId")
  recipient(@Root() project: ProjectRow, @Ctx() { loaders }: Context) {
    return project.recipientSignatoryId == null ? null : loaders.signatoryById.load(project.recipientSignatoryId);
  }

  @FieldResolver(() => FundingInstrument, { nullable: true, description: "Null where the source does not name one." })
  @Reads("instrumentId")
  instrument(@Root() project: ProjectRow, @Ctx() { loaders }: Context) {
    return project.instrumentId == null ? null : loaders.fundingInstrumentById.load(project.instrumentId);
  }

  @FieldResolver(() => [ProjectParticipant], { description: "Who takes part, funders first, then by IATI role.", complexity: pagedList })
  @Reads("id")
  async participants(@Root() project: ProjectRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.participantsByProjectId.load(project.id), page);
  }

  @FieldResolver(() => [Money], { description: "All budget lines added up, one amount per currency, by currency.", complexity: pagedList })
  @Reads("id")
  async budget(@Root() project: ProjectRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.budgetTotalsByProjectId.load(project.id), page);
  }

  @FieldResolver(() => [ProjectBudget], { description: "The budget lines, by value date.", complexity: pagedList })
  @Reads("id")
  async budgets(@Root() project: ProjectRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return pageOfList(await loaders.budgetsByProjectId.reading(rowPropertiesAsked(info)).load(project.id), page);
  }

  @FieldResolver(() => [ProjectTransaction], {
    description: "Money that moved, by value date, reversing entries included.",
    complexity: pagedList,
  })
  @Reads("id")
  async transactions(
    @Root() project: ProjectRow,
    @Arg("types", () => [TransactionType], TRANSACTION_TYPES_ARG) types: TransactionType[] | null,
    @Args() page: ListPageArgs,
    @Ctx() { loaders }: Context,
  ) {
    return pageOfList(ofTypes(await loaders.transactionsByProjectId.load(project.id), types), page);
  }

  @FieldResolver(() => [TransactionTotal], {
    description: "Transactions added up per type and currency, reversals netted out; by type, then currency.",
    complexity: pagedList,
  })
  @Reads("id")
  async transactionTotals(
    @Root() project: ProjectRow,
    @Arg("types", () => [TransactionType], TRANSACTION_TYPES_ARG) types: TransactionType[] | null,
    @Args() page: ListPageArgs,
    @Ctx() { loaders }: Context,
  ) {
    return pageOfList(ofTypes(await loaders.transactionTotalsByProjectId.load(project.id), types), page);
  }

  @FieldResolver(() => [Measure], { description: "The action-plan measures the project implements, by code.", complexity: pagedList })
  @Reads("id")
  async measures(@Root() project: ProjectRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    const links = await loaders.measuresByProjectId.load(project.id);
    return pageOfList(links, page).map((link) => link.measure);
  }

  @Mutation(() => ProjectPayload, { description: "Creates a project. Coordinator only." })
  async createProject(@Arg("input", { description: "The new project: its partnership, code, title and what is known of its dates." }) input: CreateProjectInput, @Ctx() ctx: Context): Promise<object> {
    return { project: await createProject(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectPayload, { description: "Changes a project's fields. Coordinator only." })
  async updateProject(@Arg("input", { description: "The project, the version read, and only the fields to change." }) input: UpdateProjectInput, @Ctx() ctx: Context): Promise<object> {
    return { project: await updateProject(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectPayload, { description: "Adds an organisation to a project in a role. Coordinator only." })
  async addProjectParticipant(@Arg("input", { description: "The project, the version read, the organisation and its role." }) input: AddProjectParticipantInput, @Ctx() ctx: Context): Promise<object> {
    return { project: await addProjectParticipant(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectPayload, {
    description:
      "Removes an organisation's role in a project; a role it does not hold there gives BAD_USER_INPUT. Coordinator only.",
  })
  async removeProjectParticipant(@Arg("input", { description: "The project, the version read, the organisation and the role it loses." }) input: RemoveProjectParticipantInput, @Ctx() ctx: Context): Promise<object> {
    return { project: await removeProjectParticipant(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectPayload, { description: "Adds a budget line to a project. Coordinator only." })
  async recordProjectBudget(@Arg("input", { description: "The project, the version read, and the budget line: amount, status, period." }) input: RecordProjectBudgetInput, @Ctx() ctx: Context): Promise<object> {
    return { project: await recordProjectBudget(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectTransactionPayload, { description: "Records money that moved in a project. Coordinator only." })
  async recordProjectTransaction(@Arg("input", { description: "The project, the version read, and the entry: type, value date, amount." }) input: RecordProjectTransactionInput, @Ctx() ctx: Context): Promise<object> {
    return { ...(await recordProjectTransaction(ctx, input)), clientMutationId: input.clientMutationId ?? null };
  }

  @Mutation(() => ProjectTransactionPayload, {
    description: "Corrects a transaction with a reversing entry; entries are never edited or deleted. Coordinator only.",
  })
  async reverseProjectTransaction(@Arg("input", { description: "The project, the version read, the entry to reverse and why." }) input: ReverseProjectTransactionInput, @Ctx() ctx: Context): Promise<object> {
    return { ...(await reverseProjectTransaction(ctx, input)), clientMutationId: input.clientMutationId ?? null };
  }
}

@Resolver(() => ProjectTransaction)
export class ProjectTransactionResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: "Where the money came from, where recorded." })
  provider(@Root() transaction: ProjectTransactionRow, @Ctx() { loaders }: Context) {
    const id = transaction.providerOrganisationId;
    return id == null ? null : loaders.organisationById.load(id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "Where the money went, where recorded." })
  receiver(@Root() transaction: ProjectTransactionRow, @Ctx() { loaders }: Context) {
    const id = transaction.receiverOrganisationId;
    return id == null ? null : loaders.organisationById.load(id);
  }

  @FieldResolver(() => ProjectTransaction, {
    nullable: true,
    description: "The earlier entry this one corrects, if it is a reversal.",
  })
  reverses(@Root() transaction: ProjectTransactionRow, @Ctx() { loaders }: Context) {
    return transaction.reversesId == null ? null : loaders.projectTransactionById.load(transaction.reversesId);
  }

  @FieldResolver(() => Project, { description: "The project whose money this is." })
  project(@Root() transaction: ProjectTransactionRow, @Ctx() { loaders }: Context) {
    return loaders.projectById.load(transaction.projectId);
  }
}
