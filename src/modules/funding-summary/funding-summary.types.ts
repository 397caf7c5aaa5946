import { ArrayMaxSize, IsOptional, Matches } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { atMost } from "../../graphql/cost";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";
import { IsCode } from "../../graphql/validation";
import { OrganisationRole, TransactionType } from "../projects/projects.types";
import { FUNDING_DIMENSIONS, type FundingDimension as Dimension } from "./funding-summary.service";

export const FundingDimension = Object.fromEntries(FUNDING_DIMENSIONS.map((d) => [d, d])) as { [D in Dimension]: D };
registerEnumType(FundingDimension, {
  name: "FundingDimension",
  description:
    "What a funding summary groups by. INSTRUMENT, PROJECT and YEAR (of the value date) are the project's own; " +
    "ORGANISATION (through filter.organisationRole), and MEASURE, POLICY_AREA, MEASURE_STATUS and SIGNATORY " +
    "(lead signatories of the linked measures) share each amount equally among a project's combinations, to the cent, " +
    "so that rows always add up to the totals.",
  valuesConfig: {
    INSTRUMENT: { description: "By the project's funding instrument (row.instrument); null for projects without one." },
    PROJECT: { description: "By project (row.project): each project's own figures." },
    ORGANISATION: {
      description: "By the organisations holding filter.organisationRole (IMPLEMENTING by default) in each project, shared equally among them; null where a project has none in that role.",
    },
    SIGNATORY: { description: "By the lead signatories of each project's linked measures, each measure's share split equally among its leads; null for projects linked to no measure." },
    POLICY_AREA: { description: "By the policy area of each project's linked measures, shared equally among the measures; null for projects linked to no measure." },
    MEASURE: { description: "By each project's linked measures, shared equally among them; null for projects linked to no measure." },
    MEASURE_STATUS: { description: "By the current status of each project's linked measures, shared equally among them; null for projects linked to no measure." },
    YEAR: { description: "By the calendar year of each line's value date (row.year), e.g. 2019." },
  },
});

/**
 * The most rows (groups) a summary answers over GraphQL; more is refused (narrow the filter or
 * download funding-summary.csv). Totals are one per currency, far fewer.
 */
export const FUNDING_SUMMARY_MAX_ROWS = 1000;

@ObjectType({ ...PLAIN_VALUES, description: "Money figures in one currency." })
export class FundingFigures {
  @Field({ description: 'ISO 4217 code of every figure beside it, e.g. "EUR"; the reportingCurrency when one was asked for.' })
  currency!: string;

  @Field(() => DecimalScalar, { description: "Budget lines added up, indicative and committed alike (valued on their value date)." })
  budget!: string;

  @Field(() => DecimalScalar, { description: "Outgoing commitments, reversals netted." })
  committed!: string;

  @Field(() => DecimalScalar, { description: "Disbursements, reversals netted." })
  disbursed!: string;

  @Field(() => DecimalScalar, { description: "Expenditure, reversals netted." })
  expended!: string;

  @Field(() => DecimalScalar, { description: "Committed but not disbursed: committed − disbursed." })
  undisbursed!: string;
}

@ObjectType({ ...PLAIN_VALUES, description: "One group of a funding summary; only the grouped dimensions are set (null: none)." })
export class FundingSummaryRow extends FundingFigures {
  @Field(() => Int, { nullable: true, description: "The calendar year of the value dates, e.g. 2019, when grouped by YEAR; null otherwise." })
  year!: number | null;
}

@ObjectType({ ...PLAIN_VALUES, description: "Funding figures grouped as asked, with grand totals per currency." })
export class FundingSummary {
  @Field(() => [FundingDimension], { description: "The dimensions the rows are grouped by, as asked, in the same order." })
  groupBy!: Dimension[];

  @Field(() => String, { nullable: true, description: "The currency everything was converted to, if one was asked for." })
  reportingCurrency!: string | null;

  @Field(() => [FundingSummaryRow], {
    description: `Ordered by the grouped dimensions, then currency; at most ${FUNDING_SUMMARY_MAX_ROWS}.`,
    complexity: atMost(FUNDING_SUMMARY_MAX_ROWS),
  })
  rows!: FundingSummaryRow[];

  @Field(() => [FundingFigures], {
    description: "Grand totals, one per currency; the rows add up to them exactly.",
    complexity: atMost(FUNDING_SUMMARY_MAX_ROWS),
  })
  totals!: FundingFigures[];
}

@InputType({ description: "Narrows a funding summary; all given conditions must hold." })
export class FundingFilterInput {
  @Field(() => String, { nullable: true, description: 'Only the money of this partnership\'s projects, e.g. "EU-BY"; projects of no partnership are then left out.' })
  @IsOptional()
  @IsCode()
  partnershipCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Value dates from this day, inclusive." })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Value dates up to this day, inclusive." })
  to?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only projects funded through one of these instruments (codes, at most 100), e.g. ["MPF", "ENI"].' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsCode({ each: true })
  instrumentCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these projects (codes, at most 100), e.g. ["IOM-IRREGULAR-MIGRANTS"].' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsCode({ each: true })
  projectCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: "Only money attributed to this organisation (in organisationRole)." })
  @IsOptional()
  @IsCode()
  organisationCode?: string | null;

  @Field(() => OrganisationRole, {
    nullable: true,
    description: "The IATI role through which money is attributed to organisations; IMPLEMENTING by default.",
  })
  organisationRole?: OrganisationRole | null;

  @Field(() => String, { nullable: true, description: "Only money of measures this signatory leads." })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: "signatoryCode must be a two-letter signatory code such as PL" })
  signatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only money of measures in this policy area." })
  @IsOptional()
  @IsCode()
  policyAreaCode?: string | null;

  @Field(() => [TransactionType], { nullable: true, description: "Only these transaction types; budgets always count." })
  transactionTypes?: TransactionType[] | null;
}

