import { MaxLength, ValidateBy } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { MutationInput } from "../../graphql/mutation-input";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";
import { IsCurrency, IsNotBlank } from "../../graphql/validation";
import { ExchangeRate } from "./funding.types";

/** Mutation inputs and payloads for funding, GitHub style: one input object, a payload, clientMutationId echoed. */

// exchange_rate.rate is numeric(24,10): at most 14 digits before the point and 10 after.
const RATE_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,10})?$/;

const IsPositiveRate = () =>
  ValidateBy({
    name: "isPositiveRate",
    validator: {
      validate: (value: unknown) => typeof value === "string" && RATE_PATTERN.test(value) && /[1-9]/.test(value),
      defaultMessage: (args) =>
        `${args?.property} must be a positive decimal with at most 14 digits before the point and 10 after, ` +
        `such as "0.9187" (got ${JSON.stringify(args?.value)})`,
    },
  });

@InputType({
  description:
    "A rate for one day: one unit of baseCurrency is worth rate units of quoteCurrency on rateDate. " +
    "If that pair already has a rate for that day it is replaced, and the audit trail keeps both (before and after).",
})
export class SetExchangeRateInput extends MutationInput {
  @Field({ description: 'ISO 4217 code in capitals, e.g. "USD".' })
  @IsCurrency()
  baseCurrency!: string;

  @Field({ description: 'ISO 4217 code in capitals, e.g. "EUR"; not the base currency.' })
  @IsCurrency()
  quoteCurrency!: string;

  @Field(() => DateScalar, { description: "The day the rate is for, YYYY-MM-DD, e.g. the ECB reference rate's day." })
  rateDate!: string;

  @Field(() => DecimalScalar, { description: 'Positive, at most 10 decimals, e.g. "0.9187".' })
  @IsPositiveRate()
  rate!: string;

  @Field({ description: 'Where the figure comes from, e.g. "ECB euro foreign exchange reference rates".' })
  @IsNotBlank()
  @MaxLength(500, { message: "$property must be at most 500 characters" })
  source!: string;
}

@ObjectType({ description: "What setExchangeRate returns: the rate as stored." })
export class ExchangeRatePayload {
  @Field(() => ExchangeRate, { description: "The rate after the change; the same id when it replaced that day's earlier rate." })
  exchangeRate!: ExchangeRate;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}
