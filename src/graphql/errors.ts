import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { isConnectionError, sqlStateOf } from "../db/errors";
import { deadlineExceeded } from "../lib/deadline";

/**
 * Every error a client can cause is an `AppError` with one of these codes; they reach the
 * client as `extensions.code`. Anything else is a bug or an outage, and is masked.
 */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TIMEOUT"
  | "SERVICE_UNAVAILABLE"
  | "DEPTH_LIMIT_EXCEEDED"
  | "ALIAS_LIMIT_EXCEEDED"
  | "FIELD_LIMIT_EXCEEDED"
  | "COST_LIMIT_EXCEEDED"
  | "RATE_LIMITED"
  | "SUBSCRIPTION_LIMIT_EXCEEDED"
  | "OPERATION_NOT_SUPPORTED"
  | "PERSISTED_QUERY_NOT_IN_LIST"
  | "PERSISTED_QUERY_ID_REQUIRED";

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = "AppError";
  }
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  new AppError("BAD_USER_INPUT", message, extensions);

export const notFound = (message: string) => new AppError("NOT_FOUND", message);

/**
 * Database errors that any request may meet and a client should retry, by SQLSTATE. They
 * never pass on SQL text.
 */
const DATABASE_ERRORS = new Map<string, [ErrorCode, string]>([
  ["40001", ["CONFLICT", "A concurrent change got there first; try again"]],
  ["40P01", ["CONFLICT", "A concurrent change got there first; try again"]],
  ["57014", ["TIMEOUT", "The request took too long and was cancelled"]],
  // A statement postgres.js believed prepared on a connection whose backend had just been
  // replaced (1 run in 4 of test/faults/terminate-backends.fault.ts): the request failed with
  // the connection, and a retry succeeds. Its cause in the driver is not found yet.
  ["26000", ["SERVICE_UNAVAILABLE", "The database connection was reset; try again"]],
]);

/**
 * Database errors that a client's change can cause, by SQLSTATE. Services check input first
 * and say precisely what is wrong; this is the net under races and missed cases. Only a
 * change's own statements are the client's doing (see asChangeInputError): in a read, the
 * same error comes from stored data (a sum out of range), and is ours.
 */
const CHANGE_INPUT_ERRORS = new Map<string, [ErrorCode, string]>([
  ["23505", ["CONFLICT", "This would duplicate something that already exists"]],
  ["23503", ["BAD_USER_INPUT", "This refers to something that does not exist, or is still referred to"]],
  ["23514", ["BAD_USER_INPUT", "A value is outside what is allowed"]],
  ["23502", ["BAD_USER_INPUT", "A required value is missing"]],
  ["22001", ["BAD_USER_INPUT", "A value is too long"]],
  ["22003", ["BAD_USER_INPUT", "A number is out of range"]],
  ["22007", ["BAD_USER_INPUT", "A date or time is malformed"]],
  ["22008", ["BAD_USER_INPUT", "A date or time is out of range"]],
  ["22P02", ["BAD_USER_INPUT", "A value is malformed"]],
  ["22021", ["BAD_USER_INPUT", "Text contains a character that cannot be stored (such as NUL)"]],
]);

function fromDatabaseError(error: unknown): AppError | undefined {
  const deadline = deadlineExceeded(error);
  if (deadline) return new AppError("TIMEOUT", deadline.message);
  if (isConnectionError(error)) return new AppError("SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly");
  const state = sqlStateOf(error);
  const known = state === undefined ? undefined : DATABASE_ERRORS.get(state);
  return known && new AppError(known[0], known[1]);
}

/**
 * A database error met while applying a client's change, as the client's error where its
 * input caused it (a duplicate, a value out of range); any other error unchanged.
 */
export function asChangeInputError(error: unknown): unknown {
  if (error instanceof GraphQLError || isConnectionError(error)) return error;
  const state = sqlStateOf(error);
  const known = state === undefined ? undefined : CHANGE_INPUT_ERRORS.get(state);
  return known ? new AppError(known[0], known[1]) : error;
}

// Messages of graphql-js's ValuesOfCorrectTypeRule: a literal argument of the wrong type
// ("first: 1000" is fine, "status: FOO" is not) is the client's input, not a broken query.
const BAD_LITERAL_PATTERNS = [/^Expected value of type/, /^Enum "[^"]+" cannot represent/, /^Value "[^"]*" does not exist in/];

/** A literal argument that failed to parse: a scalar said so with BAD_USER_INPUT, or graphql-js's own message. */
function isBadLiteral(error: unknown, message: string): boolean {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (cause instanceof GraphQLError && cause.extensions.code === "BAD_USER_INPUT") return true;
  return BAD_LITERAL_PATTERNS.some((pattern) => pattern.test(message));
}

/**
 * The one place where errors become what a client sees. Known errors keep their code and
 * message; unknown ones (driver errors carry SQL text and parameters) become a generic
 * INTERNAL_SERVER_ERROR. Stack traces are never sent.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};

  if (original instanceof AppError) {
    return { ...formatted, extensions };
  }
  if (extensions.code === "GRAPHQL_VALIDATION_FAILED" && isBadLiteral(error, formatted.message)) {
    return { ...formatted, extensions: { ...extensions, code: "BAD_USER_INPUT" } };
  }
  // Parse, validation and variable-coercion errors come from graphql-js itself, with no
  // original error behind them; their messages describe the client's request.
  const fromGraphqlJs = error instanceof GraphQLError && !error.originalError;
  if (fromGraphqlJs || (original instanceof GraphQLError && typeof original.extensions?.code === "string")) {
    return { ...formatted, extensions };
  }
  const mapped = fromDatabaseError(original);
  if (mapped) return { ...formatted, message: mapped.message, extensions: mapped.extensions };
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

/**
 * Whether an error is the client's doing (or a known outage), as opposed to a bug that must
 * be logged: client errors carry a code; database errors we can name are mapped above.
 */
export function isClientError(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return !original.originalError || original instanceof AppError || typeof original.extensions.code === "string";
  return fromDatabaseError(original) !== undefined;
}
