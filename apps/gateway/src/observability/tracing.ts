// OpenTelemetry traces, exported over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Without an endpoint no provider is registered and
// every span the code starts is the API's no-op span: nothing is recorded, nothing is sent.
//
// Spans: the HTTP request (server), the GraphQL operation, each upstream call and each of its
// HTTP attempts (client; the attempt's W3C `traceparent` goes to the provincial system), and
// each SQL statement of the gateway's SQL client (@popfam/db).
import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { GatewayConfig } from "../env.js";

/**
 * The gateway's tracer, looked up at each use: a tracer taken before the provider is registered
 * would stay a no-op for good.
 */
export const tracer = () => trace.getTracer("@popfam/gateway");

export interface Tracing {
  /** Sends what is buffered and stops; the API falls back to no-op spans. */
  shutdown(): Promise<void>;
}

export function startTracing(settings: GatewayConfig["observability"]["tracing"]): Tracing {
  if (!settings) return { shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.url, headers: settings.headers }))],
  });
  // The async-hooks context manager and the W3C trace-context and baggage propagators.
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
