// Logs, metrics and traces of the gateway, wired in by server.ts at three points: around each
// HTTP request (observe), around Apollo's options (apollo), and at GET /metrics (serveMetrics).
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Database } from "@popfam/db";
import type { ResultCache } from "../cache/result-cache.js";
import { maskPersonalDataInText } from "@popfam/domain";
import { UpstreamError, withUpstreamDeadline, type PortCallCounter, type Sources } from "@popfam/sources";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { randomUUID } from "node:crypto";
import type { GraphQLFormattedError } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "../context.js";
import type { GatewayConfig } from "../env.js";
import { silentLogger, type Logger } from "./logger.js";
import { GatewayMetrics } from "./metrics.js";
import { errorCodesOf, requestScope, type RequestScope } from "./scope.js";
import { startTracing, tracer } from "./tracing.js";

export { createLogger, silentLogger, type Logger } from "./logger.js";

export interface Observability {
  logger: Logger;
  metrics: GatewayMetrics;
  /** Runs one HTTP request's handling inside its scope, span and upstream deadline; logs and measures it when it ends. */
  observe(request: IncomingMessage, response: ServerResponse, handle: () => Promise<void>): Promise<void>;
  /** Apollo's options with Apollo's reporting disabled, the operation observed and every error code counted. */
  apollo<O extends ApolloServerOptions<Context>>(options: O): O;
  serveMetrics(request: IncomingMessage, response: ServerResponse): Promise<void>;
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
}): Observability {
  const { config } = options;
  const logger = options.logger ?? silentLogger();
  const metrics = new GatewayMetrics(options.sources, options.db, options.results ?? null);
  const tracing = startTracing(config.observability.tracing);

  options.portCalls.onCall((call) => {
    metrics.upstreamCall(call);
    const scope = requestScope.getStore();
    if (scope) {
      scope.upstreamCalls++;
      if (call.error) scope.upstreamErrors++;
    }
  });

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
      ...(aborted ? { aborted: true } : {}),
      ...(trace.getSpan(context.active())?.isRecording() ? { traceId: trace.getSpan(context.active())!.spanContext().traceId } : {}),
    };
    if (status >= 500) logger.error(line, "graphql request");
    else logger.info(line, "graphql request");
  }

  return {
    logger,
    metrics,

    observe(request, response, handle) {
      const path = (request.url ?? "/").split("?")[0]!;
      const incoming = request.headers["x-request-id"];
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
        graphqlSpan: null,
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
      // Every upstream call of this request shares one deadline, from its arrival.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), config.requestDeadlineMs);
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
      return context.with(active, () => requestScope.run(scope, () => withUpstreamDeadline(deadline.signal, handle)));
    },

    apollo<O extends ApolloServerOptions<Context>>(apolloOptions: O): O {
      const formatError = apolloOptions.formatError;
      return {
        ...apolloOptions,
        plugins: [
          ...(apolloOptions.plugins ?? []),
          // The gateway runs air-gapped: nothing goes to Apollo's services, even with APOLLO_KEY set.
          ApolloServerPluginUsageReportingDisabled(),
          ApolloServerPluginSchemaReportingDisabled(),
          operationPlugin(),
        ],
        formatError: (formatted: GraphQLFormattedError, error: unknown) => {
          const result = formatError ? formatError(formatted, error) : formatted;
          const scope = requestScope.getStore();
          scope?.formattedCodes.push(typeof result.extensions?.code === "string" ? result.extensions.code : "INTERNAL_SERVER_ERROR");
          const cause = unwrapResolverError(error);
          if (cause instanceof UpstreamError) {
            // What the caller does not see: the socket error, the address, the system's own words.
            logger.warn(
              { requestId: scope?.id, system: cause.system, code: cause.code, path: formatted.path, detail: cause.detail ? maskPersonalDataInText(cause.detail) : undefined },
              maskPersonalDataInText(cause.message),
            );
          }
          return result;
        },
      } as O;
    },

    serveMetrics: (request, response) => metrics.serve(request, response, config.observability.metricsToken),

    async close() {
      await tracing.shutdown();
    },
  };
}

/** Names the request's operation (log, metrics, span) and its principal once they are known; keeps the response's errors for the log line. */
function operationPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = requestScope.getStore();
      if (!scope) return;
      if (contextValue.principal) scope.principal = { subject: contextValue.principal.subject, kind: contextValue.principal.kind };
      return {
        async didResolveOperation({ operationName, operation }) {
          const type = operation?.operation ?? "query";
          scope.operationName = operationName ?? null;
          scope.operationType = type;
          scope.graphqlSpan?.updateName(`${type} ${operationName ?? "anonymous"}`);
          scope.graphqlSpan?.setAttributes({ "graphql.operation.type": type, ...(operationName ? { "graphql.operation.name": operationName } : {}) });
        },
        async willSendResponse({ response }) {
          scope.responseErrors = () => (response.body.kind === "single" ? response.body.singleResult.errors : undefined);
        },
      };
    },
  };
}
