import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Query, Resolver } from "type-graphql";
import { requireAuditReader, requireCoordinator } from "../auth/access";
import { fromGlobalId } from "../lib/global-id";
import { readableVersion } from "../modules/action-plans/action-plans.service";
import { findWebhook } from "../modules/webhooks/webhooks.service";
import { MAX_PAGE_SIZE } from "../lib/pagination";
import { badUserInput } from "./errors";
import type { Context } from "./context";
import { asNode, Node } from "./node";
import { asksForSubfield } from "./selection";

type NodeFetcher = (context: Context, id: number, info: GraphQLResolveInfo) => Promise<object | null>;

/**
 * How `node(id:)` finds each type: through the same per-request loaders as the fields. A Map:
 * the type name comes from the client, and must not find an object's inherited members
 * ("constructor", "toString").
 */
const FETCHERS = new Map<string, NodeFetcher>(Object.entries({
  Partnership: ({ loaders }, id) => loaders.partnershipById.load(id),
  Signatory: ({ loaders }, id) => loaders.signatoryById.load(id),
  PolicyArea: ({ loaders }, id) => loaders.policyAreaById.load(id),
  Theme: ({ loaders }, id) => loaders.themeById.load(id),
  // A measure is often read with its history (a detail page): both come in one statement then.
  Measure: ({ loaders }, id, info) =>
    asksForSubfield(info, "statusHistory") ? loaders.measureWithHistoryById.load(id) : loaders.measureById.load(id),
  Organisation: ({ loaders }, id) => loaders.organisationById.load(id),
  FundingInstrument: ({ loaders }, id) => loaders.fundingInstrumentById.load(id),
  InstrumentAllocation: ({ loaders }, id) => loaders.instrumentAllocationById.load(id),
  ExchangeRate: ({ loaders }, id) => loaders.exchangeRateById.load(id),
  Project: ({ loaders }, id) => loaders.projectById.load(id),
  ProjectTransaction: ({ loaders }, id) => loaders.projectTransactionById.load(id),
  Source: ({ loaders }, id) => loaders.sourceById.load(id),
  Indicator: ({ loaders }, id) => loaders.indicatorById.load(id),
  IndicatorObservation: ({ loaders }, id) => loaders.observationById.load(id),
  LegalAct: ({ loaders }, id) => loaders.legalActById.load(id),
  NationalProgramme: ({ loaders }, id) => loaders.nationalProgrammeById.load(id),
  Statement: ({ loaders }, id) => loaders.statementById.load(id),
  ActionPlanVersion: async ({ loaders, viewer }, id) => readableVersion(viewer, await loaders.actionPlanVersionById.load(id)),
  AuditEvent: ({ loaders, viewer }, id) => {
    requireAuditReader(viewer);
    return loaders.auditEventById.load(id);
  },
  Webhook: async ({ db, viewer }, id) => {
    requireCoordinator(viewer, "read webhooks");
    return (await findWebhook(db, id)) ?? null;
  },
} satisfies Record<string, NodeFetcher>));

@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id; null if it does not exist." })
  async node(@Arg("id", () => ID, { description: "A global id as the API returns it in an id field." }) id: string, @Ctx() context: Context, @Info() info: GraphQLResolveInfo): Promise<object | null> {
    const { typeName, id: rowId } = fromGlobalId(id);
    const fetch = FETCHERS.get(typeName);
    const row = fetch ? await fetch(context, rowId, info) : null;
    return row && asNode(row, typeName);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: "Several objects by global id, in order; null where one does not exist.",
    // One object per id asked (at most MAX_PAGE_SIZE, checked below).
    complexity: ({ args, childComplexity }) => 1 + (Array.isArray(args.ids) ? args.ids.length : 1) * Math.max(childComplexity, 1),
  })
  nodes(
    @Arg("ids", () => [ID], { description: `Global ids as the API returns them, at most ${MAX_PAGE_SIZE}; the answer has one entry per id, in the same order.` }) ids: string[],
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<(object | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) throw badUserInput(`nodes takes at most ${MAX_PAGE_SIZE} ids (got ${ids.length})`);
    return Promise.all(ids.map((id) => this.node(id, context, info)));
  }
}
