import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { allocateFen, formatYuan, prorateFen, sumFen, yuanToFen } from "./money.js";

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("yuanToFen", () => {
  it.each([
    ["960", 96_000],
    ["960.5", 96_050],
    ["960.50", 96_050],
    ["960.05", 96_005],
    ["1,234.56", 123_456],
    ["1,234,567", 123_456_700],
    ["0", 0],
    ["0.01", 1],
    ["  7080 ", 708_000],
    ["90071992547409.91", Number.MAX_SAFE_INTEGER],
  ])("parses %s as %i fen", (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it("is exact where float arithmetic is not (0.1 + 0.2)", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(yuanToFen("0.1") + yuanToFen("0.2")).toBe(yuanToFen("0.3"));
    expect(yuanToFen("1.15")).toBe(115); // 1.15 * 100 is 114.99999999999999 in floats
    expect(yuanToFen("4.35")).toBe(435);
  });

  it("refuses negatives, more than two decimals and malformed text, naming the field", () => {
    for (const text of ["-1", "1.234", "0.001", "1,23.00", "12,34", "1.", ".5", "", "abc", "1e3", "¥5"]) {
      const error = refusal(() => yuanToFen(text));
      expect(error.code, text).toBe("INVALID_INPUT");
      expect(error.field).toBe("amount");
    }
    expect(refusal(() => yuanToFen("-5")).message).toMatch(/negative/);
    expect(refusal(() => yuanToFen("5.123")).message).toMatch(/two decimals/);
  });

  it("refuses an amount past the largest exact fen", () => {
    expect(refusal(() => yuanToFen("90071992547409.92")).message).toMatch(/too large/);
  });
});

describe("formatYuan", () => {
  it.each([
    [0, "0.00元"],
    [1, "0.01元"],
    [10, "0.10元"],
    [100, "1.00元"],
    [96_000, "960.00元"],
    [123_456, "1,234.56元"],
    [100_000_000, "1,000,000.00元"],
    [Number.MAX_SAFE_INTEGER, "90,071,992,547,409.91元"],
    [-123_456, "-1,234.56元"],
  ])("formats %i fen as %s", (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it("round-trips with yuanToFen", () => {
    for (const fen of [0, 1, 99, 100, 101, 999_999, 123_456_789]) expect(yuanToFen(formatYuan(fen).replace("元", ""))).toBe(fen);
  });

  it("refuses a fraction of a fen", () => {
    expect(refusal(() => formatYuan(1.5)).code).toBe("INVALID_INPUT");
  });
});

describe("sumFen", () => {
  it("adds exactly", () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen(new Set([96_000, 708_000]))).toBe(804_000);
  });

  it("refuses a sum past Number.MAX_SAFE_INTEGER", () => {
    expect(sumFen([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(refusal(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).code).toBe("INVALID_INPUT");
  });

  it("refuses fractions and negatives", () => {
    expect(refusal(() => sumFen([0.1, 0.2])).field).toBe("amount");
    expect(refusal(() => sumFen([5, -1])).field).toBe("amount");
    expect(refusal(() => sumFen([Number.NaN])).field).toBe("amount");
  });
});

describe("prorateFen", () => {
  it("is floor(annual × months / 12)", () => {
    expect(prorateFen(96_000, 12)).toBe(96_000);
    expect(prorateFen(96_000, 5)).toBe(40_000);
    expect(prorateFen(96_000, 0)).toBe(0);
    expect(prorateFen(100, 1)).toBe(8); // 8.33… rounds down
    expect(prorateFen(1, 11)).toBe(0);
    expect(prorateFen(0, 7)).toBe(0);
  });

  it("is exact where annual × months passes 2^53", () => {
    // MAX_SAFE_INTEGER × 11 is not representable; the exact floor is.
    expect(prorateFen(Number.MAX_SAFE_INTEGER, 11)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 11n) / 12n));
    expect(prorateFen(Number.MAX_SAFE_INTEGER, 12)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses months outside 0..12 and fractional amounts", () => {
    expect(refusal(() => prorateFen(100, 13)).field).toBe("months");
    expect(refusal(() => prorateFen(100, -1)).field).toBe("months");
    expect(refusal(() => prorateFen(100, 1.5)).field).toBe("months");
    expect(refusal(() => prorateFen(100.5, 1)).field).toBe("annualFen");
  });
});

describe("allocateFen", () => {
  it("splits by largest remainder and always sums to the total", () => {
    expect(allocateFen(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateFen(101, [1, 1, 1])).toEqual([34, 34, 33]);
    expect(allocateFen(10, [3, 7])).toEqual([3, 7]);
    expect(allocateFen(1, [1, 1])).toEqual([1, 0]);
    expect(allocateFen(0, [1, 2])).toEqual([0, 0]);
    expect(allocateFen(5, [0, 1])).toEqual([0, 5]);
    expect(allocateFen(0, [0, 0])).toEqual([0, 0]);
    // Remainders 2/3 and 1/3 of a fen: the larger remainder gets the odd fen.
    expect(allocateFen(2, [1, 2])).toEqual([1, 1]);
    expect(allocateFen(7, [1, 2])).toEqual([2, 5]);
  });

  it("sums exactly for awkward totals and weights", () => {
    const weights = [96_000, 12_000, 6_000, 3_333];
    for (const total of [1, 7, 99_999, 1_234_567, Number.MAX_SAFE_INTEGER]) {
      const parts = allocateFen(total, weights);
      expect(parts.reduce((a, b) => BigInt(a) + BigInt(b), 0n)).toBe(BigInt(total));
      expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
    }
  });

  it("refuses weights that cannot be split over", () => {
    expect(refusal(() => allocateFen(5, [0, 0])).field).toBe("weights");
    expect(refusal(() => allocateFen(5, [1, -1])).field).toBe("weights.1");
    expect(refusal(() => allocateFen(5, [0.5, 0.5])).field).toBe("weights.0");
    expect(refusal(() => allocateFen(5, [])).field).toBe("weights");
    expect(refusal(() => allocateFen(-5, [1])).field).toBe("totalFen");
  });
});
