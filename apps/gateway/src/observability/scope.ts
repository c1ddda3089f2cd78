// What the observability layer knows about the request being served. It is handed along
// explicitly (the GraphQL context carries it; the request's ports report their calls to it):
// an AsyncLocalStorage would put a hook on every promise of every request.
import type { Span } from "@opentelemetry/api";

export interface RequestScope {
  id: string;
  startedAt: number;
  operationName: string | null;
  operationType: string | null;
  principal: { subject: string; kind: string } | null;
  /** Error codes of the formatted errors (also those of a request that failed before execution). */
  formattedCodes: string[];
  /** The errors of the response as sent (the plugins' additions included), when Apollo ran it. */
  responseErrors: (() => readonly { extensions?: Record<string, unknown> }[] | undefined) | null;
  upstreamCalls: number;
  upstreamErrors: number;
  /** Time spent waiting for an execution slot (admission control), once admitted or shed. */
  queuedMs: number | null;
  /** Why the request was refused by admission control (503 OVERLOADED), if it was. */
  shed: "queue_full" | "queue_timeout" | null;
  /** The span of the GraphQL operation, renamed once the operation is known. */
  graphqlSpan: Span | null;
  /** Every upstream call of the request shares this deadline, from its arrival. */
  deadline: AbortSignal;
}

/** The error codes of the request's response, in order. */
export function errorCodesOf(scope: RequestScope): string[] {
  const errors = scope.responseErrors?.();
  if (!errors) return scope.formattedCodes;
  return errors.map((error) => (typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR"));
}

/** Counts one of the request's upstream calls (the request's ports report each). */
export function recordUpstreamCall(scope: RequestScope, call: { error: string | null }): void {
  scope.upstreamCalls++;
  if (call.error) scope.upstreamErrors++;
}
