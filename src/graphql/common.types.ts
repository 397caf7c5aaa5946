import { Field, InputType, ObjectType } from "type-graphql";
import { IsCurrency, IsPositiveAmount } from "./validation";
import { datePrecisionEnum, qualifierEnum } from "../db/columns";
import { graphqlEnum } from "./enums";
import { DecimalScalar } from "./scalars";

/** Types several features share. */

/**
 * For object types whose values are plain rows and objects, with no promise in a property:
 * GraphQL reads their fields that have no resolver method itself, rather than through
 * type-graphql's wrapper (an object and a call per field and value), and graphql-jit
 * compiles each read inline. A property holding a promise would not be awaited there.
 */
export const PLAIN_VALUES = { simpleResolvers: true } as const;

@ObjectType({ ...PLAIN_VALUES, description: "An exact amount of money in one currency." })
export class Money {
  @Field(() => DecimalScalar, { description: 'Exact decimal as a string, e.g. "7000000.00".' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency!: string;
}

// An input field of this type needs @ValidateNested(): class-validator does not descend into
// nested inputs by itself, and numeric(20,2) would silently round "1.234".
@InputType({ description: "An amount of money to record: positive, at most two decimals, ISO 4217 currency." })
export class MoneyInput {
  @Field(() => DecimalScalar, { description: 'e.g. "1500.00"; negative amounts are recorded as reversals, never typed in.' })
  @IsPositiveAmount()
  amount!: string;

  @Field({ description: 'ISO 4217 code in capitals, e.g. "EUR".' })
  @IsCurrency()
  currency!: string;
}

export const Qualifier = graphqlEnum(
  qualifierEnum,
  "Qualifier",
  'How a figure is hedged in its source: "over 170 million" is AT_LEAST, "some 2.000" APPROXIMATE.',
  {
    EXACT: "The source gives the figure as it is, unhedged: 35.00 for \"€35\".",
    AT_LEAST: 'The figure is a floor: "over 170 million", "more than 2,000" give their number as AT_LEAST.',
    AT_MOST: 'The figure is a ceiling: "up to 90 days", "no more than €60".',
    APPROXIMATE: 'The figure is rounded or estimated in the source: "some 2,000", "about 30%".',
    RANGE: 'The source gives a span ("some 8.000-10.000"): the figure is its lower bound; an observation\'s valueMax holds the upper, an amount\'s asStated the whole span.',
  },
);
export type Qualifier = keyof typeof Qualifier;

/**
 * An amount as its source states it: the exact figure, how the source hedges it, the words
 * as printed, and whether it is a reading rather than a statement of the source.
 */
// A base class only: no field returns it, so it does not appear in the schema by itself.
@ObjectType()
export abstract class StatedAmount {
  @Field(() => Money, { description: "The figure in its currency: the amount the source states, not converted." })
  amount!: Money;

  @Field(() => Qualifier, { description: "How the source hedges the amount: over EUR 170 million is AT_LEAST." })
  qualifier!: Qualifier;

  @Field(() => String, { nullable: true, description: 'The amount as the source prints it, e.g. "over €170 million".' })
  asStated!: string | null;

  @Field({ description: "True where this is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "Why the amount reads as it does (the reading, the source's caveat); null when nothing needs saying." })
  note!: string | null;
}

export const DatePrecision = graphqlEnum(
  datePrecisionEnum,
  "DatePrecision",
  'How precise a date is: "end of 2018" is 2018-10-01 with QUARTER precision.',
  {
    DAY: "The date is the exact day.",
    MONTH: 'The date is the first day of the month meant: "July 2020" is 2020-07-01 and stands for the whole month.',
    QUARTER: 'The date is the first day of the quarter meant: "end of 2018" is 2018-10-01 and stands for October to December.',
    YEAR: 'The date is 1 January of the year meant: "in 2025" is 2025-01-01 and stands for the whole year.',
  },
);
export type DatePrecision = keyof typeof DatePrecision;
