// 计生特殊家庭 — the special-family archive in the graph: each family with its members and what is
// arranged for it, the families of a region filtered by what they lack (联系人, 签约, 绿色通道,
// 心理服务, 节日走访), and the writes of the field work: a visit, a family-doctor contract.
import { specialFamiliesCost } from "../cost.js";
import {
  ContactRole,
  CoverageGap,
  coverageGaps,
  FamilyServiceKind,
  Holiday,
  MemberRole,
  parsePeriod,
  SpecialFamilyKind,
  SpecialFamilyNeed,
  VisitKind,
  type ContactPerson,
  type FamilyDoctorContract,
  type FamilyService,
  type GreenChannel,
  type MentalHealthService,
  type Region,
  type SpecialFamily,
  type SpecialFamilyMember,
  type SpecialFamilyRecords,
  type CoveragePeriod,
  holidayVisitSpan,
  type Visit,
} from "@popfam/domain";
import { countMeasuresWith } from "../indicator/area-measures.js";
import { RecordVisitCommand, SignContractCommand, type VisitsWithinKey } from "@popfam/sources";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { countedConnection, inMemoryPage, pageRequest, toConnection } from "../../kit/pagination.js";
import { guardedRecord } from "../../kit/records.js";
import { freeText, personalData } from "../../kit/personal-data.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { requireScope, sendCommand, targetOfWrite } from "../../kit/writes.js";
import { enumFrom } from "../../kit/enums.js";
import { MoneyRef } from "../../kit/money.js";
import { DecodedId, PeriodArg } from "../../kit/args.js";

const SpecialFamilyKindEnum = enumFrom("SpecialFamilyKind", SpecialFamilyKind, "特殊家庭类型 — special family kind", {
  BEREAVED: "失独家庭 — the only child died",
  DISABLED: "伤残家庭 — the only child is disabled",
});
const NeedEnum = enumFrom("SpecialFamilyNeed", SpecialFamilyNeed, "帮扶需求 — need", {
  ELDERLY_CARE: "养老照护 — elderly care",
  MEDICAL_CARE: "医疗 — medical care",
  MENTAL_HEALTH: "心理慰藉 — mental health",
  FINANCIAL: "经济困难 — financial",
  DAILY_LIVING: "生活照料 — daily living",
  LEGAL: "法律援助 — legal",
});
const MemberRoleEnum = enumFrom("SpecialFamilyMemberRole", MemberRole, "成员身份 — member role", { MOTHER: "母亲 — mother", FATHER: "父亲 — father" });
const ContactRoleEnum = enumFrom("ContactRole", ContactRole, "联系人身份 — contact person's role", {
  VILLAGE_CADRE: "村（社区）干部 — village cadre",
  FAMILY_PLANNING_WORKER: "计生专干 — family-planning worker",
  VOLUNTEER: "志愿者 — volunteer",
  MEDICAL_WORKER: "医务人员 — medical worker",
});
const HolidayEnum = enumFrom("Holiday", Holiday, "重大节日 — major holiday", {
  SPRING_FESTIVAL: "春节 — Spring Festival",
  MID_AUTUMN: "中秋 — Mid-Autumn Festival",
  DOUBLE_NINTH: "重阳 — Double Ninth Festival",
});
const VisitKindEnum = enumFrom("VisitKind", VisitKind, "走访类型 — visit kind", { HOLIDAY: "节日慰问 — holiday visit", ROUTINE: "日常走访 — routine visit" });
const ServiceKindEnum = enumFrom("FamilyServiceKind", FamilyServiceKind, "帮扶服务 — service kind", {
  ONE_KEY_CALL: "一键通 — one-key emergency call",
  HOME_VISIT: "居家探访 — home visit",
  MEDICAL_ESCORT: "就医陪护 — escort to hospital",
  HOSPITAL_CARE_SUBSIDY: "住院护工补贴 — hospital carer subsidy",
  ANNUAL_CHECKUP: "年度体检 — annual check-up",
  WARM_HEART: "暖心行动 — warm-heart action",
});
const CoverageGapEnum = enumFrom("CoverageGap", CoverageGap, "覆盖缺口 — what a family lacks in a period", {
  CONTACT_PERSON: "无联系人 — no contact person",
  DOCTOR_CONTRACT: "无有效家庭医生签约 — no family-doctor contract in force",
  GREEN_CHANNEL: "无就医绿色通道 — no medical green channel",
  MENTAL_HEALTH_SERVICE: "无心理健康服务 — no mental-health service",
  HOLIDAY_VISIT: "节日未走访 — not visited at a major holiday of the period",
});

