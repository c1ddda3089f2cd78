import { AssistanceProgram, Beneficiary, EligibilityAssessment, EligibilityDecision, FamilyPlanningFamily, PaymentBatch, PaymentLine, RateComponent } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import {
  AssessmentQuery,
  AssessmentSummary,
  AssistanceListQuery,
  PaidTotal,
  ConfirmEligibilityCommand,
  RatesKey,
  RecordExitCommand,
  RecordPaymentBatchCommand,
  RegionYearKey,
  RosterGroup,
  RosterKey,
  type AssistancePort,
} from "./port.js";

const Id = z.string().min(1);

export const assistanceContract: Contract<AssistancePort> = {
  programsByCodes: { summary: "扶助项目（按代码） — programs by code", key: Id, value: AssistanceProgram.nullable() },
  programsInForce: { summary: "区划、年度适用的扶助项目 — the programs in force for each region and year", key: RegionYearKey, value: z.array(AssistanceProgram) },
  rateComponents: { summary: "扶助标准（国家标准及各级提标） — the rate components for each program, region and year", key: RatesKey, value: z.array(RateComponent) },
  familiesByIds: { summary: "计生家庭档案（按标识） — family-planning families by id", key: Id, value: FamilyPlanningFamily.nullable() },
  assessmentSummaries: { summary: "目标人群测算（按项目计数） — each region's assessments of a year counted by program", key: RegionYearKey, value: z.array(AssessmentSummary) },
  assessmentPages: { summary: "资格评估（目标人群测算；分页） — a page of each region's assessments", key: AssessmentQuery, value: PageOf(EligibilityAssessment) },
  decisionsByIds: { summary: "资格确认（按标识） — decisions by id", key: Id, value: EligibilityDecision.nullable() },
  decisionPages: { summary: "资格确认（分页） — a page of each region's decisions", key: AssistanceListQuery, value: PageOf(EligibilityDecision) },
  beneficiariesByIds: { summary: "扶助对象（按标识） — beneficiaries by id", key: Id, value: Beneficiary.nullable() },
  beneficiaryPages: { summary: "扶助对象（分页） — a page of each region's beneficiaries", key: AssistanceListQuery, value: PageOf(Beneficiary) },
  rosters: { summary: "花名册：年度内享受的扶助对象 — every beneficiary of a program in a region during a year", key: RosterKey, value: z.array(Beneficiary) },
  rosterGroups: { summary: "花名册分组（按区划、享受起止日期计数） — each roster counted by region and dates, for the fund estimate", key: RosterKey, value: z.array(RosterGroup) },
  paymentBatchesByIds: { summary: "发放批次（按标识） — payment batches by id", key: Id, value: PaymentBatch.nullable() },
  paymentBatchPages: { summary: "发放批次（分页） — a page of each region's payment batches", key: AssistanceListQuery, value: PageOf(PaymentBatch) },
  paymentLinesByBatches: { summary: "发放明细（按批次） — the lines of each batch", key: Id, value: z.array(PaymentLine) },
  paymentLinesOfRosters: { summary: "年度发放明细（按项目、区划） — every line paid for a program in a region and year", key: RosterKey, value: z.array(PaymentLine) },
  paidTotalsOfRosters: { summary: "年度已发放合计（按项目、区划） — what was paid for a program in a region and year: beneficiaries and amount", key: RosterKey, value: PaidTotal },
  confirmEligibility: { summary: "确认资格（幂等） — record eligibility decisions (idempotent by key)", key: ConfirmEligibilityCommand, value: EligibilityDecision },
  recordPaymentBatches: { summary: "登记发放批次（幂等，整批写入） — record payment batches (idempotent, all lines or none)", key: RecordPaymentBatchCommand, value: PaymentBatch },
  recordExits: { summary: "登记退出（幂等） — record exits (idempotent)", key: RecordExitCommand, value: Beneficiary },
};
