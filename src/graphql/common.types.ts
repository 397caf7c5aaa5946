import { Field, ObjectType } from "type-graphql";
import { datePrecisionEnum, qualifierEnum } from "../db/columns";
import { graphqlEnum } from "./enums";
import { DecimalScalar } from "./scalars";

/** Types several features share. */

@ObjectType({ description: "An exact amount of money in one currency." })
export class Money {
  @Field(() => DecimalScalar, { description: 'Exact decimal as a string, e.g. "7000000.00".' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency!: string;
}

export const Qualifier = graphqlEnum(
  qualifierEnum,
  "Qualifier",
  'How a figure is hedged in its source: "over 170 million" is AT_LEAST, "some 2.000" APPROXIMATE.',
);
export type Qualifier = keyof typeof Qualifier;

export const DatePrecision = graphqlEnum(
  datePrecisionEnum,
  "DatePrecision",
  'How precise a date is: "end of 2018" is 2018-10-01 with QUARTER precision.',
);
export type DatePrecision = keyof typeof DatePrecision;
