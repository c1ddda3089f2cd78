// The only reader of process.env. Every variable is checked at start-up; a bad one stops the
// gateway with a list of everything that is wrong, not the first thing.
import { parseUpstreamConfig, type UpstreamConfig } from "@popfam/sources";
import { readFileSync } from "node:fs";
import { z } from "zod";

const DEVELOPMENT_SECRET = "development-only-secret-do-not-deploy-0123456789";

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
    OPERATIONS_FILE: z.string().min(1).optional(),
    UPSTREAMS_FILE: z.string().min(1).optional(),
    /** Every upstream call of one GraphQL request ends by this many milliseconds after the request arrived. */
    REQUEST_DEADLINE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
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
  });

/** Rules across variables, checked on the raw values so they are reported beside any other problem. */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (source.NODE_ENV === "production") {
    if (!source.JWT_SECRET) problems.push("JWT_SECRET: is required in production (32+ characters)");
    if (source.ALLOW_DEVELOPMENT_PRINCIPAL === "true") {
      problems.push("ALLOW_DEVELOPMENT_PRINCIPAL: cannot be true in production: every caller must present a token");
    }
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
  seed: { seed: number; scale: number };
  auth: {
    secret: string;
    issuer: string;
    audience: string;
    /** Requests without a token act as the documented development principal. Never in production. */
    allowDevelopmentPrincipal: boolean;
  };
  birthReportWindowDays: number;
  limits: { depth: number; complexity: number; aliases: number };
  /** A JSON array of registered GraphQL documents; vendor clients may run these only. */
  operationsFile: string | undefined;
  /** The systems reached over HTTP, and how; every other system is read from the database. */
  upstreams: UpstreamConfig;
  /** The deadline every upstream call of one GraphQL request shares, from the request's arrival. */
  requestDeadlineMs: number;
  observability: {
    logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
    /** The bearer token /metrics wants; null: /metrics is open (fine on an intranet, not on a shared network). */
    metricsToken: string | null;
    /** Where traces go (OTLP/HTTP), or null: tracing off, at no cost. */
    tracing: { url: string; headers: Record<string, string>; serviceName: string } | null;
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
    seed: { seed: env.SEED, scale: env.SEED_SCALE },
    auth: {
      secret: env.JWT_SECRET ?? DEVELOPMENT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      allowDevelopmentPrincipal: !production && env.ALLOW_DEVELOPMENT_PRINCIPAL !== "false",
    },
    birthReportWindowDays: env.BIRTH_REPORT_WINDOW_DAYS,
    limits: { depth: env.MAX_QUERY_DEPTH, complexity: env.MAX_QUERY_COMPLEXITY, aliases: env.MAX_ALIASES },
    operationsFile: env.OPERATIONS_FILE,
    upstreams: upstreams.config,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    observability: { logLevel: env.LOG_LEVEL, metricsToken: env.METRICS_TOKEN ?? null, tracing: tracingConfig(env) },
  };
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

/** The upstreams file's JSON, or a value the upstream settings check will name as wrong. */
function readUpstreamsFile(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
  }
}
