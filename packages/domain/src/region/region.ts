import { z } from "zod";
import { DomainError } from "../errors.js";

/** 行政区划级别 — administrative level: 省 / 市 / 县区 / 乡镇街道 / 村社区. */
export const RegionLevel = z
  .enum(["PROVINCE", "CITY", "COUNTY", "TOWNSHIP", "VILLAGE"])
  .describe("行政区划级别（省/市/县区/乡镇街道/村社区） — administrative level");
export type RegionLevel = z.infer<typeof RegionLevel>;

const REGION_CODE_SHAPE = /^(\d{6}|\d{9}|\d{12})$/;

/**
 * 行政区划代码 — region code.
 *
 * Pitfalls:
 * - Six digits are GB/T 2260 codes: `xx0000` is a province, `xxxx00` a city, anything else a
 *   county (县/区/县级市). Nine-digit township and twelve-digit village codes come from the
 *   statistical division code (统计用区划代码), which extends the county code.
 * - This schema checks the shape only. Whether the code exists (codes are retired and reissued
 *   when divisions change) is checked against the region table by the data layer.
 * - Never pad a code to 12 digits with zeros to compare it: roll up by `regionPrefix` instead.
 */
export const RegionCode = z
  .string()
  .regex(REGION_CODE_SHAPE, { message: "region code must be 6, 9 or 12 digits" })
  .brand<"RegionCode">()
  .describe("行政区划代码（6位县级以上，9位乡镇街道，12位村社区） — region code (6, 9 or 12 digits)");
export type RegionCode = z.infer<typeof RegionCode>;

export function isRegionCodeShape(code: string): boolean {
  return REGION_CODE_SHAPE.test(code);
}

function assertShape(code: string): void {
  if (!REGION_CODE_SHAPE.test(code)) {
    throw new DomainError("INVALID_REGION_CODE", `"${code}" is not a region code: expected 6, 9 or 12 digits`, "regionCode");
  }
}

/** The level a code denotes, from its length and trailing zeros. */
export function regionLevelOf(code: string): RegionLevel {
  assertShape(code);
  if (code.length === 12) return "VILLAGE";
  if (code.length === 9) return "TOWNSHIP";
  // "000000" has no province digits; it is not a region.
  if (code.startsWith("00")) {
    throw new DomainError("INVALID_REGION_CODE", `"${code}" is not a region code: province digits are 00`, "regionCode");
  }
  if (code.endsWith("0000")) return "PROVINCE";
  if (code.endsWith("00")) return "CITY";
  return "COUNTY";
}

/** The code of the region directly above, or null for a province. */
export function parentCodeOf(code: string): string | null {
  switch (regionLevelOf(code)) {
    case "VILLAGE":
      return code.slice(0, 9);
    case "TOWNSHIP":
      return code.slice(0, 6);
    case "COUNTY":
      return `${code.slice(0, 4)}00`;
    case "CITY":
      return `${code.slice(0, 2)}0000`;
    case "PROVINCE":
      return null;
  }
}

/**
 * Codes of every region above `code`, root (province) first, excluding `code` itself.
 * Municipality districts (e.g. 110105) get their `xx xx 00` city code even though some
 * municipalities have no city-level row; the data layer skips codes absent from its table.
 */
export function ancestorCodesOf(code: string): string[] {
  const ancestors: string[] = [];
  let parent = parentCodeOf(code);
  while (parent !== null) {
    ancestors.unshift(parent);
    parent = parentCodeOf(parent);
  }
  return ancestors;
}

const PREFIX_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 2,
  CITY: 4,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
};

/** The significant prefix of a code: every region below it starts with these characters. */
export function regionPrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[regionLevelOf(code)]);
}

/** True when `code` is `ancestorOrSelf` or lies below it in the region tree. */
export function isWithinRegion(code: string, ancestorOrSelf: string): boolean {
  regionLevelOf(code);
  // Prefix, not the full code: "320700" must contain "320722", which does not start with "320700".
  return code.startsWith(regionPrefix(ancestorOrSelf));
}

/** 行政区划 — a region of the administrative tree. */
export const Region = z
  .object({
    code: RegionCode.describe("行政区划代码 — region code"),
    name: z.string().min(1).describe("名称 — name"),
    level: RegionLevel.describe("级别 — level"),
    parentCode: RegionCode.nullable().describe("上级区划代码（省为空） — parent region code (null for a province)"),
  })
  .describe("行政区划 — administrative region");
export type Region = z.infer<typeof Region>;
