// 资格确认 — the year's eligibility assessments (目标人群测算: who the rules find eligible, with
// every condition and its reason), the people eligible who have not applied (免申即享), the
// officers' decisions, and the write that confirms or rejects one.
import { scanCost, scannedConnectionCost } from "../cost.js";
import {
  assessEligibility,
  DecisionStatus,
  type EligibilityAssessment,
  type EligibilityDecision,
  type Region,
} from "@popfam/domain";
import { AssistanceProgramCode } from "@popfam/domain";
import { ConfirmEligibilityCommand } from "@popfam/sources";
import { builder } from "../../builder.js";
import { invalidInput } from "../../errors.js";
import { enumFrom } from "../../kit/enums.js";
import { pageRequest, toConnection } from "../../kit/pagination.js";
import { PersonRef } from "../population/person.js";
import { freeText, personalData } from "../../kit/personal-data.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { existing, requireScope, sendCommand, targetOfWrite } from "../../kit/writes.js";
import { addAssistanceList } from "./lists.js";
import { ProgramRef, YearArg } from "./programs.js";

const DecisionStatusEnum = enumFrom("DecisionStatus", DecisionStatus, "资格确认结果 — decision", { CONFIRMED: "确认 — confirmed", REJECTED: "不予确认 — rejected" });

/** A condition of an assessment, with the assessment it belongs to (for the audit trail). */
const ReasonRef = builder.objectRef<{ code: string; met: boolean; detail: string; assessmentId: string }>("EligibilityReason").implement({
  description: "资格条件 — one condition of the rule: whether it is met, and why",
  fields: (t) => ({
    code: t.exposeString("code", { description: "条件代码 — condition code" }),
    met: t.exposeBoolean("met", { description: "是否满足 — met" }),
    detail: t.string({
      description: "说明 — why",
      resolve: (r, _x, c) => freeText(c, r.detail, { entityType: "EligibilityAssessment", entityId: r.assessmentId, field: "reasons" }),
    }),
  }),
});

const masked = <T extends { id: string; idNumber: string }>(entityType: string) => ({
  idNumber: (r: T, c: Parameters<typeof personalData>[0]) => personalData(c, "idNumber", r.idNumber, { entityType, entityId: r.id, field: "idNumber" }),
});

const AssessmentRef = builder.objectRef<EligibilityAssessment>("EligibilityAssessment").implement({
  description: "资格评估 — the rules' verdict on one person for a program and year (目标人群测算)",
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (a, _x, c) => c.loaders.assistance.programsByCodes.load(a.programCode), description: "项目 — program" }),
    year: t.exposeInt("year", { description: "年度 — year" }),
    familyId: t.exposeString("familyId", { description: "计生家庭档案标识 — family record id" }),
    name: t.string({ nullable: true, description: "姓名（无pii:read时脱敏） — name, masked without pii:read", resolve: (a, _x, c) => personalData(c, "name", a.name, { entityType: "EligibilityAssessment", entityId: a.id, field: "name" }) }),
    idNumber: t.string({ nullable: true, description: "公民身份号码（无pii:read时脱敏） — ID number, masked without pii:read", resolve: (a, _x, c) => masked<EligibilityAssessment>("EligibilityAssessment").idNumber(a, c) }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (a, _x, c) => (a.personId ? c.loaders.populationRegistry.personsByIds.load(a.personId) : null), description: "全员人口库记录 — registry record" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (a, _x, c) => regionByCode(c, a.regionCode), description: "户籍地 — region" }),
    eligible: t.exposeBoolean("eligible", { description: "符合条件 — eligible" }),
    eligibleFrom: t.expose("eligibleFrom", { type: "Date", nullable: true, description: "享受起始日期 — eligible from" }),
    reasons: t.field({ type: [ReasonRef], resolve: (a) => a.reasons.map((r) => ({ ...r, assessmentId: a.id })), description: "各项条件 — every condition, met or not" }),
    decided: t.exposeBoolean("decided", { description: "已确认（确认或不予确认） — a decision has been recorded" }),
  }),
});

