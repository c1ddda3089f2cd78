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
  return problems;
}

export interface GatewayConfig {
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
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
    audit: { purposes: env.ACCESS_PURPOSES, refusalQueue: env.REFUSAL_AUDIT_QUEUE },
  };
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
