// Query bounds that the complexity plugin does not cover: aliases (a cheap way to multiply work).
import { GraphQLError, type ValidationRule } from "graphql";

export function maxAliasesRule(limit: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === limit + 1) {
          context.reportError(
            new GraphQLError(`the query uses more than ${limit} aliases`, { nodes: [node], extensions: { code: "QUERY_TOO_COMPLEX", kind: "aliases" } }),
          );
        }
      },
    };
  };
}
