// The query-cost bound (MAX_QUERY_COMPLEXITY) and the breadth bound, checked with the other query
// bounds before anything runs. An operation's cost (the weights its fields declare,
// modules/cost.ts; a connection's nodes times its page size) depends on the operation and its
// variables alone, so it is weighed once for each pair and remembered beside Apollo's parsed
// document: a dashboard asked all day is weighed once, not at every request. The same cost is
// what a vendor's request is charged (quota.ts).
import type { ApolloServerPlugin } from "@apollo/server";
import { complexityFromQuery } from "@pothos/plugin-complexity";
import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { LruMap } from "../cache/lru.js";
import type { GatewayConfig } from "../env.js";
import { gatewayError } from "../errors.js";

/** The fields one level of a query may select at most (aliases are bounded apart, MAX_ALIASES). */
const MAX_BREADTH = 500;
/** Variable sets remembered per operation (a dashboard asked for each of its regions and periods). */
const COSTS_PER_OPERATION = 256;

export interface QueryCost {
  complexity: number;
  depth: number;
  breadth: number;
}

/** A cost over a bound: which bound, and its value. */
export interface OverBound {
  kind: "complexity" | "depth" | "breadth";
  limit: number;
}

export class QueryCosts {
  private readonly byOperation = new WeakMap<OperationDefinitionNode, LruMap<QueryCost>>();
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: GatewayConfig["limits"],
  ) {}

  /** The operation's cost with these variables; null when they do not fit its variables (the executor refuses the request). */
  of(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): QueryCost | null {
    let costs = this.byOperation.get(operation);
    if (!costs) this.byOperation.set(operation, (costs = new LruMap(COSTS_PER_OPERATION)));
    const key = variables ? JSON.stringify(variables) : "";
    const known = costs.get(key);
    if (known) return known;
    let cost: QueryCost;
    try {
      const alone: DocumentNode = { ...document, definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION) };
      const { complexity, depth, breadth } = complexityFromQuery(alone, { schema: this.schema, ctx: {}, variables: variables ?? {} });
      cost = { complexity, depth, breadth };
    } catch {
      return null;
    }
    costs.set(key, cost);
    return cost;
  }

  /** The first bound a cost is over, or null. */
  overBound(cost: QueryCost): OverBound | null {
    if (cost.depth > this.limits.depth) return { kind: "depth", limit: this.limits.depth };
    if (cost.breadth > MAX_BREADTH) return { kind: "breadth", limit: MAX_BREADTH };
    if (cost.complexity > this.limits.complexity) return { kind: "complexity", limit: this.limits.complexity };
    return null;
  }
}

/** Refuses an operation over a bound before anything runs: 400, QUERY_TOO_COMPLEX naming the bound and its limit. */
export function queryCostPlugin(costs: QueryCosts): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const cost = costs.of(document, operation, request.variables);
          const over = cost && costs.overBound(cost);
          if (!cost || !over) return;
          throw gatewayError("QUERY_TOO_COMPLEX", `the query's ${over.kind} is ${cost[over.kind]}, above the limit of ${over.limit}`, {
            kind: over.kind,
            limit: over.limit,
            ...cost,
            http: { status: 400 },
          });
        },
      };
    },
  };
}
