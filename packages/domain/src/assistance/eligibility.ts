// 资格认定 — the eligibility rules of the seven rule families. Every condition yields a reason,
// met or not, so an officer (and a family) can see exactly why a person is or is not eligible.
//
// Conventions shared by every rule:
// - The family is judged as it stood at the end of the year: children born (or, for adopted
//   children, dated by their birth) after 31 December are not counted.
// - Ages are reached in a calendar year (年满N周岁当年): birth year + N <= year.
// - The applicant must be a parent of the family and still in the registry on the day the
//   eligibility starts: an exit (death, moving out) on or before that day fails the rule.
//   For the annual programs the day is 1 January of the year, unless the rule starts later.
// - Dates are ISO strings already checked by the entity schemas, so they compare as strings.
import { formatIsoDate, isLeapYear } from "../common/date.js";
import { ruleReason, type RuleReason } from "../common/primitives.js";
import { validateIdNumber } from "../person/id-number.js";
import type { AssistanceProgram, FamilyChild, FamilyPlanningFamily } from "./entities.js";
import { programEffectiveIn } from "./programs.js";

export interface EligibilityInput {
  program: AssistanceProgram;
  family: FamilyPlanningFamily;
  /** The person assessed: a parent of the family (for the childcare subsidy: a parent, per child under the age). */
  applicant: {
    personId: string | null;
    idNumber: string;
    name: string;
    sex: "MALE" | "FEMALE";
    birthDate: string;
    status: "REGISTERED" | "DECEASED" | "MOVED_OUT";
    exitedOn: string | null;
  };
  year: number;
}

/** A condition of an eligibility rule: the shared rule reason (code, met, detail). */
export type EligibilityReason = RuleReason;

export interface EligibilityResult {
  programCode: string;
  year: number;
  eligible: boolean;
  eligibleFrom: string | null;
  reasons: EligibilityReason[];
}

/** Rule parameters used when a program does not set them. */
export const DEFAULT_RULE_PARAMETERS = Object.freeze({ applicantAge: 60, motherAge: 49, childAgeBelow: 3, maxDisabilityGrade: 3 });

type Parameters = { applicantAge: number; motherAge: number; childAgeBelow: number; maxDisabilityGrade: number };

interface Context {
  input: EligibilityInput;
  params: Parameters;
  year: number;
  yearStart: string;
  yearEnd: string;
  /** The family's children born by the end of the year, eldest first. */
  children: FamilyChild[];
  /** Which parent the applicant is, by ID number; null when neither. */
  role: "MOTHER" | "FATHER" | null;
}

/** A rule's own conditions and the day its eligibility would start. */
interface RuleOutcome {
  reasons: EligibilityReason[];
  startsOn: string;
}

const reason = ruleReason;

const yearOf = (date: string): number => Number(date.slice(0, 4));

const laterOf = (a: string, b: string): string => (a >= b ? a : b);

function firstOfNextMonth(date: string): string {
  const year = yearOf(date);
  const month = Number(date.slice(5, 7));
  return month === 12 ? formatIsoDate(year + 1, 1, 1) : formatIsoDate(year, month + 1, 1);
}

/** The day a person born on `birthDate` completes `years` years; 29 February falls on 1 March in common years. */
export function birthdayOfAge(birthDate: string, years: number): string {
  const year = yearOf(birthDate) + years;
  const monthDay = birthDate.slice(5);
  if (monthDay === "02-29" && !isLeapYear(year)) return formatIsoDate(year, 3, 1);
  return `${String(year).padStart(4, "0")}-${monthDay}`;
}

interface Bilingual {
  zh: string;
  en: string;
}

function describeChild(child: FamilyChild): Bilingual {
  const id = child.personId ? `[${child.personId}]` : "";
  return {
    zh: `${child.birthDate}出生的${child.sex === "FEMALE" ? "女孩" : "男孩"}${id}${child.adopted ? "（收养）" : ""}${child.deceasedOn ? `（${child.deceasedOn}死亡）` : ""}`,
    en: `${child.sex === "FEMALE" ? "daughter" : "son"}${id} born ${child.birthDate}${child.adopted ? " (adopted)" : ""}${child.deceasedOn ? ` (died ${child.deceasedOn})` : ""}`,
  };
}

