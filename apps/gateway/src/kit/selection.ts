// What a field's selection asks for, read from the query itself: lets a resolver skip reading
// what no field below it will show (a connection's page when only its count is asked for, the
// targets of indicator values shown without them).
import { Kind, type GraphQLResolveInfo, type SelectionNode } from "graphql";

/** Whether the field's selection (through fragments) names any of these fields; when it cannot tell, yes. */
export function selectsAny(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet.selections);
      const fragment = info.fragments[selection.name.value];
      return fragment ? visit(fragment.selectionSet.selections) : true;
    });
  return info.fieldNodes.some((node) => !node.selectionSet || visit(node.selectionSet.selections));
}
