import { coerceInputValue, getNullableType, GraphQLBoolean, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, type GraphQLInputType } from "graphql";
import { badUserInput } from "../../graphql/errors";
import { DateTimeScalar } from "../../graphql/scalars";
import { getSchema } from "../../graphql/schema";
import { isCurrencyCode, validateArgument } from "../../graphql/validation";
import { findUnstorableText, UNSTORABLE_TEXT } from "../../lib/text";
import { fromGlobalId, truncate } from "../../lib/global-id";
import { isCalendarDate } from "../../lib/calendar-date";
import type { AuditFilter } from "../audit/audit.service";
import { FUNDING_DIMENSIONS, type FundingFilter } from "../funding-summary/funding-summary.service";
import { FundingFilterInput } from "../funding-summary/funding-summary.types";
import { MeasureFilter } from "../measures/measures.types";
import { organisationRoleEnum, transactionTypeEnum } from "../projects/projects.tables";
import type { FundingSummaryRequest } from "./exports.service";

/**
 * Reads an export's URL query parameters, with messages a person can act on (they come back
 * as HTTP 400). Lists are comma-separated (`statuses=AGREED,IN_PROGRESS`) or repeated; an
 * empty value counts as absent. An unknown parameter is refused, so that a typo does not
 * silently export everything.
 */
export class QueryParams {
  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    const unknown = Object.keys(query).find((name) => !allowed.includes(name));
    if (unknown !== undefined) {
      throw badUserInput(`Unknown parameter "${truncate(unknown)}"; this export takes ${allowed.join(", ")}`);
    }
    // The API's one rule for text (src/lib/text.ts): a NUL ("%00") never reaches SQL.
    const unstorable = findUnstorableText(query);
    if (unstorable !== undefined) throw badUserInput(`${unstorable.replace(/\.\d+$/, "")} ${UNSTORABLE_TEXT}`);
  }

  /** A parameter given at most once. */
  text(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw badUserInput(`Give ${name} once`);
    return value === "" ? undefined : value;
  }

  /** Comma-separated and/or repeated values; undefined when none is given. */
  list(name: string): string[] | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    const parts = (Array.isArray(value) ? value : [value])
      .flatMap((part) => (typeof part === "string" ? part.split(",") : []))
      .map((part) => part.trim())
      .filter((part) => part !== "");
    return parts.length ? parts : undefined;
  }

  /** One of `values`, e.g. an enum's. */
  oneOf<Value extends string>(name: string, values: readonly Value[]): Value | undefined {
    const value = this.text(name);
    if (value !== undefined) requireMember(name, value, values);
    return value as Value | undefined;
  }

  /** Several of `values`. */
  listOf<Value extends string>(name: string, values: readonly Value[], what = name): Value[] | undefined {
    const list = this.list(name);
    for (const value of list ?? []) requireMember(what, value, values);
    return list as Value[] | undefined;
  }

  /** A calendar date, "2020-12-31". */
  date(name: string): string | undefined {
    const value = this.text(name);
    if (value !== undefined && !isCalendarDate(value)) {
      throw badUserInput(`${name} must be a calendar date such as 2020-12-31 (got "${truncate(value)}")`);
    }
    return value;
  }

  /** A moment, RFC 3339 with an offset: "2026-01-31T12:00:00Z". */
  dateTime(name: string): Date | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    try {
      return DateTimeScalar.parseValue(value) as Date;
    } catch {
      throw badUserInput(`${name} must be a date and time with an offset, such as 2026-01-31T12:00:00Z (got "${truncate(value)}")`);
    }
  }

  boolean(name: string): boolean | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") throw badUserInput(`${name} must be true or false (got "${truncate(value)}")`);
    return value === "true";
  }
}

function requireMember(what: string, value: string, values: readonly string[]): void {
  if (!values.includes(value)) throw badUserInput(`Unknown ${what} "${truncate(value)}"; use ${values.join(", ")}`);
}

// --- the parameters of each export ------------------------------------------------------

const FUNDING_SUMMARY_PARAMS = [
  "groupBy",
  "from",
  "to",
  "partnershipCode",
  "instrumentCodes",
  "projectCodes",
  "organisationCode",
  "organisationRole",
  "signatoryCode",
  "policyAreaCode",
  "transactionTypes",
  "reportingCurrency",
] as const;

