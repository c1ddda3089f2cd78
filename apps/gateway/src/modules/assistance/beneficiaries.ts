// 扶助对象 — the roster: who receives a program, from when, until which exit; what each is due
// in a year; the exit write; and 库册一致, the roster reconciled against the population registry.
import { scanCost } from "../cost.js";
import {
  AssistanceProgramCode,
  ExitReason,
  IsoDate,
  RosterMismatchReason,
  summariseReconciliation,
  type Beneficiary,
  type Region,
  type RosterEntryResult,
  type RosterMismatch,
} from "@popfam/domain";
import { reconcileCheckedRoster, reconcileRosterWithRegistry, RecordExitCommand } from "@popfam/sources";
import { z } from "zod";
import { builder } from "../../builder.js";
import { enumFrom } from "../../kit/enums.js";
import { MoneyRef } from "../../kit/money.js";
import { connectionComplexity, inMemoryPage, pageRequest, toConnection } from "../../kit/pagination.js";
import { PersonRef } from "../population/person.js";
import { freeText, personalData, type PersonalDataKind } from "../../kit/personal-data.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import type { Context } from "../../context.js";
import { requireScope, sendCommand, targetOfWrite } from "../../kit/writes.js";
import { DecisionRef } from "./eligibility.js";
import { addAssistanceList } from "./lists.js";
import { dueByBeneficiary, ProgramRef, YearArg } from "./programs.js";

const ExitReasonEnum = enumFrom("ExitReason", ExitReason, "退出原因 — exit reason", {
  DEATH: "死亡 — death",
  MOVED_AWAY: "迁出 — moved away",
  ADOPTION_CHANGE: "收养关系变化 — change of adoption",
  NO_LONGER_ELIGIBLE: "不再符合条件 — no longer eligible",
});

export const BeneficiaryRef = builder.objectRef<Beneficiary>("Beneficiary");
builder.node(BeneficiaryRef, {
  description: "扶助对象 — a person receiving a program, from a date until an exit",
  id: { resolve: (b) => b.id },
  ...guardedRecord<Beneficiary>("Beneficiary", (b) => b.regionCode, (c) => c.loaders.assistance.beneficiariesByIds),
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (b, _a, c) => c.loaders.assistance.programsByCodes.load(b.programCode), description: "项目 — program" }),
    name: t.string({ nullable: true, description: "姓名（无pii:read时脱敏） — name, masked without pii:read", resolve: (b, _a, c) => personalData(c, "name", b.name, { entityType: "Beneficiary", entityId: b.id, field: "name" }) }),
    idNumber: t.string({ nullable: true, description: "公民身份号码（无pii:read时脱敏） — ID number, masked without pii:read", resolve: (b, _a, c) => personalData(c, "idNumber", b.idNumber, { entityType: "Beneficiary", entityId: b.id, field: "idNumber" }) }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (b, _a, c) => (b.personId ? c.loaders.populationRegistry.personsByIds.load(b.personId) : null), description: "全员人口库记录 — registry record" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (b, _a, c) => regionByCode(c, b.regionCode), description: "户籍地 — region" }),
    eligibleFrom: t.expose("eligibleFrom", { type: "Date", description: "享受起始日期 — eligible from" }),
    exitedOn: t.expose("exitedOn", { type: "Date", nullable: true, description: "退出日期（当日起不再享受） — exit date" }),
    exitReason: t.expose("exitReason", { type: ExitReasonEnum, nullable: true, description: "退出原因 — exit reason" }),
    decision: t.field({ type: DecisionRef, nullable: true, resolve: (b, _a, c) => (b.decisionId ? c.loaders.assistance.decisionsByIds.load(b.decisionId) : null), description: "资格确认 — the decision" }),
    amountDue: t.field({
      type: MoneyRef,
      description: "某年应发金额（按月计，退出当月起不计） — what is due for a year",
      args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
      resolve: async (b, { year }, c) => {
        const [program, components] = await Promise.all([
          c.loaders.assistance.programsByCodes.load(b.programCode),
          c.loaders.assistance.rateComponents.load({ programCode: b.programCode, regionCode: b.regionCode.slice(0, 6), year }),
        ]);
        return program ? ((await dueByBeneficiary(c, program, [b], year, components)).get(b.id) ?? 0) : 0;
      },
    }),
    paid: t.field({
      type: MoneyRef,
      description: "某年已发金额（该年度各批次之和） — what the ledger has paid for a year",
      args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
      resolve: (b, { year }, c) => paidFor(c, b, year),
    }),
    stillDue: t.field({
      type: MoneyRef,
      description: "某年尚未发放金额（应发减已发，不小于0；发放批次不得超过） — what is still due for a year: due less paid, never below 0; a payment line may not exceed it",
      args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
      resolve: async (b, { year }, c) => {
        const [program, components, paid] = await Promise.all([
          c.loaders.assistance.programsByCodes.load(b.programCode),
          c.loaders.assistance.rateComponents.load({ programCode: b.programCode, regionCode: b.regionCode.slice(0, 6), year }),
          paidFor(c, b, year),
        ]);
        const due = program ? ((await dueByBeneficiary(c, program, [b], year, components)).get(b.id) ?? 0) : 0;
        return Math.max(0, due - paid);
      },
    }),
  }),
});

