// The HTTP front: /graphql (Apollo Server; GraphiQL for a browser), /graphiql/* assets and /healthz.
// Plain node:http keeps the hot path short: no framework between the socket and Apollo.
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Database } from "@popfam/db";
import { maskPersonalDataInText, type Clock } from "@popfam/domain";
import {
  chinaClock, connectSources, createLoaders, instrumentPorts, PortCallCounter, readJsonBody, sourcesHealth, SYSTEM_BY_CODE, UpstreamError,
  type LoaderOptions, type Ports, type Sources,
} from "@popfam/sources";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuditTrail } from "../auth/audit.js";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { TokenError, verifyToken } from "../auth/tokens.js";
import type { Context } from "../context.js";
import type { GatewayConfig } from "../env.js";
import { gatewayError, inputErrorOf } from "../errors.js";
import { createObservability, type Logger } from "../observability/index.js";
import { schema as defaultSchema } from "../schema.js";
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlPage } from "./graphiql.js";
import { healthProbes, type HealthProbes } from "./health.js";
import { maxAliasesRule } from "./limits.js";
import { OperationRegistry, resolvePersistedOperation, vendorSafelistPlugin } from "./operations.js";
import { drainServer, trackRequests, type DrainResult } from "./shutdown.js";

export interface GatewayOptions {
  config: GatewayConfig;
  db: Database;
  /** The ports to serve from; by default each system's adapter as the configuration says. */
  ports?: Ports;
  /** For tests: the fetch the HTTP adapters use. */
  fetch?: typeof fetch;
  loaderOptions?: LoaderOptions;
  /** Today, for the date rules of writes (default: the date in China Standard Time). */
  clock?: Clock;
  schema?: GraphQLSchema;
  log?: (line: string) => void;
  /** The request log (one JSON line per GraphQL request) and upstream error details; silent by default. */
  logger?: Logger;
}

export interface RunningGateway {
  url: string;
  server: Server;
  /** Every call the gateway made to a provincial system since it started (or the last reset). */
  portCalls: PortCallCounter;
  /** Each system's adapter and, for those over HTTP, their clients. */
  sources: Sources;
  /** /livez and /readyz. */
  health: HealthProbes;
  /** The graceful drain (see shutdown.ts): not ready, no new connections, in-flight requests finish or are cut at the deadline. */
  drain(timeoutMs: number): Promise<DrainResult>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/** An error's message with any ID number or phone number in it masked (an upstream's detail, an echoed input). */
function withoutPersonalData<T extends { message: string }>(formatted: T): T {
  return { ...formatted, message: maskPersonalDataInText(formatted.message) };
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, db } = options;
  // No log line carries an ID number or a phone number, whatever put it there.
  const write = options.log ?? (() => {});
  const log = (line: string) => write(maskPersonalDataInText(line));
  const portCalls = new PortCallCounter();
  const operations = config.operationsFile ? OperationRegistry.fromFile(config.operationsFile) : null;
  if (operations) log(`registered operations: ${operations.size} (vendor clients are held to them)`);
  const clock = options.clock ?? chinaClock;
  const connected = connectSources(db, { birthReportWindowDays: config.birthReportWindowDays, upstreams: config.upstreams, fetch: options.fetch, clock });
  const sources: Sources = options.ports ? { ...connected, ports: options.ports } : connected;
  for (const [system, client] of Object.entries(sources.clients)) log(`${system}: over HTTP at ${client.settings.url}`);
  const ports = instrumentPorts(sources.ports, portCalls);
  const observability = createObservability({ config, db, sources, portCalls, logger: options.logger });
  const loaderOptions: LoaderOptions = {
    maxBatchSize: Object.fromEntries(Object.entries(config.upstreams).map(([system, settings]) => [system, settings.maxBatchSize])),
    ...options.loaderOptions,
  };

