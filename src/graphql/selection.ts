import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the field being resolved asks for a subfield called `name`, directly or through a
 * fragment (of any type condition; @skip and @include are not evaluated). For fetching ahead
 * only: a yes too many costs some SQL that was not needed, never a wrong answer, since the
 * subfield's own resolver still loads what was not fetched ahead.
 */
export function asksForSubfield(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const search = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet !== undefined &&
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      const fragment = selection.name.value;
      if (visited.has(fragment)) return false;
      visited.add(fragment);
      return search(info.fragments[fragment]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}
