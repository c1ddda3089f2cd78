import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { Region, RegionCode, ancestorCodesOf, isWithinRegion, parentCodeOf, regionLevelOf, regionPrefix } from "./region.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe("RegionCode", () => {
  it("accepts 6, 9 and 12 digits", () => {
    for (const c of ["320000", "320700", "320722", "320722101", "320722101001"]) {
      expect(RegionCode.safeParse(c).success).toBe(true);
    }
  });
  it("rejects other shapes", () => {
    for (const c of ["", "32", "3207221", "32072210", "32072210100", "3207221010011", "32072a", " 320722"]) {
      expect(RegionCode.safeParse(c).success).toBe(false);
    }
  });
});

describe("regionLevelOf", () => {
  it("reads the level from length and trailing zeros", () => {
    expect(regionLevelOf("320000")).toBe("PROVINCE");
    expect(regionLevelOf("320700")).toBe("CITY");
    expect(regionLevelOf("320722")).toBe("COUNTY");
    expect(regionLevelOf("320722101")).toBe("TOWNSHIP");
    expect(regionLevelOf("320722101001")).toBe("VILLAGE");
  });
  it("throws INVALID_REGION_CODE on a bad shape", () => {
    expect(codeOf(() => regionLevelOf("3207"))).toBe("INVALID_REGION_CODE");
    expect(codeOf(() => regionLevelOf("000000"))).toBe("INVALID_REGION_CODE");
  });
});

describe("tree navigation", () => {
  it("finds parents", () => {
    expect(parentCodeOf("320722101001")).toBe("320722101");
    expect(parentCodeOf("320722101")).toBe("320722");
    expect(parentCodeOf("320722")).toBe("320700");
    expect(parentCodeOf("320700")).toBe("320000");
    expect(parentCodeOf("320000")).toBeNull();
  });
  it("lists ancestors root first", () => {
    expect(ancestorCodesOf("320722101001")).toEqual(["320000", "320700", "320722", "320722101"]);
    expect(ancestorCodesOf("320722")).toEqual(["320000", "320700"]);
    expect(ancestorCodesOf("320000")).toEqual([]);
  });
  it("gives the significant prefix", () => {
    expect(regionPrefix("320000")).toBe("32");
    expect(regionPrefix("320700")).toBe("3207");
    expect(regionPrefix("320722")).toBe("320722");
    expect(regionPrefix("320722101")).toBe("320722101");
    expect(regionPrefix("320722101001")).toBe("320722101001");
  });
  it("tests containment by prefix", () => {
    expect(isWithinRegion("320722101001", "320722")).toBe(true);
    expect(isWithinRegion("320722101001", "320000")).toBe(true);
    expect(isWithinRegion("320722", "320700")).toBe(true);
    expect(isWithinRegion("320722", "320722")).toBe(true);
    expect(isWithinRegion("320404", "320700")).toBe(false);
    expect(isWithinRegion("320722102001", "320722101")).toBe(false);
    expect(isWithinRegion("320000", "320700")).toBe(false);
    expect(isWithinRegion("320700", "320722")).toBe(false);
  });
});

describe("Region", () => {
  it("parses a region row", () => {
    const r = Region.parse({ code: "320722", name: "东海县", level: "COUNTY", parentCode: "320700" });
    expect(r.code).toBe("320722");
    expect(Region.safeParse({ code: "320000", name: "", level: "PROVINCE", parentCode: null }).success).toBe(false);
  });
});
