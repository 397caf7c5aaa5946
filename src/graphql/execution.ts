import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import {
  execute,
  GraphQLError,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { beforeDeadline, deadlineExceeded } from "../lib/deadline";
import type { Context } from "./context";
import { AppError } from "./errors";
import { coerceVariables } from "./variables";

/**
 * Executes operations with graphql-jit, which turns a document into a JavaScript function
 * once and then runs it without graphql-js's per-field bookkeeping (a dictionary per field
 * and per object, a promise per async field), see bench/RESULTS.md. Apollo Server 5 takes a
 * custom executor only through its gateway interface, so this is one, over the local
 * schema: parsing, validation, plugins, error formatting and the HTTP answer stay Apollo's.
 *
 * A document is compiled from its `compileFromUse`-th use (0: never). A one-off query, or a
 * stranger's stream of distinct ones, runs on graphql-js and costs no compilation; the
 * dashboard a frontend sends again and again is compiled once. Apollo hands every request
 * with the same query text the same parsed document, so the document is the cache key and
 * a compiled query lives as long as Apollo's document store keeps its document.
 */
export function compilingExecutor(schema: GraphQLSchema, compileFromUse: number): GatewayInterface {
  // Per document and operation: its uses so far, then its compiled query (or that it has none).
  const seen = new WeakMap<DocumentNode, Map<string, CompiledQuery | number | typeof NOT_COMPILABLE>>();

  const run: GatewayExecutor = async ({ document, operation, request, context }) => {
    const operationName = request.operationName ?? undefined;
    const compiled = compileFromUse > 0 && operation ? compiledOrUses(document, operationName) : undefined;
    if (!compiled) {
      return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    }
    // graphql-jit's own coercion leaves out input fields' default values: graphql-js
    // coerces, with its defaults and messages (as the operation guard did already), and
    // graphql-jit gets values that fit.
    const variables = coerceVariables(schema, operation!, request.variables ?? {});
    if (variables.errors) return { errors: variables.errors };
    const result = (await compiled.query(undefined, context, variables.coerced)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };
  // Past the request's deadline the client is answered TIMEOUT; resolvers still running find
  // their statements refused or their transaction rolled back (src/lib/deadline.ts).
  const executor: GatewayExecutor = async (request) => {
    const { deadline } = request.context as Partial<Context>;
    if (!deadline) return run(request);
    try {
      return await beforeDeadline(deadline, () => run(request));
    } catch (error) {
      const exceeded = deadlineExceeded(error);
      if (!exceeded) throw error;
      return { data: null, errors: [new AppError("TIMEOUT", exceeded.message)] };
    }
  };

  /** The compiled query once it is used often enough; until then, counts the uses. */
  function compiledOrUses(document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined {
    let byOperation = seen.get(document);
    if (!byOperation) seen.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    const known = byOperation.get(key) ?? 0;
    if (known === NOT_COMPILABLE) return undefined;
    if (typeof known !== "number") return known;
    if (known + 1 < compileFromUse) {
      byOperation.set(key, known + 1);
      return undefined;
    }
    const compiled = compileQuery(schema, document, operationName);
    // A document graphql-jit cannot compile stays on graphql-js, without a new attempt per request.
    byOperation.set(key, isCompiledQuery(compiled) ? compiled : NOT_COMPILABLE);
    return isCompiledQuery(compiled) ? compiled : undefined;
  }

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}

const NOT_COMPILABLE = "not compilable";

/**
 * graphql-jit's errors only look like graphql-js's: no `extensions` object unless their
 * cause has one (Apollo then fails to format them), and no cause for a null in a non-null
 * field. Here they become what graphql-js raises during execution: always with a cause.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? new Error(error.message),
  });
  // graphql-jit computes the locations when compiling and keeps no nodes to derive them from.
  return Object.assign(converted, { locations: error.locations });
}
