// How to reach one provincial system over HTTP, checked with zod wherever it comes from (the
// environment or a JSON file): the gateway reports every bad setting at start-up.
import { z } from "zod";
import { SYSTEM_BY_CODE, SYSTEM_CODES, type SystemCode } from "../systems.js";

export const UpstreamSettings = z.object({
  /** The system's API root, e.g. https://rk.example.gov.cn/population-registry */
  url: z.string().url(),
  /** Sent as `Authorization: Bearer <token>` when set. */
  token: z.string().min(1).optional(),
  /** One attempt's limit; the call fails with UPSTREAM_TIMEOUT after the last attempt runs out. */
  timeoutMs: z.coerce.number().int().min(1).max(120_000).default(2_000),
  /** Further attempts after a failed read (connection refused, 5xx, timeout). */
  retries: z.coerce.number().int().min(0).max(5).default(2),
  backoffMs: z.coerce.number().int().min(0).max(10_000).default(25),
  /** Calls in flight to this system at most; the rest wait their turn. */
  maxConcurrency: z.coerce.number().int().min(1).max(256).default(16),
  /** Calls waiting for a free slot at most; one more fails at once (UPSTREAM_UNAVAILABLE, "overloaded"). */
  queueLimit: z.coerce.number().int().min(0).max(10_000).default(64),
  /**
   * One call's overall limit: waiting in the queue, every attempt and the backoff between them.
   * A GraphQL request's own deadline (the gateway's REQUEST_DEADLINE_MS) cuts it shorter.
   */
  deadlineMs: z.coerce.number().int().min(1).max(600_000).default(5_000),
  /** Keys per call at most (the loaders split bigger batches). */
  maxBatchSize: z.coerce.number().int().min(1).max(1000).default(500),
  /** Consecutive failed calls that open the circuit, and how long it stays open. */
  failureThreshold: z.coerce.number().int().min(1).max(1000).default(5),
  openMs: z.coerce.number().int().min(10).max(600_000).default(5_000),
});
export type UpstreamSettings = z.infer<typeof UpstreamSettings>;

export type UpstreamConfig = Partial<Record<SystemCode, UpstreamSettings>>;

const SETTING_VARIABLES: Record<Exclude<keyof UpstreamSettings, "url">, string> = {
  token: "TOKEN",
  timeoutMs: "TIMEOUT_MS",
  retries: "RETRIES",
  backoffMs: "BACKOFF_MS",
  maxConcurrency: "MAX_CONCURRENCY",
  queueLimit: "QUEUE_LIMIT",
  deadlineMs: "DEADLINE_MS",
  maxBatchSize: "MAX_BATCH_SIZE",
  failureThreshold: "FAILURE_THRESHOLD",
  openMs: "OPEN_MS",
};

/**
 * The HTTP upstreams from environment variables and an optional parsed JSON file:
 * - `UPSTREAM_URL` is a base URL serving every system under its path (the simulator does);
 *   `UPSTREAM_SYSTEMS` (comma-separated codes) limits it to some systems.
 * - `UPSTREAM_<SYSTEM>_URL` sets (or overrides) one system's URL; `UPSTREAM_<SETTING>` sets a
 *   default for every system and `UPSTREAM_<SYSTEM>_<SETTING>` one system's
 *   (TOKEN, TIMEOUT_MS, RETRIES, BACKOFF_MS, MAX_CONCURRENCY, QUEUE_LIMIT, DEADLINE_MS, MAX_BATCH_SIZE,
 *   FAILURE_THRESHOLD, OPEN_MS).
 * - The file maps system codes to settings objects; the environment wins over it.
 * A system without a URL keeps its database-backed adapter.
 */
export function parseUpstreamConfig(
  env: Record<string, string | undefined>,
  file?: unknown,
): { config: UpstreamConfig; problems: string[] } {
  const problems: string[] = [];
  const fromFile = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(file ?? {});
  if (!fromFile.success) problems.push("UPSTREAMS_FILE: must be a JSON object of system codes to settings");
  const fileEntries = fromFile.success ? fromFile.data : {};
  for (const code of Object.keys(fileEntries)) {
    if (!Object.hasOwn(SYSTEM_BY_CODE, code)) problems.push(`UPSTREAMS_FILE: ${code} is not a system (${SYSTEM_CODES.join(", ")})`);
  }

  const base = env.UPSTREAM_URL?.replace(/\/+$/, "");
  const listed = env.UPSTREAM_SYSTEMS?.split(",").map((s) => s.trim()).filter(Boolean);
  for (const code of listed ?? []) {
    if (!Object.hasOwn(SYSTEM_BY_CODE, code)) problems.push(`UPSTREAM_SYSTEMS: ${code} is not a system (${SYSTEM_CODES.join(", ")})`);
  }
  const config: UpstreamConfig = {};
  for (const system of SYSTEM_CODES) {
    const raw: Record<string, unknown> = { ...fileEntries[system] };
    if (base && (!listed || listed.includes(system))) raw.url = `${base}/${SYSTEM_BY_CODE[system].path}`;
    if (env[`UPSTREAM_${system}_URL`]) raw.url = env[`UPSTREAM_${system}_URL`];
    if (raw.url === undefined) continue;
    for (const [setting, suffix] of Object.entries(SETTING_VARIABLES)) {
      const value = env[`UPSTREAM_${system}_${suffix}`] ?? env[`UPSTREAM_${suffix}`];
      if (value !== undefined) raw[setting] = value;
    }
    const parsed = UpstreamSettings.safeParse(raw);
    if (parsed.success) config[system] = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => `${sourceOf(env, system, String(issue.path[0]))}: ${issue.message}`));
  }
  // A bad default (UPSTREAM_<SETTING>) is wrong once, not once per system.
  return { config, problems: [...new Set(problems)] };
}

/** Where a setting came from, to name it in a problem: the system's variable, the default, or the file. */
function sourceOf(env: Record<string, string | undefined>, system: SystemCode, setting: string): string {
  const suffix = setting === "url" ? "URL" : SETTING_VARIABLES[setting as keyof typeof SETTING_VARIABLES];
  if (suffix && env[`UPSTREAM_${system}_${suffix}`] !== undefined) return `UPSTREAM_${system}_${suffix}`;
  if (suffix && setting !== "url" && env[`UPSTREAM_${suffix}`] !== undefined) return `UPSTREAM_${suffix}`;
  if (setting === "url" && env.UPSTREAM_URL) return "UPSTREAM_URL";
  return `UPSTREAMS_FILE: ${system}.${setting}`;
}
