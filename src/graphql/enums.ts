import { registerEnumType } from "type-graphql";

/**
 * Exposes a database enum (drizzle `pgEnum`) as a GraphQL enum with the same values, so the
 * two cannot drift apart. Returns the `{ VALUE: "VALUE" }` object type-graphql needs.
 */
export function graphqlEnum<const Values extends readonly [string, ...string[]]>(
  pgEnum: { enumValues: Values },
  name: string,
  description: string,
): { [Value in Values[number]]: Value } {
  const values = Object.fromEntries(pgEnum.enumValues.map((value) => [value, value])) as {
    [Value in Values[number]]: Value;
  };
  registerEnumType(values, { name, description });
  return values;
}

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection", description: "Ascending or descending order." });
