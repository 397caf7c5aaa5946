import { parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { getSchema } from "./schema";
import { coerceVariables } from "./variables";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

const operationOf = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;

describe("coerceVariables", () => {
  const PAGE = operationOf(`query($n: Int = 10, $code: String) { measures(first: $n, filter: { partnershipCode: $code }) { totalCount } }`);

  it("coerces with defaults, and gives the same coercion for the same variables and operation", () => {
    const variables = { code: "EU-BY" };
    const first = coerceVariables(schema, PAGE, variables);
    expect(first).toEqual({ coerced: { n: 10, code: "EU-BY" } });
    expect(coerceVariables(schema, PAGE, variables)).toBe(first);
  });

  it("coerces afresh for another operation or another variables object", () => {
    const variables = { n: 5 };
    const first = coerceVariables(schema, PAGE, variables);
    const other = operationOf(`query($n: Int) { measures(first: $n) { totalCount } }`);
    expect(coerceVariables(schema, other, variables)).not.toBe(first);
    expect(coerceVariables(schema, PAGE, { n: 5 })).not.toBe(first);
    expect(coerceVariables(schema, PAGE, { n: 5 })).toEqual(first);
  });

  it("gives graphql-js's errors for values that do not fit", () => {
    const { errors } = coerceVariables(schema, PAGE, { n: "ten" });
    expect(errors?.map((error) => error.message)).toEqual([expect.stringContaining('Variable "$n" got invalid value "ten"')]);
  });
});
