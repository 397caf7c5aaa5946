import { IsOptional } from "class-validator";
import { ArgsType, Field, ID, ObjectType } from "type-graphql";
import { PLAIN_VALUES, StatedAmount } from "../../graphql/common.types";
import { connectionTypes } from "../../graphql/connection";
import { graphqlEnum } from "../../graphql/enums";
import { GLOBAL_ID_DESCRIPTION, Node } from "../../graphql/node";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../../graphql/scalars";
import { IsCurrency } from "../../graphql/validation";
import { instrumentKindEnum } from "./funding.tables";

export const InstrumentKind = graphqlEnum(
  instrumentKindEnum,
  "InstrumentKind",
  "What kind of source of money an instrument is: a financing instrument (ENI), a fund (AMIF), a facility (MPF) or a programme (Erasmus+).",
  {
    FINANCING_INSTRUMENT: "An EU external financing instrument of a budget period, e.g. the European Neighbourhood Instrument (ENI).",
    FUND: "An EU fund with its own regulation, e.g. the Asylum, Migration and Integration Fund (AMIF).",
    FACILITY: "A facility that funds projects on request, financed under other instruments (see parents), e.g. the Mobility Partnership Facility (MPF), under AMIF and ISF.",
    PROGRAMME: "A programme of exchanges, grants or expert assistance, e.g. Erasmus+, TAIEX.",
  },
);
export type InstrumentKind = keyof typeof InstrumentKind;

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "Where money comes from: ENI, AMIF, ISF, the MPF, Erasmus+, ..." })
export class FundingInstrument extends Node {
  @Field({ description: 'Short code, e.g. "ENI".' })
  code!: string;

  @Field({ description: 'The instrument\'s name in English, e.g. "Asylum, Migration and Integration Fund".' })
  name!: string;

  @Field(() => InstrumentKind, { description: "Financing instrument, fund, facility or programme." })
  kind!: InstrumentKind;

  @Field(() => String, { nullable: true, description: "What the instrument funds and how, as its sources describe it; null where none is recorded." })
  description!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "First day of its period of validity, where the source gives one (ENI: 2014-01-01)." })
  periodStart!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day of its period of validity (ENI: 2020-12-31)." })
  periodEnd!: string | null;
}

@ObjectType({
  implements: Node,
  description:
    "Money an instrument sets aside for a partnership over a period (ENI: over EUR 170 million for 2014-2020). " +
    "Reported beside project funding, never added into it.",
})
export class InstrumentAllocation extends StatedAmount implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION })
  id!: string;

  @Field(() => DateScalar, { description: "First day of the period the money is set aside for, YYYY-MM-DD (ENI: 2014-01-01)." })
  periodStart!: string;

  @Field(() => DateScalar, { description: "Last day of that period, YYYY-MM-DD (ENI: 2020-12-31)." })
  periodEnd!: string;
}

@ObjectType({
  implements: Node,
  description:
    "What one unit of baseCurrency is worth in quoteCurrency on rateDate, and where the figure comes from. " +
    "A funding summary in reportingCurrency R converts an amount in C at the latest C→R rate (base C, quote R) " +
    "on or before its value date; inverse rates are not derived.",
})
export class ExchangeRate extends Node {
  @Field({ description: 'ISO 4217, e.g. "USD".' })
  baseCurrency!: string;

  @Field({ description: 'ISO 4217, e.g. "EUR".' })
  quoteCurrency!: string;

  @Field(() => DateScalar, { description: "The day the rate is for, YYYY-MM-DD; a pair has at most one rate a day. It applies to amounts valued on that day and after, until the next rate." })
  rateDate!: string;

  @Field(() => DecimalScalar, { description: 'Units of quoteCurrency per unit of baseCurrency, exact, e.g. "0.9187000000".' })
  rate!: string;

  @Field({ description: 'Where the figure comes from, e.g. "ECB euro foreign exchange reference rates".' })
  source!: string;

  @Field(() => DateTimeScalar, { description: "When the rate was last set, by the database clock." })
  recordedAt!: Date;
}

export const ExchangeRateConnection = connectionTypes(ExchangeRate, "ExchangeRate");

@ArgsType()
export class ExchangeRateFilterArgs {
  @Field(() => String, { nullable: true, description: 'Only rates from this currency, e.g. "USD".' })
  @IsOptional()
  @IsCurrency()
  baseCurrency?: string | null;

  @Field(() => String, { nullable: true, description: 'Only rates into this currency, e.g. "EUR".' })
  @IsOptional()
  @IsCurrency()
  quoteCurrency?: string | null;
}