addAssistanceList({
  field: "beneficiaries",
  type: BeneficiaryRef,
  typeName: "RegionBeneficiaries",
  description: "扶助对象（年度内享受的） — the beneficiaries eligible at some time in a year",
  loader: (context) => context.loaders.assistance.beneficiaryPages,
});

const MismatchReasonEnum = enumFrom("RosterMismatchReason", RosterMismatchReason, "库册不一致原因 — why a roster entry disagrees with the registry", {
  INVALID_ID_NUMBER: "身份证号码无效 — invalid ID number",
  DUPLICATE_ENTRY: "重复登记 — listed twice",
  NOT_IN_REGISTRY: "全员人口库无此人 — not in the registry",
  DECEASED: "已死亡未退出 — died, still on the roster",
  MOVED_OUT: "已迁出未退出 — moved away, still on the roster",
  NAME_MISMATCH: "姓名不一致 — name differs",
  SEX_MISMATCH: "性别不一致 — sex differs",
  REGION_MISMATCH: "户籍地不一致 — hukou region differs",
});

/** The roster fields that hold personal data, and how each is masked. */
const MISMATCH_FIELD_KINDS: Partial<Record<string, PersonalDataKind>> = { name: "name", idNumber: "idNumber", phone: "phone", address: "address" };

const MismatchRef = builder.objectRef<RosterMismatch & { entryId: string }>("RosterMismatch").implement({
  description: "库册不一致 — one way a roster entry disagrees with the registry",
  fields: (t) => {
    // A value of a personal-data field is masked as that field is (a name, an ID number, a phone
    // number); any other field's value (region code, sex, status) is free text like any other.
    const value = (side: "rosterValue" | "registryValue") =>
      t.string({
        nullable: true,
        description:
          side === "rosterValue"
            ? "名册值（姓名、身份号码等无pii:read时脱敏） — the roster's value, personal data masked without pii:read"
            : "库中值（姓名、身份号码等无pii:read时脱敏） — the registry's value, personal data masked without pii:read",
        resolve: (m, _a, c) => {
          const audited = { entityType: "Beneficiary", entityId: m.entryId, field: m.field ?? side };
          const kind = m.field !== null ? MISMATCH_FIELD_KINDS[m.field] : undefined;
          return kind ? personalData(c, kind, m[side], audited) : freeText(c, m[side], audited);
        },
      });
    return {
      reason: t.expose("reason", { type: MismatchReasonEnum, description: "原因 — reason" }),
      field: t.exposeString("field", { nullable: true, description: "字段 — the roster field concerned" }),
      rosterValue: value("rosterValue"),
      registryValue: value("registryValue"),
      since: t.expose("since", { type: "Date", nullable: true, description: "死亡或迁出日期 — date of death or moving away" }),
      detail: t.string({
        description: "说明 — what to do about it",
        resolve: (m, _a, c) => freeText(c, m.detail, { entityType: "Beneficiary", entityId: m.entryId, field: "mismatchDetail" }),
      }),
    };
  },
});

const EntryRef = builder.objectRef<RosterEntryResult>("RosterReconciliationEntry").implement({
  description: "名册条目的比对结果 — a roster entry that disagrees with the registry",
  fields: (t) => ({
    beneficiary: t.field({ type: BeneficiaryRef, nullable: true, resolve: (e, _a, c) => c.loaders.assistance.beneficiariesByIds.load(e.entryId), description: "扶助对象 — the roster entry" }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (e, _a, c) => (e.personId ? c.loaders.populationRegistry.personsByIds.load(e.personId) : null), description: "库中记录 — the registry record it resolved to" }),
    mismatches: t.field({ type: [MismatchRef], resolve: (e) => e.mismatches.map((m) => ({ ...m, entryId: e.entryId })), description: "不一致之处 — the mismatches" }),
  }),
});

const CountRef = builder.objectRef<{ reason: RosterMismatchReason; count: number }>("RosterMismatchCount").implement({
  description: "某原因的不一致条目数 — entries with a mismatch of a reason",
  fields: (t) => ({
    reason: t.expose("reason", { type: MismatchReasonEnum, description: "原因 — reason" }),
    count: t.exposeInt("count", { description: "条目数 — entries" }),
  }),
});

