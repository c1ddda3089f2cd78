// The primitives every area shares, declared once: the GraphQL inputs, the domain rules and the
// adapters' command schemas all use these, so a bound cannot differ between the layers.
import { z } from "zod";

/** 年度 — a program or statistics year the system can hold. */
export const Year = z.number().int().min(2000).max(2100).describe("年度 — year");
export type Year = z.infer<typeof Year>;

/** 幂等键 — names one command: a retry with the same key writes nothing more. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .describe("幂等键（8–128字符；重试用同一键） — idempotency key: the same key never writes twice");
export type IdempotencyKey = z.infer<typeof IdempotencyKey>;

/** 金额（分） — money is an integer number of fen everywhere; never a float. Sums may pass 2^31. */
export const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe("金额（分） — amount in fen (1/100 yuan)");
export type Fen = z.infer<typeof Fen>;

/** The largest amount one recorded line holds (a 32-bit column: about 21 million yuan). */
export const MAX_LINE_FEN = 2_147_483_647;

/** 一笔金额（分） — what one write records as paid or given: a whole number of fen up to MAX_LINE_FEN. */
export const LineFen = Fen.max(MAX_LINE_FEN).describe("金额（分，单笔） — amount of one line in fen");

/** 发放金额（分） — a payment line pays something: at least one fen. */
export const PaymentFen = LineFen.min(1).describe("发放金额（分，大于0） — amount paid in fen, more than 0");

/** 判定理由 — one condition of a rule, whether it holds, and why (Chinese first): every rule answers with these. */
export const RuleReason = z
  .object({
    code: z.string().describe("条件代码 — condition code"),
    met: z.boolean().describe("是否满足 — whether it holds"),
    detail: z.string().describe("说明 — why, Chinese first"),
  })
  .describe("判定理由 — a rule's condition and its outcome");
export type RuleReason = z.infer<typeof RuleReason>;

export const ruleReason = (code: string, met: boolean, detail: string): RuleReason => ({ code, met, detail });

/** 数据依据 — how well a number in the code tables is sourced (DOMAIN-FACTS: V, S, U). */
export const SourceStatus = z
  .enum(["VERIFIED", "SECONDARY", "UNVERIFIED", "LOCAL_CHOICE"])
  .describe("依据（官方原文已核/仅二手来源/未核实/地方自定） — how the value is sourced");
export type SourceStatus = z.infer<typeof SourceStatus>;