/**
 * `groupBy=INSTRUMENT,YEAR&from=..&to=..&instrumentCodes=A,B&...&reportingCurrency=EUR`: the
 * arguments of the GraphQL `fundingSummary`, checked by the same rules (FundingFilterInput's
 * validators). No groupBy gives the totals alone.
 */
export async function parseFundingSummaryRequest(query: Record<string, unknown>): Promise<FundingSummaryRequest> {
  const params = new QueryParams(query, FUNDING_SUMMARY_PARAMS);
  const groupBy = params.listOf("groupBy", FUNDING_DIMENSIONS, "groupBy dimension") ?? [];
  const filter: FundingFilter = {
    partnershipCode: params.text("partnershipCode"),
    from: params.date("from"),
    to: params.date("to"),
    instrumentCodes: params.list("instrumentCodes"),
    projectCodes: params.list("projectCodes"),
    organisationCode: params.text("organisationCode"),
    organisationRole: params.oneOf("organisationRole", organisationRoleEnum.enumValues),
    signatoryCode: params.text("signatoryCode"),
    policyAreaCode: params.text("policyAreaCode"),
    transactionTypes: params.listOf("transactionTypes", transactionTypeEnum.enumValues, "transaction type"),
  };
  await validateArgument(Object.assign(new FundingFilterInput(), filter));
  const reportingCurrency = params.text("reportingCurrency") ?? null;
  if (reportingCurrency != null && !isCurrencyCode(reportingCurrency)) {
    throw badUserInput(`reportingCurrency must be an ISO 4217 currency code in capitals, such as "EUR" (got "${truncate(reportingCurrency)}")`);
  }
  return { groupBy, filter, reportingCurrency };
}

/** Every field of the GraphQL `measures` filter (MeasureFilter), read as the API reads it. */
export const parseMeasureFilter = (query: Record<string, unknown>): Promise<MeasureFilter> => parseInputObject(query, MeasureFilter);

/**
 * A GraphQL input object (the class of an @InputType, such as MeasureFilter) from an export's
 * query parameters, one per field, read as the API reads that input: each value by its field's
 * type (lists comma-separated or repeated, Boolean true or false, enums by name), coerced by
 * graphql-js and checked by validateArgument. A field added to the input is a parameter at once.
 */
async function parseInputObject<Input extends object>(query: Record<string, unknown>, inputClass: new () => Input): Promise<Input> {
  const type = (await getSchema()).getType(inputClass.name);
  if (!(type instanceof GraphQLInputObjectType)) throw new Error(`${inputClass.name} is not an input type of the schema`);
  const fields = Object.values(type.getFields());
  const params = new QueryParams(query, fields.map((field) => field.name));
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = paramOfType(params, field.name, getNullableType(field.type));
    if (value !== undefined) values[field.name] = value;
  }
  const coerced = coerceInputValue(values, type, (path, _value, error) => {
    throw badUserInput(`${path.join(".")}: ${error.message}`);
  });
  const input = Object.assign(new inputClass(), coerced);
  await validateArgument(input);
  return input;
}

function paramOfType(params: QueryParams, name: string, type: GraphQLInputType): unknown {
  const enumValues = (enumType: GraphQLEnumType) => enumType.getValues().map((value) => value.name);
  if (type instanceof GraphQLList) {
    const itemType = getNullableType(type.ofType);
    return itemType instanceof GraphQLEnumType ? params.listOf(name, enumValues(itemType)) : params.list(name);
  }
  if (type instanceof GraphQLEnumType) return params.oneOf(name, enumValues(type));
  if (type === GraphQLBoolean) return params.boolean(name);
  return params.text(name);
}

/** `entityId` (a global id), `actor`, `operation`, `from`, `to`: as the GraphQL `auditLog` filter has them. */
export function parseAuditFilter(query: Record<string, unknown>): AuditFilter {
  const params = new QueryParams(query, ["entityId", "actor", "operation", "from", "to"]);
  const entityId = params.text("entityId");
  const entity = entityId === undefined ? undefined : fromGlobalId(entityId);
  const filter: AuditFilter = {
    entityType: entity?.typeName,
    entityId: entity?.id,
    actor: params.text("actor"),
    operation: params.text("operation"),
    from: params.dateTime("from"),
    to: params.dateTime("to"),
  };
  if (filter.from && filter.to && filter.from >= filter.to) throw badUserInput("from must be before to");
  return filter;
}

