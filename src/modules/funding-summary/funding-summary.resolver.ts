import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { badUserInput } from "../../graphql/errors";
import { isCurrencyCode } from "../../graphql/validation";
import { allocationsInScope } from "../funding/funding.service";
import { FundingInstrument, InstrumentAllocation } from "../funding/funding.types";
import { Measure, MeasureStatus } from "../measures/measures.types";
import { Organisation } from "../organisations/organisations.types";
import { PolicyArea, Signatory } from "../partnerships/partnerships.types";
import { Project } from "../projects/projects.types";
import { fundingSummary, type FundingDimension as Dimension, type FundingFilter, type FundingSummaryRow as Row } from "./funding-summary.service";
import { FundingDimension, FundingFilterInput, FundingSummary, FundingSummaryRow } from "./funding-summary.types";

/** The summary as resolved: its filter travels along for the allocations beside it. */
type SummaryResult = Awaited<ReturnType<typeof fundingSummary>> & { filter: FundingFilter; reportingCurrency: string | null };

@Resolver(() => FundingSummary)
export class FundingSummaryResolver {
  @Query(() => FundingSummary, {
    description:
      "Budget, committed, disbursed, expended and undisbursed money, grouped as asked, per currency (or converted " +
      "to reportingCurrency at each value date's rate), with grand totals that the rows add up to exactly.",
  })
  async fundingSummary(
    @Arg("groupBy", () => [FundingDimension]) groupBy: Dimension[],
    @Arg("filter", () => FundingFilterInput, { nullable: true }) filter: FundingFilterInput | null,
    @Arg("reportingCurrency", () => String, { nullable: true, description: 'ISO 4217, e.g. "EUR".' })
    reportingCurrency: string | null,
    @Ctx() { db }: Context,
  ): Promise<SummaryResult> {
    if (reportingCurrency != null && !isCurrencyCode(reportingCurrency)) {
      throw badUserInput(`reportingCurrency must be an ISO 4217 currency code in capitals, such as "EUR" (got "${reportingCurrency}")`);
    }
    const scope = filter ?? {};
    return { ...(await fundingSummary(db, groupBy, scope, reportingCurrency)), filter: scope, reportingCurrency };
  }

  @FieldResolver(() => [InstrumentAllocation], {
    description: "Allocations of the instruments in scope overlapping the period: beside the project funding, not in it.",
  })
  allocations(@Root() summary: SummaryResult, @Ctx() { db }: Context) {
    return allocationsInScope(db, summary.filter);
  }
}

@Resolver(() => FundingSummaryRow)
export class FundingSummaryRowResolver {
  @FieldResolver(() => FundingInstrument, { nullable: true })
  instrument(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.instrumentId == null ? null : loaders.fundingInstrumentById.load(row.instrumentId);
  }

  @FieldResolver(() => Project, { nullable: true })
  project(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.projectId == null ? null : loaders.projectById.load(row.projectId);
  }

  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.organisationId == null ? null : loaders.organisationById.load(row.organisationId);
  }

  @FieldResolver(() => Signatory, { nullable: true, description: "A lead signatory of the linked measures." })
  signatory(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.signatoryId == null ? null : loaders.signatoryById.load(row.signatoryId);
  }

  @FieldResolver(() => PolicyArea, { nullable: true })
  policyArea(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.policyAreaId == null ? null : loaders.policyAreaById.load(row.policyAreaId);
  }

  @FieldResolver(() => Measure, { nullable: true })
  measure(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.measureId == null ? null : loaders.measureById.load(row.measureId);
  }

  @FieldResolver(() => MeasureStatus, { nullable: true })
  measureStatus(@Root() row: Row) {
    return row.measureStatus;
  }
}
