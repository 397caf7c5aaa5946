import { GraphQLInterfaceType, GraphQLObjectType, type GraphQLSchema } from "graphql";
import { Field, ID, InterfaceType } from "type-graphql";
import { toGlobalId } from "../lib/global-id";

/** Marks a row with its GraphQL type, for `node(id:)`, which can return any type. */
export const NODE_TYPE = Symbol("nodeType");

@InterfaceType({ description: "An object with an opaque, globally unique id, fetchable with node(id:)." })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

/**
 * Rows carry their numeric primary key; clients see a global id. Instead of an `id` field
 * resolver in every feature, each type that implements Node gets one here, after the
 * schema is built. Node's type is the row's mark, given synchronously: type-graphql would
 * wrap a `resolveType` in an async function, which graphql-jit (src/graphql/execution.ts)
 * cannot await.
 */
export function resolveGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  (schema.getType("Node") as GraphQLInterfaceType).resolveType = (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === "Node")) continue;
    const typeName = type.name;
    type.getFields().id!.resolve = (row: { id: number }) => toGlobalId(typeName, row.id);
  }
  return schema;
}
