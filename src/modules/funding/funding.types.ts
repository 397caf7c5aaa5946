import { Field, ObjectType } from "type-graphql";
import { Money, Qualifier } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";
import { instrumentKindEnum } from "./funding.tables";

export const InstrumentKind = graphqlEnum(
  instrumentKindEnum,
  "InstrumentKind",
  "What kind of source of money an instrument is: a financing instrument (ENI), a fund (AMIF), a facility (MPF) or a programme (Erasmus+).",
);
export type InstrumentKind = keyof typeof InstrumentKind;

@ObjectType({ implements: Node, description: "Where money comes from: ENI, AMIF, ISF, the MPF, Erasmus+, ..." })
export class FundingInstrument extends Node {
  @Field({ description: 'Short code, e.g. "ENI".' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => InstrumentKind)
  kind!: InstrumentKind;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType({
  implements: Node,
  description:
    "Money an instrument sets aside for a partnership over a period (ENI: over EUR 170 million for 2014-2020). " +
    "Reported beside project funding, never added into it.",
})
export class InstrumentAllocation extends Node {
  @Field(() => DateScalar)
  periodStart!: string;

  @Field(() => DateScalar)
  periodEnd!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Qualifier, { description: "How the source hedges the amount: over EUR 170 million is AT_LEAST." })
  qualifier!: Qualifier;

  @Field(() => String, { nullable: true, description: 'The amount as the source prints it, e.g. "over €170 million".' })
  asStated!: string | null;

  @Field({ description: "True where the allocation is a reading of the source rather than stated in it." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true })
  note!: string | null;
}