function describeChildren(children: readonly FamilyChild[], extra: (child: FamilyChild) => Bilingual = () => ({ zh: "", en: "" })): Bilingual {
  const parts = children.map((c) => {
    const d = describeChild(c);
    const e = extra(c);
    return { zh: d.zh + e.zh, en: d.en + e.en };
  });
  return { zh: parts.map((p) => p.zh).join("、"), en: parts.map((p) => p.en).join("; ") };
}

function effectiveParameters(program: AssistanceProgram): Parameters {
  const p = program.parameters;
  return {
    applicantAge: p.applicantAge ?? DEFAULT_RULE_PARAMETERS.applicantAge,
    motherAge: p.motherAge ?? DEFAULT_RULE_PARAMETERS.motherAge,
    childAgeBelow: p.childAgeBelow ?? DEFAULT_RULE_PARAMETERS.childAgeBelow,
    maxDisabilityGrade: p.maxDisabilityGrade ?? DEFAULT_RULE_PARAMETERS.maxDisabilityGrade,
  };
}

// ---- conditions shared by several rules ----

function applicantIsParent(ctx: Context): EligibilityReason {
  const { role } = ctx;
  if (role === "MOTHER") return reason("APPLICANT_IS_PARENT", true, "申请人为该家庭的母亲 — the applicant is the family's mother");
  if (role === "FATHER") return reason("APPLICANT_IS_PARENT", true, "申请人为该家庭的父亲 — the applicant is the family's father");
  return reason("APPLICANT_IS_PARENT", false, "申请人身份证号码与该家庭父母均不符 — the applicant's ID number is neither parent's");
}

function applicantInRegistry(ctx: Context, onDate: string): EligibilityReason {
  const { status, exitedOn } = ctx.input.applicant;
  const left = status === "DECEASED" ? { zh: "死亡", en: "died" } : { zh: "注销（迁出）", en: "left the registry" };
  if (exitedOn !== null) {
    // An exit takes effect on its day: someone who exits on the day eligibility starts never had it.
    return exitedOn > onDate
      ? reason("APPLICANT_IN_REGISTRY", true, `申请人${onDate}在册（${exitedOn}${left.zh}） — the applicant is in the registry on ${onDate} (${left.en} ${exitedOn})`)
      : reason("APPLICANT_IN_REGISTRY", false, `申请人已于${exitedOn}${left.zh}，${onDate}不在册 — the applicant ${left.en} on ${exitedOn}, not in the registry on ${onDate}`);
  }
  if (status === "REGISTERED") return reason("APPLICANT_IN_REGISTRY", true, `申请人${onDate}在册 — the applicant is in the registry on ${onDate}`);
  // A death or move without a date cannot be placed after the start, so it fails.
  return reason("APPLICANT_IN_REGISTRY", false, `申请人已${left.zh}（日期不详） — the applicant ${left.en} (date unknown)`);
}

function applicantAgeReached(ctx: Context): EligibilityReason {
  const { birthDate } = ctx.input.applicant;
  const age = ctx.params.applicantAge;
  const reachYear = yearOf(birthDate) + age;
  const met = reachYear <= ctx.year;
  return reason(
    "APPLICANT_AGE_REACHED",
    met,
    `申请人${birthDate}出生，${reachYear}年满${age}周岁${met ? "" : "，本年度未满"} — born ${birthDate}, reaches ${age} in ${reachYear}${met ? "" : `, not by ${ctx.year}`}`,
  );
}

function motherAgeReached(ctx: Context): EligibilityReason {
  const age = ctx.params.motherAge;
  const decoded = validateIdNumber(ctx.input.family.motherIdNumber);
  if (!decoded.valid) {
    return reason("MOTHER_AGE_REACHED", false, `母亲身份证号码无效，无法确定年龄 — the mother's ID number is invalid, her age is unknown (${decoded.problem})`);
  }
  const reachYear = yearOf(decoded.birthDate) + age;
  const met = reachYear <= ctx.year;
  return reason(
    "MOTHER_AGE_REACHED",
    met,
    `母亲${decoded.birthDate}出生，${reachYear}年满${age}周岁${met ? "" : "，本年度未满"} — the mother was born ${decoded.birthDate}, reaches ${age} in ${reachYear}${met ? "" : `, not by ${ctx.year}`}`,
  );
}

