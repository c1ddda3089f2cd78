// Whole answers of repeated queries, kept under the data version like the results they are made of
// (result-cache.ts): a dashboard asked again at the same version is answered without executing it.
// An answer is kept only when everything it read is kept under the version (no page of persons,
// no system over HTTP), it has no errors, it revealed no personal data (each reading of that is
// audited, so it runs every time) and nothing was masked for want of a stated reason. It is keyed
// by all that can change it besides the data: the caller (subject, kind, role, jurisdiction,
// scopes, operator), the stated reason, today's date, the document, the operation and variables.
// Kept answers are looked up twice: by the HTTP front before Apollo runs at all (`sendKept`, for
// a plain JSON POST of a staff caller: http/kept-answers.ts), and by this plugin inside Apollo's
// pipeline for every other query.
// A query whose last answer read what the version does not follow is not looked up at all (no key
// hashed, no version read for it) until one of its answers could be kept again: see `UnkeptQueries`.
import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import type { AccessReason } from "../auth/access-reason.js";
import type { Principal } from "../auth/principal.js";
import type { Context } from "../context.js";
import { sha256 } from "../http/operations.js";
import { deepFreeze } from "./frozen.js";
import { LruMap } from "./lru.js";
import type { ResultStore } from "./result-cache.js";

/** An answer as Apollo sends it: its `data`, never errors. */
type Answer = FormattedExecutionResult;

/** An answer kept in-process: the object (for Apollo's pipeline) and its body as sent (for the HTTP front). */
interface KeptAnswer {
  answer: Answer;
  body: string;
}

/** What an answer depends on besides the data: who asks, why, on what day, and what. */
export interface AnswerAsked {
  principal: Principal;
  reason: AccessReason;
  /** Today, as the gateway's clock gives it. */
  today: string;
  /** The document's text, the operation's name and the variables as the request states them. */
  source: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/** Lookups since start, for /metrics. */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  /** Queries not looked up: their last answer read what the version does not follow. */
  skipped: number;
  /** Of the hits, those the HTTP front answered before Apollo ran. */
  front: number;
}

export class ResponseCache {
  readonly stats: ResponseCacheStats = { hits: 0, misses: 0, skipped: 0, front: 0 };
  /** Queries whose answers are not kept now: neither looked up nor keyed. */
  readonly unkept = new UnkeptQueries(1_000);
  private readonly memory: LruMap<KeptAnswer> | null;
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

  /** The key of an answer under the data version. */
  keyOf(version: string, asked: AnswerAsked): string {
    return `${this.namespace}${version}:response:${answerKey(asked)}`;
  }

  /**
   * In-process, an answer is kept as the object Apollo serializes, frozen (a hit is then no
   * parsing, and nothing can change the kept copy), beside the body it is sent as; each hit gets
   * its own top level, where Apollo and the plugins may add extensions.
   */
  private async get(key: string): Promise<Answer | null> {
    if (this.memory) {
      const kept = this.memory.get(key);
      return kept ? { ...kept.answer } : null;
    }
    const [text] = await (this.store as ResultStore).get([key]);
    return text ? (JSON.parse(text) as Answer) : null;
  }

  /** An answer's body as Apollo sends it (its JSON and a newline), or null: for the HTTP front, which sends it as it is. */
  async body(key: string): Promise<string | null> {
    let body: string | null;
    if (this.memory) body = this.memory.get(key)?.body ?? null;
    else {
      const [text] = await (this.store as ResultStore).get([key]);
      body = text ? `${text}\n` : null;
    }
    // A miss is not counted here: the request goes on to Apollo, whose lookup counts it.
    if (body !== null) {
      this.stats.hits++;
      this.stats.front++;
    }
    return body;
  }

  private async set(key: string, answer: Answer): Promise<void> {
    const text = JSON.stringify(answer);
    if (this.memory) this.memory.set(key, { answer: deepFreeze(JSON.parse(text) as Answer), body: `${text}\n` }, 4 * text.length);
    else await (this.store as ResultStore).set([[key, text]]);
  }

