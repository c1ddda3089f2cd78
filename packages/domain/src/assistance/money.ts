// 金额 — money is an integer number of fen (分). Parsing, sums and splits use integer (BigInt
// where a product could pass 2^53) arithmetic, so 0.1 + 0.2 yuan is exactly 30 fen.
import { DomainError } from "../errors.js";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

// "1234", "1,234" (groups of three only), with up to two decimals.
const YUAN_SHAPE = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

function invalid(message: string, field = "amount"): DomainError {
  return new DomainError("INVALID_INPUT", message, field);
}

function assertFen(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(`金额应为非负整数分 — ${field} must be a non-negative whole number of fen, got ${value}`, field);
  }
}

/** Parses a yuan amount ("960", "960.5", "960.50", "1,234.56") into fen, exactly. */
export function yuanToFen(text: string): number {
  const trimmed = text.trim();
  if (trimmed.startsWith("-")) throw invalid(`金额不能为负 — amount must not be negative: "${text}"`);
  if (/^[\d,]+\.\d{3,}$/.test(trimmed)) throw invalid(`金额最多两位小数（分） — amount has more than two decimals: "${text}"`);
  const m = YUAN_SHAPE.exec(trimmed);
  if (!m) throw invalid(`金额格式无效 — "${text}" is not an amount in yuan such as 1,234.56`);
  const whole = BigInt((m[1] as string).replaceAll(",", ""));
  const fraction = BigInt((m[2] ?? "").padEnd(2, "0"));
  const fen = whole * 100n + fraction;
  if (fen > MAX) throw invalid(`金额过大 — amount "${text}" is too large`);
  return Number(fen);
}

/** Formats fen as yuan with thousands separators and two decimals: 123456 → "1,234.56元". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw invalid(`金额应为整数分 — fen must be a whole number, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${whole}.${cents}元`;
}

/** The exact sum of fen amounts; refuses non-integers and a sum past Number.MAX_SAFE_INTEGER. */
export function sumFen(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    assertFen(value, "amount");
    total += value;
    // Two safe integers add exactly up to 2^54, so an overflow is seen at the step it happens.
    if (!Number.isSafeInteger(total)) throw invalid("金额合计超出可精确表示的范围 — the sum exceeds the largest exact amount");
  }
  return total;
}

/** floor(a × b / c) for non-negative safe integers, exactly. */
function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** A year's amount for `months` whole months: floor(annual × months / 12), exactly. */
export function prorateFen(annualFen: number, months: number): number {
  assertFen(annualFen, "annualFen");
  if (!Number.isInteger(months) || months < 0 || months > 12) {
    throw invalid(`月数应为0–12的整数 — months must be a whole number 0–12, got ${months}`, "months");
  }
  return mulDivFloor(annualFen, months, 12);
}

/**
 * Splits `totalFen` in proportion to `weights` by the largest-remainder method, so the parts sum
 * to the total exactly. Weights are whole numbers (fen, counts, months) so the split is exact;
 * ties go to the earlier weight.
 */
export function allocateFen(totalFen: number, weights: readonly number[]): number[] {
  assertFen(totalFen, "totalFen");
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0) throw invalid(`权重应为非负整数 — weights must be non-negative whole numbers, got ${w}`, `weights.${i}`);
  });
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) {
    if (totalFen === 0) return weights.map(() => 0);
    throw invalid("权重之和为零，无法分配 — cannot split an amount over weights that sum to zero", "weights");
  }
  const total = BigInt(totalFen);
  const shares = weights.map((w) => (total * BigInt(w)) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (total * BigInt(w)) % weightSum }));
  let left = total - shares.reduce((sum, s) => sum + s, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  // Fewer fen are left over than there are weights, so one pass hands them all out.
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}
