// Query bounds checked before anything runs, beside the cost bound (query-cost.ts): tokens
// (graphql-js's own parser limit, so a huge document is not even parsed), aliases, directives and
// depth (graphql-armor's validation rules). Every refusal carries the code clients know for a
// query bound, QUERY_TOO_COMPLEX, with `kind` naming the bound and `limit` its value.
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";
import type { GatewayConfig } from "../env.js";

type Bound = "aliases" | "depth" | "directives" | "tokens";

const report = (kind: Bound, limit: number) => (context: ValidationContext | null, error: GraphQLError) => {
  context?.reportError(
    new GraphQLError(`the query is over a bound: ${error.message.replace(/^Syntax Error: /, "")}`, {
      extensions: { code: "QUERY_TOO_COMPLEX", kind, limit },
    }),
  );
};

/** The validation rules of the bounds (query-cost.ts checks depth again, with the cost). */
export function limitRules(limits: GatewayConfig["limits"]): ValidationRule[] {
  const options = (kind: Bound, n: number) => ({ n, exposeLimits: true, propagateOnRejection: false, onReject: [report(kind, n)], onAccept: [] });
  return [
    maxAliasesRule(options("aliases", limits.aliases)) as unknown as ValidationRule,
    maxDirectivesRule(options("directives", limits.directives)) as unknown as ValidationRule,
    // Fragments add no depth of their own: the depth is the nesting of fields, as the cost's weighing counts it.
    maxDepthRule({ ...options("depth", limits.depth), flattenFragments: true }) as unknown as ValidationRule,
  ];
}

/** graphql-js stops parsing a document past this many tokens (Apollo Server's parseOptions). */
export const parseOptions = (limits: GatewayConfig["limits"]) => ({ maxTokens: limits.tokens });

/**
 * Apollo labels bound refusals GRAPHQL_VALIDATION_FAILED (or, for the token limit, a parse
 * failure); they keep QUERY_TOO_COMPLEX, the code of every query bound.
 */
export function asBoundError(formatted: GraphQLFormattedError, limits: GatewayConfig["limits"]): GraphQLFormattedError | null {
  const kind = formatted.extensions?.kind;
  if (kind === "aliases" || kind === "depth" || kind === "directives") {
    return { ...formatted, extensions: { ...formatted.extensions, code: "QUERY_TOO_COMPLEX" } };
  }
  if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && /Document contains more (?:than|that) \d+ tokens/.test(formatted.message)) {
    return {
      message: `the query is over a bound: it has more than ${limits.tokens} tokens`,
      extensions: { code: "QUERY_TOO_COMPLEX", kind: "tokens", limit: limits.tokens },
    };
  }
  return null;
}