  /** The Apollo plugin: answers a query from the cache before it executes, and keeps what may be kept after. */
  plugin(): ApolloServerPlugin<Context> {
    const { stats } = this;
    const get = (key: string) => this.get(key);
    const set = (key: string, answer: Answer) => this.set(key, answer);
    const keyOf = (version: string, asked: AnswerAsked) => this.keyOf(version, asked);
    const unkept = this.unkept;
    return {
      async requestDidStart() {
        // The answer's key once looked up and missed (it is kept under it if it may be); the query when it was not looked up.
        let key: string | null = null;
        let notLookedUp: { source: string; operationName: string | undefined } | null = null;
        return {
          async responseForOperation({ contextValue, operation, source, request }): Promise<GraphQLResponse | null> {
            const results = contextValue.results;
            if (!results || operation.operation !== "query") return null;
            if (unkept.has(source, request.operationName)) {
              stats.skipped++;
              notLookedUp = { source, operationName: request.operationName };
              return null;
            }
            const version = await results.versionOnce();
            const { principal, audit, clock } = contextValue;
            key = keyOf(version, { principal, reason: audit.reason, today: clock(), source, operationName: request.operationName, variables: request.variables });
            // Looked up already by the HTTP front, and missing: one lookup a request.
            const answer = results.answerMissed === key ? null : await get(key);
            if (answer === null) {
              stats.misses++;
              return null;
            }
            stats.hits++;
            key = null;
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: answer } };
          },
          async willSendResponse({ contextValue, request, source, response }) {
            if (response.body.kind !== "single") return;
            const { results, audit } = contextValue;
            if (!results) return;
            if (notLookedUp) {
              // This time it read only what the version follows (another variable, an @include): the next one is looked up and kept.
              if (results.onlyVersionedReads) unkept.forget(notLookedUp.source, notLookedUp.operationName);
              return;
            }
            if (key === null || source === undefined) return;
            if (!results.onlyVersionedReads) return unkept.note(source, request.operationName);
            unkept.forget(source, request.operationName);
            const result = response.body.singleResult;
            if (result.errors !== undefined || audit.size > 0 || audit.maskedForMissingReason) return;
            // The data only: extensions are the request's own (a vendor's cost and budget left).
            await set(key, { data: result.data });
          },
        };
      },
    };
  }
}

/**
 * Queries (document text and operation name) whose last answers read what the version does not
 * follow: a page of persons, a system over HTTP. Their answers are never kept, so looking them up
 * is wasted work (hashing the caller, the variables and the document, reading the version first).
 * A query is not looked up once `UNKEPT_AFTER` of its executed answers have read such data
 * since one read only what the version follows (one is not enough: a dashboard's first answer
 * reads the ports for what the result cache does not hold yet); it is looked up again as soon as
 * one of its answers reads only what the version follows (a kept answer sent is not executed,
 * and counts for neither). Skipping a lookup can only cost a hit, never serve an answer. The most recent
 * `capacity` queries are held.
 */
export class UnkeptQueries {
  /** Per query, its answers in a row that read what the version does not follow. */
  private readonly queries: LruMap<number>;
  constructor(capacity: number) {
    this.queries = new LruMap(capacity);
  }

  has(source: string, operationName: string | null | undefined): boolean {
    return (this.queries.get(queryOf(source, operationName)) ?? 0) >= UNKEPT_AFTER;
  }

  note(source: string, operationName: string | null | undefined): void {
    const query = queryOf(source, operationName);
    this.queries.set(query, (this.queries.get(query) ?? 0) + 1);
  }

  forget(source: string, operationName: string | null | undefined): void {
    this.queries.delete(queryOf(source, operationName));
  }
}

const UNKEPT_AFTER = 2;
const queryOf = (source: string, operationName: string | null | undefined) => `${operationName ?? ""}\n${source}`;


/** Everything besides the data an answer depends on, hashed. */
function answerKey({ principal, reason, today, source, operationName, variables }: AnswerAsked): string {
  return sha256(
    JSON.stringify([
      principal.kind,
      principal.subject,
      principal.role,
      principal.jurisdiction,
      [...principal.scopes].sort(),
      principal.operator,
      reason,
      today,
      operationName ?? null,
      variables ?? null,
      source,
    ]),
  );
}
