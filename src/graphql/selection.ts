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
  return propertiesReadBy(nodeFields, nodeType);
}

/**
 * What the field being resolved asks of the objects it returns (one, or a list), as the row
 * properties those fields read (see rowPropertiesAskedOfNodes), for a relation to load only
 * these columns. Worked out once per field of a document: a relation field of a list is
 * resolved once per item.
 */
export function rowPropertiesAsked(info: GraphQLResolveInfo): readonly string[] {
  // A field merged from several places of the query (fragments) is not cached: its nodes
  // together, not its first, say what is asked.
  const [fieldNode] = info.fieldNodes;
  const cacheable = info.fieldNodes.length === 1;
  const type = getNamedType(info.returnType) as GraphQLObjectType;
  const known = cacheable ? propertiesAskedByFieldNode.get(fieldNode!) : undefined;
  // A field of an interface's fragment may return another type in each implementation.
  if (known?.type === type) return known.properties;
  const properties = propertiesReadBy(fieldsUnder(info.fieldNodes, info.fragments), type);
  if (cacheable) propertiesAskedByFieldNode.set(fieldNode!, { type, properties });
  return properties;
}

// Field nodes belong to one parsed document, which Apollo keeps and hands every request with
// the same text: the cache lives as long as the document does.
const propertiesAskedByFieldNode = new WeakMap<FieldNode, { type: GraphQLObjectType; properties: string[] }>();

function propertiesReadBy(fields: FieldNode[], type: GraphQLObjectType): string[] {
  const properties = new Set<string>();
  for (const { name } of fields) {
    if (name.value === "__typename") continue;
    const reads = type.getFields()[name.value]?.extensions.reads as string[] | undefined;
    for (const property of reads ?? [name.value]) properties.add(property);
  }
  return [...properties];
}

/**
 * The columns to select of `all` (a drizzle selection, by row property): those `asked` (see
 * rowPropertiesAsked) and those `needed` besides (ids, keys, sort keys); all of them if
 * anything asked is not one. The rows keep their full type: the properties left out are those
 * nothing reads.
 */
export function columnsFor<Columns extends Record<string, unknown>>(
  all: Columns,
  asked: readonly string[],
  needed: readonly string[],
): Columns {
  if (!asked.every((name) => Object.hasOwn(all, name))) return all;
  const selected = new Set([...needed, ...asked]);
  return Object.fromEntries(Object.entries(all).filter(([name]) => selected.has(name))) as Columns;
}
