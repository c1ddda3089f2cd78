// The HTTP front's lookup of kept answers (cache/response-cache.ts). A repeated query is answered
// with the kept body before Apollo runs at all: no document parsed, no plugin, no context built;
// what is left is the token (verified once and remembered), the version read that every request
// makes, one hash and one lookup. Answered here is only what Apollo would answer the same way:
//   - a POST whose body is JSON (a content type no page of another origin can send without a
//     preflight, as Apollo's CSRF prevention asks), with the query as a string and no extensions;
//   - an `accept` the plain JSON answer satisfies;
//   - not a mutation (never kept);
//   - a caller who is not a vendor: each vendor request is metered (its cost charged and reported
//     in its extensions) and held to the registered operations, in Apollo's pipeline.
// Anything else, and every miss, goes on to Apollo, where the plugin looks the answer up again.
import type { Clock } from "@popfam/domain";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseAccessReason } from "../auth/access-reason.js";
import type { Principal } from "../auth/principal.js";
import type { RequestResultCache } from "../cache/result-cache.js";
import type { AnswerAsked, ResponseCache } from "../cache/response-cache.js";
import { operationNameOf } from "./body.js";

export interface KeptAnswersOptions {
  responses: ResponseCache;
  clock: Clock;
  purposes: readonly string[];
  /** Names the request's operation for its log line, metrics and span, as Apollo's pipeline would. */
  answered(request: IncomingMessage, operationName: string | null, principal: Principal): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** What a request asks, when the HTTP front may answer it from the kept answers; null when Apollo must. */
function askedOf(request: IncomingMessage, body: unknown, principal: Principal, options: Pick<KeptAnswersOptions, "clock" | "purposes">): AnswerAsked | null {
  if (request.method !== "POST" || principal.kind === "vendor") return null;
  if (!/^application\/json\s*(;|$)/i.test(request.headers["content-type"] ?? "")) return null;
  const accept = request.headers.accept;
  if (accept !== undefined && (/graphql-response|multipart/i.test(accept) || !/application\/json|\*\/\*/i.test(accept))) return null;
  if (!isRecord(body) || typeof body.query !== "string" || "extensions" in body) return null;
  // A mutation is never kept: one that names itself so goes to Apollo without a lookup.
  if (body.query.includes("mutation")) return null;
  const { operationName, variables } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  return {
    principal,
    reason: parseAccessReason(request.headers["x-access-reason"], options.purposes),
    today: options.clock(),
    source: body.query,
    operationName: typeof operationName === "string" ? operationName : undefined,
    variables: isRecord(variables) ? variables : undefined,
  };
}

/** Sends the kept answer of the request and says so; false when there is none (or the version cannot be read: Apollo answers that). */
export async function sendKeptAnswer(
  options: KeptAnswersOptions,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  principal: Principal,
  results: RequestResultCache,
): Promise<boolean> {
  const asked = askedOf(request, body, principal, options);
  if (!asked || options.responses.unkept.has(asked.source, asked.operationName)) return false;
  let key: string, kept: string | null;
  try {
    key = options.responses.keyOf(await results.versionOnce(), asked);
    kept = await options.responses.body(key);
  } catch {
    return false;
  }
  if (kept === null) {
    results.answerMissed = key;
    return false;
  }
  options.answered(request, operationNameOf(body), principal);
  response.statusCode = 200;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(kept);
  return true;
}
