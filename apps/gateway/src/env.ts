// The only reader of process.env. Every variable is checked at start-up; a bad one stops the
// gateway with a list of everything that is wrong, not the first thing.
import { parseUpstreamConfig, type UpstreamConfig } from "@popfam/sources";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";

const DEVELOPMENT_SECRET = "development-only-secret-do-not-deploy-0123456789";

const Flag = z.enum(["true", "false"]).transform((value) => value === "true");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1000).default(10),
    MIGRATION_DATABASE_URL: z.string().url().optional(),
    MIGRATE_ON_START: z.enum(["true", "false"]).default("true"),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** Gateway processes on the one port (node:cluster): a number, or auto for one per CPU core. More than one needs DATABASE_URL. */
    WORKERS: z
      .string()
      .default("1")
      .refine((text) => text === "auto" || (/^[1-9]\d*$/.test(text) && Number(text) <= 64), { message: "a number of processes from 1 to 64, or auto (one per CPU core)" })
      .transform((text) => (text === "auto" ? availableParallelism() : Number(text))),
    SEED_SCALE: z.coerce.number().positive().max(20).default(1),
    SEED: z.coerce.number().int().default(20211),
    JWT_SECRET: z.string().min(32).optional(),
    JWT_ISSUER: z.string().min(1).default("popfam"),
    JWT_AUDIENCE: z.string().min(1).default("popfam-gateway"),
    ALLOW_DEVELOPMENT_PRINCIPAL: z.enum(["true", "false"]).optional(),
    BIRTH_REPORT_WINDOW_DAYS: z.coerce.number().int().min(0).max(30).default(30),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(12),
    MAX_QUERY_COMPLEXITY: z.coerce.number().int().min(10).default(200_000),
    MAX_ALIASES: z.coerce.number().int().min(1).default(60),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5_000),
    MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
    MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(100_000_000).default(1_000_000),
    GRAPHQL_INTROSPECTION: Flag.optional(),
    GRAPHIQL: Flag.optional(),
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((text) => text.split(",").map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine(isOrigin, { message: "each origin is scheme://host[:port], no path and no trailing slash (e.g. https://dashboard.example.gov.cn)" }))),
    MAX_TOKEN_LIFETIME: z
      .string()
      .default("12h")
      .refine((text) => parseTimeSpan(text) !== null, { message: "a number of seconds or a number and a unit: s, m, h or d (e.g. 12h)" })
      .transform((text) => parseTimeSpan(text)!),
    OPERATIONS_FILE: z.string().min(1).optional(),
    UPSTREAMS_FILE: z.string().min(1).optional(),
    /** Every upstream call of one GraphQL request ends by this many milliseconds after the request arrived. */
    REQUEST_DEADLINE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
    /** GraphQL requests executing at once at most (default: sixteen per CPU core, at most four per pool connection); more wait in the queue. */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(10_000).optional(),
    /** GraphQL requests waiting for a slot at most; beyond, a request is refused at once (503 OVERLOADED). 0: no queue. */
    MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(100),
    /** A request that waited this long for a slot is refused (503 OVERLOADED) instead of run (default: half of REQUEST_DEADLINE_MS). */
    REQUEST_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is open. */
    METRICS_TOKEN: z.string().min(16).optional(),
    // OpenTelemetry's standard variables: traces are exported over OTLP/HTTP (JSON) when an endpoint is set.
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
    OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default("popfam-gateway"),
    OTEL_SDK_DISABLED: z.enum(["true", "false"]).optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, { message: "a redis:// or rediss:// URL" }).optional(),
    REDIS_KEY_PREFIX: z.string().min(1).default("popfam:"),
    /** Indicator results kept under the rollups' version (in Redis with REDIS_URL, else in-process). */
    INDICATOR_CACHE: z.enum(["on", "off"]).default("on"),
    INDICATOR_CACHE_ENTRIES: z.coerce.number().int().min(100).max(10_000_000).default(50_000),
    INDICATOR_CACHE_TTL_SECONDS: z.coerce.number().int().min(10).max(30 * 86_400).default(86_400),
    RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(100_000).default(64),
    /** How operations run: compiled once per document into a function (graphql-jit), or interpreted by graphql-js each time. */
    GRAPHQL_EXECUTION: z.enum(["compiled", "interpreted"]).default("compiled"),
    /** Runs of a document (interpreted) before it is compiled: a document sent once is not worth compiling. */
    GRAPHQL_COMPILE_AFTER: z.coerce.number().int().min(1).max(1_000).default(2),
    VENDOR_COST_BUDGET: z.coerce.number().int().min(1).default(1_000_000),
    VENDOR_COST_REFILL_PER_SECOND: z.coerce.number().positive().default(10_000),
    ACCESS_PURPOSES: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return DEFAULT_ACCESS_PURPOSES;
        const purposes = [...new Set(value.split(",").map((p) => p.trim()).filter(Boolean))];
        const bad = purposes.filter((p) => p.length > 40 || /[;=]/.test(p));
        if (purposes.length === 0) ctx.addIssue({ code: "custom", message: "lists no purpose (comma-separated, e.g. 入户核查,资格审核)" });
        if (bad.length > 0) ctx.addIssue({ code: "custom", message: `a purpose is at most 40 characters and holds no ';' or '=': ${bad.join(", ")}` });
        return purposes;
      }),
    REFUSAL_AUDIT_QUEUE: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  });

