import { GraphQLError, isEnumType, type GraphQLSchema } from "graphql";
import { registerEnumType } from "type-graphql";

/**
 * Exposes a database enum (drizzle `pgEnum`) as a GraphQL enum with the same values, so the
 * two cannot drift apart, each value described if `valueDescriptions` is given. Returns the
 * `{ VALUE: "VALUE" }` object type-graphql needs.
 */
export function graphqlEnum<const Values extends readonly [string, ...string[]]>(
  pgEnum: { enumValues: Values },
  name: string,
  description: string,
  valueDescriptions?: { [Value in Values[number]]: string },
): { [Value in Values[number]]: Value } {
  const values = Object.fromEntries(pgEnum.enumValues.map((value) => [value, value])) as {
    [Value in Values[number]]: Value;
  };
  const valuesConfig = valueDescriptions && Object.fromEntries(Object.entries<string>(valueDescriptions).map(([value, text]) => [value, { description: text }]));
  registerEnumType(values, { name, description, valuesConfig: valuesConfig as never });
  return values;
}

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection", description: "Ascending or descending order." });

/**
 * A value an enum does not have is refused with the values it does have, so that a UI (or a
 * person) can show them: `Value "DONE" does not exist in "MeasureStatus" enum: use one of
 * PROPOSED, AGREED, ...`, for literals and variables alike. graphql-js would only suggest a
 * near spelling, and not in production. Wraps each enum's parsing once, after the schema is built.
 */
export function listEnumValuesInErrors(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isEnumType(type) || type.name.startsWith("__")) continue;
    const validValues = `: use one of ${type.getValues().map((value) => value.name).join(", ")}.`;
    const parseValue = type.parseValue.bind(type);
    const parseLiteral = type.parseLiteral.bind(type);
    // The list replaces graphql-js's "Did you mean" suggestion.
    type.parseValue = (value) => withValidValues(() => parseValue(value, true), validValues);
    type.parseLiteral = (node, variables) => withValidValues(() => parseLiteral(node, variables, true), validValues);
  }
  return schema;
}

function withValidValues<T>(parse: () => T, validValues: string): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message.replace(/\.$/, validValues), { nodes: error.nodes, extensions: error.extensions });
  }
}
