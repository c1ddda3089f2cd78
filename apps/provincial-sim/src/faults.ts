// What the simulator does to a call before answering it: latency for every call, and faults on
// demand (errors, hangs, slow answers, a system down or flapping). Decided by a seeded random
// stream so that a test run is repeatable.
import { SYSTEM_CODES, type SystemCode } from "@popfam/sources";
import { z } from "zod";

const Rate = z.number().min(0).max(1);

export const FaultPlan = z
  .object({
    /** Added to every answer, plus up to `jitterMs` more. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    /** Share of calls answered HTTP 503. */
    errorRate: Rate.default(0),
    /** Share of calls that get no answer for `hangMs` (the caller's timeout fires first). */
    timeoutRate: Rate.default(0),
    hangMs: z.number().int().min(0).max(600_000).default(30_000),
    /** Share of calls answered correctly but `slowMs` late. */
    slowRate: Rate.default(0),
    slowMs: z.number().int().min(0).max(600_000).default(1_000),
    /** The system is down: every connection is cut without an answer. */
    down: z.boolean().default(false),
    /** Down and up in turns of this many milliseconds (0: never). */
    flapPeriodMs: z.number().int().min(0).max(600_000).default(0),
  })
  .strict();
export type FaultPlan = z.infer<typeof FaultPlan>;

export const FaultSettings = z
  .object({
    defaults: FaultPlan.partial().optional(),
    systems: z.partialRecord(z.enum(SYSTEM_CODES as [SystemCode, ...SystemCode[]]), FaultPlan.partial()).optional(),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

export type FaultDecision =
  | { kind: "answer"; delayMs: number }
  | { kind: "error"; delayMs: number }
  | { kind: "hang"; delayMs: number }
  | { kind: "cut" };

export class FaultController {
  private settings: FaultSettings = {};
  private readonly startedAt = Date.now();
  private state: number;

  constructor(
    settings: FaultSettings = {},
    private readonly seed = 20211,
  ) {
    this.state = seed;
    this.replace(settings);
  }

  replace(settings: FaultSettings): void {
    this.settings = FaultSettings.parse(settings);
    this.state = this.seed;
  }

  current(): FaultSettings {
    return this.settings;
  }

  planFor(system: SystemCode): FaultPlan {
    return FaultPlan.parse({ ...this.settings.defaults, ...this.settings.systems?.[system] });
  }

  decide(system: SystemCode): FaultDecision {
    const plan = this.planFor(system);
    if (plan.down) return { kind: "cut" };
    if (plan.flapPeriodMs > 0 && Math.floor((Date.now() - this.startedAt) / plan.flapPeriodMs) % 2 === 1) return { kind: "cut" };
    const delayMs = plan.latencyMs + Math.round(plan.jitterMs * this.random());
    const roll = this.random();
    if (roll < plan.errorRate) return { kind: "error", delayMs };
    if (roll < plan.errorRate + plan.timeoutRate) return { kind: "hang", delayMs: plan.hangMs };
    if (roll < plan.errorRate + plan.timeoutRate + plan.slowRate) return { kind: "answer", delayMs: delayMs + plan.slowMs };
    return { kind: "answer", delayMs };
  }

  // mulberry32: small, fast and good enough to spread faults evenly.
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
