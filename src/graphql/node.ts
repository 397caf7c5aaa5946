import { GraphQLInterfaceType, GraphQLObjectType, type GraphQLSchema } from "graphql";
import { Field, ID, InterfaceType } from "type-graphql";
import { toGlobalId } from "../lib/global-id";

/**
 * The GraphQL type of each row `node(id:)` returns, as it can return any type. Kept beside the
 * rows rather than on a copy of each: a row belongs to one table, so to one type.
 */
const nodeTypes = new WeakMap<object, string>();

/** The row, marked as a `typeName` for Node's type resolution. */
export function asNode<Row extends object>(row: Row, typeName: string): Row {
  nodeTypes.set(row, typeName);
  return row;
}

/** What every `id` field says, on Node and on a type that cannot extend it (it extends another class). */
export const GLOBAL_ID_DESCRIPTION =
  "Opaque global id, unique across all types and stable over time: pass it to node(id:) or to a mutation's ...Id input. Do not build or parse one.";

@InterfaceType({ description: "An object with an opaque, globally unique id, fetchable with node(id:)." })
export abstract class Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION })
  id!: string;
}

/**
 * Rows carry their numeric primary key; clients see a global id. Instead of an `id` field
 * resolver in every feature, each type that implements Node gets one here, after the
 * schema is built. Node's type is the row's mark (asNode), given synchronously: type-graphql would
 * wrap a `resolveType` in an async function, which graphql-jit (src/graphql/execution.ts)
 * cannot await.
 */
export function resolveGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  (schema.getType("Node") as GraphQLInterfaceType).resolveType = (value: object) => nodeTypes.get(value);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === "Node")) continue;
    const typeName = type.name;
    type.getFields().id!.resolve = (row: { id: number }) => toGlobalId(typeName, row.id);
  }
  return schema;
}
