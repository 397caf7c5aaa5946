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
  /** Fields selected, fragments counted each time they are spread. */
  maxFields: number;
  maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxFields: 1000, maxCost: 100_000 };

/**
 * How deep a selection under `__schema` or `__type` may go. Introspection is measured on its own
 * terms, not by the depth meant for data: graphql-js's `getIntrospectionQuery()`, which GraphiQL,
 * Apollo Sandbox, graphql-codegen, Postman and Insomnia send, is 15 levels deep (its chain of
 * `ofType`s) and reads the schema, never the database. What makes an introspection query
 * expensive, lists of types nested in lists of types, graphql-js's MaxIntrospectionDepthRule
 * (one of the validation rules Apollo runs) refuses beyond 3; aliases and fields count as for
 * any query.
 */
export const INTROSPECTION_MAX_DEPTH = 20;

/**
 * The cost of an operation, roughly the objects it may load: a leaf costs nothing, an object 1
 * plus its fields, a connection its page size (first/last, or the default page) times its
 * items' cost; a list, or a field whose work is more than its object, costs what it declares
 * next to itself (src/graphql/cost.ts).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  let tooLarge: string | undefined;
  const estimator: ComplexityEstimator = (options) => {
    const { type: parent, field, args, childComplexity } = options;
    const type = getNullableType(field.type);
    const named = getNamedType(type);
    if (isLeafType(named)) return 0;
    // Introspection reads the schema, never the database, and is as large as the schema.
    if (field.name.startsWith("__") || parent.name.startsWith("__")) return childComplexity;
    const pageSize = args.first ?? args.last;
    if (typeof pageSize === "number" && (pageSize > MAX_PAGE_SIZE || pageSize < 0)) {
      // A negative page would take points off the operation's price.
      const name = args.first != null ? "first" : "last";
      tooLarge ??= pageSize < 0 ? `${name} must not be less than 0` : `${name} must not be greater than ${MAX_PAGE_SIZE}`;
    }
    const declared = field.extensions.complexity;
    if (typeof declared === "function") return (declared as ComplexityEstimator)(options) ?? 0;
    if (named.name.endsWith("Connection")) {
      return 1 + (typeof pageSize === "number" ? pageSize : DEFAULT_PAGE_SIZE) * childComplexity;
    }
    // A connection's edges and nodes are its page, already counted by the connection.
    if (isListType(type) && !parent.name.endsWith("Connection")) {
      throw new Error(`${parent.name}.${field.name} is a list without a declared price (see src/graphql/cost.ts)`);
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
  const { depth, introspectionDepth, aliases, fields } = shapeOfOperation(document, operation);
  if (depth > limits.maxDepth) {
    throw new AppError("DEPTH_LIMIT_EXCEEDED", `The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`);
  }
  if (introspectionDepth > INTROSPECTION_MAX_DEPTH) {
    throw new AppError(
      "DEPTH_LIMIT_EXCEEDED",
      `The query's introspection is ${introspectionDepth} levels deep; at most ${INTROSPECTION_MAX_DEPTH} are allowed`,
    );
  }
  if (aliases > limits.maxAliases) {
    throw new AppError("ALIAS_LIMIT_EXCEEDED", `The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`);
  }
  if (fields > limits.maxFields) {
    throw new AppError("FIELD_LIMIT_EXCEEDED", `The query selects ${fields} fields; at most ${limits.maxFields} are allowed`);
  }
  const checked = checkedDocument(document);
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
    checked = { pricedVariables: pricedVariables(document), costs: new Map() };
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

/** Arguments the cost estimator and the fields' declared prices read (see operationCost). */
const PRICED_ARGUMENTS = new Set(["first", "last", "ids", "groupBy"]);

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

/** What an operation selects, fragments expanded each time they are spread. */
interface OperationShape {
  /** Levels of fields, the deepest path, introspection left out. */
  depth: number;
  /** Levels of the deepest `__schema` or `__type` selection, counted from that field. */
  introspectionDepth: number;
  aliases: number;
  fields: number;
}

const EMPTY_SHAPE: OperationShape = Object.freeze({ depth: 0, introspectionDepth: 0, aliases: 0, fields: 0 });

/** The fields that open the schema's own description (__typename is a leaf like any other). */
const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);

/** Each operation's shape, worked out once: an operation belongs to one document (see checkedDocument). */
const operationShapes = new WeakMap<OperationDefinitionNode, OperationShape>();

function shapeOfOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  let shape = operationShapes.get(operation);
  if (shape === undefined) {
    const fragments = new Map(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
    );
    shape = shapeOf(operation.selectionSet, fragments, new Map());
    operationShapes.set(operation, shape);
  }
  return shape;
}

/**
 * A fragment's shape is the same wherever it is spread: each is worked out once and added at
 * every spread, so fragments that spread each other twice over count in full (2, 4, 8... times)
 * without being walked that often.
 */
function shapeOf(selectionSet: SelectionSetNode, fragments: Map<string, SelectionSetNode>, known: Map<string, OperationShape>): OperationShape {
  const shape: OperationShape = { ...EMPTY_SHAPE };
  const add = (inner: OperationShape, level: number) => {
    shape.depth = Math.max(shape.depth, level + inner.depth);
    shape.introspectionDepth = Math.max(shape.introspectionDepth, inner.introspectionDepth);
    shape.aliases += inner.aliases;
    shape.fields += inner.fields;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const aliases = selection.alias ? 1 : 0;
      const inner = selection.selectionSet ? shapeOf(selection.selectionSet, fragments, known) : EMPTY_SHAPE;
      if (INTROSPECTION_ROOTS.has(selection.name.value)) {
        // Everything below is the schema's: its levels count towards the introspection's depth alone.
        const introspectionDepth = 1 + Math.max(inner.depth, inner.introspectionDepth);
        add({ depth: 0, introspectionDepth, aliases: aliases + inner.aliases, fields: 1 + inner.fields }, 0);
      } else {
        add({ ...EMPTY_SHAPE, aliases, fields: 1 }, 1);
        add(inner, 1);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(shapeOf(selection.selectionSet, fragments, known), 0);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Validation already refuses fragment cycles; the placeholder keeps the walk finite regardless.
      if (!fragment) continue;
      let inner = known.get(name);
      if (!inner) {
        known.set(name, EMPTY_SHAPE);
        inner = shapeOf(fragment, fragments, known);
        known.set(name, inner);
      }
      add(inner, 0);
    }
  }
  return shape;
}