function onlyChildCertificate(ctx: Context): EligibilityReason {
  return ctx.input.family.onlyChildCertificate
    ? reason("ONLY_CHILD_CERTIFICATE", true, "持有独生子女父母光荣证 — holds the only-child parents' certificate")
    : reason("ONLY_CHILD_CERTIFICATE", false, "未持有独生子女父母光荣证 — does not hold the only-child parents' certificate");
}

const HUKOU_LABEL = { RURAL: { zh: "农业户口", en: "rural hukou" }, URBAN: { zh: "非农业户口", en: "urban hukou" } } as const;

function hukou(ctx: Context, wanted: "RURAL" | "URBAN"): EligibilityReason {
  const actual = HUKOU_LABEL[ctx.input.family.hukouType];
  const required = HUKOU_LABEL[wanted];
  return actual === required
    ? reason(`HUKOU_${wanted}`, true, `${actual.zh} — ${actual.en}`)
    : reason(`HUKOU_${wanted}`, false, `${actual.zh}，本项目要求${required.zh} — ${actual.en}; the program requires ${required.en}`);
}

/** One child only (born or adopted) by the end of the year. */
function oneChild(ctx: Context): EligibilityReason {
  const n = ctx.children.length;
  const listed = describeChildren(ctx.children);
  if (n === 1) return reason("ONE_CHILD", true, `只有一个子女：${listed.zh} — one child only: ${listed.en}`);
  if (n === 0) return reason("ONE_CHILD", false, "无子女记录 — no child on record");
  return reason("ONE_CHILD", false, `有${n}个子女：${listed.zh} — ${n} children, not an only child: ${listed.en}`);
}

function childDisabilityGrade(ctx: Context, child: FamilyChild | undefined): EligibilityReason {
  const max = ctx.params.maxDisabilityGrade;
  const grade = child?.disabilityGrade ?? null;
  if (grade === null) return reason("CHILD_DISABILITY_GRADE", false, "子女无残疾等级记录 — the child has no disability grade");
  const met = grade <= max;
  return reason(
    "CHILD_DISABILITY_GRADE",
    met,
    met
      ? `子女残疾等级${grade}级（${max}级及以上） — the child's disability grade ${grade} is within grades 1–${max}`
      : `子女残疾等级${grade}级，低于${max}级 — the child's disability grade ${grade} is outside grades 1–${max}`,
  );
}

// ---- the rule families ----

function ruralReward(ctx: Context): RuleOutcome {
  const { children } = ctx;
  const daughters = children.filter((c) => c.sex === "FEMALE").length;
  const listed = describeChildren(children);
  let childrenReason: EligibilityReason;
  if (children.length === 1) {
    childrenReason = reason("ONE_CHILD_OR_TWO_DAUGHTERS", true, `一个子女：${listed.zh} — one child: ${listed.en}`);
  } else if (children.length === 2 && daughters === 2) {
    childrenReason = reason("ONE_CHILD_OR_TWO_DAUGHTERS", true, `两个女孩（双女家庭）：${listed.zh} — two daughters: ${listed.en}`);
  } else if (children.length === 0) {
    childrenReason = reason("ONE_CHILD_OR_TWO_DAUGHTERS", false, "无子女记录 — no child on record");
  } else {
    childrenReason = reason(
      "ONE_CHILD_OR_TWO_DAUGHTERS",
      false,
      `${children.length}个子女，既非一孩也非双女：${listed.zh} — ${children.length} children, neither one child nor two daughters: ${listed.en}`,
    );
  }
  const complied = ctx.input.family.compliedWithPolicy;
  return {
    reasons: [
      hukou(ctx, "RURAL"),
      childrenReason,
      reason(
        "COMPLIED_WITH_POLICY",
        complied,
        complied ? "未违反计划生育政策生育 — no birth outside the policy" : "有违反计划生育政策生育 — a birth outside the policy",
      ),
      applicantAgeReached(ctx),
    ],
    // Paid for the whole year in which the age is reached (年满60周岁当年起).
    startsOn: ctx.yearStart,
  };
}

