import { ArgsType, Field, ObjectType } from "type-graphql";
import { DatePrecision, Qualifier } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";
import { statementKindEnum, trendDirectionEnum } from "./statements.tables";

export const StatementKind = graphqlEnum(
  statementKindEnum,
  "StatementKind",
  "STATEMENT: how things are, or what someone said; FORECAST: what someone expects by a date; TREND: which way something moves, without figures.",
  {
    STATEMENT: "How things are, or what someone said, as of madeOn.",
    FORECAST: "What someone expects by a date (expectedBy), with its figure where it has one.",
    TREND: "Which way something moves since a date (trendDirection, since), without figures.",
  },
);
export type StatementKind = keyof typeof StatementKind;

export const TrendDirection = graphqlEnum(trendDirectionEnum, "TrendDirection", "Which way a trend moves.", {
  RISING: "Going up over the period the source looks at.",
  FALLING: "Going down over the period the source looks at.",
  FLUCTUATING: "Up and down, with no steady direction.",
});
export type TrendDirection = keyof typeof TrendDirection;

@ObjectType({
  implements: Node,
  description:
    "Something the brief or a source it cites says that is neither a series' figure nor a legal provision: the EU as " +
    "the largest donor in Belarus, the experts' 2014 forecast, the Foreign Ministry's 2020 statement, falling student numbers.",
})
export class Statement extends Node {
  @Field({ description: 'Short code, e.g. "VISA-FREE-FORECAST-2014".' })
  code!: string;

  @Field(() => StatementKind, { description: "STATEMENT, FORECAST or TREND: which of the dates and figures below apply." })
  kind!: StatementKind;

  @Field({ description: "What is said, close to the source's words." })
  text!: string;

  @Field(() => DateScalar, { nullable: true, description: "When it was said or made; read with madeOnPrecision." })
  madeOn!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of madeOn the source gives (a year, a month...); null exactly when madeOn is null." })
  madeOnPrecision!: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "Who said it, in the source's words, where no organisation stands for them (see madeByOrganisation)." })
  madeBy!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'For a forecast: by when it expects it ("within ten years" of 2014: 2024); read with expectedByPrecision.' })
  expectedBy!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of expectedBy the source gives (\"within ten years\" of 2014 is YEAR); null exactly when expectedBy is null." })
  expectedByPrecision!: DatePrecision | null;

  @Field(() => TrendDirection, { nullable: true, description: "For a TREND: whether the thing rises, falls or fluctuates; null for other kinds." })
  trendDirection!: TrendDirection | null;

  @Field(() => DateScalar, { nullable: true, description: "For a trend: since when; read with sincePrecision." })
  since!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of since the source gives; null exactly when since is null." })
  sincePrecision!: DatePrecision | null;

  @Field(() => DecimalScalar, { nullable: true, description: "A figure the statement gives, counted in unit." })
  quantity!: string | null;

  @Field(() => String, { nullable: true, description: 'What quantity counts, e.g. "years" or "% of the national population"; null when there is no quantity.' })
  unit!: string | null;

  @Field(() => Qualifier, { nullable: true, description: "How the figure is hedged; null when there is no figure." })
  qualifier!: Qualifier | null;

  @Field(() => String, { nullable: true, description: 'The figure exactly as printed: "more than half", "within ten years".' })
  asStated!: string | null;

  @Field(() => String, { nullable: true, description: 'Where in the source: "footnote 28", a section.' })
  locator!: string | null;

  @Field({ description: "True where part of the statement (its date, its figure, who made it) is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the source says where the statement is a reading, or any other remark on it." })
  note!: string | null;
}

@ArgsType()
export class StatementFilter {
  @Field(() => StatementKind, { nullable: true, description: "Only statements of this kind, e.g. FORECAST." })
  kind?: StatementKind | null;

  @Field(() => String, { nullable: true, description: 'Only statements of this theme, e.g. "VISA_ISSUES".' })
  themeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only statements made by this organisation, e.g. "BY-MFA".' })
  organisationCode?: string | null;
}
