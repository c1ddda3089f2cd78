// 托育 rules, pure: each check answers with one reason per condition (code, met, detail in
// Chinese first), as eligibility does, so a county officer sees why, not only whether.
import { addDays, fullMonthsBetween } from "../common/date.js";
import { ruleReason, type RuleReason } from "../common/primitives.js";
import type { ChildcareClass, ClassType, Premises } from "./entities.js";
import { NATIONAL_CHILDCARE_RULES, type ChildcareRules, type ClassStandard } from "./standards.js";

const CLASS_ZH: Record<ClassType, string> = { INFANT: "乳儿班", TODDLER: "托小班", PRESCHOOL: "托大班", MIXED: "混合编班" };

function standardOf(type: ClassType, rules: ChildcareRules): ClassStandard {
  const standard = rules.classes.find((s) => s.classType === type);
  // The tables are code data: a missing class type is a programming error, not a user's.
  if (!standard) throw new Error(`no class standard for ${type}`);
  return standard;
}

const fits = (months: number, s: ClassStandard) => months >= s.minMonths && (s.belowMonths === null || months < s.belowMonths);
const ageRange = (s: ClassStandard) => (s.belowMonths === null ? `${s.minMonths}个月以上` : `${s.minMonths}–${s.belowMonths}个月`);

/** The class types a child of this age in months may join (none under 6 months). */
export function classTypesFor(ageMonths: number, rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): ClassType[] {
  return rules.classes.filter((s) => fits(ageMonths, s)).map((s) => s.classType);
}

/** Whether a child of this age (in months on `on`, from its birth date) fits the class type. */
export function checkAgeFit(birthDate: string, on: string, type: ClassType, rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): RuleReason {
  const months = fullMonthsBetween(birthDate, on);
  const standard = standardOf(type, rules);
  if (fits(months, standard)) return ruleReason("AGE_FITS_CLASS", true, `${months}个月，符合${CLASS_ZH[type]}（${ageRange(standard)}） — ${months} months fits ${type}`);
  const others = classTypesFor(months, rules);
  const detail =
    others.length === 0
      ? `${months}个月，不适合任何班型（最小${Math.min(...rules.classes.map((s) => s.minMonths))}个月） — ${months} months fits no class type`
      : `${months}个月，不符合${CLASS_ZH[type]}（${ageRange(standard)}），可入${others.map((t) => CLASS_ZH[t]).join("、")} — ${months} months does not fit ${type}; fits ${others.join(", ")}`;
  return ruleReason("AGE_FITS_CLASS", false, detail);
}

/**
 * A class as it stands: size within the class type's maximum and places, every child's age
 * fitting the type, and enough 保育人员: ceil(children ÷ children-per-carer).
 */
export function checkClass(
  klass: Pick<ChildcareClass, "type" | "places">,
  childAgesInMonths: readonly number[],
  caregivers: number,
  rules: ChildcareRules = NATIONAL_CHILDCARE_RULES,
): RuleReason[] {
  const standard = standardOf(klass.type, rules);
  const children = childAgesInMonths.length;
  const needed = Math.ceil(children / standard.childrenPerCarer);
  const misfits = childAgesInMonths.filter((months) => !fits(months, standard));
  const limit = Math.min(standard.maxChildren, klass.places);
  return [
    ruleReason(
      "CLASS_SIZE",
      children <= limit,
      `${CLASS_ZH[klass.type]}${children}人，上限${standard.maxChildren}人、托位${klass.places}个 — ${children} children; at most ${standard.maxChildren} (standard) and ${klass.places} places`,
    ),
    ruleReason(
      "CLASS_AGES",
      misfits.length === 0,
      misfits.length === 0
        ? `月龄均符合${ageRange(standard)} — every child fits ${ageRange(standard)}`
        : `${misfits.length}名婴幼儿月龄不符合${ageRange(standard)}（${misfits.join("、")}个月） — ${misfits.length} children outside the class's ages`,
    ),
    ruleReason(
      "STAFF_RATIO",
      caregivers >= needed,
      `保育人员${caregivers}名，${children}人按1:${standard.childrenPerCarer}至少需${needed}名 — ${caregivers} caregivers; ${needed} needed at 1:${standard.childrenPerCarer}`,
    ),
  ];
}

