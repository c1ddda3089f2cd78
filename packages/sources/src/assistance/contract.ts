// 奖励扶助信息系统 — rewards and assistance: programs, rates, family records, the year's
// assessments, decisions, the roster and the payment ledger. Writes take an idempotency key: a
// repeated command answers what the first one wrote; the same key with another command is an error.
import {
  AssistanceProgram,
  AssistanceProgramCode,
  Beneficiary,
  DecisionStatus,
  EligibilityAssessment,
  EligibilityDecision,
  ExitReason,
  FamilyPlanningFamily,
  Fen,
  IsoDate,
  PaymentBatch,
  PaymentLine,
  RateComponent,
  RegionCode,
  RegistryFacts,
  RosterEntry,
  IdempotencyKey,
  PaymentFen,
  Year,
} from "@popfam/domain";
import { z } from "zod";
import type { DatabaseOnlyContract } from "../define-system.js";
import { PageOf, type Contract } from "../http/contract.js";
import { PageWindow, RegionCodeKey } from "../paging.js";


/** Programs and rates in force for a region in a year: the nation's and those of the region and its ancestors. */
export const RegionYearKey = z.object({ regionCode: RegionCodeKey, year: Year });
export type RegionYearKey = z.infer<typeof RegionYearKey>;

export const RatesKey = z.object({ programCode: AssistanceProgramCode, regionCode: RegionCodeKey, year: Year });
export type RatesKey = z.infer<typeof RatesKey>;

/** A page of the year's eligibility assessments of a region (目标人群测算 / 免申即享). */
export const AssessmentQuery = z.object({
  regionCode: RegionCodeKey,
  year: Year,
  programCode: AssistanceProgramCode.nullable(),
  /** true: eligible only; false: not eligible only; null: both. */
  eligible: z.boolean().nullable(),
  /** Only those with no eligibility decision for the program and year yet (免申即享: eligible, not applied). */
  undecidedOnly: z.boolean(),
  ...PageWindow,
});
export type AssessmentQuery = z.infer<typeof AssessmentQuery>;

/** A page of a region's decisions, beneficiaries or payment batches, by program and year. */
export const AssistanceListQuery = z.object({ regionCode: RegionCodeKey, year: Year, programCode: AssistanceProgramCode.nullable(), ...PageWindow });
export type AssistanceListQuery = z.infer<typeof AssistanceListQuery>;

/** Every beneficiary of a program in a region (and below) eligible at some time in a year: the roster (花名册). */
export const RosterKey = z.object({ regionCode: RegionCodeKey, programCode: AssistanceProgramCode, year: Year });
export type RosterKey = z.infer<typeof RosterKey>;

/**
 * 花名册分组 — a roster counted by what decides each beneficiary's due: region and the two dates.
 * A date outside the year reads as the nearest day outside it (an eligibility from before the
 * year as 31 December before it, an exit after the year as 1 January after it): what is due in
 * the year compares the dates only with its own days, so the count of alike beneficiaries is
 * priced as each of them would be.
 */
export const RosterGroup = z.object({
  regionCode: RegionCode,
  eligibleFrom: IsoDate,
  exitedOn: IsoDate.nullable(),
  beneficiaries: z.number().int().positive(),
});
export type RosterGroup = z.infer<typeof RosterGroup>;

/** A roster as of a day (库册比对): its entries not exited by then. */
export const RosterCheckKey = RosterKey.extend({ asOf: IsoDate });
export type RosterCheckKey = z.infer<typeof RosterCheckKey>;

/**
 * A roster entry as the roster holds it, with the registry's facts of the person of the entry's
 * ID number exactly as written, or null where the registry holds none. The domain compares them
 * (reconcileRoster); an entry whose ID number carries stray spaces is looked up trimmed.
 */
export const RosterRegistryCheck = z.object({ entry: RosterEntry, registered: RegistryFacts.nullable() });
export type RosterRegistryCheck = z.infer<typeof RosterRegistryCheck>;

