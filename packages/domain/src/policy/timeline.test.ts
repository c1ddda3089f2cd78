import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { BIRTH_POLICY_TIMELINE, isBirthPolicyConforming, policyInForceOn } from "./timeline.js";

describe("BIRTH_POLICY_TIMELINE", () => {
  it("is ordered by effective date", () => {
    const dates = BIRTH_POLICY_TIMELINE.map((p) => p.effectiveFrom);
    expect([...dates].sort()).toEqual(dates);
    expect(BIRTH_POLICY_TIMELINE.map((p) => p.code)).toEqual(["ONE_CHILD", "UNIVERSAL_TWO_CHILD", "THREE_CHILD"]);
  });
});

describe("policyInForceOn", () => {
  it("switches on the boundary dates", () => {
    expect(policyInForceOn("1985-06-01").code).toBe("ONE_CHILD");
    expect(policyInForceOn("2015-12-31").code).toBe("ONE_CHILD");
    expect(policyInForceOn("2016-01-01").code).toBe("UNIVERSAL_TWO_CHILD");
    expect(policyInForceOn("2021-05-30").code).toBe("UNIVERSAL_TWO_CHILD");
    expect(policyInForceOn("2021-05-31").code).toBe("THREE_CHILD");
    expect(policyInForceOn("2030-01-01").allowedChildren).toBe(3);
  });
  it("refuses a non-date with INVALID_DATE", () => {
    expect(() => policyInForceOn("2021-02-30")).toThrow(DomainError);
    try {
      policyInForceOn("2021-02-30");
    } catch (e) {
      expect((e as DomainError).code).toBe("INVALID_DATE");
    }
  });
});

describe("isBirthPolicyConforming", () => {
  it("judges a second child at the two-child boundary", () => {
    expect(isBirthPolicyConforming({ birthDate: "2015-12-31", birthOrder: 2, approved: false }).conforming).toBe(false);
    expect(isBirthPolicyConforming({ birthDate: "2016-01-01", birthOrder: 2, approved: false }).conforming).toBe(true);
  });
  it("judges a third child at the three-child boundary", () => {
    const before = isBirthPolicyConforming({ birthDate: "2021-05-30", birthOrder: 3, approved: false });
    expect(before.conforming).toBe(false);
    expect(before.policy.code).toBe("UNIVERSAL_TWO_CHILD");
    const after = isBirthPolicyConforming({ birthDate: "2021-05-31", birthOrder: 3, approved: false });
    expect(after.conforming).toBe(true);
    expect(after.policy.code).toBe("THREE_CHILD");
  });
  it("accepts a first child under every policy", () => {
    for (const birthDate of ["1990-01-01", "2016-06-01", "2022-01-01"]) {
      expect(isBirthPolicyConforming({ birthDate, birthOrder: 1, approved: false }).conforming).toBe(true);
    }
  });
  it("accepts births beyond the policy when approved, and says why", () => {
    const r = isBirthPolicyConforming({ birthDate: "2022-03-01", birthOrder: 4, approved: true });
    expect(r.conforming).toBe(true);
    expect(r.reason).toContain("再生育审批");
    const refused = isBirthPolicyConforming({ birthDate: "2022-03-01", birthOrder: 4, approved: false });
    expect(refused.conforming).toBe(false);
    expect(refused.reason).toContain("未经审批");
  });
});