function specialAssistanceDeath(ctx: Context): RuleOutcome {
  const only = ctx.children[0];
  const diedOn = only?.deceasedOn ?? null;
  const died = diedOn !== null && diedOn <= ctx.yearEnd;
  // "Only child" means no sibling born by the time of the death; a child born after it is a
  // further birth (再生育), which the NO_LIVING_CHILD condition reports.
  const siblingsBefore = ctx.children.slice(1).filter((c) => c.birthDate <= (died ? (diedOn as string) : ctx.yearEnd));
  const living = ctx.children.filter((c) => c.deceasedOn === null || c.deceasedOn > ctx.yearEnd);
  const before = only === undefined ? null : describeChildren([only, ...siblingsBefore]);
  const onlyChildReason =
    before === null
      ? reason("ONE_CHILD", false, "无子女记录 — no child on record")
      : siblingsBefore.length === 0
        ? reason("ONE_CHILD", true, `只有一个子女：${before.zh} — one child only: ${before.en}`)
        : reason("ONE_CHILD", false, `有${siblingsBefore.length + 1}个子女：${before.zh} — ${siblingsBefore.length + 1} children, not an only child: ${before.en}`);
  const livingListed = describeChildren(living);
  // The month after the death is the first month paid.
  const startsOn = died ? laterOf(ctx.yearStart, firstOfNextMonth(diedOn as string)) : ctx.yearStart;
  return {
    reasons: [
      onlyChildReason,
      died
        ? reason("CHILD_DECEASED", true, `独生子女于${diedOn}死亡 — the only child died on ${diedOn}`)
        : reason("CHILD_DECEASED", false, `独生子女在${ctx.yearEnd}前无死亡记录 — no death of the only child by ${ctx.yearEnd}`),
      living.length === 0
        ? reason("NO_LIVING_CHILD", true, "现无存活子女（未再生育或收养，或其后子女亦已死亡） — no living child (no further birth or adoption, or that child died too)")
        : reason("NO_LIVING_CHILD", false, `现有存活子女：${livingListed.zh} — a living child: ${livingListed.en}`),
      motherAgeReached(ctx),
      startsOn <= ctx.yearEnd
        ? reason("ASSISTANCE_STARTS_IN_YEAR", true, `自${startsOn}起享受 — paid from ${startsOn}`)
        : reason("ASSISTANCE_STARTS_IN_YEAR", false, `自${startsOn}起享受，不在本年度 — paid from ${startsOn}, after the year`),
    ],
    startsOn,
  };
}

function specialAssistanceDisability(ctx: Context): RuleOutcome {
  const only = ctx.children[0];
  // A death during the year moves the family to the death program through an exit; the
  // disability rule looks at 1 January.
  const alive = only !== undefined && (only.deceasedOn === null || only.deceasedOn > ctx.yearStart);
  return {
    reasons: [
      oneChild(ctx),
      alive
        ? reason("CHILD_LIVING", true, `独生子女${ctx.yearStart}健在 — the only child is living on ${ctx.yearStart}`)
        : reason("CHILD_LIVING", false, only ? `独生子女已于${only.deceasedOn}死亡 — the only child died on ${only.deceasedOn}` : "无子女记录 — no child on record"),
      childDisabilityGrade(ctx, only),
      motherAgeReached(ctx),
    ],
    startsOn: ctx.yearStart,
  };
}

function retireeOneTimeReward(ctx: Context): RuleOutcome {
  const { family, applicant } = ctx.input;
  const asFather = ctx.role === "FATHER" || (ctx.role === null && applicant.sex === "MALE");
  const retiredOn = asFather ? family.fatherRetiredOn : family.motherRetiredOn;
  const inYear = retiredOn !== null && retiredOn >= ctx.yearStart && retiredOn <= ctx.yearEnd;
  const detail =
    retiredOn === null
      ? "无退休记录 — no retirement on record"
      : inYear
        ? `于${retiredOn}退休 — retired on ${retiredOn}`
        : `于${retiredOn}退休，不在${ctx.year}年 — retired on ${retiredOn}, not in ${ctx.year}`;
  return {
    reasons: [onlyChildCertificate(ctx), reason("RETIRED_IN_YEAR", inYear, detail)],
    startsOn: inYear ? (retiredOn as string) : ctx.yearStart,
  };
}

