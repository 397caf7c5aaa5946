import { Matches, MaxLength, validate, ValidateBy, type ValidationError, type ValidationOptions } from "class-validator";
import { BoundedCache, stringBytes } from "../lib/bounded-cache";
import { findUnstorableText, isBlank, UNSTORABLE_TEXT } from "../lib/text";
import { badUserInput } from "./errors";

/**
 * Validation shared by inputs, with messages a person can act on. type-graphql runs
 * validateArgument before any resolver, so bad input never reaches SQL.
 */

/**
 * type-graphql's validateFn (src/graphql/schema.ts): runs on every argument of every query and
 * mutation before its resolver. Text anywhere in it must be storable (src/lib/text.ts), a rule
 * no input can forget; then the class-validator decorators of input objects, as type-graphql
 * would run them (missing properties skipped, unknown values allowed). Throws BAD_USER_INPUT
 * with one message for all the problems found. The exports validate their filters with it too.
 */
export async function validateArgument(value: unknown): Promise<void> {
  const path = findUnstorableText(value);
  if (path !== undefined) throw badUserInput(`${path || "A text argument"} ${UNSTORABLE_TEXT}`);
  const inputs = (Array.isArray(value) ? value : [value]).filter((item): item is object => item !== null && typeof item === "object");
  const errors = (await Promise.all(inputs.map((input) => validate(input, { skipMissingProperties: true, forbidUnknownValues: false })))).flat();
  if (errors.length) throw badUserInput(describeValidationErrors(errors));
}

/**
 * validateArgument, skipped for a value found valid before. A page's 50 measures each ask for
 * their `projects` with the same arguments, and a client's requests repeat their page sizes and
 * filters, while class-validator looks up its rules and builds its result anew each time (~4 µs
 * an input object; 3-4% of the CPU of a measure by id, ~7% of a dashboard page when done for
 * each of its measures). Valid values are remembered by type and value in a bounded cache (least
 * recently used out first), only short ones: long texts are mutations' and seldom repeat. An
 * invalid one is forgotten once refused, and checked again the next time.
 * The outcome depends on the value alone: no rule reads the clock or the database.
 */
export function validateArgumentCached(type: unknown, value: unknown): Promise<void> {
  // Arguments are what GraphQL coerced (numbers, strings, lists, plain objects, dates): their
  // JSON tells apart values that validate differently.
  const json = JSON.stringify(value);
  if (json === undefined || json.length > MAX_REMEMBERED_LENGTH) return validateArgument(value);
  let typeId = typeIds.get(type);
  if (typeId === undefined) typeIds.set(type, (typeId = typeIds.size));
  const key = `${typeId}:${json}`;
  let outcome = checked.get(key);
  if (!outcome) {
    // Kept while it runs too, for the other items of the same page.
    checked.set(key, (outcome = validateArgument(value)));
    outcome.catch(() => checked.delete(key));
  }
  return outcome;
}

/** Values longer than this (as JSON) are checked each time, not remembered. */
const MAX_REMEMBERED_LENGTH = 500;
// Argument types are the schema's classes, scalars and enums: a few dozen.
const typeIds = new Map<unknown, number>();
const checked = new BoundedCache<string, Promise<void>>("valid-arguments", { maxEntries: 5_000, maxBytes: 2 * 1024 * 1024 }, (key) => stringBytes(key) + 100);

function describeValidationErrors(errors: ValidationError[], prefix = ""): string {
  const messages: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      messages.push(message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : message);
    }
    if (error.children?.length) messages.push(describeValidationErrors(error.children, path));
  }
  return messages.join("; ") || "Invalid arguments";
}



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

/** Text that shows something: not empty, not only spaces or invisible characters (isBlank). */
export const IsNotBlank = () =>
  ValidateBy({
    name: "isNotBlank",
    validator: {
      validate: (value: unknown) => typeof value === "string" && !isBlank(value),
      defaultMessage: (args) => `${args?.property} must not be ${args?.value === "" ? "empty" : "blank"}`,
    },
  });

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
