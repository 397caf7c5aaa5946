import {
  getNamedType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from "graphql";
import { Extensions } from "type-graphql";

// Looking ahead at what a query asks for, to fetch it in fewer statements or fewer columns.
// Fragments count whatever their type condition, and @skip/@include are not evaluated: a yes
// too many costs some SQL that was not needed, never a wrong answer.

/** The fields asked for one level down from `parents`, through fragments. */
function fieldsUnder(parents: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const fields: FieldNode[] = [];
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        collect(fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const parent of parents) collect(parent.selectionSet);
  return fields;
}

/**
 * Whether the field being resolved asks for a subfield called `name`. The subfield's own
 * resolver still loads what was not fetched ahead.
 */
export function asksForSubfield(info: GraphQLResolveInfo, name: string): boolean {
  return fieldsUnder(info.fieldNodes, info.fragments).some((field) => field.name.value === name);
}

/**
 * Says which properties of its row a resolver field reads (a field without a resolver reads
 * the property of its own name), so that a list can fetch only the columns its query needs
 * (see rowPropertiesAskedOfNodes). E.g. `@Reads("instrumentId")` on a project's instrument.
 */
export const Reads = (...properties: string[]) => Extensions({ reads: properties });

/**
 * What a connection's query asks of its nodes (under `nodes` and `edges { node }`), as the
 * row properties those fields read: a field's `Reads`, or else its own name. A list then
 * selects only these columns, and every column if one of them is not a column of its rows.
 */
export function rowPropertiesAskedOfNodes(info: GraphQLResolveInfo): string[] {
  const connection = getNamedType(info.returnType) as GraphQLObjectType;
  const nodeType = getNamedType(connection.getFields().nodes!.type) as GraphQLObjectType;
  const asked = fieldsUnder(info.fieldNodes, info.fragments);
  const named = (fields: FieldNode[], name: string) => fields.filter((field) => field.name.value === name);
  const nodeFields = [
    ...fieldsUnder(named(asked, "nodes"), info.fragments),
    ...fieldsUnder(named(fieldsUnder(named(asked, "edges"), info.fragments), "node"), info.fragments),
  ];
  const properties = new Set<string>();
  for (const { name } of nodeFields) {
    if (name.value === "__typename") continue;
    const reads = nodeType.getFields()[name.value]?.extensions.reads as string[] | undefined;
    for (const property of reads ?? [name.value]) properties.add(property);
  }
  return [...properties];
}
