import "reflect-metadata";
import { buildSchema } from "type-graphql";
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
import { validateArgument } from "./validation";
import { NodeQueryResolver } from "./node.resolver";

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
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql builds Query and Mutation with no description and takes none: given here. */
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
  return schema;
}

/** Built once per process: type-graphql's metadata is global, and building takes ~100 ms. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    // Checks every argument: its text, then class-validator on inputs (page-size bounds, text lengths).
    validateFn: validateArgument,
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