/** The tokens' clock skew allowance: a token issued up to this far ahead of our clock is accepted. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/** A time span such as "90", "30m", "12h" or "7d", in seconds; null when it is not one. */
export function parseTimeSpan(text: string): number | null {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return seconds > 0 ? seconds : null;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

/**
 * 查询目的: the purposes for which personal data may be read, from the programme's work (入户核查
 * household checks, 资格审核/资格确认 eligibility, 资金发放 disbursement, 信访处理 petitions, 库册比对
 * roster reconciliation, 特殊家庭帮扶 special-family support, 托育备案审查 childcare filing review,
 * 出生信息核查 birth information checks, 统计核查 statistical verification).
 */
export const DEFAULT_ACCESS_PURPOSES = ["入户核查", "资格审核", "资格确认", "资金发放", "信访处理", "库册比对", "特殊家庭帮扶", "托育备案审查", "出生信息核查", "统计核查"];

/** Rules across variables, checked on the raw values so they are reported beside any other problem. */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (source.NODE_ENV === "production") {
    if (!source.JWT_SECRET) problems.push("JWT_SECRET: is required in production (32+ characters)");
    if (source.ALLOW_DEVELOPMENT_PRINCIPAL === "true") {
      problems.push("ALLOW_DEVELOPMENT_PRINCIPAL: cannot be true in production: every caller must present a token");
    }
  }
  const budget = Number(source.VENDOR_COST_BUDGET ?? 1_000_000);
  const complexity = Number(source.MAX_QUERY_COMPLEXITY ?? 200_000);
  if (Number.isFinite(budget) && Number.isFinite(complexity) && budget < complexity) {
    problems.push(`VENDOR_COST_BUDGET: ${budget} is below MAX_QUERY_COMPLEXITY (${complexity}): a vendor's largest allowed query could never run`);
  }
  if (source.WORKERS !== undefined && source.WORKERS !== "1" && !source.DATABASE_URL) {
    problems.push("WORKERS: more than one process needs DATABASE_URL: the embedded database belongs to one process");
  }
  const queueTimeout = Number(source.REQUEST_QUEUE_TIMEOUT_MS);
  const deadline = Number(source.REQUEST_DEADLINE_MS ?? 5_000);
  if (source.REQUEST_QUEUE_TIMEOUT_MS !== undefined && Number.isFinite(queueTimeout) && Number.isFinite(deadline) && queueTimeout >= deadline) {
    problems.push(`REQUEST_QUEUE_TIMEOUT_MS: ${queueTimeout} is not below REQUEST_DEADLINE_MS (${deadline}): a request could spend its whole deadline waiting for its turn`);
  }
  return problems;
}

