// 奖励扶助 — the entities of the rewards-and-assistance system (奖励扶助信息系统): programs and
// their rates (data, per region and date), the family-planning family records eligibility is
// judged on, eligibility decisions, the beneficiary roster, and the payment ledger.
import { z } from "zod";
import { IsoDate } from "../common/date.js";
import { Fen, IdempotencyKey, LineFen, Year } from "../common/primitives.js";
import { IdNumber } from "../person/id-number.js";
import { HukouType, Sex } from "../person/person.js";
import { RegionCode } from "../region/region.js";

/** The code national standards are set under (中华人民共和国, GB/T 2260). */
export const NATIONAL_REGION_CODE = "100000";


/** 扶助项目代码 — national programs have fixed codes; local programs are data with codes of their own. */
export const AssistanceProgramCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{2,63}$/, { message: "program code must be SCREAMING_CASE" })
  .describe("扶助项目代码 — assistance program code");
export type AssistanceProgramCode = z.infer<typeof AssistanceProgramCode>;

/**
 * 资格规则 — the rule families eligibility is judged by. Every program (national or local)
 * names one, with its parameters; a local program is a new row, not new code.
 */
export const EligibilityRule = z
  .enum([
    "RURAL_REWARD",
    "SPECIAL_ASSISTANCE_DISABILITY",
    "SPECIAL_ASSISTANCE_DEATH",
    "RETIREE_ONE_TIME_REWARD",
    "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    "ONLY_CHILD_ACCIDENT_GRANT",
    "CHILDCARE_SUBSIDY",
  ])
  .describe("资格规则 — eligibility rule family");
export type EligibilityRule = z.infer<typeof EligibilityRule>;

/** 发放方式 — paid every year while eligible, or once. */
export const PaymentSchedule = z.enum(["ANNUAL", "ONE_TIME"]).describe("发放方式（按年/一次性） — payment schedule");
export type PaymentSchedule = z.infer<typeof PaymentSchedule>;

/** 扶助项目 — a program: national (set under 100000) or local (set by a province, city or county). */
export const AssistanceProgram = z
  .object({
    code: AssistanceProgramCode,
    nameZh: z.string().min(1).describe("项目名称 — name"),
    nameEn: z.string().min(1).describe("英文名称 — English name"),
    rule: EligibilityRule,
    schedule: PaymentSchedule,
    /** Parameters of the rule family, overriding its defaults (e.g. a local program's age threshold). */
    parameters: z
      .object({
        applicantAge: z.number().int().min(0).max(120).optional().describe("申请人年龄门槛 — the applicant's age threshold"),
        motherAge: z.number().int().min(0).max(120).optional().describe("母亲年龄门槛 — the mother's age threshold"),
        childAgeBelow: z.number().int().min(1).max(18).optional().describe("子女年龄上限（不含） — children below this age"),
        maxDisabilityGrade: z.number().int().min(1).max(4).optional().describe("残疾等级上限（含） — disability grades up to this one"),
      })
      .strict()
      .describe("规则参数 — rule parameters"),
    definedBy: RegionCode.describe("设立地区（100000为国家） — the region that set it up (100000: national)"),
    effectiveFrom: IsoDate.describe("施行日期 — in force from"),
    effectiveTo: IsoDate.nullable().describe("废止日期 — in force until (inclusive); null while in force"),
  })
  .describe("扶助项目 — assistance program");
export type AssistanceProgram = z.infer<typeof AssistanceProgram>;

/** 资金来源 — who pays a rate component. */
export const FundingSource = z.enum(["CENTRAL", "PROVINCIAL", "CITY", "COUNTY"]).describe("资金来源（中央/省/市/县） — funding source");
export type FundingSource = z.infer<typeof FundingSource>;

/**
 * 扶助标准 — one component of a program's rate: the national standard, or a region's top-up.
 * The rate a beneficiary gets is the sum of the components set by the nation and by the regions
 * above (or at) their own, in force on the day.
 */
