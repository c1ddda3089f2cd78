// The simulator's settings, all from the environment, all checked at start-up.
import { z } from "zod";
import { FaultSettings } from "./faults.js";

const EnvSchema = z.object({
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  /** Its own embedded database (PostgreSQL with DATABASE_URL); seeded like the gateway's. */
  SIM_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  SEED: z.coerce.number().int().default(20211),
  SEED_SCALE: z.coerce.number().positive().max(20).default(1),
  SIM_TOKEN: z.string().min(8).optional(),
  /** Latency added to every answer of every system, and its random spread. */
  SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  SIM_JITTER_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Fault settings as JSON: {"defaults": {...}, "systems": {"POPULATION_REGISTRY": {"errorRate": 0.1}}}. */
  SIM_FAULTS: z.string().optional(),
});

export interface SimulatorConfig {
  host: string;
  port: number;
  dataDir: string | undefined;
  databaseUrl: string | undefined;
  seed: { seed: number; scale: number };
  token: string | undefined;
  faults: FaultSettings;
}

export function loadSimulatorConfig(source: Record<string, string | undefined> = process.env): SimulatorConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  const env = parsed.data;
  let faults: FaultSettings = {};
  if (env.SIM_FAULTS) {
    let json: unknown;
    try {
      json = JSON.parse(env.SIM_FAULTS);
    } catch {
      throw new Error("invalid configuration:\n  - SIM_FAULTS: is not valid JSON");
    }
    const checked = FaultSettings.safeParse(json);
    if (!checked.success) throw new Error(`invalid configuration:\n${checked.error.issues.map((i) => `  - SIM_FAULTS.${i.path.join(".")}: ${i.message}`).join("\n")}`);
    faults = checked.data;
  }
  faults = { ...faults, defaults: { latencyMs: env.SIM_LATENCY_MS, jitterMs: env.SIM_JITTER_MS, ...faults.defaults } };
  return {
    host: env.SIM_HOST,
    port: env.SIM_PORT,
    dataDir: env.SIM_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    seed: { seed: env.SEED, scale: env.SEED_SCALE },
    token: env.SIM_TOKEN,
    faults,
  };
}
