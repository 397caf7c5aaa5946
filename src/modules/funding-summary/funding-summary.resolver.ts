import type { ComplexityEstimator } from "graphql-query-complexity";
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
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
import { FUNDING_SUMMARY_MAX_ROWS, FundingDimension, FundingFilterInput, FundingSummary, FundingSummaryRow } from "./funding-summary.types";

/** The summary as resolved: its filter travels along for the allocations beside it. */
type SummaryResult = Awaited<ReturnType<typeof fundingSummary>> & { filter: FundingFilter; reportingCurrency: string | null };

/**
 * What a summary costs beyond its rows and totals: its one statement reads every budget line and
 * transaction in scope, however few rows it answers (and with a dimension that shares amounts,
 * every share of them), then groups them by each dimension asked: SUMMARY_PASS_COST for the
 * reading and as much again per dimension. Measured (bench/RESULTS.md), a summary by instrument
 * and year of one partnership of the 10-partnership data set took ~10 ms of CPU, as much as two
 * to three dashboard pages of 50 measures (~16,500 points each here): so 30,000 points for it.
 * Three fit in QUERY_MAX_COST; a principal's rate limit pays for about three a second.
 */
const SUMMARY_PASS_COST = 10_000;
const summaryCost: ComplexityEstimator = ({ args, childComplexity }) =>
  SUMMARY_PASS_COST * (1 + (Array.isArray(args.groupBy) ? args.groupBy.length : 1)) + childComplexity;

@Resolver(() => FundingSummary)
export class FundingSummaryResolver {
  @Query(() => FundingSummary, {
    description:
      "Budget, committed, disbursed, expended and undisbursed money, grouped as asked, per currency (or converted " +
      "to reportingCurrency at each value date's rate), with grand totals that the rows add up to exactly.",
    complexity: summaryCost,
  })
  async fundingSummary(
    @Arg("groupBy", () => [FundingDimension], {
      description: "The dimensions to group by, e.g. [INSTRUMENT, YEAR]; [] gives the totals only. Each one adds to the query's cost.",
    })
    groupBy: Dimension[],
    @Arg("filter", () => FundingFilterInput, { nullable: true, description: "Conditions that must all hold; all the money of every project when null or omitted." })
    filter: FundingFilterInput | null,
    @Arg("reportingCurrency", () => String, {
      nullable: true,
      description:
        'ISO 4217, e.g. "EUR": every amount converted at the latest rate on or before its value date (a missing rate is BAD_USER_INPUT naming it). ' +
        "Each currency as it is when null or omitted.",
    })
    reportingCurrency: string | null,
    @Ctx() { db }: Context,
  ): Promise<SummaryResult> {
    if (reportingCurrency != null && !isCurrencyCode(reportingCurrency)) {
      throw badUserInput(`reportingCurrency must be an ISO 4217 currency code in capitals, such as "EUR" (got "${reportingCurrency}")`);
    }
    const scope = filter ?? {};
    const summary = await fundingSummary(db, groupBy, scope, reportingCurrency);
    if (summary.rows.length > FUNDING_SUMMARY_MAX_ROWS) {
      throw badUserInput(
        `The summary has ${summary.rows.length} rows; at most ${FUNDING_SUMMARY_MAX_ROWS} are answered here. ` +
          "Narrow the filter, group by fewer dimensions, or download /exports/funding-summary.csv.",
      );
    }
    return { ...summary, filter: scope, reportingCurrency };
  }

  @FieldResolver(() => [InstrumentAllocation], {
    description: "Allocations of the instruments in scope overlapping the period: beside the project funding, not in it.",
    complexity: pagedList,
  })
  async allocations(@Root() summary: SummaryResult, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await allocationsInScope(db, summary.filter), page);
  }
}

@Resolver(() => FundingSummaryRow)
export class FundingSummaryRowResolver {
  @FieldResolver(() => FundingInstrument, { nullable: true, description: "The instrument, when grouped by INSTRUMENT; null otherwise, or for projects without one." })
  instrument(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.instrumentId == null ? null : loaders.fundingInstrumentById.load(row.instrumentId);
  }

  @FieldResolver(() => Project, { nullable: true, description: "The project, when grouped by PROJECT; null otherwise." })
  project(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.projectId == null ? null : loaders.projectById.load(row.projectId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation in filter.organisationRole, when grouped by ORGANISATION; null otherwise, or for money of projects with none." })
  organisation(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.organisationId == null ? null : loaders.organisationById.load(row.organisationId);
  }

  @FieldResolver(() => Signatory, { nullable: true, description: "A lead signatory of the linked measures." })
  signatory(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.signatoryId == null ? null : loaders.signatoryById.load(row.signatoryId);
  }

  @FieldResolver(() => PolicyArea, { nullable: true, description: "The linked measures' policy area, when grouped by POLICY_AREA; null otherwise, or for projects linked to no measure." })
  policyArea(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.policyAreaId == null ? null : loaders.policyAreaById.load(row.policyAreaId);
  }

  @FieldResolver(() => Measure, { nullable: true, description: "The linked measure, when grouped by MEASURE; null otherwise, or for projects linked to no measure." })
  measure(@Root() row: Row, @Ctx() { loaders }: Context) {
    return row.measureId == null ? null : loaders.measureById.load(row.measureId);
  }

  @FieldResolver(() => MeasureStatus, { nullable: true, description: "The linked measures' current status, when grouped by MEASURE_STATUS; null otherwise, or for projects linked to no measure." })
  measureStatus(@Root() row: Row) {
    return row.measureStatus;
  }
}
