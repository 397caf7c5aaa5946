import { GraphQLObjectType, type GraphQLSchema } from "graphql";
import { Field, ID, InterfaceType } from "type-graphql";
import { toGlobalId } from "../lib/global-id";

/** Marks a row with its GraphQL type, for `node(id:)`, which can return any type. */
export const NODE_TYPE = Symbol("nodeType");

@InterfaceType({
  description: "An object with an opaque, globally unique id, fetchable with node(id:).",
  resolveType: (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

/**
 * Rows carry their numeric primary key; clients see a global id. Instead of an `id` field
 * resolver in every feature, each type that implements Node gets one here, after the
 * schema is built.
 */
export function resolveGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === "Node")) continue;
    const typeName = type.name;
    type.getFields().id!.resolve = (row: { id: number }) => toGlobalId(typeName, row.id);
  }
  return schema;
}