const ReconciliationRef = builder.objectRef<{ results: RosterEntryResult[]; asOf: string }>("RosterReconciliation").implement({
  description: "库册一致 — a program's roster reconciled against the population registry",
  fields: (t) => ({
    asOf: t.expose("asOf", { type: "Date", description: "比对基准日 — as of" }),
    entries: t.int({ resolve: (r) => r.results.length, description: "名册条目数 — entries" }),
    consistent: t.int({ resolve: (r) => summariseReconciliation(r.results).consistent, description: "一致条目数 — consistent entries" }),
    mismatched: t.int({ resolve: (r) => summariseReconciliation(r.results).mismatched, description: "不一致条目数 — entries with a mismatch" }),
    byReason: t.field({
      type: [CountRef],
      description: "按原因 — by reason",
      resolve: (r) => Object.entries(summariseReconciliation(r.results).byReason).map(([reason, count]) => ({ reason: reason as RosterMismatchReason, count })),
    }),
    mismatches: t.connection(
      {
        type: EntryRef,
        description: "不一致条目（可按原因筛选） — the entries that disagree, by reason",
        complexity: connectionComplexity,
        args: { reasons: t.arg({ type: [MismatchReasonEnum], required: false, description: "只看这些原因 — only these reasons" }) },
        resolve: (r, args) => {
          const wanted = args.reasons ? new Set(args.reasons) : null;
          const listed = r.results.filter((e) => !e.consistent && (!wanted || e.mismatches.some((m) => wanted.has(m.reason))));
          return toConnection(inMemoryPage(listed, "entryId", pageRequest(args)), "entryId");
        },
      },
      { name: "RosterMismatchesConnection", description: "不一致条目（分页） — a page of entries" },
      { name: "RosterMismatchesEdge", description: "不一致条目（一项） — an entry" },
    ),
  }),
});

builder.objectField(RegionRef, "rosterReconciliation", (t) =>
  t.field({
    type: ReconciliationRef,
    nullable: true,
    description: "库册一致：名册与全员人口库比对（死亡、迁出、信息不符） — the roster of a program reconciled against the registry as of a date",
    authScopes: (region: Region) => ({ jurisdiction: region.code }),
    complexity: scanCost("rosterReconciliation"),
    args: {
      programCode: t.arg.string({ required: true, validate: AssistanceProgramCode, description: "项目代码 — program" }),
      year: t.arg.int({ required: true, validate: YearArg, description: "名册年度 — roster year" }),
      asOf: t.arg({ type: "Date", required: true, validate: IsoDate, description: "比对基准日 — as of" }),
    },
    resolve: async (region, { programCode, year, asOf }, c) => {
      // Where the roster's system checks it against the registry itself (one database), only the
      // entries it did not find registered as written are looked up.
      if (c.loaders.assistance.rosterRegistryChecks) {
        const checks = await c.loaders.assistance.rosterRegistryChecks.load({ regionCode: region.code, programCode, year, asOf });
        return { asOf, results: await reconcileCheckedRoster(c.loaders, checks, asOf) };
      }
      // Entries that exited by the reference date are off the roster already.
      const roster = (await c.loaders.assistance.rosters.load({ regionCode: region.code, programCode, year })).filter((b) => b.exitedOn === null || b.exitedOn > asOf);
      const entries = roster.map((b) => ({ entryId: b.id, idNumber: b.idNumber, name: b.name, sex: null, regionCode: b.regionCode }));
      return { asOf, results: await reconcileRosterWithRegistry(c.loaders, entries, asOf) };
    },
  }),
);

const ExitInput = builder.inputType("RecordBeneficiaryExitInput", {
  description: "登记退出 — an exit to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    beneficiaryId: t.globalID({ required: true, for: [BeneficiaryRef], description: "扶助对象的全局ID — the beneficiary's global ID" }),
    exitedOn: t.field({ type: "Date", required: true, description: "退出日期（当日起不再享受） — exit date: not eligible from this day" }),
    reason: t.field({ type: ExitReasonEnum, required: true, description: "原因 — reason" }),
  }),
});

builder.mutationFields((t) => ({
  recordBeneficiaryExit: t.field({
    type: BeneficiaryRef,
    description: "登记扶助对象退出（死亡、迁出、收养关系变化等；幂等） — record a beneficiary's exit (idempotent by key)",
    args: {
      input: t.arg({
        type: ExitInput,
        required: true,
        validate: RecordExitCommand.omit({ beneficiaryId: true }).extend({ beneficiaryId: z.union([z.string().min(1), z.object({ typename: z.string(), id: z.string().min(1) })]) }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      requireScope(context, "assistance:write", "recordBeneficiaryExit");
      const beneficiary = await targetOfWrite(
        context, "assistance:write", "recordBeneficiaryExit", context.loaders.assistance.beneficiariesByIds.load(input.beneficiaryId.id), (b) => b.regionCode, "beneficiaryId", "beneficiary",
      );
      return sendCommand(context, { action: "RECORD_EXIT", entityType: "BeneficiaryExit", fields: ["beneficiaryId", "exitedOn", "reason"] }, context.ports.ASSISTANCE.recordExits, {
        ...input,
        beneficiaryId: beneficiary.id,
      });
    },
  }),
}));

/** What the ledger paid a beneficiary for a year: the lines of its village, program and year (one batched read for a page). */
async function paidFor(c: Context, b: Beneficiary, year: number): Promise<number> {
  const lines = await c.loaders.assistance.paymentLinesOfRosters.load({ regionCode: b.regionCode, programCode: b.programCode, year });
  return lines.reduce((sum, line) => (line.beneficiaryId === b.id ? sum + line.amountFen : sum), 0);
}
