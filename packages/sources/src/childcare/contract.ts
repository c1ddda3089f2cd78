// 托育机构备案信息系统 — the childcare filing system: institutions with their filings, 普惠
// recognitions, classes and places, monthly enrolment, staff, inspections, incidents and
// designations; the counts behind the childcare indicators. Everything about an institution comes
// by institution (one call for any number of them).
import {
  ChildcareClass,
  ChildcareInstitution,
  ChildcareMeasures,
  ClassLoad,
  Designation,
  Enrolment,
  EnrolmentReport,
  Filing,
  FilingAttachment,
  IdempotencyKey,
  IncidentKind,
  IncidentSeverity,
  InclusiveBasis,
  InclusiveRecognition,
  Inspection,
  InspectionFinding,
  InstitutionKind,
  IsoDate,
  LegalForm,
  Ownership,
  Premises,
  SafetyIncident,
  ServiceType,
  StaffMember,
} from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { PageWindow, PeriodKey, RegionCodeKey } from "../paging.js";

const Id = z.string().min(1);
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "expected a month, YYYY-MM" });

/** The institutions of a region (and below) operating on a day; only those not filed (recorded) by then, or one operator's, when asked. */
export const InstitutionsQuery = z.object({ regionCode: RegionCodeKey, on: IsoDate, unfiledOnly: z.boolean(), operatorId: z.string().min(1).nullable(), ...PageWindow });
export type InstitutionsQuery = z.infer<typeof InstitutionsQuery>;

/** A region (and below) in a month. */
export const RegionMonthKey = z.object({ regionCode: RegionCodeKey, month: Month });
export type RegionMonthKey = z.infer<typeof RegionMonthKey>;

/** A region (and below) in a period. */
export const RegionPeriodKey = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type RegionPeriodKey = z.infer<typeof RegionPeriodKey>;

export const ClassMonthKey = z.object({ classId: Id, month: Month });
export type ClassMonthKey = z.infer<typeof ClassMonthKey>;

/** 首次备案: the institution as filed, with the filing's attachments; the operator is whoever's app manages it. */
export const FileInstitutionCommand = z.object({
  idempotencyKey: IdempotencyKey,
  name: z.string().trim().min(1).max(100),
  kind: InstitutionKind,
  ownership: Ownership,
  legalForm: LegalForm,
  serviceTypes: z.array(ServiceType).min(1).max(4),
  regionCode: RegionCodeKey,
  premises: Premises,
  operatorId: z.string().min(1).max(64).nullable(),
  openedOn: IsoDate,
  submittedOn: IsoDate,
  attachments: z.array(FilingAttachment).max(FilingAttachment.options.length),
});
export type FileInstitutionCommand = z.infer<typeof FileInstitutionCommand>;

/** 变更备案 (new premises or service types after 变更登记) or 注销 (closing on a day). */
export const FileChangeCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  kind: z.enum(["CHANGE", "CANCELLATION"]),
  submittedOn: IsoDate,
  attachments: z.array(FilingAttachment).max(FilingAttachment.options.length),
  name: z.string().trim().min(1).max(100).nullable(),
  serviceTypes: z.array(ServiceType).min(1).max(4).nullable(),
  premises: Premises.nullable(),
  closedOn: IsoDate.nullable(),
});
export type FileChangeCommand = z.infer<typeof FileChangeCommand>;

/** 备案回执 or 不符合告知: the county's decision on a filing of an institution. */
export const DecideFilingCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  filingId: Id,
  outcome: z.enum(["RECORDED", "NOT_COMPLIANT"]),
  decidedOn: IsoDate,
  receiptNumber: z.string().trim().min(1).max(64).nullable(),
});
export type DecideFilingCommand = z.infer<typeof DecideFilingCommand>;

/** 在托月报: every child in a class in the month, by ID number; replaces an earlier report of the month. */
export const ReportEnrolmentCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  month: Month,
  children: z.array(z.object({ idNumber: z.string().trim().min(1).max(18), classId: Id })).max(500),
});
export type ReportEnrolmentCommand = z.infer<typeof ReportEnrolmentCommand>;