const MemberRef = builder.objectRef<SpecialFamilyMember>("SpecialFamilyMember").implement({
  description: "特殊家庭成员 — a parent of a special family",
  fields: (t) => ({
    id: t.exposeString("id", { description: "成员标识（签约等写入时的memberId） — the member's id, the memberId of writes such as signFamilyDoctorContract" }),
    role: t.expose("role", { type: MemberRoleEnum, description: "身份 — role" }),
    name: t.string({ nullable: true, description: "姓名（无pii:read时脱敏） — name, masked without pii:read", resolve: (m, _a, c) => personalData(c, "name", m.name, audited(m, "name")) }),
    idNumber: t.string({
      nullable: true,
      description: "公民身份号码（无pii:read时脱敏） — ID number, masked without pii:read",
      resolve: (m, _a, c) => personalData(c, "idNumber", m.idNumber, audited(m, "idNumber")),
    }),
    phone: t.string({ nullable: true, description: "联系电话（无pii:read时脱敏） — phone, masked without pii:read", resolve: (m, _a, c) => personalData(c, "phone", m.phone, audited(m, "phone")) }),
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期 — date of birth" }),
  }),
});
const audited = (m: SpecialFamilyMember, field: string) => ({ entityType: "SpecialFamilyMember", entityId: m.id, field });

const ContactRef = builder.objectRef<ContactPerson>("ContactPerson").implement({
  description: "联系人 — a person assigned to keep in touch with the family",
  fields: (t) => ({
    name: t.string({ nullable: true, description: "姓名（无pii:read时脱敏） — name, masked without pii:read", resolve: (c, _a, ctx) => personalData(ctx, "name", c.name, { entityType: "ContactPerson", entityId: c.id, field: "name" }) }),
    phone: t.string({ nullable: true, description: "联系电话（无pii:read时脱敏） — phone, masked without pii:read", resolve: (c, _a, ctx) => personalData(ctx, "phone", c.phone, { entityType: "ContactPerson", entityId: c.id, field: "phone" }) }),
    role: t.expose("role", { type: ContactRoleEnum, description: "身份 — role" }),
    assignedOn: t.expose("assignedOn", { type: "Date", description: "确定日期 — assigned on" }),
    endedOn: t.expose("endedOn", { type: "Date", nullable: true, description: "终止日期 — ended on" }),
  }),
});

const ContractRef = builder.objectRef<FamilyDoctorContract>("FamilyDoctorContract").implement({
  description: "家庭医生签约 — a family-doctor contract of a member",
  fields: (t) => ({
    id: t.exposeString("id", { description: "签约标识 — contract id" }),
    memberId: t.exposeString("memberId", { description: "签约成员标识 — the member's id" }),
    doctorName: t.string({
      description: "签约医生（无pii:read时脱敏） — doctor, masked without pii:read",
      resolve: (c, _a, ctx) => personalData(ctx, "name", c.doctorName, { entityType: "FamilyDoctorContract", entityId: c.id, field: "doctorName" }),
    }),
    institution: t.string({
      description: "签约机构（其中的身份号码、电话无pii:read时脱敏） — institution; ID and phone numbers in it masked without pii:read",
      resolve: (c, _a, ctx) => freeText(ctx, c.institution, { entityType: "FamilyDoctorContract", entityId: c.id, field: "institution" }),
    }),
    signedOn: t.expose("signedOn", { type: "Date", description: "签约日期 — signed on" }),
    validUntil: t.expose("validUntil", { type: "Date", description: "有效期至 — valid until (inclusive)" }),
  }),
});

const GreenChannelRef = builder.objectRef<GreenChannel>("GreenChannel").implement({
  description: "就医绿色通道 — priority access at a medical institution",
  fields: (t) => ({
    institution: t.string({
      description: "医疗机构（其中的身份号码、电话无pii:read时脱敏） — institution; ID and phone numbers in it masked without pii:read",
      resolve: (g, _a, ctx) => freeText(ctx, g.institution, { entityType: "GreenChannel", entityId: g.id, field: "institution" }),
    }),
    since: t.expose("since", { type: "Date", description: "开通日期 — since" }),
    until: t.expose("until", { type: "Date", nullable: true, description: "终止日期 — until" }),
  }),
});

const MentalHealthRef = builder.objectRef<MentalHealthService>("MentalHealthService").implement({
  description: "心理健康服务 — a mental-health service arrangement",
  fields: (t) => ({
    provider: t.string({
      description: "服务机构（其中的身份号码、电话无pii:read时脱敏） — provider; ID and phone numbers in it masked without pii:read",
      resolve: (m, _a, ctx) => freeText(ctx, m.provider, { entityType: "MentalHealthService", entityId: m.id, field: "provider" }),
    }),
    startedOn: t.expose("startedOn", { type: "Date", description: "开始日期 — started on" }),
    endedOn: t.expose("endedOn", { type: "Date", nullable: true, description: "结束日期 — ended on" }),
  }),
});