export const DecisionRef = builder.objectRef<EligibilityDecision>("EligibilityDecision");
builder.node(DecisionRef, {
  description: "资格确认 — an officer's decision on one person's eligibility for a program and year",
  id: { resolve: (d) => d.id },
  ...guardedRecord<EligibilityDecision>("EligibilityDecision", (d) => d.regionCode, (c) => c.loaders.assistance.decisionsByIds),
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (d, _x, c) => c.loaders.assistance.programsByCodes.load(d.programCode), description: "项目 — program" }),
    year: t.exposeInt("year", { description: "年度 — year" }),
    status: t.expose("status", { type: DecisionStatusEnum, description: "结果 — decision" }),
    idNumber: t.string({ nullable: true, description: "公民身份号码（无pii:read时脱敏） — ID number, masked without pii:read", resolve: (d, _x, c) => masked<EligibilityDecision>("EligibilityDecision").idNumber(d, c) }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (d, _x, c) => regionByCode(c, d.regionCode), description: "户籍地 — region" }),
    reasons: t.exposeStringList("reasons", { description: "确认时的条件代码 — the rule's condition codes at the time" }),
    eligibleFrom: t.expose("eligibleFrom", { type: "Date", nullable: true, description: "享受起始日期 — eligible from" }),
    decidedOn: t.expose("decidedOn", { type: "Date", description: "确认日期 — decided on" }),
    decidedBy: t.string({
      description: "确认人 — decided by",
      resolve: (d, _x, c) => freeText(c, d.decidedBy, { entityType: "EligibilityDecision", entityId: d.id, field: "decidedBy" }),
    }),
  }),
});

const SummaryRef = builder.objectRef<{ programCode: string; assessed: number; eligible: number; eligibleDecided: number }>("TargetPopulation").implement({
  description: "目标人群测算 — the year's assessments of a program counted",
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (s, _x, c) => c.loaders.assistance.programsByCodes.load(s.programCode), description: "项目 — program" }),
    assessed: t.exposeInt("assessed", { description: "评估人数 — people assessed" }),
    eligible: t.exposeInt("eligible", { description: "符合条件人数 — eligible" }),
    eligibleDecided: t.exposeInt("eligibleDecided", { description: "其中已确认 — of those, decided" }),
    eligibleUndecided: t.int({ resolve: (s) => s.eligible - s.eligibleDecided, description: "其中未申请（免申即享对象） — of those, not yet applied: the 免申即享 list" }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  targetPopulation: t.field({
    type: [SummaryRef],
    nullable: true,
    description: "目标人群测算（按项目） — the year's target population by program",
    authScopes: (region: Region) => ({ jurisdiction: region.code }),
    complexity: scanCost("targetPopulation"),
    args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
    resolve: (region, { year }, c) => c.loaders.assistance.assessmentSummaries.load({ regionCode: region.code, year }),
  }),
  eligibilityAssessments: t.connection(
    {
      type: AssessmentRef,
      nullable: true,
      description: "资格评估：谁符合条件及原因；eligible: true, undecidedOnly: true 即免申即享名单 — who the rules find eligible and why; eligible + undecidedOnly is the 免申即享 list",
      authScopes: (region: Region) => ({ jurisdiction: region.code }),
      complexity: scannedConnectionCost("eligibilityAssessments"),
      args: {
        year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }),
        programCode: t.arg.string({ required: false, validate: AssistanceProgramCode, description: "项目代码 — program" }),
        eligible: t.arg.boolean({ required: false, description: "只看符合（true）或不符合（false） — eligible only, or not eligible only" }),
        undecidedOnly: t.arg.boolean({ required: false, description: "只看尚未确认的 — only those without a decision" }),
      },
      resolve: async (region, args, c) => {
        const page = await c.loaders.assistance.assessmentPages.load({
          regionCode: region.code,
          year: args.year,
          programCode: args.programCode ?? null,
          eligible: args.eligible ?? null,
          undecidedOnly: args.undecidedOnly ?? false,
          ...pageRequest(args),
        });
        return toConnection(page, "id");
      },
    },
    { name: "RegionEligibilityAssessmentsConnection", description: "资格评估（分页） — a page of assessments" },
    { name: "RegionEligibilityAssessmentsEdge", description: "资格评估（一项） — an assessment" },
  ),
}));

