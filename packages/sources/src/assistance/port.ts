import type {
  RegistryFacts,
  RosterEntry,
  AssistanceProgram,
  Beneficiary,
  EligibilityAssessment,
  EligibilityDecision,
  FamilyPlanningFamily,
  PaymentBatch,
  PaymentLine,
  RateComponent,
} from "@popfam/domain";
import { AssistanceProgramCode, DecisionStatus, ExitReason, Fen, IsoDate, RegionCode } from "@popfam/domain";
import { z } from "zod";
import { PageWindow, RegionCodeKey, type Page } from "../paging.js";

const Year = z.number().int().min(2000).max(2100);
const IdempotencyKey = z.string().min(8).max(128).describe("幂等键 — idempotency key: the same key never writes twice");

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
export interface RosterRegistryCheck {
  entry: RosterEntry;
  registered: RegistryFacts | null;
}

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
        amountFen: Fen,
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

/**
 * 奖励扶助信息系统 — rewards and assistance: programs, rates, family records, the year's
 * assessments, decisions, the roster and the payment ledger. Writes take an idempotency key: a
 * repeated command answers what the first one wrote; the same key with another command is an error.
 */
export interface AssistancePort {
  programsByCodes(codes: readonly string[]): Promise<(AssistanceProgram | null | Error)[]>;
  programsInForce(keys: readonly RegionYearKey[]): Promise<(AssistanceProgram[] | Error)[]>;
  rateComponents(keys: readonly RatesKey[]): Promise<(RateComponent[] | Error)[]>;
  familiesByIds(ids: readonly string[]): Promise<(FamilyPlanningFamily | null | Error)[]>;
  assessmentPages(queries: readonly AssessmentQuery[]): Promise<(Page<EligibilityAssessment> | Error)[]>;
  /** Per region and year: the assessments counted by program (one row per program assessed). */
  assessmentSummaries(keys: readonly RegionYearKey[]): Promise<(AssessmentSummary[] | Error)[]>;
  decisionsByIds(ids: readonly string[]): Promise<(EligibilityDecision | null | Error)[]>;
  decisionPages(queries: readonly AssistanceListQuery[]): Promise<(Page<EligibilityDecision> | Error)[]>;
  beneficiariesByIds(ids: readonly string[]): Promise<(Beneficiary | null | Error)[]>;
  beneficiaryPages(queries: readonly AssistanceListQuery[]): Promise<(Page<Beneficiary> | Error)[]>;
  rosters(keys: readonly RosterKey[]): Promise<(Beneficiary[] | Error)[]>;
  /** Each roster counted by region and dates (RosterGroup), in region and date order: the fund estimate's input without the beneficiaries themselves. */
  rosterGroups(keys: readonly RosterKey[]): Promise<(RosterGroup[] | Error)[]>;
  paymentBatchesByIds(ids: readonly string[]): Promise<(PaymentBatch | null | Error)[]>;
  paymentBatchPages(queries: readonly AssistanceListQuery[]): Promise<(Page<PaymentBatch> | Error)[]>;
  /** The lines of each batch. */
  paymentLinesByBatches(batchIds: readonly string[]): Promise<(PaymentLine[] | Error)[]>;
  /** Every line paid in a region (and below) for a program and year: what was paid, by beneficiary. */
  paymentLinesOfRosters(keys: readonly RosterKey[]): Promise<(PaymentLine[] | Error)[]>;
  /** The same lines summed: how many beneficiaries were paid and how much in all. */
  paidTotalsOfRosters(keys: readonly RosterKey[]): Promise<(PaidTotal | Error)[]>;
  /**
   * The roster of each key as of its day (entries not exited by then, in id order), each entry
   * checked against the registry in the same store. Only where the registry lives beside the
   * roster (the database adapter, when the registry is read from the same database): it is not
   * on the wire, and without it the caller reconciles the roster with registry lookups.
   */
  rosterRegistryChecks?(keys: readonly RosterCheckKey[]): Promise<(RosterRegistryCheck[] | Error)[]>;
  confirmEligibility(commands: readonly ConfirmEligibilityCommand[]): Promise<(EligibilityDecision | Error)[]>;
  recordPaymentBatches(commands: readonly RecordPaymentBatchCommand[]): Promise<(PaymentBatch | Error)[]>;
  recordExits(commands: readonly RecordExitCommand[]): Promise<(Beneficiary | Error)[]>;
}
