// The HTTP front: /graphql (Apollo Server; GraphiQL for a browser, admission control before execution), /graphiql/* assets and /healthz.
// Plain node:http keeps the hot path short: no framework between the socket and Apollo.
import { compiledExecution } from "../execution/compiled.js";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Database } from "@popfam/db";
import { maskPersonalDataInText, type Clock } from "@popfam/domain";
import {
  chinaClock, connectSources, createLoaders, instrumentPorts, PortCallCounter, SYSTEM_BY_CODE, UpstreamError,
  type LoaderOptions, type Ports, type Sources,
} from "@popfam/sources";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLSchema } from "graphql";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAccessReason } from "../auth/access-reason.js";
import { AuditTrail } from "../auth/audit.js";
import { auditPlugin, clientAddress, recordUnauthenticated } from "../auth/audit-plugin.js";
import { RefusalLog } from "../auth/refusals.js";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { TokenError, verifyToken } from "../auth/tokens.js";
import type { Context } from "../context.js";
import type { GatewayConfig } from "../env.js";
import { gatewayError, inputErrorOf } from "../errors.js";
import { createObservability, recordUpstreamCall, type Logger } from "../observability/index.js";
import { schema as defaultSchema } from "../schema.js";
import { AdmissionGate, clientGone, sendOverloaded } from "./admission.js";
import { readBody, sendTooLarge } from "./body.js";
import { corsHandler } from "./cors.js";
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlPage } from "./graphiql.js";
import { healthProbes, type HealthProbes } from "./health.js";
import { drainServer, trackRequests, type DrainResult } from "./shutdown.js";
import { healthz } from "./healthz.js";
import { asBoundError, limitRules, parseOptions } from "./limits.js";
import { sendKeptAnswer, type KeptAnswersOptions } from "./kept-answers.js";
import { OperationRegistry, resolvePersistedGet, resolvePersistedOperation, vendorSafelistPlugin } from "./operations.js";
import { QueryCosts, queryCostPlugin } from "./query-cost.js";
import { bucketStoreFor, vendorQuotaPlugin } from "./quota.js";
import { mutationsBypassResultCache, resultCacheFor, withVersionedReads, type RequestResultCache } from "../cache/result-cache.js";

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
  /** Admission control of /graphql: requests executing and queued now. */
  admission: AdmissionGate;
  /** The graceful drain (see shutdown.ts): not ready, no new connections, in-flight requests finish or are cut at the deadline. */
  drain(timeoutMs: number): Promise<DrainResult>;
  close(): Promise<void>;
}

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
  const databaseSystems = Object.entries(sources.adapters).flatMap(([system, adapter]) => (adapter === "database" && !options.ports ? [system] : []));
  const results = resultCacheFor(db.sql, config, databaseSystems, log);
  if (results) log(`result cache: ${results.kind} (${databaseSystems.length} systems read from the database)`);
  const schema = options.schema ?? defaultSchema;
  // Operations run compiled (execution/compiled.ts) unless GRAPHQL_EXECUTION=interpreted.
  const execution = config.execution.mode === "compiled" ? compiledExecution(schema, { compileAfter: config.execution.compileAfter, log }) : null;
  const observability = createObservability({ config, db, sources, portCalls, logger: options.logger, results, execution: execution?.stats ?? null });
  const loaderOptions: LoaderOptions = {
    maxBatchSize: Object.fromEntries(Object.entries(config.upstreams).map(([system, settings]) => [system, settings.maxBatchSize])),
    ...options.loaderOptions,
  };

  const refusals = new RefusalLog(db, { queueLimit: config.audit.refusalQueue }, log);
  const quotaStore = bucketStoreFor(config, log);
  const cors = corsHandler(config.corsOrigins);
  const costs = new QueryCosts(schema, config.limits);
  const apollo = new ApolloServer<Context>(observability.apollo({
    ...(execution ? { gateway: execution.gateway } : { schema }),
    // Off in production unless enabled; without introspection, "Did you mean …" suggestions would leak the schema too.
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // main.ts owns shutdown: it stops the server and then closes the database.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: limitRules(config.limits),
    parseOptions: parseOptions(config.limits),
    // A GET or a simple-content-type POST runs only with a header no page of another origin can send without a preflight.
    csrfPrevention: { requestHeaders: ["x-apollo-operation-name", "apollo-require-preflight", "authorization", "x-access-reason"] },
    // Hashes are resolved against the registered operations only (see operations.ts), never learnt.
    persistedQueries: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // The graph sets no cache hints and no cache reads them; installed by default, the plugin
      // would run a hook on every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      queryCostPlugin(costs),
      auditPlugin(db, refusals, config.audit.purposes, log),
      mutationsBypassResultCache,
      ...(results?.responses ? [results.responses.plugin()] : []),
      ...(operations ? [vendorSafelistPlugin(operations)] : []),
      vendorQuotaPlugin(quotaStore, { quota: config.vendorQuota, costs, operations, log }),
    ],
    formatError: (formatted, error) => {
      const cause = unwrapResolverError(error);
      if (cause instanceof UpstreamError) {
        return withoutPersonalData({
          ...formatted,
          message: cause.message,
          extensions: { code: cause.code, system: cause.system, systemName: SYSTEM_BY_CODE[cause.system].nameZh },
        });
      }
      const bound = asBoundError(formatted, config.limits);
      if (bound) return bound;
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

  // Each request's token is verified once: before admission (a refused one takes no slot) and for its context.
  const authentications = new WeakMap<IncomingMessage, Promise<Principal>>();
  const authenticateOnce = (request: IncomingMessage): Promise<Principal> => {
    let principal = authentications.get(request);
    if (!principal) {
      principal = authenticate(request, config);
      principal.catch(() => {}); // handled where it is awaited
      authentications.set(request, principal);
    }
    return principal;
  };

  // Each request's view of the result cache (its one version read), made once: for the HTTP
  // front's lookup of a kept answer and then, on a miss, for its execution.
  const resultViews = new WeakMap<IncomingMessage, RequestResultCache>();
  const resultsOf = (request: IncomingMessage): RequestResultCache | null => {
    if (!results) return null;
    let view = resultViews.get(request);
    if (!view) resultViews.set(request, (view = results.forRequest()));
    return view;
  };
  const keptAnswers: KeptAnswersOptions | null = results?.responses
    ? { responses: results.responses, clock, purposes: config.audit.purposes, answered: (request, name, principal) => observability.answeredFromKept(request, name, principal) }
    : null;

  const contextFor = async (request: IncomingMessage, body: unknown): Promise<Context> => {
    const principal = await authenticateOnce(request).catch((error: unknown) => recordUnauthenticated(refusals, request, body, error));
    const reason = parseAccessReason(request.headers["x-access-reason"], config.audit.purposes);
    const requestScope = observability.scopeOf(request);
    const requestResults = resultsOf(request);
    // The request's own ports: each call is handed its deadline and counted on its log line; the
    // region directory's reads answered from the result cache first.
    const ports = withVersionedReads(
      instrumentPorts(sources.ports, portCalls, {
        // The deadline's controller and timer are made when a call first asks for it (one over HTTP).
        get signal() {
          return requestScope.deadline;
        },
        onCall: (call) => recordUpstreamCall(requestScope, call),
      }),
      requestResults,
    );
    return {
      principal,
      loaders: createLoaders(ports, loaderOptions),
      ports,
      requestScope,
      audit: new AuditTrail(principal, reason, db, clientAddress(request)),
      config,
      clock,
      results: requestResults,
    };
  };

  const server = createServer((request, response) => {
    observability.observe(request, response, () => handle(request, response)).catch((error: unknown) => {
      log(`request failed: ${String(error)}`);
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify({ errors: [{ message: "internal error" }] }));
      else response.destroy();
    });
  });

  // At most so many GraphQL requests execute at once; a bounded queue before them, then 503 (admission.ts).
  const gate = new AdmissionGate(config.admission);
  observability.metrics.watchAdmission(gate);

  const health = healthProbes(db);
  const requests = trackRequests(server);

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://gateway.invalid");
    if (await health.handle(request, response, url.pathname)) return;
    if (await cors(request, response)) return;
    if (url.pathname === "/healthz" && request.method === "GET") {
      const principal = await authenticate(request, config).catch(() => null);
      return send(response, 200, "application/json", JSON.stringify(healthz(sources, portCalls, db, principal)));
    }
    if (url.pathname === "/metrics" && request.method === "GET") return observability.serveMetrics(request, response);
    if (config.graphiql && url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) && request.method === "GET") {
      const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (!asset) return send(response, 404, "text/plain", "not found");
      response.setHeader("cache-control", "public, max-age=86400");
      return send(response, 200, asset.type, asset.body);
    }
    if (url.pathname !== "/graphql") return send(response, 404, "text/plain", "not found: the graph is at /graphql");
    const persistedGet = request.method === "GET" ? resolvePersistedGet(url.searchParams, operations) : null;
    if (persistedGet && "error" in persistedGet) return sendPersistedQueryNotFound(response, persistedGet.error);
    const search = persistedGet?.search ?? url.search;
    if (config.graphiql && request.method === "GET" && !persistedGet && !url.searchParams.has("query") && (request.headers.accept ?? "").includes("text/html")) {
      return send(response, 200, "text/html; charset=utf-8", graphiqlPage("/graphql"));
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const raw = request.method === "POST" ? await readBody(request, config.maxBodyBytes) : ({ kind: "json", value: undefined } as const);
    if (raw.kind === "too-large") return sendTooLarge(response, raw);
    if (raw.kind === "invalid") return send(response, 400, "application/json", JSON.stringify({ errors: [{ message: raw.message, extensions: { code: "BAD_REQUEST" } }] }));
    const resolved = resolvePersistedOperation(raw.value, operations);
    if ("error" in resolved) return sendPersistedQueryNotFound(response, resolved.error);
    const body = resolved.body;
    // A request without a valid token is answered 401 before anything runs: it waits for no slot,
    // and a flood of forged tokens cannot crowd out the callers who present good ones.
    if (await authenticateOnce(request).then(() => false, () => true)) return execute(request, response, headers, search, body);
    // Only the execution waits for a slot: the body is already read, so a slow sender holds none.
    // A caller's going away is watched only when it has to wait (an AbortController a request is not free).
    const admission = await gate.acquire(gate.admitsNow ? undefined : clientGone(request, response));
    if (!admission.admitted) {
      // A caller that went away while queued has nobody to answer; its place is already given back.
      observability.admission(request, admission.waitedMs, admission.reason === "aborted" ? null : admission.reason);
      if (admission.reason !== "aborted") sendOverloaded(response, gate, admission.reason, admission.waitedMs);
      return;
    }
    observability.admission(request, admission.waitedMs, null);
    try {
      if (keptAnswers && (await sendKeptAnswer(keptAnswers, request, response, body, await authenticateOnce(request), resultsOf(request)!))) return;
      await execute(request, response, headers, search, body);
    } finally {
      admission.release();
    }
  }

  async function execute(request: IncomingMessage, response: ServerResponse, headers: HeaderMap, search: string, body: unknown) {
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? "GET", headers, search, body },
      context: () => contextFor(request, body),
    });
    for (const [key, value] of result.headers) {
      // Keep the CORS `Vary: Origin` beside whatever Apollo varies on.
      const vary = key === "vary" ? response.getHeader("vary") : undefined;
      response.setHeader(key, vary ? `${String(vary)}, ${value}` : value);
    }
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      observability.answeredWithoutPlugins(request, result.body.string);
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
    admission: gate,
    async drain(timeoutMs) {
      health.draining = true;
      const result = await drainServer(server, requests, timeoutMs);
      await apollo.stop();
      await observability.close();
      await quotaStore.close();
      await results?.close();
      await refusals.close();
      return result;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await observability.close();
      await quotaStore.close();
      await results?.close();
      await refusals.close();
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

function sendPersistedQueryNotFound(response: ServerResponse, message: string) {
  send(response, 200, "application/json", JSON.stringify({ errors: [{ message, extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] }));
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.statusCode = status;
  response.setHeader("content-type", type);
  response.end(body);
}
