import { getVariableValues, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

export type Coercion = { coerced: Record<string, unknown>; errors?: undefined } | { errors: readonly GraphQLError[] };

/**
 * The last coercion of each request's variables object, with the operation it was for. The
 * operation guard coerces a request's variables to check them, the compiled executor to run
 * the operation: each coercion walks every variable with its type, ~2% of the CPU of a small
 * query, so the second use finds the first's.
 */
const coercions = new WeakMap<object, { operation: OperationDefinitionNode; coercion: Coercion }>();

/** `variables` coerced to the types `operation` declares (defaults filled in), or graphql-js's errors. */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Coercion {
  const known = coercions.get(variables);
  if (known?.operation === operation) return known.coercion;
  const { coerced, errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const coercion: Coercion = errors ? { errors } : { coerced: coerced! };
  coercions.set(variables, { operation, coercion });
  return coercion;
}