addAssistanceList({
  field: "eligibilityDecisions",
  type: DecisionRef,
  typeName: "RegionEligibilityDecisions",
  description: "资格确认 — the decisions of a year",
  loader: (context) => context.loaders.assistance.decisionPages,
});

const ConfirmInput = builder.inputType("ConfirmEligibilityInput", {
  description: "资格确认 — a decision to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键（8–128字符；重试用同一键） — idempotency key: retry with the same key" }),
    programCode: t.string({ required: true, description: "项目代码 — program" }),
    year: t.int({ required: true, description: "年度 — year" }),
    familyId: t.string({ required: true, description: "计生家庭档案标识 — family record id" }),
    idNumber: t.string({ required: true, description: "申请人公民身份号码（家庭中的父或母） — the applicant's ID number (a parent of the family)" }),
    status: t.field({ type: DecisionStatusEnum, required: true, description: "结果；规则判定不符合时不能确认 — decision; CONFIRMED is refused when the rules say not eligible" }),
    decidedOn: t.field({ type: "Date", required: true, description: "确认日期 — decided on" }),
  }),
});

builder.mutationFields((t) => ({
  confirmEligibility: t.field({
    type: DecisionRef,
    description: "确认或不予确认一人的扶助资格（幂等；以规则判定为据，记录各项条件） — record an eligibility decision (idempotent by key; checked against the rules, which are recorded with it)",
    args: {
      input: t.arg({
        type: ConfirmInput,
        required: true,
        validate: ConfirmEligibilityCommand.pick({ idempotencyKey: true, programCode: true, year: true, familyId: true, idNumber: true, status: true, decidedOn: true }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      const { loaders } = context;
      requireScope(context, "assistance:write", "confirmEligibility");
      const family = await targetOfWrite(
        context, "assistance:write", "confirmEligibility", loaders.assistance.familiesByIds.load(input.familyId), (f) => f.regionCode, "familyId", "family record",
      );
      const program = await existing(loaders.assistance.programsByCodes.load(input.programCode), "programCode", "program");
      // A local program applies only where it was set up (and below).
      const inForce = await loaders.assistance.programsInForce.load({ regionCode: family.regionCode, year: input.year });
      if (!inForce.some((p) => p.code === program.code)) {
        throw invalidInput("input.programCode", `${program.code} is not in force for the family's region in ${input.year}`, "PROGRAM_NOT_IN_FORCE");
      }
      if (input.idNumber !== family.motherIdNumber && input.idNumber !== family.fatherIdNumber) {
        throw invalidInput("input.idNumber", "is not the ID number of a parent of this family", "NOT_A_PARENT");
      }
      const person = await loaders.populationRegistry.personsByIdNumbers.load(input.idNumber);
      if (!person) throw invalidInput("input.idNumber", "is not in the population registry", "NOT_IN_REGISTRY");
      const assessment = assessEligibility({ program, family, applicant: { ...person, personId: person.id }, year: input.year });
      if (input.status === "CONFIRMED" && !assessment.eligible) {
        const unmet = assessment.reasons.filter((r) => !r.met);
        throw invalidInput("input.status", `the rules find the applicant not eligible: ${unmet.map((r) => r.detail).join("; ")}`, "NOT_ELIGIBLE");
      }
      return sendCommand(context, { action: "CONFIRM_ELIGIBILITY", entityType: "EligibilityDecision", fields: ["programCode", "year", "idNumber", "status"] }, context.ports.ASSISTANCE.confirmEligibility, {
        ...input,
        reasons: assessment.reasons.map((r) => `${r.met ? "" : "!"}${r.code}`),
        eligibleFrom: input.status === "CONFIRMED" ? assessment.eligibleFrom : null,
        decidedBy: context.principal.subject,
      });
    },
  }),
}));
