import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

// A plain decimal number: optional minus, digits, optional fraction. No exponent, no
// NaN, no thousands separators: what PostgreSQL's numeric prints and parses exactly.
const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== "string" || !DECIMAL_PATTERN.test(value)) {
    throw new GraphQLError(
      `Decimal must be a string of digits with an optional "." fraction, such as "7000000.00" (got ${JSON.stringify(value)})`,
      { extensions: { code: "BAD_USER_INPUT" } },
    );
  }
  return value;
}

/**
 * An exact decimal number, serialised as a string ("7000000.00") so that no client ever
 * rounds it through a binary float.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: "Decimal",
  description: 'An exact decimal number as a string, e.g. "7000000.00". Never a float.',
  serialize: (value) => {
    if (typeof value !== "string" || !DECIMAL_PATTERN.test(value)) {
      throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal literals must be strings, e.g. "35.00"', { extensions: { code: "BAD_USER_INPUT" } });
    }
    return parseDecimal(ast.value);
  },
});

/**
 * graphql-scalars' errors carry no code; input that fails to parse is the client's to fix,
 * so the parse functions rethrow it as BAD_USER_INPUT (literals as well as variables).
 */
function withBadUserInput(scalar: GraphQLScalarType): GraphQLScalarType {
  const config = scalar.toConfig();
  const asBadUserInput = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new GraphQLError(error instanceof Error ? error.message : String(error), {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
  };
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => asBadUserInput(() => config.parseValue!(value)),
    parseLiteral: (ast, variables) => asBadUserInput(() => config.parseLiteral!(ast, variables)),
  });
}

/** A calendar date without time zone, "2016-10-13". */
export const DateScalar = withBadUserInput(LocalDateResolver);

/** A moment in time, ISO 8601 with offset, "2026-11-27T21:54:42.000Z". */
export const DateTimeScalar = withBadUserInput(DateTimeResolver);