export interface GatewayConfig {
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  database: {
    /** Connections to a PostgreSQL server at most (pg.Pool max; one more is taken while migrating). */
    poolSize: number;
    /** The owner role's URL for migrations (MIGRATION_DATABASE_URL), else DATABASE_URL. */
    migrationUrl: string | undefined;
    /** Apply pending migrations at start-up (under an advisory lock); false in production, where `migrate` runs them. */
    migrateOnStart: boolean;
  };
  /** On SIGTERM, how long in-flight requests may take before their connections are cut. */
  shutdownTimeoutMs: number;
  /** Gateway processes sharing the port (node:cluster; 1: this process serves alone). */
  workers: number;
  seed: { seed: number; scale: number };
  auth: {
    secret: string;
    issuer: string;
    audience: string;
    /** Requests without a token act as the documented development principal. Never in production. */
    allowDevelopmentPrincipal: boolean;
    /** The longest a token may live (exp − iat), in seconds: longer ones, and ones without exp, are refused. */
    maxTokenLifetimeSeconds: number;
  };
  /** Introspection and the GraphiQL page; "Did you mean" suggestions are shown only with introspection. Off in production unless enabled. */
  introspection: boolean;
  graphiql: boolean;
  /** Origins whose pages may call the graph (CORS); empty: none. */
  corsOrigins: string[];
  /** A request body larger than this is answered 413. */
  maxBodyBytes: number;
  /** Vendor clients' cost budget: a bucket of `budget` that refills at `refillPerSecond`, in the units of MAX_QUERY_COMPLEXITY. */
  vendorQuota: { budget: number; refillPerSecond: number };
  /** Shared state of all replicas (the vendor quota, the result cache); in-process when unset. */
  redis: { url: string; keyPrefix: string } | undefined;
  /**
   * Indicator results cached under the rollups' version, or null (INDICATOR_CACHE=off): `entries` bounds
   * the in-process cache, `ttlSeconds` the life of an entry in Redis.
   */
  indicatorCache: { entries: number; ttlSeconds: number; responseMegabytes: number } | null;
  /**
   * Operations run compiled (a document compiled at its `compileAfter`th run, then a plain function
   * call) or interpreted by graphql-js.
   */
  execution: { mode: "compiled" | "interpreted"; compileAfter: number };
  birthReportWindowDays: number;
  limits: { depth: number; complexity: number; aliases: number; tokens: number; directives: number };
  /** Registered GraphQL documents (a JSON array of documents, or a persisted-documents manifest {hash: document}); vendor clients may run these only. */
  operationsFile: string | undefined;
  /** The systems reached over HTTP, and how; every other system is read from the database. */
  upstreams: UpstreamConfig;
  /** The deadline every upstream call of one GraphQL request shares, from the request's arrival. */
  requestDeadlineMs: number;
  /** Admission control of /graphql (http/admission.ts): slots, the queue before them, and how long a request may wait there. */
  admission: { maxConcurrent: number; maxQueued: number; queueTimeoutMs: number };
  observability: {
    logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
    /** The bearer token /metrics wants; null: /metrics is open (fine on an intranet, not on a shared network). */
    metricsToken: string | null;
    /** Where traces go (OTLP/HTTP), or null: tracing off, at no cost. */
    tracing: { url: string; headers: Record<string, string>; serviceName: string } | null;
  };
  audit: {
    /** The purposes an X-Access-Reason may state (ACCESS_PURPOSES). */
    purposes: readonly string[];
    /** Refused attempts waiting to be written at most; beyond, they are counted into one row (REFUSAL_AUDIT_QUEUE). */
    refusalQueue: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = EnvSchema.safeParse(source);
  const upstreams = parseUpstreamConfig(source, readUpstreamsFile(source.UPSTREAMS_FILE));
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)),
    ...crossChecks(source),
    ...upstreams.problems,
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  return {
    production,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    database: {
      poolSize: env.DATABASE_POOL_SIZE,
      migrationUrl: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL,
      migrateOnStart: env.MIGRATE_ON_START === "true",
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    workers: env.WORKERS,
    seed: { seed: env.SEED, scale: env.SEED_SCALE },
    auth: {
      secret: env.JWT_SECRET ?? DEVELOPMENT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      allowDevelopmentPrincipal: !production && env.ALLOW_DEVELOPMENT_PRINCIPAL !== "false",
      maxTokenLifetimeSeconds: env.MAX_TOKEN_LIFETIME,
    },
    introspection: env.GRAPHQL_INTROSPECTION ?? !production,
    graphiql: env.GRAPHIQL ?? !production,
    corsOrigins: env.CORS_ORIGINS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    vendorQuota: { budget: env.VENDOR_COST_BUDGET, refillPerSecond: env.VENDOR_COST_REFILL_PER_SECOND },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : undefined,
    indicatorCache:
      env.INDICATOR_CACHE === "on"
        ? { entries: env.INDICATOR_CACHE_ENTRIES, ttlSeconds: env.INDICATOR_CACHE_TTL_SECONDS, responseMegabytes: env.RESPONSE_CACHE_MB }
        : null,
    execution: { mode: env.GRAPHQL_EXECUTION, compileAfter: env.GRAPHQL_COMPILE_AFTER },
    birthReportWindowDays: env.BIRTH_REPORT_WINDOW_DAYS,
    limits: {
      depth: env.MAX_QUERY_DEPTH,
      complexity: env.MAX_QUERY_COMPLEXITY,
      aliases: env.MAX_ALIASES,
      tokens: env.MAX_QUERY_TOKENS,
      directives: env.MAX_DIRECTIVES,
    },
    operationsFile: env.OPERATIONS_FILE,
    upstreams: upstreams.config,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    admission: {
      maxConcurrent: env.MAX_CONCURRENT_REQUESTS ?? defaultConcurrency(env.DATABASE_POOL_SIZE, availableParallelism(), env.WORKERS),
      maxQueued: env.MAX_QUEUED_REQUESTS,
      queueTimeoutMs: env.REQUEST_QUEUE_TIMEOUT_MS ?? Math.max(1, Math.floor(env.REQUEST_DEADLINE_MS / 2)),
    },
    observability: { logLevel: env.LOG_LEVEL, metricsToken: env.METRICS_TOKEN ?? null, tracing: tracingConfig(env) },
    audit: { purposes: env.ACCESS_PURPOSES, refusalQueue: env.REFUSAL_AUDIT_QUEUE },
  };
}