export const RecordIncidentCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  occurredOn: IsoDate,
  kind: IncidentKind,
  severity: IncidentSeverity,
  major: z.boolean(),
  description: z.string().trim().min(1).max(500),
});
export type RecordIncidentCommand = z.infer<typeof RecordIncidentCommand>;

export const RecordInspectionCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  inspectedOn: IsoDate,
  inspector: z.string().trim().min(1).max(50),
  findings: z.array(InspectionFinding).max(50),
});
export type RecordInspectionCommand = z.infer<typeof RecordInspectionCommand>;

/** 普惠认定 by the county (or higher) health commission of `recognisedBy`, with the published fee list. */
export const RecogniseInclusiveCommand = z.object({
  idempotencyKey: IdempotencyKey,
  institutionId: Id,
  basis: InclusiveBasis,
  recognisedBy: RegionCodeKey,
  recognisedOn: IsoDate,
  feeList: InclusiveRecognition.shape.feeList.min(1).max(20),
});
export type RecogniseInclusiveCommand = z.infer<typeof RecogniseInclusiveCommand>;

export const childcareContract = {
  institutionsByIds: { summary: "托育机构（按标识） — institutions by id", key: Id, value: ChildcareInstitution.nullable() },
  institutionPages: { summary: "区划内运营的托育机构（分页，可只列未备案的） — a page of the institutions operating in each region", key: InstitutionsQuery, value: PageOf(ChildcareInstitution) },
  filingsByInstitutions: { summary: "备案记录 — the filings of each institution", key: Id, value: z.array(Filing) },
  recognitionsByInstitutions: { summary: "普惠认定 — the 普惠 recognitions of each institution", key: Id, value: z.array(InclusiveRecognition) },
  classesByInstitutions: { summary: "班级与托位 — the classes of each institution", key: Id, value: z.array(ChildcareClass) },
  staffByInstitutions: { summary: "从业人员 — the staff of each institution", key: Id, value: z.array(StaffMember) },
  inspectionsByInstitutions: { summary: "监督检查 — the inspections of each institution", key: Id, value: z.array(Inspection) },
  incidentsByInstitutions: { summary: "安全事件 — the safety incidents of each institution", key: Id, value: z.array(SafetyIncident) },
  designationsByInstitutions: { summary: "示范与试点 — the designations of each institution", key: Id, value: z.array(Designation) },
  enrolmentsByClassMonths: { summary: "班级月度在托婴幼儿 — the children in each class in a month", key: ClassMonthKey, value: z.array(Enrolment) },
  classLoads: { summary: "区划内各班级月度情况 — every class of each region in a month: children's ages and caregivers", key: RegionMonthKey, value: z.array(ClassLoad) },
  incidentsInRegions: { summary: "区划内期间安全事件 — the safety incidents of each region in a period", key: RegionPeriodKey, value: z.array(SafetyIncident) },
  /** The counts behind the childcare indicators, from the rollups; with the resident population and the registry's children under three beside them. */
  measures: { summary: "区划、周期的托育计数 — the childcare measures of each region and period", key: RegionPeriodKey, value: ChildcareMeasures },
  fileInstitutions: { summary: "托育机构首次备案（幂等） — file institutions (idempotent by key)", key: FileInstitutionCommand, value: ChildcareInstitution, write: true },
  fileChanges: { summary: "变更、注销备案（幂等） — file changes and cancellations (idempotent by key)", key: FileChangeCommand, value: Filing, write: true },
  decideFilings: { summary: "备案回执或不符合告知（幂等） — record the county's decision on filings (idempotent by key)", key: DecideFilingCommand, value: Filing, write: true },
  reportEnrolments: { summary: "在托月报（幂等） — report a month's enrolment (idempotent by key)", key: ReportEnrolmentCommand, value: EnrolmentReport, write: true },
  recordIncidents: { summary: "登记安全事件（幂等） — record safety incidents (idempotent by key)", key: RecordIncidentCommand, value: SafetyIncident, write: true },
  recordInspections: { summary: "登记监督检查（幂等） — record inspections (idempotent by key)", key: RecordInspectionCommand, value: Inspection, write: true },
  recogniseInclusive: { summary: "普惠认定（幂等） — recognise institutions as 普惠 (idempotent by key)", key: RecogniseInclusiveCommand, value: InclusiveRecognition, write: true },
} satisfies Contract;
