import { Matches, MaxLength, MinLength, ValidateBy, type ValidationOptions } from "class-validator";

/**
 * Validation shared by mutation inputs, with messages a person can act on. type-graphql
 * runs these (buildSchema validate) before any resolver, so bad input never reaches SQL.
 */

/** Combines several property decorators into one, for rules that travel together. */
function applyDecorators(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, propertyKey) => {
    for (const decorator of decorators) decorator(target, propertyKey);
  };
}

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;

export const IsCode = (options?: ValidationOptions) =>
  Matches(CODE_PATTERN, {
    message: "$property must be 1 to 40 upper-case letters, digits, '.', '_' or '-', starting with a letter or digit",
    ...options,
  });

export const IsNotBlank = () =>
  applyDecorators(
    MinLength(1, { message: "$property must not be empty" }),
    Matches(/\S/, { message: "$property must not be blank" }),
  );

/** A human-readable title: not blank, at most 500 characters. */
export const IsTitle = () => applyDecorators(IsNotBlank(), MaxLength(500, { message: "$property must be at most 500 characters" }));

export const IsLongText = (max = 10_000) => MaxLength(max, { message: `$property must be at most ${max} characters` });

// The currencies the runtime's ICU knows: ISO 4217, current and historic.
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const isCurrencyCode = (value: unknown): value is string => typeof value === "string" && CURRENCIES.has(value);

export const IsCurrency = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: "isCurrency",
      validator: {
        validate: isCurrencyCode,
        defaultMessage: (args) => `${args?.property} must be an ISO 4217 currency code in capitals, such as "EUR" (got ${JSON.stringify(args?.value)})`,
      },
    },
    options,
  );

/** A positive amount of money with at most two decimals: "7000000.00", "0.01", not "1e3". */
export const IsPositiveAmount = () =>
  ValidateBy({
    name: "isPositiveAmount",
    validator: {
      validate: (value: unknown) => typeof value === "string" && /^(0|[1-9][0-9]{0,17})(\.[0-9]{1,2})?$/.test(value) && /[1-9]/.test(value),
      defaultMessage: (args) =>
        `${args?.property} must be a positive amount with at most two decimals, such as "1500.00" (got ${JSON.stringify(args?.value)})`,
    },
  });

export const IsHttpUrl = () =>
  Matches(/^https?:\/\/[^\s]{1,2000}$/, { message: "$property must be an http:// or https:// URL" });
