import "reflect-metadata";
import { buildSchema, type PubSub } from "type-graphql";
import { assertValidSchema, type GraphQLSchema } from "graphql";
import { ActionPlanDiffResolver, ActionPlanMeasureResolver, ActionPlanVersionResolver } from "../modules/action-plans/action-plans.resolver";
import { AuditEventResolver } from "../modules/audit/audit.resolver";
import { FundingSummaryResolver, FundingSummaryRowResolver } from "../modules/funding-summary/funding-summary.resolver";
import { ExchangeRateResolver, FundingInstrumentResolver, InstrumentAllocationResolver } from "../modules/funding/funding.resolver";
import {
  MeasureOrganisationResolver,
  MeasureProgressUpdateResolver,
  MeasureResolver,
  MeasureStatusChangeResolver,
} from "../modules/measures/measures.resolver";
import {
  PartnershipResolver,
  PolicyAreaResolver,
  SignatoryResolver,
  ThemeResolver,
} from "../modules/partnerships/partnerships.resolver";
import { OrganisationResolver } from "../modules/organisations/organisations.resolver";
import { IndicatorObservationResolver, IndicatorResolver } from "../modules/indicators/indicators.resolver";
import {
  LegalActOrganisationResolver,
  LegalActProvisionResolver,
  LegalActResolver,
  MeasureLegalActResolver,
  MeasureLegalActsResolver,
  PartnershipLegalActResolver,
  PartnershipLegalActsResolver,
} from "../modules/legal-acts/legal-acts.resolver";
import { MembershipResolver, OrganisationMembersResolver, SignatoryMembershipsResolver } from "../modules/memberships/memberships.resolver";
import { NationalProgrammeResolver } from "../modules/national-programmes/national-programmes.resolver";
import { StatementResolver } from "../modules/statements/statements.resolver";
import { SourceResolver } from "../modules/sources/sources.resolver";
import { ProjectResolver, ProjectTransactionResolver } from "../modules/projects/projects.resolver";
import { WebhookResolver } from "../modules/webhooks/webhooks.resolver";
import { enforceStatedMaxima } from "./cost";
import { listEnumValuesInErrors } from "./enums";
import { callFieldResolversDirectly } from "./direct-resolvers";
import { resolveGlobalIds } from "./node";
import { validateArgument, validateArgumentCached } from "./validation";
import { NodeQueryResolver } from "./node.resolver";
import {
  ActionPlanChangeResolver,
  AuditTrailChangeResolver,
  EventSubscriptionResolver,
  FundingChangeResolver,
  MeasureChangeResolver,
} from "../modules/events/events.resolver";

/** Every resolver of the API; the schema is built from their decorators. */
const RESOLVERS = [
  NodeQueryResolver,
  AuditEventResolver,
  PartnershipResolver,
  SignatoryResolver,
  PolicyAreaResolver,
  ThemeResolver,
  MeasureResolver,
  MeasureStatusChangeResolver,
  MeasureProgressUpdateResolver,
  MeasureOrganisationResolver,
  OrganisationResolver,
  FundingInstrumentResolver,
  InstrumentAllocationResolver,
  ExchangeRateResolver,
  FundingSummaryResolver,
  FundingSummaryRowResolver,
  ProjectResolver,
  ProjectTransactionResolver,
  SourceResolver,
  IndicatorResolver,
  IndicatorObservationResolver,
  LegalActResolver,
  LegalActProvisionResolver,
  LegalActOrganisationResolver,
  MeasureLegalActResolver,
  MeasureLegalActsResolver,
  PartnershipLegalActResolver,
  PartnershipLegalActsResolver,
  MembershipResolver,
  OrganisationMembersResolver,
  SignatoryMembershipsResolver,
  NationalProgrammeResolver,
  StatementResolver,
  ActionPlanVersionResolver,
  ActionPlanMeasureResolver,
  ActionPlanDiffResolver,
  WebhookResolver,
  EventSubscriptionResolver,
  MeasureChangeResolver,
  ActionPlanChangeResolver,
  FundingChangeResolver,
  AuditTrailChangeResolver,
] as const;

const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error("No in-process bus: changes become events in the database (src/modules/events)");
  },
  subscribe() {
    throw new Error("No in-process bus: subscriptions read the event feed (src/modules/events)");
  },
};

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql builds Query, Mutation and Subscription with no description and takes none: given here. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  schema.getQueryType()!.description =
    "Everything there is to read. The plan is public: without a token a client reads partnerships, measures, projects, funding and the brief's facts; " +
    "the audit trail (auditLog, AuditEvent) takes an AUDITOR or COORDINATOR token, and draft action plans any token. Lists without first or last give their first page; see each field.";
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description =
      "Every change to the plan. Each takes a bearer token (UNAUTHENTICATED without one; an AUDITOR changes nothing) and runs in one transaction with its audit record. " +
      "Send an Idempotency-Key header to retry one safely: a retry answers with the first response.";
  }
  const subscription = schema.getSubscriptionType();
  if (subscription) {
    subscription.description =
      "Changes as they are committed, over WebSocket at /graphql (the graphql-ws protocol; over HTTP a subscription is refused). " +
      "The token goes in connection_init; the same roles decide what a subscriber sees as for queries. Each delivery carries its cursor: " +
      "subscribing again with after: <cursor> delivers every matching change since, in commit order, then live ones.";
  }
  return schema;
}

/** Built once per process: type-graphql's metadata is global, and building takes ~100 ms. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    // Checks every argument: its text, then class-validator on inputs (page-size bounds, text
    // lengths); a query's value once found valid is not checked again (callFieldResolversDirectly
    // checks the same way). A mutation's input names the version read and seldom repeats:
    // remembered, it would only push the queries' values out of the cache.
    validateFn: (value, type, { info }) =>
      info.operation.operation === "mutation" ? validateArgument(value) : validateArgumentCached(type, value),
    // type-graphql wants a PubSub once there are subscriptions, even when each brings its own
    // `subscribe`, as ours do (they read the event feed, src/modules/events). None is used.
    pubSub: NO_PUBSUB,
    // No global middlewares and no auth checker: access rules live in the services, and
    // callFieldResolversDirectly relies on there being none.
    // type-graphql's own check runs the whole introspection query over the schema, 0.1-0.3 s of
    // every start; graphql-js's validation below finds the same errors without executing anything.
    skipCheck: true,
  })
    .then((schema) => {
      assertValidSchema(schema);
      return schema;
    })
    .then(describeRootTypes)
    .then(resolveGlobalIds)
    .then(callFieldResolversDirectly)
    .then(enforceStatedMaxima)
    .then(listEnumValuesInErrors);
  return built;
}
