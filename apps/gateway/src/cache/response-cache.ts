// Whole answers of repeated queries, kept under the data version like the results they are made of
// (result-cache.ts): a dashboard asked again at the same version is answered without executing it.
// An answer is kept only when everything it read is kept under the version (no page of persons,
// no system over HTTP), it has no errors, it revealed no personal data (each reading of that is
// audited, so it runs every time) and nothing was masked for want of a stated reason. It is keyed
// by all that can change it besides the data: the caller (subject, kind, role, jurisdiction,
// scopes, operator), the stated reason, today's date, the document, the operation and variables.
import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import type { Context } from "../context.js";
import { sha256 } from "../http/operations.js";
import { LruMap } from "./lru.js";
import type { ResultStore } from "./result-cache.js";

/** An answer as Apollo sends it: its `data`, never errors. */
type Answer = FormattedExecutionResult;

/** Lookups since start, for /metrics. */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
}

export class ResponseCache {
  readonly stats: ResponseCacheStats = { hits: 0, misses: 0 };
  private readonly memory: LruMap<Answer> | null;
  constructor(
    /** Redis (shared with the results, as JSON text), or the bytes the in-process answers may take. */
    private readonly store: ResultStore | number,
    /** Prefixes every key: the deployment's Redis prefix and whatever configuration changes answers. */
    private readonly namespace: string,
  ) {
    this.memory = typeof store === "number" ? new LruMap(store) : null;
  }

  get kind(): ResultStore["kind"] {
    return typeof this.store === "number" ? "memory" : this.store.kind;
  }

  /** Empties the in-process answers; in Redis they are the result store's, closed with it. */
  close(): Promise<void> {
    this.memory?.clear();
    return Promise.resolve();
  }

  /**
   * In-process, an answer is kept as the object Apollo serializes, frozen (a hit is then no
   * parsing, and nothing can change the kept copy); each hit gets its own top level, where Apollo
   * and the plugins may add extensions.
   */
  private async get(key: string): Promise<Answer | null> {
    if (this.memory) {
      const answer = this.memory.get(key);
      return answer ? { ...answer } : null;
    }
    const [text] = await (this.store as ResultStore).get([key]);
    return text ? (JSON.parse(text) as Answer) : null;
  }

  private async set(key: string, answer: Answer): Promise<void> {
    const text = JSON.stringify(answer);
    if (this.memory) this.memory.set(key, deepFreeze(JSON.parse(text) as Answer), 2 * text.length);
    else await (this.store as ResultStore).set([[key, text]]);
  }

  /** The Apollo plugin: answers a query from the cache before it executes, and keeps what may be kept after. */
  plugin(): ApolloServerPlugin<Context> {
    const { stats, namespace } = this;
    const get = (key: string) => this.get(key);
    const set = (key: string, answer: Answer) => this.set(key, answer);
    return {
      async requestDidStart() {
        let key: string | null = null;
        return {
          async responseForOperation({ contextValue, operation, source, request }): Promise<GraphQLResponse | null> {
            const results = contextValue.results;
            if (!results || operation.operation !== "query") return null;
            const version = await results.versionOnce();
            key = `${namespace}${version}:response:${answerKey(contextValue, source, request.operationName, request.variables)}`;
            const answer = await get(key);
            if (answer === null) {
              stats.misses++;
              return null;
            }
            stats.hits++;
            key = null;
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: answer } };
          },
          async willSendResponse({ contextValue, response }) {
            if (key === null || response.body.kind !== "single") return;
            const result = response.body.singleResult;
            const { results, audit } = contextValue;
            if (result.errors !== undefined || !results?.onlyVersionedReads || audit.size > 0 || audit.maskedForMissingReason) return;
            // The data only: extensions are the request's own (a vendor's cost and budget left).
            await set(key, { data: result.data });
          },
        };
      },
    };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Everything besides the data an answer depends on, hashed. */
function answerKey(context: Context, source: string, operationName: string | undefined, variables: Record<string, unknown> | undefined): string {
  const { principal, audit } = context;
  return sha256(
    JSON.stringify([
      principal.kind,
      principal.subject,
      principal.role,
      principal.jurisdiction,
      [...principal.scopes].sort(),
      principal.operator,
      audit.reason,
      context.clock(),
      operationName ?? null,
      variables ?? null,
      source,
    ]),
  );
}
