import { z } from "zod";
import { isIsoDate } from "../common/date.js";
import { DomainError } from "../errors.js";

/** 生育政策代码 — birth policy code. */
export const BirthPolicyCode = z
  .enum(["ONE_CHILD", "UNIVERSAL_TWO_CHILD", "THREE_CHILD"])
  .describe("生育政策（独生子女/全面两孩/三孩） — birth policy");
export type BirthPolicyCode = z.infer<typeof BirthPolicyCode>;

/** 生育政策 — a national birth policy and the number of children it allows. */
export type BirthPolicy = {
  code: BirthPolicyCode;
  nameZh: string;
  /** First day in force, YYYY-MM-DD. */
  effectiveFrom: string;
  allowedChildren: number;
};

/**
 * National birth policies in force, oldest first. Conformity is judged by the policy in force
 * on the birth date.
 *
 * The 2014 单独两孩 relaxation (a second child when one parent is an only child) is not modelled
 * separately: such births count as beyond the one-child policy unless approved (再生育审批),
 * which is how they were recorded. Provincial exceptions likewise go through approvals.
 * ONE_CHILD's effectiveFrom is a floor for the data, not the historical start date.
 */
export const BIRTH_POLICY_TIMELINE: readonly BirthPolicy[] = Object.freeze([
  Object.freeze({ code: "ONE_CHILD", nameZh: "独生子女政策", effectiveFrom: "1900-01-01", allowedChildren: 1 }),
  Object.freeze({ code: "UNIVERSAL_TWO_CHILD", nameZh: "全面两孩政策", effectiveFrom: "2016-01-01", allowedChildren: 2 }),
  Object.freeze({ code: "THREE_CHILD", nameZh: "三孩生育政策", effectiveFrom: "2021-05-31", allowedChildren: 3 }),
] as const satisfies readonly BirthPolicy[]);

/** The policy in force on a date (YYYY-MM-DD). */
export function policyInForceOn(date: string): BirthPolicy {
  if (!isIsoDate(date)) {
    throw new DomainError("INVALID_DATE", `"${date}" is not a calendar date in the form YYYY-MM-DD`, "date");
  }
  let inForce: BirthPolicy | undefined;
  // Dates before the first entry fall back to it: the timeline starts with the strictest policy.
  for (const policy of BIRTH_POLICY_TIMELINE) {
    if (policy.effectiveFrom <= date) inForce = policy;
  }
  const first = BIRTH_POLICY_TIMELINE[0];
  const result = inForce ?? first;
  if (!result) throw new Error("BIRTH_POLICY_TIMELINE is empty");
  return result;
}

export type PolicyConformity = { conforming: boolean; policy: BirthPolicy; reason: string };

/**
 * 政策符合 — whether a birth conforms to the policy in force on its birth date: its order is
 * within the allowed number of children, or a re-birth approval (再生育审批) covers it.
 */
export function isBirthPolicyConforming(input: { birthDate: string; birthOrder: number; approved: boolean }): PolicyConformity {
  const { birthDate, birthOrder, approved } = input;
  if (!Number.isInteger(birthOrder) || birthOrder < 1) {
    throw new DomainError("INVALID_INPUT", `birth order must be a positive integer, got ${birthOrder}`, "birthOrder");
  }
  const policy = policyInForceOn(birthDate);
  if (birthOrder <= policy.allowedChildren) {
    return {
      conforming: true,
      policy,
      reason: `第${birthOrder}孩，${policy.nameZh}允许${policy.allowedChildren}孩 — child ${birthOrder} within the ${policy.allowedChildren} allowed by ${policy.code}`,
    };
  }
  if (approved) {
    return {
      conforming: true,
      policy,
      reason: `第${birthOrder}孩，超出${policy.nameZh}但经再生育审批 — child ${birthOrder} beyond ${policy.code} but covered by a re-birth approval`,
    };
  }
  return {
    conforming: false,
    policy,
    reason: `第${birthOrder}孩，超出${policy.nameZh}允许的${policy.allowedChildren}孩且未经审批 — child ${birthOrder} beyond the ${policy.allowedChildren} allowed by ${policy.code}, not approved`,
  };
}
