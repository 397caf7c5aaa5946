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
import { BoundedCache, stringBytes, type CacheBounds } from "../lib/bounded-cache";
import { tokenCount } from "./document-store";
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
 * A query text is compiled from its `compileFromUse`-th use (0: never). A one-off query, or a
 * stranger's stream of distinct ones, runs on graphql-js and costs no compilation; the
 * dashboard a frontend sends again and again is compiled once. Uses are counted, and compiled
 * queries kept, per query text and operation in two bounded caches (least recently used
 * first out). A compiled query holds ~28 KB of heap even for a short text (its generated source,
 * ~19 KB, and code): kept as long as Apollo kept the document, a stream of distinct texts sent
 * twice each held that per text (bench/RESULTS.md).
 */
export function compilingExecutor(
  schema: GraphQLSchema,
  compileFromUse: number,
  bounds: { documents: CacheBounds; compiledQueries: CacheBounds },
): GatewayInterface {
  // A use count is only worth keeping while the text's document is likely still cached (same entry bound).
  const uses = new BoundedCache<string, number>(
    "query-uses",
    { maxEntries: bounds.documents.maxEntries, maxBytes: USES_MAX_BYTES },
    (key) => stringBytes(key) + 64,
  );
  // Without a query: graphql-jit could not compile the document, which stays on graphql-js
  // without a new attempt per request.
  const compiledQueries = new BoundedCache<string, { query?: CompiledQuery; tokens: number }>(
    "compiled-queries",
    bounds.compiledQueries,
    (key, compiled) => stringBytes(key) + (compiled.query ? COMPILED_BYTES_PER_TOKEN * compiled.tokens : 0),
  );

  const run: GatewayExecutor = async ({ document, operation, request, context, queryHash }) => {
    const operationName = request.operationName ?? undefined;
    const compiled = compileFromUse > 0 && operation ? compiledOrUses(`${queryHash}:${operationName ?? ""}`, document, operationName) : undefined;
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

  /** The compiled query once its text is used often enough; until then, counts the uses. */
  function compiledOrUses(key: string, document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined {
    const known = compiledQueries.get(key);
    if (known) return known.query;
    const used = (uses.get(key) ?? 0) + 1;
    if (used < compileFromUse) {
      uses.set(key, used);
      return undefined;
    }
    uses.delete(key);
    const compiled = compileQuery(schema, document, operationName);
    const query = isCompiledQuery(compiled) ? compiled : undefined;
    compiledQueries.set(key, { query, tokens: tokenCount(document) });
    return query;
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

/** Use counts: a key (a hash and an operation name) and a number each, ~200 bytes. */
const USES_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A compiled query's memory (its generated code, closures and the document it keeps), per
 * token of its text: measured at 180 (a dashboard page) to 1,040 bytes (a short query).
 */
const COMPILED_BYTES_PER_TOKEN = 1024;

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
