import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../lib/pagination";
import { AppError, badUserInput } from "./errors";
import { coerceVariables } from "./variables";

/**
 * Limits on what one operation may ask, checked after parsing and validation and before
 * any resolver runs, so that no hostile query costs the database anything. Page sizes
 * count with their variables: `first: $n` costs what $n says.
 */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxCost: 25_000 };

/** What a list field without paging arguments is assumed to hold, for its cost. */
const UNPAGED_LIST_ESTIMATE = 5;

/**
 * The cost of an operation, roughly the objects it may load: a leaf costs nothing, an object
 * 1 plus its fields, a connection its page size (first/last, or the default page) times its
 * items' cost, any other list an estimated 5 items (or the length of an ids list).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  let tooLarge: string | undefined;
  const estimator: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
    const type = getNullableType(field.type);
    const named = getNamedType(type);
    if (isLeafType(named)) return 0;
    const pageSize = args.first ?? args.last;
    if (typeof pageSize === "number" && pageSize > MAX_PAGE_SIZE) {
      tooLarge ??= `${args.first != null ? "first" : "last"} must not be greater than ${MAX_PAGE_SIZE}`;
    }
    if (named.name.endsWith("Connection")) {
      return 1 + (typeof pageSize === "number" ? pageSize : DEFAULT_PAGE_SIZE) * childComplexity;
    }
    // A connection's edges and nodes are its page, already counted by the connection.
    if (isListType(type) && !parent.name.endsWith("Connection")) {
      const items = Array.isArray(args.ids) ? args.ids.length : UNPAGED_LIST_ESTIMATE;
      return 1 + items * Math.max(childComplexity, 1);
    }
    return 1 + childComplexity;
  };
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
  } catch (error) {
    // Variables that do not fit their types: the same message execution would give.
    if (error instanceof GraphQLError) throw badUserInput(error.message);
    throw error;
  }
  if (tooLarge) throw badUserInput(tooLarge);
  return cost;
}

export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
): number {
  const depth = depthOfOperation(document, operation);
  if (depth > limits.maxDepth) {
    throw new AppError("DEPTH_LIMIT_EXCEEDED", `The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`);
  }
  const checked = checkedDocument(document);
  if (checked.aliases > limits.maxAliases) {
    throw new AppError("ALIAS_LIMIT_EXCEEDED", `The query uses ${checked.aliases} aliases; at most ${limits.maxAliases} are allowed`);
  }
  // Variables that do not fit their types: refused with the message operationCost would give
  // (its last error), before any price.
  const { errors } = coerceVariables(schema, operation, variables);
  if (errors?.length) throw badUserInput(errors[errors.length - 1]!.message);
  const key = JSON.stringify([
    operation.name?.value,
    ...checked.pricedVariables.map((name) => [name in variables, pricedValue(variables[name])]),
  ]);
  let cost = checked.costs.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, variables, operation.name?.value);
    // Bounded: a document is asked with a few page sizes, not thousands.
    if (checked.costs.size >= 100) checked.costs.clear();
    checked.costs.set(key, cost);
  }
  if (cost > limits.maxCost) {
    throw new AppError(
      "COST_LIMIT_EXCEEDED",
      `The query may cost ${cost} points; at most ${limits.maxCost} are allowed. Ask for smaller pages or fewer nested lists.`,
      { cost, maxCost: limits.maxCost },
    );
  }
  return cost;
}

interface CheckedDocument {
  aliases: number;
  /** The variables the cost depends on: those in page sizes, id lists and @skip/@include. */
  pricedVariables: string[];
  /** Costs already worked out, by operation name and the priced variables' values. */
  costs: Map<string, number>;
}

/**
 * Apollo parses a query text once and hands every request with that text the same document:
 * what depends on the document alone is worked out once (working out a cost walks the whole
 * document with its types, ~6% of the CPU of a small query).
 */
const checkedDocuments = new WeakMap<DocumentNode, CheckedDocument>();

function checkedDocument(document: DocumentNode): CheckedDocument {
  let checked = checkedDocuments.get(document);
  if (!checked) {
    checked = { aliases: countAliases(document), pricedVariables: pricedVariables(document), costs: new Map() };
    checkedDocuments.set(document, checked);
  }
  return checked;
}

/**
 * What of a variable's value the cost depends on: a page size or a flag as it is, a list by its
 * length. Never the value itself when it is a structure: a client may send one nested
 * thousands deep (refused afterwards by the variable check), too deep to serialise.
 */
function pricedValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  return Array.isArray(value) ? { length: value.length } : "object";
}

/** Arguments the cost estimator reads (see operationCost). */
const PRICED_ARGUMENTS = new Set(["first", "last", "ids"]);

function pricedVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (value: ValueNode) => {
    visit(value, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  };
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? []) if (PRICED_ARGUMENTS.has(argument.name.value)) collect(argument.value);
    },
    Directive(directive) {
      const name = directive.name.value;
      if (name === "skip" || name === "include") for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names];
}

/** Each operation's depth, worked out once: an operation belongs to one document (see checkedDocument). */
const operationDepths = new WeakMap<OperationDefinitionNode, number>();

function depthOfOperation(document: DocumentNode, operation: OperationDefinitionNode): number {
  let depth = operationDepths.get(operation);
  if (depth === undefined) {
    const fragments = new Map(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
    );
    depth = depthOf(operation.selectionSet, fragments, new Set());
    operationDepths.set(operation, depth);
  }
  return depth;
}

function depthOf(selectionSet: SelectionSetNode, fragments: Map<string, SelectionSetNode>, visiting: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, fragments, visiting) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Validation already refuses fragment cycles; this guard keeps the walk finite regardless.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, depthOf(fragment, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}

function countAliases(document: DocumentNode): number {
  let aliases = 0;
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.alias) aliases += 1;
      if ("selectionSet" in selection && selection.selectionSet) walk(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if ("selectionSet" in definition && definition.selectionSet) walk(definition.selectionSet);
  }
  return aliases;
}
