import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import type { ComplexityEstimator } from "graphql-query-complexity";
import { ArgsType, Field, Int } from "type-graphql";
import { Max, Min } from "class-validator";
import { MAX_PAGE_SIZE } from "../lib/pagination";
import { badUserInput } from "./errors";

/**
 * What fields cost, declared next to them with type-graphql's `complexity` option and read by
 * operationCost (limits.ts) before anything runs. A point is about one object loaded and
 * resolved: an object costs 1 plus its fields, a leaf nothing, a connection its page. Every
 * list of objects states how many items it can return, as one of:
 * - `pagedList`: the list takes `first`/`last` (ListPageArgs) and returns at most that page;
 * - `atMost(n)`: the list never holds more than n items, for a reason said where it is used;
 *   enforceStatedMaxima makes sure it never returns more.
 * A field whose work is not its items (the funding summary's statement) declares its own.
 */

/** A list of at most `rows` items, priced as that many. Say where it is used what bounds it. */
export function atMost(rows: number): ComplexityEstimator & { maxRows: number } {
  return Object.assign(({ childComplexity }: { childComplexity: number }) => 1 + rows * Math.max(childComplexity, 1), { maxRows: rows });
}

/** A list paged by ListPageArgs: priced by the page asked, a full page when neither first nor last is given. */
export const pagedList: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + (args.first ?? args.last ?? MAX_PAGE_SIZE) * Math.max(childComplexity, 1);

/** The arguments of every list that is not a connection (a measure's statusHistory, partnerships...), described once here. */
@ArgsType()
export class ListPageArgs {
  @Field(() => Int, { nullable: true, description: `Only the first n items, from 0 to ${MAX_PAGE_SIZE}; the first ${MAX_PAGE_SIZE} when neither first nor last is given. Not with last.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => Int, { nullable: true, description: `Only the last n items, from 0 to ${MAX_PAGE_SIZE}, in the list's order. Not with first.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;
}

/**
 * The page of a list that ListPageArgs ask for: the first `first`, the last `last`, or the first
 * MAX_PAGE_SIZE (first and last together are refused like a connection's).
 */
export function pageOfList<Item>(items: readonly Item[], { first, last }: ListPageArgs): Item[] {
  if (first != null && last != null) throw badUserInput("Pass either first or last, not both");
  if (last != null) return items.slice(Math.max(0, items.length - last));
  return items.slice(0, first ?? MAX_PAGE_SIZE);
}

/**
 * A list priced by `atMost(n)` that returns more than n items has a wrong price: the field fails
 * (an internal error, logged) rather than do unpriced work. Wraps those fields' resolvers once,
 * after the schema is built.
 */
export function enforceStatedMaxima(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const maxRows = (field.extensions.complexity as { maxRows?: number } | undefined)?.maxRows;
      if (maxRows !== undefined) field.resolve = withinMaximum(field.resolve ?? defaultFieldResolver, `${type.name}.${field.name}`, maxRows);
    }
  }
  return schema;
}

function withinMaximum(resolve: GraphQLFieldResolver<unknown, unknown>, name: string, maxRows: number): GraphQLFieldResolver<unknown, unknown> {
  const check = (items: unknown) => {
    if (Array.isArray(items) && items.length > maxRows) throw new Error(`${name} has ${items.length} items, over its stated maximum of ${maxRows}`);
    return items;
  };
  return (source, args, context, info) => {
    const items = resolve(source, args, context, info);
    return items instanceof Promise ? items.then(check) : check(items);
  };
}