function onlyChildParentOldAgeReward(ctx: Context): RuleOutcome {
  const { birthDate } = ctx.input.applicant;
  const age = ctx.params.applicantAge;
  const birthday = birthdayOfAge(birthDate, age);
  const inYear = yearOf(birthday) === ctx.year;
  return {
    reasons: [
      onlyChildCertificate(ctx),
      // Rural parents are covered by the rural reward instead.
      hukou(ctx, "URBAN"),
      reason(
        "APPLICANT_AGE_IN_YEAR",
        inYear,
        inYear
          ? `申请人于${birthday}年满${age}周岁 — the applicant turns ${age} on ${birthday}`
          : `申请人于${birthday}年满${age}周岁，不在${ctx.year}年 — the applicant turns ${age} on ${birthday}, not in ${ctx.year}`,
      ),
    ],
    startsOn: inYear ? birthday : ctx.yearStart,
  };
}

function onlyChildAccidentGrant(ctx: Context): RuleOutcome {
  const only = ctx.children[0];
  const max = ctx.params.maxDisabilityGrade;
  const diedOn = only?.deceasedOn ?? null;
  let event: EligibilityReason;
  let startsOn = ctx.yearStart;
  if (only === undefined) {
    event = reason("CHILD_DECEASED_OR_DISABLED", false, "无子女记录 — no child on record");
  } else if (diedOn !== null && diedOn >= ctx.yearStart && diedOn <= ctx.yearEnd) {
    event = reason("CHILD_DECEASED_OR_DISABLED", true, `独生子女于${diedOn}死亡 — the only child died on ${diedOn}`);
    startsOn = diedOn;
  } else if (diedOn !== null && diedOn < ctx.yearStart) {
    event = reason("CHILD_DECEASED_OR_DISABLED", false, `独生子女于${diedOn}死亡，不在${ctx.year}年 — the only child died on ${diedOn}, before ${ctx.year}`);
  } else if (only.disabilityGrade !== null && only.disabilityGrade <= max) {
    // Payable in any year while the grade stands; paying it once is the roster's job.
    event = reason("CHILD_DECEASED_OR_DISABLED", true, `独生子女残疾等级${only.disabilityGrade}级 — the only child has disability grade ${only.disabilityGrade}`);
  } else {
    event = reason(
      "CHILD_DECEASED_OR_DISABLED",
      false,
      `独生子女在${ctx.year}年未死亡，且无${max}级及以上残疾 — the only child neither died in ${ctx.year} nor has a disability of grades 1–${max}`,
    );
  }
  return { reasons: [oneChild(ctx), event], startsOn };
}

function childcareSubsidy(ctx: Context): RuleOutcome {
  const counted = childcareMonthsByChild(ctx.input.family, ctx.year, ctx.params.childAgeBelow).filter((c) => c.months.length > 0);
  const age = ctx.params.childAgeBelow;
  if (counted.length === 0) {
    return {
      reasons: [reason("CHILD_UNDER_AGE", false, `${ctx.year}年无未满${age}周岁的存活子女 — no living child under ${age} in ${ctx.year}`)],
      startsOn: ctx.yearStart,
    };
  }
  const months = new Map(counted.map((c) => [c.child, c.months.length]));
  const listed = describeChildren(
    counted.map((c) => c.child),
    (child) => ({ zh: `，${months.get(child)}个月`, en: `, ${months.get(child)} months` }),
  );
  const firstBirth = counted.map((c) => c.child.birthDate).sort()[0] as string;
  return {
    reasons: [reason("CHILD_UNDER_AGE", true, `${ctx.year}年未满${age}周岁的子女：${listed.zh} — children under ${age} in ${ctx.year}: ${listed.en}`)],
    startsOn: laterOf(ctx.yearStart, firstBirth),
  };
}

const RULES: Record<AssistanceProgram["rule"], (ctx: Context) => RuleOutcome> = {
  RURAL_REWARD: ruralReward,
  SPECIAL_ASSISTANCE_DEATH: specialAssistanceDeath,
  SPECIAL_ASSISTANCE_DISABILITY: specialAssistanceDisability,
  RETIREE_ONE_TIME_REWARD: retireeOneTimeReward,
  ONLY_CHILD_PARENT_OLD_AGE_REWARD: onlyChildParentOldAgeReward,
  ONLY_CHILD_ACCIDENT_GRANT: onlyChildAccidentGrant,
  CHILDCARE_SUBSIDY: childcareSubsidy,
};