  const apollo = new ApolloServer<Context>(observability.apollo({
    schema: options.schema ?? defaultSchema,
    introspection: true,
    // main.ts owns shutdown: it stops the server and then closes the database.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: [maxAliasesRule(config.limits.aliases)],
    // Hashes are resolved against the registered operations only (see operations.ts), never learnt.
    persistedQueries: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), auditPlugin(db, log), ...(operations ? [vendorSafelistPlugin(operations)] : [])],
    formatError: (formatted, error) => {
      const cause = unwrapResolverError(error);
      if (cause instanceof UpstreamError) {
        return withoutPersonalData({
          ...formatted,
          message: cause.message,
          extensions: { code: cause.code, system: cause.system, systemName: SYSTEM_BY_CODE[cause.system].nameZh },
        });
      }
      // Apollo labels every validation failure GRAPHQL_VALIDATION_FAILED; the alias bound is a
      // query bound like depth and complexity, so it keeps their code.
      if (formatted.extensions?.kind === "aliases") {
        return { ...formatted, extensions: { ...formatted.extensions, code: "QUERY_TOO_COMPLEX" } };
      }
      // A bad argument found below the resolvers (a domain rule, a port's key schema) is the
      // caller's input error, never an internal one.
      const input = inputErrorOf(cause);
      if (input) return { ...formatted, message: input.message, extensions: input.extensions };
      const code = formatted.extensions?.code;
      if (config.production && (code === undefined || code === "INTERNAL_SERVER_ERROR")) {
        log(`internal error: ${String(error)}`);
        return { message: "internal error", extensions: { code: "INTERNAL_SERVER_ERROR" }, path: formatted.path };
      }
      return withoutPersonalData(formatted);
    },
  }));
  await apollo.start();

  const contextFor = async (request: IncomingMessage): Promise<Context> => {
    const principal = await authenticate(request, config);
    const reasonHeader = request.headers["x-access-reason"];
    const reason = decodeReason(Array.isArray(reasonHeader) ? reasonHeader[0] : reasonHeader);
    return {
      principal,
      loaders: createLoaders(ports, loaderOptions),
      ports,
      audit: new AuditTrail(principal, reason, db),
      config,
      clock,
    };
  };

  const server = createServer((request, response) => {
    observability.observe(request, response, () => handle(request, response)).catch((error: unknown) => {
      log(`request failed: ${String(error)}`);
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify({ errors: [{ message: "internal error" }] }));
      else response.destroy();
    });
  });

  const health = healthProbes(db);
  const requests = trackRequests(server);

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://gateway.invalid");
    if (await health.handle(request, response, url.pathname)) return;
    if (url.pathname === "/healthz" && request.method === "GET") {
      const upstreams = sourcesHealth(sources, portCalls);
      // Degraded, not down: the graph still answers, with errors on the paths of an open circuit.
      const degraded = Object.values(upstreams).some((u) => u.circuit === "OPEN" || u.circuit === "HALF_OPEN");
      return send(response, 200, "application/json", JSON.stringify({ status: degraded ? "degraded" : "ok", database: db.kind, upstreams, upstreamCalls: portCalls.byMethod() }));
    }
    if (url.pathname === "/metrics" && request.method === "GET") return observability.serveMetrics(request, response);
    if (url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) && request.method === "GET") {
      const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (!asset) return send(response, 404, "text/plain", "not found");
      response.setHeader("cache-control", "public, max-age=86400");
      return send(response, 200, asset.type, asset.body);
    }
    if (url.pathname !== "/graphql") return send(response, 404, "text/plain", "not found: the graph is at /graphql");
    if (request.method === "GET" && !url.searchParams.has("query") && (request.headers.accept ?? "").includes("text/html")) {
      return send(response, 200, "text/html; charset=utf-8", graphiqlPage("/graphql"));
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const raw = request.method === "POST" ? await readJsonBody(request, MAX_BODY_BYTES) : undefined;
    if (raw instanceof Error) return send(response, 400, "application/json", JSON.stringify({ errors: [{ message: raw.message, extensions: { code: "BAD_REQUEST" } }] }));
    const resolved = resolvePersistedOperation(raw, operations);
    if ("error" in resolved) {
      return send(response, 200, "application/json", JSON.stringify({ errors: [{ message: resolved.error, extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] }));
    }
    const body = resolved.body;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? "GET", headers, search: url.search, body },
      context: () => contextFor(request),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    server,
    portCalls,
    sources,
    health,
    async drain(timeoutMs) {
      health.draining = true;
      const result = await drainServer(server, requests, timeoutMs);
      await apollo.stop();
      return result;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await observability.close();
    },
  };
}

async function authenticate(request: IncomingMessage, config: GatewayConfig): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) {
    if (config.auth.allowDevelopmentPrincipal) return DEVELOPMENT_PRINCIPAL;
    throw gatewayError("UNAUTHENTICATED", "a bearer token is required (Authorization: Bearer <token>)");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw gatewayError("UNAUTHENTICATED", "the Authorization header must be 'Bearer <token>'");
  try {
    return await verifyToken(config.auth, match[1]!);
  } catch (error) {
    if (error instanceof TokenError) throw gatewayError("UNAUTHENTICATED", error.message);
    throw error;
  }
}

/** Writes what the request revealed to the audit log before the response leaves; no audit, no data. */
function auditPlugin(db: Database, log: (line: string) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          if (contextValue.audit?.maskedForMissingReason && response.body.kind === "single") {
            const notice = new GraphQLError("personal data was masked: state why it is read in the X-Access-Reason header (URL-encoded) to see it", {
              extensions: { code: "ACCESS_REASON_REQUIRED" },
            }).toJSON();
            response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), notice];
          }
          if (!contextValue.audit || contextValue.audit.size === 0) return;
          try {
            await contextValue.audit.flush(db, operationName ?? null);
          } catch (error) {
            log(`audit write failed, response withheld: ${String(error)}`);
            if (response.body.kind === "single") {
              response.body.singleResult = {
                errors: [new GraphQLError("the access could not be audited; no personal data was returned", { extensions: { code: "AUDIT_UNAVAILABLE" } }).toJSON()],
              };
            }
          }
        },
      };
    },
  };
}

/** X-Access-Reason is URL-encoded so that it can carry Chinese text in an HTTP header. */
function decodeReason(header: string | undefined): string | null {
  if (!header) return null;
  let text = header;
  try {
    text = decodeURIComponent(header);
  } catch {
    // not encoded: take it as it is
  }
  return text.trim().slice(0, 200) || null;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.statusCode = status;
  response.setHeader("content-type", type);
  response.end(body);
}
