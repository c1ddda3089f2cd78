// What the observability layer knows about the request being served, reachable from anywhere in
// its async context (resolvers, loaders, port calls) without threading it through the context.
import type { Span } from "@opentelemetry/api";
import { AsyncLocalStorage } from "node:async_hooks";

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
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The error codes of the request's response, in order. */
export function errorCodesOf(scope: RequestScope): string[] {
  const errors = scope.responseErrors?.();
  if (!errors) return scope.formattedCodes;
  return errors.map((error) => (typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR"));
}