const periodOf = (program: AssistanceProgram): string => `${program.effectiveFrom}–${program.effectiveTo ?? ""}`;

/**
 * The program's in-force window against the day eligibility starts. An annual program that
 * starts mid-year pays from its own start; a one-time event must fall inside the window.
 * Returns the adjusted start and, when the window is missed, the unmet reason.
 */
function withinProgramWindow(program: AssistanceProgram, startsOn: string): { startsOn: string; unmet: EligibilityReason | null } {
  const adjusted = program.schedule === "ANNUAL" ? laterOf(startsOn, program.effectiveFrom) : startsOn;
  const before = adjusted < program.effectiveFrom;
  const after = program.effectiveTo !== null && adjusted > program.effectiveTo;
  if (!before && !after) return { startsOn: adjusted, unmet: null };
  const window = periodOf(program);
  return {
    startsOn: adjusted,
    unmet: reason("PROGRAM_NOT_IN_FORCE", false, `${adjusted}不在项目施行期（${window}）内 — ${adjusted} is outside the program's period ${window}`),
  };
}

/** 资格评估 — judges one applicant of a family for a program and year; eligible when every reason is met. */
export function assessEligibility(input: EligibilityInput): EligibilityResult {
  const { program, family, applicant, year } = input;
  if (!programEffectiveIn(program, year)) {
    const window = periodOf(program);
    return {
      programCode: program.code,
      year,
      eligible: false,
      eligibleFrom: null,
      reasons: [reason("PROGRAM_NOT_IN_FORCE", false, `${program.nameZh}在${year}年未施行（${window}） — the program is not in force in ${year} (${window})`)],
    };
  }
  const yearStart = formatIsoDate(year, 1, 1);
  const yearEnd = formatIsoDate(year, 12, 31);
  const ctx: Context = {
    input,
    params: effectiveParameters(program),
    year,
    yearStart,
    yearEnd,
    children: family.children.filter((c) => c.birthDate <= yearEnd).sort((a, b) => (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0)),
    role: applicant.idNumber === family.motherIdNumber ? "MOTHER" : applicant.idNumber === family.fatherIdNumber ? "FATHER" : null,
  };
  const outcome = RULES[program.rule](ctx);
  const window = withinProgramWindow(program, outcome.startsOn);
  const reasons = [applicantIsParent(ctx), ...outcome.reasons, applicantInRegistry(ctx, window.startsOn)];
  if (window.unmet) reasons.push(window.unmet);
  const eligible = reasons.every((r) => r.met);
  return { programCode: program.code, year, eligible, eligibleFrom: eligible ? window.startsOn : null, reasons };
}

/** Months (1–12) of a year in which one child counts for the childcare subsidy. */
export interface ChildcareMonths {
  child: FamilyChild;
  months: number[];
}

const monthIndex = (date: string): number => yearOf(date) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * 育儿补贴月数 — per child, the months of the year that count. A month counts when the child
 * was born in it or before and turns `childAgeBelow` in a later month, and was alive on its
 * first day (or born within it). So every child counts exactly `childAgeBelow` × 12 months,
 * from the month of birth to the month before the birthday, whatever the day of birth.
 */
export function childcareMonthsByChild(family: Pick<FamilyPlanningFamily, "children">, year: number, childAgeBelow: number): ChildcareMonths[] {
  return family.children.map((child) => {
    const born = monthIndex(child.birthDate);
    // Month arithmetic, not the birthday: a 29 February child still counts 36 months.
    const ageMonth = born + childAgeBelow * 12;
    const months: number[] = [];
    for (let month = 1; month <= 12; month++) {
      const index = year * 12 + month - 1;
      if (index < born || index >= ageMonth) continue;
      const firstDay = formatIsoDate(year, month, 1);
      if (child.deceasedOn !== null && child.deceasedOn <= firstDay && index !== born) continue;
      months.push(month);
    }
    return { child, months };
  });
}

/** 育儿补贴月数合计 — the child-months of the year (two children under the age count twice). */
export function childcareMonths(family: Pick<FamilyPlanningFamily, "children">, year: number, childAgeBelow: number): number {
  return childcareMonthsByChild(family, year, childAgeBelow).reduce((sum, c) => sum + c.months.length, 0);
}
