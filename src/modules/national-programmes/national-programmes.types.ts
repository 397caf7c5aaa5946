import { Matches } from "class-validator";
import { ArgsType, Field, ObjectType } from "type-graphql";
import { DatePrecision } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";
import { nationalProgrammeKindEnum } from "./national-programmes.tables";

export const NationalProgrammeKind = graphqlEnum(
  nationalProgrammeKindEnum,
  "NationalProgrammeKind",
  "What a state's own policy document is: a strategy, a programme, a sub-programme of one, or a system of measures.",
  {
    STRATEGY: "A long-term strategy, e.g. Belarus' National Sustainable Development Strategy until 2030.",
    PROGRAMME: "A state programme for a period, with its own measures and budget.",
    SUB_PROGRAMME: 'A part of a state programme, e.g. the sub-programme "External Migration" of Belarus\' programme for 2016-2020.',
    SYSTEM_OF_MEASURES: "A standing set of measures rather than a time-bound plan, e.g. Belarus' social protection system adopted in March 2000.",
  },
);
export type NationalProgrammeKind = keyof typeof NationalProgrammeKind;

@ObjectType({
  implements: Node,
  description:
    "A state's own strategy or programme that the partnership matches or depends on, e.g. Belarus' sub-programme " +
    '"External Migration" for 2016-2020.',
})
export class NationalProgramme extends Node {
  @Field({ description: 'Short code, e.g. "BY-EXTERNAL-MIGRATION-2016-2020".' })
  code!: string;

  @Field({ description: "The programme's title in English, as the source translates it." })
  title!: string;

  @Field(() => NationalProgrammeKind, { description: "Strategy, programme, sub-programme or system of measures." })
  kind!: NationalProgrammeKind;

  @Field({ description: "The state, by ISO 3166 alpha-2 code." })
  countryCode!: string;

  @Field(() => DateScalar, { nullable: true, description: "Start of the period it covers; null where the source gives none." })
  periodStart!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of the period it covers ("until 2030": 2030-12-31).' })
  periodEnd!: string | null;

  @Field(() => String, { nullable: true, description: 'The period as the source puts it: "for 2016-2020", "until 2030".' })
  periodLabel!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When it was adopted; read with adoptedOnPrecision." })
  adoptedOn!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of adoptedOn the source gives (\"March 2000\" is MONTH); null exactly when adoptedOn is null." })
  adoptedOnPrecision!: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "What the programme is about, as the source describes it; null where it does not." })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "Where in its source it is named: a footnote, a section." })
  locator!: string | null;

  @Field({ description: "True where part of the programme (its period, its date of adoption) is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the source says where the programme is a reading, or any other remark on it." })
  note!: string | null;
}

@ArgsType()
export class NationalProgrammeFilter {
  @Field(() => String, { nullable: true, description: 'Only those of this state: ISO 3166 alpha-2, e.g. "BY".' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be an ISO 3166 alpha-2 code such as "BY"' })
  countryCode?: string | null;

  @Field(() => NationalProgrammeKind, { nullable: true, description: "Only those of this kind." })
  kind?: NationalProgrammeKind | null;

  @Field(() => DateScalar, { nullable: true, description: "Only those whose period (as far as given) includes this day." })
  coversDate?: string | null;
}