const VisitRef = builder.objectRef<Visit>("Visit").implement({
  description: "走访慰问 — a visit to a family",
  fields: (t) => ({
    id: t.exposeString("id", { description: "走访标识 — visit id" }),
    visitedOn: t.expose("visitedOn", { type: "Date", description: "走访日期 — visited on" }),
    visitor: t.string({
      description: "走访人（无pii:read时脱敏） — visitor, masked without pii:read",
      resolve: (v, _a, ctx) => personalData(ctx, "name", v.visitor, { entityType: "Visit", entityId: v.id, field: "visitor" }),
    }),
    kind: t.expose("kind", { type: VisitKindEnum, description: "类型 — kind" }),
    holiday: t.expose("holiday", { type: HolidayEnum, nullable: true, description: "所属节日慰问窗口 — the holiday window it falls in" }),
    gift: t.field({ type: MoneyRef, nullable: true, resolve: (v) => v.giftFen, description: "慰问金 — gift money" }),
    notes: t.string({
      nullable: true,
      description: "备注（其中的身份号码、电话无pii:read时脱敏） — notes; ID and phone numbers in them masked without pii:read",
      resolve: (v, _a, ctx) => freeText(ctx, v.notes, { entityType: "Visit", entityId: v.id, field: "notes" }),
    }),
  }),
});

const ServiceRef = builder.objectRef<FamilyService>("FamilyService").implement({
  description: "帮扶服务 — a service delivered to the family",
  fields: (t) => ({
    kind: t.expose("kind", { type: ServiceKindEnum, description: "服务 — kind" }),
    servedOn: t.expose("servedOn", { type: "Date", description: "服务日期 — served on" }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (s) => s.amountFen, description: "金额（补贴类） — amount (subsidies)" }),
  }),
});

/**
 * The families' arrangements for judging a period, each kind through its batching loader (a page
 * of families costs one call per kind); only the visits within the period's holiday windows.
 */
export async function recordsOf(context: Context, families: readonly SpecialFamily[], period: CoveragePeriod): Promise<SpecialFamilyRecords[]> {
  const ids = families.map((f) => f.id);
  const all = async <K, T>(loader: { loadMany(keys: readonly K[]): Promise<(T | Error)[]> }, keys: readonly K[]) => {
    const lists = await loader.loadMany(keys);
    const failed = lists.find((l): l is Error => l instanceof Error);
    if (failed) throw failed;
    return lists as T[];
  };
  const { loaders } = context;
  const span = holidayVisitSpan(period.start, period.end);
  const [contacts, contracts, greenChannels, mentalHealth, visits] = await Promise.all([
    all<string, ContactPerson[]>(loaders.specialFamilies.contactsByFamilies, ids),
    all<string, FamilyDoctorContract[]>(loaders.specialFamilies.contractsByFamilies, ids),
    all<string, GreenChannel[]>(loaders.specialFamilies.greenChannelsByFamilies, ids),
    all<string, MentalHealthService[]>(loaders.specialFamilies.mentalHealthByFamilies, ids),
    span ? all<VisitsWithinKey, Visit[]>(loaders.specialFamilies.visitsWithin, ids.map((familyId) => ({ familyId, ...span }))) : ids.map((): Visit[] => []),
  ]);
  return families.map((family, i) => ({
    family,
    contacts: contacts[i]!,
    contracts: contracts[i]!,
    greenChannels: greenChannels[i]!,
    mentalHealth: mentalHealth[i]!,
    visits: visits[i]!,
  }));
}

// 三个/四个全覆盖 counts of a region and period, as the archive's rollups keep them (one batched
// read for every region of a drill-down, whatever the number of families).
countMeasuresWith("SPECIAL_FAMILY", "SPECIAL_FAMILIES", (context, regionCode, period) => context.loaders.specialFamilies.coverageMeasures.load({ regionCode, period: period.key }));


export const SpecialFamilyRef = builder.objectRef<SpecialFamily>("SpecialFamily");