export const RateComponent = z
  .object({
    programCode: AssistanceProgramCode,
    regionCode: RegionCode.describe("标准制定地区（100000为国家） — the region that set it (100000: national)"),
    fundingSource: FundingSource,
    amountFen: Fen.describe("金额（分；按年项目为每人每年） — amount in fen (per person per year for annual programs)"),
    effectiveFrom: IsoDate.describe("执行日期 — in force from"),
    effectiveTo: IsoDate.nullable().describe("停止日期（含） — in force until (inclusive)"),
  })
  .refine((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom, { path: ["effectiveTo"], message: "effectiveTo must not be before effectiveFrom" })
  .describe("扶助标准 — rate component");
export type RateComponent = z.infer<typeof RateComponent>;

/** 子女 — a child of a family-planning family, as the assistance system records it. */
export const FamilyChild = z
  .object({
    personId: z.string().nullable().describe("人员标识 — person id in the registry"),
    sex: Sex,
    birthDate: IsoDate,
    adopted: z.boolean().describe("收养 — adopted"),
    deceasedOn: IsoDate.nullable().describe("死亡日期 — date of death"),
    disabilityGrade: z.number().int().min(1).max(4).nullable().describe("残疾等级（1–4级） — disability grade (1–4), null if none"),
  })
  .describe("子女 — child");
export type FamilyChild = z.infer<typeof FamilyChild>;

/** 计生家庭档案 — a family-planning family: parents, children and the facts eligibility rests on. */
export const FamilyPlanningFamily = z
  .object({
    id: z.string().min(1),
    regionCode: RegionCode.describe("户籍地区划代码 — hukou region (village)"),
    hukouType: HukouType,
    motherPersonId: z.string().nullable(),
    motherIdNumber: IdNumber,
    fatherPersonId: z.string().nullable(),
    fatherIdNumber: IdNumber.nullable(),
    children: z.array(FamilyChild),
    onlyChildCertificate: z.boolean().describe("独生子女父母光荣证 — holds the only-child parents' certificate"),
    compliedWithPolicy: z.boolean().describe("未违反政策生育 — no birth outside the policy"),
    fatherRetiredOn: IsoDate.nullable().describe("父亲退休日期（企业职工） — father's retirement date"),
    motherRetiredOn: IsoDate.nullable().describe("母亲退休日期（企业职工） — mother's retirement date"),
  })
  .describe("计生家庭档案 — family-planning family");
export type FamilyPlanningFamily = z.infer<typeof FamilyPlanningFamily>;

/** 资格确认状态 */
export const DecisionStatus = z.enum(["CONFIRMED", "REJECTED"]).describe("资格确认结果（确认/不予确认） — decision");
export type DecisionStatus = z.infer<typeof DecisionStatus>;

/** 资格确认 — an officer's decision on one person's eligibility for a program and year. */
export const EligibilityDecision = z
  .object({
    id: z.string().min(1),
    programCode: AssistanceProgramCode,
    year: Year,
    familyId: z.string().min(1),
    personId: z.string().nullable(),
    idNumber: IdNumber,
    regionCode: RegionCode,
    status: DecisionStatus,
    /** The rule's reason codes at the time of the decision (met and unmet). */
    reasons: z.array(z.string()),
    eligibleFrom: IsoDate.nullable().describe("享受起始日期 — eligible from"),
    decidedOn: IsoDate,
    decidedBy: z.string().min(1).describe("确认人 — who decided"),
    idempotencyKey: IdempotencyKey,
  })
  .describe("资格确认 — eligibility decision");
export type EligibilityDecision = z.infer<typeof EligibilityDecision>;

/** 退出原因 */
export const ExitReason = z
  .enum(["DEATH", "MOVED_AWAY", "ADOPTION_CHANGE", "NO_LONGER_ELIGIBLE"])
  .describe("退出原因（死亡/迁出/收养关系变化/不再符合条件） — exit reason");
export type ExitReason = z.infer<typeof ExitReason>;

/** 扶助对象 — a roster entry: a person receiving a program from a date, until an exit. */
export const Beneficiary = z
  .object({
    id: z.string().min(1),
    programCode: AssistanceProgramCode,
    familyId: z.string().min(1),
    personId: z.string().nullable(),
    idNumber: IdNumber,
    name: z.string().min(1).max(50),
    regionCode: RegionCode.describe("户籍地 — hukou region"),
    eligibleFrom: IsoDate,
    exitedOn: IsoDate.nullable().describe("退出日期（当日起不再享受） — exit date: not eligible from this day"),
    exitReason: ExitReason.nullable(),
    decisionId: z.string().nullable(),
  })
  .refine((b) => (b.exitedOn === null) === (b.exitReason === null), { path: ["exitReason"], message: "an exit needs both a date and a reason" })
  .describe("扶助对象 — beneficiary");
export type Beneficiary = z.infer<typeof Beneficiary>;

/** 发放批次 — one payment batch; the ledger is append-only and a batch is written once per key. */
export const PaymentBatch = z
  .object({
    id: z.string().min(1),
    idempotencyKey: IdempotencyKey,
    programCode: AssistanceProgramCode,
    regionCode: RegionCode,
    year: Year,
    paidOn: IsoDate,
    lineCount: z.number().int().min(1),
    totalFen: Fen,
    recordedBy: z.string().min(1),
  })
  .describe("发放批次 — payment batch");
export type PaymentBatch = z.infer<typeof PaymentBatch>;

/** 发放明细 — one line of a batch: an amount paid to a beneficiary. */
export const PaymentLine = z
  .object({
    id: z.string().min(1),
    batchId: z.string().min(1),
    beneficiaryId: z.string().min(1),
    amountFen: LineFen,
  })
  .describe("发放明细 — payment line");
export type PaymentLine = z.infer<typeof PaymentLine>;

/** 资格评估 — the rules' verdict on one person of a family for a program and year (目标人群测算). */
export const EligibilityAssessment = z
  .object({
    id: z.string().min(1),
    programCode: AssistanceProgramCode,
    year: Year,
    familyId: z.string().min(1),
    personId: z.string().nullable(),
    idNumber: IdNumber,
    name: z.string().min(1).max(50),
    regionCode: RegionCode,
    eligible: z.boolean(),
    eligibleFrom: IsoDate.nullable(),
    /** Every condition of the rule with whether it is met and why (see assessEligibility). */
    reasons: z.array(z.object({ code: z.string(), met: z.boolean(), detail: z.string() })),
    /** Whether a decision has been recorded for the person, program and year. */
    decided: z.boolean(),
  })
  .describe("资格评估 — eligibility assessment");
export type EligibilityAssessment = z.infer<typeof EligibilityAssessment>;