/**
 * GraphQL requests executing at once by default, in each process: sixteen per core it has, and
 * never more than four for each connection of the pool. A request waiting in the admission queue
 * costs the gateway more than one admitted and waiting for a connection of the pool: at 32
 * connections on a 2-core machine a page of persons took 0.95 ms of gateway CPU with 8 slots (24
 * requests always queued) and 0.84 ms with 32 (none queued), and 0.84 ms with 8 slots at 8
 * connections; a pool of 4 connections under 8 slots cost no more than a pool of 10. So the
 * slots are many, and the queue (with its bound and its timeout) is for overload.
 */
export function defaultConcurrency(poolSize: number, cores: number = availableParallelism(), workers = 1): number {
  return Math.max(1, Math.min(4 * poolSize, 16 * Math.max(1, Math.round(cores / workers))));
}

/** The OTLP/HTTP traces endpoint as OpenTelemetry's variables give it (the signal's own URL wins over the base + /v1/traces). */
function tracingConfig(env: z.infer<typeof EnvSchema>): GatewayConfig["observability"]["tracing"] {
  if (env.OTEL_SDK_DISABLED === "true") return null;
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces` : undefined);
  if (!url) return null;
  return { url, headers: { ...otlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...otlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) }, serviceName: env.OTEL_SERVICE_NAME };
}

/** OTLP headers as the specification writes them: `key1=value1,key2=value2`, values URL-encoded. */
function otlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    try {
      headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      headers[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  return headers;
}

/**
 * The database the audit commands (verify-audit, archive-audit) open: `owner` prefers
 * MIGRATION_DATABASE_URL (the owner role) over DATABASE_URL; unset both: the embedded one.
 */
export function auditCommandDatabase(source: Record<string, string | undefined> = process.env, owner = false): { url: string } | { dataDir: string | undefined } {
  const url = (owner ? source.MIGRATION_DATABASE_URL : undefined) || source.DATABASE_URL;
  return url ? { url } : { dataDir: source.DATA_DIR };
}

/** The upstreams file's JSON, or a value the upstream settings check will name as wrong. */
function readUpstreamsFile(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
  }
}