/** 目标人群测算 — the year's assessments of a region counted by program. */
export const AssessmentSummary = z.object({
  programCode: AssistanceProgramCode,
  assessed: z.number().int().nonnegative(),
  eligible: z.number().int().nonnegative(),
  /** Eligible and decided (confirmed or rejected) for the program and year. */
  eligibleDecided: z.number().int().nonnegative(),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;

/** 已发放合计 — what was paid for a program in a region (and below) in a year: the lines summed. */
export const PaidTotal = z.object({
  /** Beneficiaries with at least one line (a line of 0 fen counts). */
  beneficiaries: z.number().int().nonnegative(),
  amountFen: Fen,
});
export type PaidTotal = z.infer<typeof PaidTotal>;

export const ConfirmEligibilityCommand = z.object({
  idempotencyKey: IdempotencyKey,
  programCode: AssistanceProgramCode,
  year: Year,
  familyId: z.string().min(1),
  idNumber: z.string().min(1),
  status: DecisionStatus,
  reasons: z.array(z.string()),
  eligibleFrom: IsoDate.nullable(),
  decidedOn: IsoDate,
  decidedBy: z.string().min(1),
});
export type ConfirmEligibilityCommand = z.infer<typeof ConfirmEligibilityCommand>;

export const RecordPaymentBatchCommand = z.object({
  idempotencyKey: IdempotencyKey,
  programCode: AssistanceProgramCode,
  regionCode: RegionCodeKey,
  year: Year,
  paidOn: IsoDate,
  recordedBy: z.string().min(1),
  lines: z
    .array(
      z.object({
        beneficiaryId: z.string().min(1),
        amountFen: PaymentFen,
        /** What the caller computed as due for the year: the system refuses a line that would pay more in all. */
        dueFen: Fen.optional(),
      }),
    )
    .min(1)
    .max(5000),
});
export type RecordPaymentBatchCommand = z.infer<typeof RecordPaymentBatchCommand>;

export const RecordExitCommand = z.object({
  idempotencyKey: IdempotencyKey,
  beneficiaryId: z.string().min(1),
  exitedOn: IsoDate,
  reason: ExitReason,
});
export type RecordExitCommand = z.infer<typeof RecordExitCommand>;

const Id = z.string().min(1);

export const assistanceContract = {
  programsByCodes: { summary: "扶助项目（按代码） — programs by code", key: Id, value: AssistanceProgram.nullable() },
  programsInForce: { summary: "区划、年度适用的扶助项目 — the programs in force for each region and year", key: RegionYearKey, value: z.array(AssistanceProgram) },
  rateComponents: { summary: "扶助标准（国家标准及各级提标） — the rate components for each program, region and year", key: RatesKey, value: z.array(RateComponent) },
  familiesByIds: { summary: "计生家庭档案（按标识） — family-planning families by id", key: Id, value: FamilyPlanningFamily.nullable() },
  /** Per region and year: the assessments counted by program (one row per program assessed). */
  assessmentSummaries: { summary: "目标人群测算（按项目计数） — each region's assessments of a year counted by program", key: RegionYearKey, value: z.array(AssessmentSummary) },
  assessmentPages: { summary: "资格评估（目标人群测算；分页） — a page of each region's assessments", key: AssessmentQuery, value: PageOf(EligibilityAssessment) },
  decisionsByIds: { summary: "资格确认（按标识） — decisions by id", key: Id, value: EligibilityDecision.nullable() },
  decisionPages: { summary: "资格确认（分页） — a page of each region's decisions", key: AssistanceListQuery, value: PageOf(EligibilityDecision) },
  beneficiariesByIds: { summary: "扶助对象（按标识） — beneficiaries by id", key: Id, value: Beneficiary.nullable() },
  beneficiaryPages: { summary: "扶助对象（分页） — a page of each region's beneficiaries", key: AssistanceListQuery, value: PageOf(Beneficiary) },
  rosters: { summary: "花名册：年度内享受的扶助对象 — every beneficiary of a program in a region during a year", key: RosterKey, value: z.array(Beneficiary) },
  /** Each roster counted by region and dates (RosterGroup), in region and date order: the fund estimate's input without the beneficiaries themselves. */
  rosterGroups: { summary: "花名册分组（按区划、享受起止日期计数） — each roster counted by region and dates, for the fund estimate", key: RosterKey, value: z.array(RosterGroup) },
  paymentBatchesByIds: { summary: "发放批次（按标识） — payment batches by id", key: Id, value: PaymentBatch.nullable() },
  paymentBatchPages: { summary: "发放批次（分页） — a page of each region's payment batches", key: AssistanceListQuery, value: PageOf(PaymentBatch) },
  paymentLinesByBatches: { summary: "发放明细（按批次） — the lines of each batch", key: Id, value: z.array(PaymentLine) },
  /** Every line paid in a region (and below) for a program and year: what was paid, by beneficiary. */
  paymentLinesOfRosters: { summary: "年度发放明细（按项目、区划） — every line paid for a program in a region and year", key: RosterKey, value: z.array(PaymentLine) },
  /** The same lines summed: how many beneficiaries were paid and how much in all. */
  paidTotalsOfRosters: { summary: "年度已发放合计（按项目、区划） — what was paid for a program in a region and year: beneficiaries and amount", key: RosterKey, value: PaidTotal },
  confirmEligibility: { summary: "确认资格（幂等） — record eligibility decisions (idempotent by key)", key: ConfirmEligibilityCommand, value: EligibilityDecision, write: true },
  recordPaymentBatches: { summary: "登记发放批次（幂等，整批写入） — record payment batches (idempotent, all lines or none)", key: RecordPaymentBatchCommand, value: PaymentBatch, write: true },
  recordExits: { summary: "登记退出（幂等） — record exits (idempotent)", key: RecordExitCommand, value: Beneficiary, write: true },
} satisfies Contract;

export const assistanceDatabaseOnly = {
  /**
   * The roster of each key as of its day (entries not exited by then, in id order), each entry
   * checked against the registry in the same database. Without it the caller reconciles the
   * roster with registry lookups.
   */
  rosterRegistryChecks: {
    summary: "花名册库册比对（与全员人口库同库） — each roster as of a day, every entry with the registry's facts",
    key: RosterCheckKey,
    value: z.array(RosterRegistryCheck),
    alsoReads: ["POPULATION_REGISTRY"],
  },
} satisfies DatabaseOnlyContract;