/** 家庭托育点: at most five children, and a carer for at most three of them. */
export function checkHomePoint(children: number, carers: number, rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): RuleReason[] {
  const needed = Math.ceil(children / rules.homePointChildrenPerCarer);
  return [
    ruleReason(
      "HOME_POINT_SIZE",
      children <= rules.homePointMaxChildren,
      `收托${children}人，家庭托育点不超过${rules.homePointMaxChildren}人（超过须按托育机构登记备案） — ${children} children; a home point takes at most ${rules.homePointMaxChildren}`,
    ),
    ruleReason(
      "HOME_POINT_RATIO",
      carers >= needed,
      `照护人员${carers}名，按1:${rules.homePointChildrenPerCarer}至少需${needed}名 — ${carers} carers; ${needed} needed at 1:${rules.homePointChildrenPerCarer}`,
    ),
  ];
}

/** Premises: a lease of at least three years (own premises need none); children's rooms on floor 3 or lower and never below ground. */
export function checkPremises(premises: Premises, rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): RuleReason[] {
  const reasons: RuleReason[] = [];
  if (premises.leaseStartsOn === null || premises.leaseEndsOn === null) {
    reasons.push(ruleReason("LEASE_TERM", true, "自有场地 — own premises"));
  } else {
    // The lease's last day is the day before its anniversary: 2021-01-01..2023-12-31 is three years.
    const [y, m, d] = premises.leaseStartsOn.split("-");
    const anniversary = `${Number(y) + rules.minLeaseYears}-${m}-${d === "29" && m === "02" ? "28" : d}`;
    const lastNeeded = addDays(anniversary, -1);
    reasons.push(
      ruleReason(
        "LEASE_TERM",
        premises.leaseEndsOn >= lastNeeded,
        `租期${premises.leaseStartsOn}至${premises.leaseEndsOn}，不少于${rules.minLeaseYears}年须至${lastNeeded} — lease ${premises.leaseStartsOn}..${premises.leaseEndsOn}; ${rules.minLeaseYears} years run to ${lastNeeded}`,
      ),
    );
  }
  const aboveGround = premises.lowestChildFloor >= 1;
  const lowEnough = premises.highestChildFloor <= rules.highestChildFloor;
  reasons.push(
    ruleReason(
      "CHILD_ROOM_FLOOR",
      aboveGround && lowEnough,
      !aboveGround
        ? `婴幼儿用房在地下（${premises.lowestChildFloor}层） — children's rooms below ground`
        : `婴幼儿用房在${premises.lowestChildFloor}–${premises.highestChildFloor}层，须在${rules.highestChildFloor}层及以下 — children's rooms on floors ${premises.lowestChildFloor}–${premises.highestChildFloor}; at most floor ${rules.highestChildFloor}`,
    ),
  );
  return reasons;
}

/** From 150 children a full-time 保健人员; below that, one full- or part-time. */
export function checkHealthWorkers(children: number, healthWorkers: readonly { fullTime: boolean }[], rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): RuleReason {
  const fullTime = healthWorkers.filter((w) => w.fullTime).length;
  if (children >= rules.fullTimeHealthWorkerFrom) {
    return ruleReason(
      "HEALTH_WORKER",
      fullTime >= 1,
      `收托${children}人（${rules.fullTimeHealthWorkerFrom}人以上），专职保健人员${fullTime}名，至少需1名 — ${children} children need a full-time health worker; ${fullTime} full-time`,
    );
  }
  return ruleReason(
    "HEALTH_WORKER",
    healthWorkers.length >= 1,
    `收托${children}人，保健人员${healthWorkers.length}名（专职或兼职），至少需1名 — ${children} children; ${healthWorkers.length} health workers, at least 1 needed`,
  );
}
