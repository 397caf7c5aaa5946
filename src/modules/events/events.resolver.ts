import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { requireAuditReader } from "../../auth/access";
import type { Context } from "../../graphql/context";
import { validateArgument } from "../../graphql/validation";
import { toGlobalId } from "../../lib/global-id";
import { readableVersion } from "../action-plans/action-plans.service";
import { ActionPlanVersion } from "../action-plans/action-plans.types";
import { AuditEvent } from "../audit/audit.types";
import { ExchangeRate } from "../funding/funding.types";
import { Measure } from "../measures/measures.types";
import { Project } from "../projects/projects.types";
import { MeasureChangeFilter } from "./events.inputs";
import { toCursor, type EventRow } from "./events.service";
import { deliveredChangeOf, measureChangeFilter, streamEvents } from "./events.streams";
import { ActionPlanChange, AuditTrailChange, FundingChange, MeasureChange } from "./events.types";

/**
 * Live updates over WebSocket (src/graphql/websocket.ts). Each `subscribe` opens a stream on
 * the process's event feed (catch-up after `after`, then live); each method turns one event
 * into what the subscriber receives, with the same visibility rules as queries.
 */
type Data<Args> = SubscribeResolverData<unknown, Args, Context>;
const AFTER = { nullable: true, description: "A cursor of an earlier delivery: first every matching change after it, in order, then live ones. Omitted: from now on." } as const;

@Resolver()
export class EventSubscriptionResolver {
  @Subscription(() => MeasureChange, {
    description: "Changes to measures (created, status, edits, progress reports), in commit order. Anyone; actors for signed-in subscribers only.",
    subscribe: async ({ args, context }: Data<{ filter?: MeasureChangeFilter | null; after?: string | null }>) => {
      const filter = Object.assign(new MeasureChangeFilter(), args.filter ?? {});
      await validateArgument(filter);
      return streamEvents(context, { after: args.after, types: ["measure.changed"], accepts: await measureChangeFilter(context.db, filter) });
    },
  })
  measureChanged(
    @Root() event: EventRow,
    @Ctx() { viewer }: Context,
    @Arg("filter", () => MeasureChangeFilter, { nullable: true, description: "Which measures' changes to deliver; each given criterion must hold, of the measure before or after the change. Without one, every measure's." }) _filter?: MeasureChangeFilter,
    @Arg("after", () => String, AFTER) _after?: string,
  ): MeasureChange {
    const payload = event.payload as { measureId: string; status: MeasureChange["status"]; previousStatus: MeasureChange["status"] | null; version: number };
    return { ...deliveredChangeOf(viewer, event), ...payload, measureRowId: event.entityId };
  }

  @Subscription(() => ActionPlanChange, {
    description: "Changes to a partnership's action plan: drafts opened, edited and discarded (signed-in subscribers only), versions adopted and superseded.",
    subscribe: ({ args, context }: Data<{ partnershipCode: string; after?: string | null }>) =>
      streamEvents(context, { after: args.after, types: ["action_plan.changed"], accepts: (event) => event.partnershipCode === args.partnershipCode }),
  })
  actionPlanChanged(
    @Root() event: EventRow,
    @Ctx() { viewer }: Context,
    @Arg("partnershipCode", { description: 'e.g. "EU-BY".' }) _partnershipCode: string,
    @Arg("after", () => String, AFTER) _after?: string,
  ): ActionPlanChange {
    const payload = event.payload as { number: number | null; status: ActionPlanChange["status"]; revision: number | null };
    return { ...deliveredChangeOf(viewer, event), versionId: toGlobalId("ActionPlanVersion", event.entityId), ...payload, versionRowId: event.entityId };
  }

  @Subscription(() => FundingChange, {
    description: "Changes to money: a partnership's project budgets, transactions and reversals, and exchange rates. Anyone; actors for signed-in subscribers only.",
    subscribe: ({ args, context }: Data<{ partnershipCode: string; after?: string | null }>) =>
      streamEvents(context, {
        after: args.after,
        types: ["funding.changed"],
        accepts: (event) => event.partnershipCode === args.partnershipCode || event.partnershipCode === null,
      }),
  })
  fundingChanged(
    @Root() event: EventRow,
    @Ctx() { viewer }: Context,
    @Arg("partnershipCode", { description: 'e.g. "EU-BY"; exchange rates belong to none and come to every partnership\'s subscribers.' }) _partnershipCode: string,
    @Arg("after", () => String, AFTER) _after?: string,
  ): FundingChange {
    return { ...deliveredChangeOf(viewer, event), entityType: event.entityType, entityId: toGlobalId(event.entityType, event.entityId), entityRowId: event.entityId };
  }

  @Subscription(() => AuditTrailChange, {
    description: "Every new record of the audit trail, in commit order. Auditors and the coordinator only.",
    subscribe: ({ args, context }: Data<{ after?: string | null }>) => {
      requireAuditReader(context.viewer);
      return streamEvents(context, { after: args.after, types: ["measure.changed", "action_plan.changed", "project.changed", "funding.changed"] });
    },
  })
  auditEvents(@Root() event: EventRow, @Arg("after", () => String, AFTER) _after?: string): AuditTrailChange {
    return { cursor: toCursor(event.id), auditEventId: event.auditEventId };
  }
}

@Resolver(() => MeasureChange)
export class MeasureChangeResolver {
  @FieldResolver(() => Measure, { nullable: true, description: "The measure as it is when delivered: as this change left it, or newer." })
  measure(@Root() change: MeasureChange, @Ctx() { loaders }: Context) {
    return loaders.measureById.load(change.measureRowId);
  }
}

@Resolver(() => ActionPlanChange)
export class ActionPlanChangeResolver {
  @FieldResolver(() => ActionPlanVersion, { nullable: true, description: "The version as it is when delivered; null once discarded, and for anonymous subscribers while it is a draft." })
  async version(@Root() change: ActionPlanChange, @Ctx() { loaders, viewer }: Context) {
    return readableVersion(viewer, await loaders.actionPlanVersionById.load(change.versionRowId));
  }
}

@Resolver(() => FundingChange)
export class FundingChangeResolver {
  @FieldResolver(() => Project, { nullable: true, description: "The project whose money changed, as it is when delivered; null for an exchange rate." })
  project(@Root() change: FundingChange, @Ctx() { loaders }: Context) {
    return change.entityType === "Project" ? loaders.projectById.load(change.entityRowId) : null;
  }

  @FieldResolver(() => ExchangeRate, { nullable: true, description: "The exchange rate set, as it is when delivered; null for a project's money." })
  exchangeRate(@Root() change: FundingChange, @Ctx() { loaders }: Context) {
    return change.entityType === "ExchangeRate" ? loaders.exchangeRateById.load(change.entityRowId) : null;
  }
}

@Resolver(() => AuditTrailChange)
export class AuditTrailChangeResolver {
  @FieldResolver(() => AuditEvent, { nullable: true, description: "The audit record this change wrote: the actor, the operation and the state before and after." })
  auditEvent(@Root() change: AuditTrailChange, @Ctx() { loaders }: Context) {
    return loaders.auditEventById.load(change.auditEventId);
  }
}