builder.node(SpecialFamilyRef, {
  description: "计生特殊家庭 — a family whose only child died (失独) or is disabled (伤残), as archived",
  id: { resolve: (f) => f.id },
  ...guardedRecord<SpecialFamily>("SpecialFamily", (f) => f.regionCode, (context) => context.loaders.specialFamilies.familiesByIds),
  fields: (t) => ({
    kind: t.expose("kind", { type: SpecialFamilyKindEnum, description: "类型 — kind" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (f, _a, c) => regionByCode(c, f.regionCode), description: "户籍地 — region" }),
    registeredOn: t.expose("registeredOn", { type: "Date", description: "建档日期 — archived on" }),
    closedOn: t.expose("closedOn", { type: "Date", nullable: true, description: "销档日期 — closed on" }),
    childDeceasedOn: t.expose("childDeceasedOn", { type: "Date", nullable: true, description: "子女死亡日期 — the child's date of death" }),
    childDisabilityGrade: t.exposeInt("childDisabilityGrade", { nullable: true, description: "子女残疾等级 — the child's disability grade" }),
    needs: t.expose("needs", { type: [NeedEnum], description: "帮扶需求 — needs" }),
    members: t.field({ type: [MemberRef], resolve: (f, _a, c) => c.loaders.specialFamilies.membersByFamilies.load(f.id), description: "家庭成员 — members" }),
    contactPersons: t.field({ type: [ContactRef], resolve: (f, _a, c) => c.loaders.specialFamilies.contactsByFamilies.load(f.id), description: "联系人 — contact persons" }),
    doctorContracts: t.field({ type: [ContractRef], resolve: (f, _a, c) => c.loaders.specialFamilies.contractsByFamilies.load(f.id), description: "家庭医生签约 — doctor contracts" }),
    greenChannels: t.field({ type: [GreenChannelRef], resolve: (f, _a, c) => c.loaders.specialFamilies.greenChannelsByFamilies.load(f.id), description: "就医绿色通道 — green channels" }),
    mentalHealthServices: t.field({ type: [MentalHealthRef], resolve: (f, _a, c) => c.loaders.specialFamilies.mentalHealthByFamilies.load(f.id), description: "心理健康服务 — mental-health services" }),
    visits: t.field({
      type: [VisitRef],
      description: "走访慰问（可按周期筛选） — visits, within a period if given",
      args: { period: t.arg.string({ required: false, validate: PeriodArg, description: "统计周期 — period" }) },
      resolve: async (f, { period }, c) => {
        if (!period) return c.loaders.specialFamilies.visitsByFamilies.load(f.id);
        const { start, end } = parsePeriod(period);
        return c.loaders.specialFamilies.visitsWithin.load({ familyId: f.id, from: start, to: end });
      },
    }),
    services: t.field({
      type: [ServiceRef],
      description: "帮扶服务（可按周期筛选） — services, within a period if given",
      args: { period: t.arg.string({ required: false, validate: PeriodArg, description: "统计周期 — period" }) },
      resolve: async (f, { period }, c) => within(await c.loaders.specialFamilies.servicesByFamilies.load(f.id), period, (s) => s.servedOn),
    }),
    coverageGaps: t.field({
      type: [CoverageGapEnum],
      description: "周期内的覆盖缺口 — what the family lacks for the period (judged at its end; holidays within it)",
      args: { period: t.arg.string({ required: true, validate: PeriodArg, description: "统计周期 — period" }) },
      resolve: async (f, { period }, c) => {
        const parsed = parsePeriod(period);
        return coverageGaps((await recordsOf(c, [f], parsed))[0]!, parsed);
      },
    }),
  }),
});

function within<T>(items: T[], period: string | null | undefined, dateOf: (item: T) => string): T[] {
  if (!period) return items;
  const { start, end } = parsePeriod(period);
  return items.filter((item) => dateOf(item) >= start && dateOf(item) <= end);
}

builder.objectField(RegionRef, "specialFamilies", (t) =>
  t.connection(
    {
      type: SpecialFamilyRef,
      nullable: true,
      description: "本区划（含下级）的计生特殊家庭，可按类型和覆盖缺口筛选 — the special families of this region and below, by kind and by what they lack in a period",
      authScopes: (region: Region) => ({ jurisdiction: region.code }),
      complexity: specialFamiliesCost,
      args: {
        period: t.arg.string({ required: true, validate: PeriodArg, description: "统计周期：在档与覆盖按期末、节日走访按期内 — period" }),
        kind: t.arg({ type: SpecialFamilyKindEnum, required: false, description: "类型 — kind" }),
        lacking: t.arg({ type: [CoverageGapEnum], required: false, description: "只列缺少其中任一项的家庭 — only families lacking any of these" }),
      },
      resolve: async (region, args, context) => {
        const period = parsePeriod(args.period);
        const families = (await context.loaders.specialFamilies.familiesInRegions.load({ regionCode: region.code })).filter(
          (f) => f.registeredOn <= period.end && (f.closedOn === null || f.closedOn > period.end) && (!args.kind || f.kind === args.kind),
        );
        let listed = families;
        if (args.lacking && args.lacking.length > 0) {
          const wanted = new Set(args.lacking);
          const records = await recordsOf(context, families, period);
          listed = records.filter((r) => coverageGaps(r, period).some((gap) => wanted.has(gap))).map((r) => r.family);
        }
        return toConnection(inMemoryPage(listed, "id", pageRequest(args)), "id", { totalCount: listed.length });
      },
    },
    countedConnection("RegionSpecialFamiliesConnection", "特殊家庭（分页） — a page of special families", "符合条件的家庭数 — families matching"),
    { name: "RegionSpecialFamiliesEdge", description: "特殊家庭（一项） — a special family" },
  ),
);

