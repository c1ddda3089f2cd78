// Logs, metrics and traces of the gateway, wired in by server.ts at three points: around each
// HTTP request (observe), around Apollo's options (apollo), and at GET /metrics (serveMetrics).
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import type { ExecutionStats } from "../execution/compiled.js";
import type { Database } from "@popfam/db";
import type { ResultCache } from "../cache/result-cache.js";
import { maskPersonalDataInText } from "@popfam/domain";
import { UpstreamError, type PortCallCounter, type Sources } from "@popfam/sources";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { randomUUID } from "node:crypto";
import type { GraphQLFormattedError } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "../context.js";
import type { GatewayConfig } from "../env.js";
import { silentLogger, type Logger } from "./logger.js";
import { GatewayMetrics } from "./metrics.js";
import { errorCodesOf, type RequestScope } from "./scope.js";
import { startTracing, tracer } from "./tracing.js";

export { batchedDestination, createLogger, lineLogger, silentLogger, type Logger } from "./logger.js";
export { recordUpstreamCall, type RequestScope } from "./scope.js";

export interface Observability {
  logger: Logger;
  metrics: GatewayMetrics;
  /** Runs one HTTP request's handling inside its span, with its scope and upstream deadline; logs and measures it when it ends. */
  observe(request: IncomingMessage, response: ServerResponse, handle: () => Promise<void>): Promise<void>;
  /** The scope of a request being observed. */
  scopeOf(request: IncomingMessage): RequestScope;
  /** A query answered by the HTTP front from the kept answers, without Apollo: its operation and principal, as Apollo's pipeline would name them. */
  answeredFromKept(request: IncomingMessage, operationName: string | null, principal: { subject: string; kind: string }): void;
  /** The error codes of an answer Apollo gave without running the request's plugins (a bad request, a refused token). */
  answeredWithoutPlugins(request: IncomingMessage, body: string): void;
  /** Apollo's options with Apollo's reporting disabled, the operation observed and upstream errors logged. */
  apollo<O extends ApolloServerOptions<Context>>(options: O): O;
  serveMetrics(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** A request's wait for an execution slot, and why it was shed if it was (metrics and its log line). */
  admission(request: IncomingMessage, waitedMs: number, shed: "queue_full" | "queue_timeout" | null): void;
  close(): Promise<void>;
}

/** An incoming X-Request-Id is kept when it is short and plain; anything else gets a fresh id. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createObservability(options: {
  config: GatewayConfig;
  db: Database;
  sources: Sources;
  portCalls: PortCallCounter;
  logger?: Logger;
  results?: ResultCache | null;
  /** The compiled executor's counts; null when operations run interpreted. */
  execution?: ExecutionStats | null;
}): Observability {
  const { config } = options;
  const logger = options.logger ?? silentLogger();
  const metrics = new GatewayMetrics(options.sources, options.db, options.results ?? null, options.execution ?? null);
  const tracing = startTracing(config.observability.tracing);

  options.portCalls.onCall((call) => metrics.upstreamCall(call));
  const scopes = new WeakMap<IncomingMessage, RequestScope>();

  function finish(scope: RequestScope, request: IncomingMessage, response: ServerResponse, path: string, aborted: boolean) {
    const status = response.statusCode;
    const durationMs = Math.round((performance.now() - scope.startedAt) * 10) / 10;
    if (path !== "/graphql") {
      logger.debug({ requestId: scope.id, method: request.method, path, status, durationMs }, "http request");
      return;
    }
    const errorCodes = errorCodesOf(scope);
    metrics.request(scope.operationName, scope.operationType, status, durationMs / 1000, errorCodes);
    const line = {
      requestId: scope.id,
      method: request.method,
      path,
      operationName: scope.operationName,
      operationType: scope.operationType,
      status,
      durationMs,
      principal: scope.principal,
      errorCodes: [...new Set(errorCodes)],
      upstreamCalls: scope.upstreamCalls,
      upstreamErrors: scope.upstreamErrors,
      ...(scope.queuedMs !== null && scope.queuedMs >= 1 ? { queuedMs: Math.round(scope.queuedMs) } : {}),
      ...(scope.shed ? { shed: scope.shed } : {}),
      ...(aborted ? { aborted: true } : {}),
      ...(trace.getSpan(context.active())?.isRecording() ? { traceId: trace.getSpan(context.active())!.spanContext().traceId } : {}),
    };
    // A shed request is the gateway protecting itself, not a fault: a warning, not an error.
    if (scope.shed) logger.warn(line, "graphql request");
    else if (status >= 500) logger.error(line, "graphql request");
    else logger.info(line, "graphql request");
  }

  return {
    logger,
    metrics,

    observe(request, response, handle) {
      const path = (request.url ?? "/").split("?")[0]!;
      const incoming = request.headers["x-request-id"];
      // Every upstream call of this request shares one deadline, from its arrival; made when the
      // request first calls a system (an answer sent from the kept answers calls none).
      let deadline: AbortController | null = null;
      let timer: NodeJS.Timeout | undefined;
      const scope: RequestScope = {
        id: typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID(),
        startedAt: performance.now(),
        operationName: null,
        operationType: null,
        principal: null,
        formattedCodes: [],
        responseErrors: null,
        upstreamCalls: 0,
        upstreamErrors: 0,
        queuedMs: null,
        shed: null,
        graphqlSpan: null,
        get deadline() {
          if (!deadline) {
            const controller = (deadline = new AbortController());
            timer = setTimeout(() => controller.abort(), Math.max(0, config.requestDeadlineMs - (performance.now() - scope.startedAt)));
          }
          return deadline.signal;
        },
      };
      response.setHeader("x-request-id", scope.id);
      // A caller's own trace continues here (its traceparent), or a new one starts.
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer().startSpan(`${request.method ?? "GET"} ${path === "/graphql" ? path : "other"}`, {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": request.method ?? "GET", "url.path": path, "http.request.id": scope.id },
      }, parent);
      let active = trace.setSpan(parent, span);
      if (path === "/graphql") {
        scope.graphqlSpan = tracer().startSpan("graphql", { attributes: { "graphql.document.present": true } }, active);
        active = trace.setSpan(active, scope.graphqlSpan);
      }
      scopes.set(request, scope);
      let done = false;
      const end = (aborted: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const codes = errorCodesOf(scope);
        for (const s of [scope.graphqlSpan, span]) {
          if (!s) continue;
          if (response.statusCode >= 500 || aborted) s.setStatus({ code: SpanStatusCode.ERROR });
          if (codes.length > 0) s.setAttribute("graphql.error.codes", [...new Set(codes)]);
        }
        span.setAttribute("http.response.status_code", response.statusCode);
        context.with(active, () => finish(scope, request, response, path, aborted));
        scope.graphqlSpan?.end();
        span.end();
      };
      response.once("finish", () => end(false));
      response.once("close", () => end(!response.writableFinished));
      return context.with(active, handle);
    },

    scopeOf(request) {
      const scope = scopes.get(request);
      if (!scope) throw new Error("scopeOf: the request is not being observed");
      return scope;
    },

    answeredFromKept(request, operationName, principal) {
      const scope = scopes.get(request);
      if (!scope) return;
      scope.principal = { subject: principal.subject, kind: principal.kind };
      nameOperation(scope, "query", operationName);
    },

    answeredWithoutPlugins(request, body) {
      const scope = scopes.get(request);
      if (!scope || scope.responseErrors || !body.includes('"errors"')) return;
      try {
        const errors = (JSON.parse(body) as { errors?: GraphQLFormattedError[] }).errors ?? [];
        for (const error of errors) scope.formattedCodes.push(typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR");
      } catch {
        // Not JSON: nothing to count.
      }
    },

    apollo<O extends ApolloServerOptions<Context>>(apolloOptions: O): O {
      return {
        ...apolloOptions,
        plugins: [
          ...(apolloOptions.plugins ?? []),
          // The gateway runs air-gapped: nothing goes to Apollo's services, even with APOLLO_KEY set.
          ApolloServerPluginUsageReportingDisabled(),
          ApolloServerPluginSchemaReportingDisabled(),
          operationPlugin(logger),
        ],
      } as O;
    },

    serveMetrics: (request, response) => metrics.serve(request, response, config.observability.metricsToken),

    admission(request, waitedMs, shed) {
      metrics.admission(waitedMs, shed);
      const scope = scopes.get(request);
      if (!scope) return;
      scope.queuedMs = waitedMs;
      scope.shed = shed;
      if (shed) scope.formattedCodes.push("OVERLOADED");
    },

    async close() {
      await tracing.shutdown();
    },
  };
}

/** The request's operation, on its log line, in its metrics and as its span's name. */
function nameOperation(scope: RequestScope, type: string, operationName: string | null): void {
  scope.operationName = operationName;
  scope.operationType = type;
  scope.graphqlSpan?.updateName(`${type} ${operationName ?? "anonymous"}`);
  scope.graphqlSpan?.setAttributes({ "graphql.operation.type": type, ...(operationName ? { "graphql.operation.name": operationName } : {}) });
}

/** Names the request's operation (log, metrics, span) and its principal once they are known; keeps the response's errors for the log line. */
function operationPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = contextValue.requestScope;
      if (contextValue.principal) scope.principal = { subject: contextValue.principal.subject, kind: contextValue.principal.kind };
      return {
        async didResolveOperation({ operationName, operation }) {
          nameOperation(scope, operation?.operation ?? "query", operationName ?? null);
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const cause = unwrapResolverError(error);
            if (!(cause instanceof UpstreamError)) continue;
            // What the caller does not see: the socket error, the address, the system's own words.
            logger.warn(
              { requestId: scope.id, system: cause.system, code: cause.code, path: error.path, detail: cause.detail ? maskPersonalDataInText(cause.detail) : undefined },
              maskPersonalDataInText(cause.message),
            );
          }
        },
        async willSendResponse({ response }) {
          scope.responseErrors = () => (response.body.kind === "single" ? response.body.singleResult.errors : undefined);
        },
      };
    },
  };
}