const RecordVisitInput = builder.inputType("RecordVisitInput", {
  description: "登记走访 — a visit to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键（8–128字符；重试用同一键） — idempotency key: retry with the same key" }),
    familyId: t.globalID({ required: true, for: [SpecialFamilyRef], description: "特殊家庭的全局ID — the family's global ID" }),
    visitedOn: t.field({ type: "Date", required: true, description: "走访日期 — visited on" }),
    visitor: t.string({ required: true, description: "走访人 — visitor" }),
    kind: t.field({ type: VisitKindEnum, required: true, description: "类型；节日慰问须在节日窗口内 — kind; a holiday visit must fall in a holiday window" }),
    giftFen: t.field({ type: "SafeInt", required: false, description: "慰问金（分） — gift money in fen" }),
    notes: t.string({ required: false, description: "备注 — notes" }),
  }),
});

const SignContractInput = builder.inputType("SignFamilyDoctorContractInput", {
  description: "登记家庭医生签约 — a family-doctor contract to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    familyId: t.globalID({ required: true, for: [SpecialFamilyRef], description: "特殊家庭的全局ID — the family's global ID" }),
    memberId: t.string({ required: true, description: "签约成员标识 — the member's id" }),
    doctorName: t.string({ required: true, description: "签约医生 — doctor" }),
    institution: t.string({ required: true, description: "签约机构 — institution" }),
    signedOn: t.field({ type: "Date", required: true, description: "签约日期 — signed on" }),
    validUntil: t.field({ type: "Date", required: true, description: "有效期至 — valid until" }),
  }),
});

/** The family a write is about: existing, and within the caller's jurisdiction. */
async function familyForWrite(context: Context, id: string, what: string): Promise<SpecialFamily> {
  return targetOfWrite(context, "special-family:write", what, context.loaders.specialFamilies.familiesByIds.load(id), (f) => f.regionCode, "familyId", "special family");
}

builder.mutationFields((t) => ({
  recordVisit: t.field({
    type: VisitRef,
    description: "登记一次走访慰问（幂等） — record a visit (idempotent by key; a holiday visit's holiday is set from its date)",
    args: {
      input: t.arg({
        type: RecordVisitInput,
        required: true,
        // Optional in the graph (omitted = none); the command itself takes explicit nulls.
        validate: RecordVisitCommand.omit({ familyId: true }).extend({
          familyId: DecodedId,
          giftFen: RecordVisitCommand.shape.giftFen.optional(),
          notes: RecordVisitCommand.shape.notes.optional(),
        }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      requireScope(context, "special-family:write", "recordVisit");
      const family = await familyForWrite(context, input.familyId.id, "recordVisit");
      return sendCommand(context, { action: "RECORD_VISIT", entityType: "Visit", fields: ["familyId", "visitedOn", "visitor", "kind"] }, context.ports.SPECIAL_FAMILIES.recordVisits, {
        ...input,
        familyId: family.id,
        giftFen: input.giftFen ?? null,
        notes: input.notes ?? null,
      });
    },
  }),
  signFamilyDoctorContract: t.field({
    type: ContractRef,
    description: "登记家庭医生签约（幂等） — record a family-doctor contract (idempotent by key)",
    args: {
      input: t.arg({
        type: SignContractInput,
        required: true,
        validate: SignContractCommand.omit({ familyId: true }).extend({ familyId: DecodedId }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      requireScope(context, "special-family:write", "signFamilyDoctorContract");
      const family = await familyForWrite(context, input.familyId.id, "signFamilyDoctorContract");
      return sendCommand(
        context,
        { action: "SIGN_DOCTOR_CONTRACT", entityType: "FamilyDoctorContract", fields: ["familyId", "memberId", "signedOn", "validUntil"] },
        context.ports.SPECIAL_FAMILIES.signContracts,
        { ...input, familyId: family.id },
      );
    },
  }),
}));
