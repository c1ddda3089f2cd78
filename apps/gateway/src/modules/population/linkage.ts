// 出生信息比对 — a birth's records in the three channels and its registration, linked here (the
// channels are separate provincial systems: linking them is what the gateway adds), with the
// data-quality findings; and, per region and period, the coverage, accuracy and timeliness the
// linkage yields. Every input comes through batching loaders: a page of births, or a whole
// county's year, costs the same three or four upstream calls.
import { scanCost } from "../cost.js";
import {
  DataQualityFindingKind,
  daysBetween,
  LINK_WINDOW_DAYS,
  linkageMeasures,
  linkBirthRecords,
  Period,
  type Birth,
  type BirthChannelRecord,
  type DataQualityFinding,
  type LinkageMeasures,
  type LinkedBirth,
  type RateParts,
  type Region,
} from "@popfam/domain";
import { z } from "zod";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { connectionComplexity, inMemoryPage, pageRequest, toConnection } from "../../kit/pagination.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { BirthChannelEnum, BirthRef } from "./birth.js";
import { SexEnum } from "./person.js";
import { freeText, personalData } from "../../kit/personal-data.js";
import { BirthRegistrationRef } from "./registration.js";
import { cachedLoader } from "../../cache/result-cache.js";

const FINDING_DESCRIPTIONS: Record<DataQualityFindingKind, string> = {
  NO_HOUSEHOLD_REGISTRATION: "有出生信息但无公安户籍登记 — reported, but not in the household registration",
  NO_BIRTH_CERTIFICATE: "无出生医学证明 — no birth certificate",
  NO_VACCINATION_RECORD: "无预防接种建档 — no vaccination record",
  SEX_MISMATCH: "性别与出生医学证明不一致 — sex disagrees with the birth certificate",
  BIRTH_DATE_MISMATCH: "出生日期与出生医学证明不一致 — birth date disagrees with the birth certificate",
  LATE_REPORT: "超过时限上报 — first reported after the reporting window",
  NO_BIRTH_REGISTRATION: "未办理生育登记 — no birth registration",
  NOT_IN_REGISTRY: "婴儿未入全员人口库 — the child is not in the population registry",
};

const DataQualityFindingKindEnum = builder.enumType("DataQualityFindingKind", {
  description: "数据质量问题类型 — kind of data-quality finding",
  values: Object.fromEntries(DataQualityFindingKind.options.map((kind) => [kind, { description: FINDING_DESCRIPTIONS[kind] }])) as Record<
    DataQualityFindingKind,
    { description: string }
  >,
});

const ChannelRecordRef = builder.objectRef<BirthChannelRecord>("BirthChannelRecord").implement({
  description: "渠道出生记录 — one channel's record of a birth, as its system holds it",
  fields: (t) => ({
    id: t.exposeString("id", { description: "渠道记录标识 — the channel's record id" }),
    channel: t.expose("channel", { type: BirthChannelEnum, description: "来源渠道 — channel" }),
    sex: t.expose("sex", { type: SexEnum, description: "婴儿性别（本渠道记载） — the child's sex as this channel has it" }),
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期（本渠道记载） — birth date as this channel has it" }),
    birthOrder: t.exposeInt("birthOrder", { nullable: true, description: "孩次（出生医学证明记载） — birth order, where the channel records it" }),
    reportedOn: t.expose("reportedOn", { type: "Date", description: "上报日期 — reported on" }),
    region: t.field({ type: RegionRef, nullable: true, description: "上报地 — region of the reporting place", resolve: (r, _a, c) => regionByCode(c, r.regionCode) }),
    childIdNumber: t.string({
      nullable: true,
      description: "婴儿身份号码（仅公安户籍；无pii:read时脱敏） — child's ID number (household registration only), masked without pii:read",
      resolve: (r, _a, c) => personalData(c, "idNumber", r.childIdNumber, { entityType: "BirthChannelRecord", entityId: r.id, field: "childIdNumber" }),
    }),
  }),
});

const FindingRef = builder.objectRef<DataQualityFinding>("DataQualityFinding").implement({
  description: "数据质量问题 — one discrepancy found by linking a birth's records, with its sources",
  fields: (t) => ({
    kind: t.expose("kind", { type: DataQualityFindingKindEnum, description: "问题类型 — kind" }),
    detail: t.string({
      description: "说明 — what is wrong, for the clerk who fixes it",
      resolve: (f, _a, c) => freeText(c, f.detail, { entityType: "BirthChannelRecord", entityId: f.recordIds.join(","), field: "findingDetail" }),
    }),
    channels: t.expose("channels", { type: [BirthChannelEnum], description: "涉及的渠道 — the channels concerned" }),
    recordIds: t.exposeStringList("recordIds", { description: "涉及的渠道记录 — the channel records concerned" }),
  }),
});

const LinkedBirthRef = builder.objectRef<LinkedBirth>("BirthLinkage").implement({
  description: "出生信息比对结果 — a birth's records in every channel and its registration, linked, with what was found",
  fields: (t) => ({
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期（以出生医学证明为准） — birth date (the certificate's)" }),
    sex: t.expose("sex", { type: SexEnum, description: "性别（以出生医学证明为准） — sex (the certificate's)" }),
    birthOrder: t.exposeInt("birthOrder", { nullable: true, description: "孩次 — birth order" }),
    channels: t.field({
      type: [BirthChannelEnum],
      description: "有记录的渠道 — the channels that hold a record of it",
      resolve: (l) => [...new Set(l.records.map((r) => r.channel))],
    }),
    records: t.expose("records", { type: [ChannelRecordRef], description: "各渠道记录 — every channel's record" }),
    registration: t.expose("registration", { type: BirthRegistrationRef, nullable: true, description: "关联的生育登记 — the linked birth registration" }),
    firstReportedOn: t.expose("firstReportedOn", { type: "Date", description: "首次上报日期 — first reported on" }),
    firstChannel: t.expose("firstChannel", { type: BirthChannelEnum, description: "首报渠道 — channel of the first report" }),
    reportDelayDays: t.int({ resolve: (l) => daysBetween(l.birthDate, l.firstReportedOn), description: "上报延迟天数 — days from birth to the first report" }),
    keyItemsChecked: t.exposeBoolean("keyItemsChecked", { description: "已比对主要数据项（有出生医学证明及另一渠道） — key items checked" }),
    keyItemsMatch: t.exposeBoolean("keyItemsMatch", { nullable: true, description: "主要数据项一致（未比对为空） — key items match (null when not checked)" }),
    inRegistry: t.exposeBoolean("inRegistry", { description: "婴儿已入全员人口库 — the child is in the population registry" }),
    findings: t.expose("findings", { type: [FindingRef], description: "数据质量问题 — the findings" }),
  }),
});

/** Links the records of the given mothers' births, consulting the registration system and the registry. */
async function linkMothers(context: Context, records: readonly BirthChannelRecord[]): Promise<LinkedBirth[]> {
  const mothers = [...new Set(records.map((r) => r.motherIdNumber))];
  const children = [...new Set(records.flatMap((r) => (r.childIdNumber ? [r.childIdNumber] : [])))];
  const [registrations, persons] = await Promise.all([
    Promise.all(mothers.map((m) => context.loaders.birthRegistration.registrationsByMothers.load(m))),
    Promise.all(children.map((id) => context.loaders.populationRegistry.personsByIdNumbers.load(id))),
  ]);
  const inRegistry = new Set(persons.flatMap((p) => (p ? [p.idNumber as string] : [])));
  return linkBirthRecords(records, registrations.flat(), {
    reportWindowDays: context.config.birthReportWindowDays,
    isInRegistry: (id) => inRegistry.has(id),
  });
}

builder.objectField(BirthRef, "linkage", (t) =>
  t.field({
    type: LinkedBirthRef,
    nullable: true,
    description: "出生信息比对（三渠道与生育登记） — this birth's records in the three channels and its registration, linked, with the findings",
    resolve: async (birth: Birth, _args, context) => {
      const records = await context.loaders.birthChannels.channelRecordsByMothers.load(birth.motherIdNumber);
      const linked = await linkMothers(context, records);
      // The linked birth of this mother nearest to this birth's date (the channels may disagree by a few days).
      let best: LinkedBirth | null = null;
      for (const candidate of linked) {
        const distance = Math.abs(daysBetween(candidate.birthDate, birth.birthDate));
        if (distance <= LINK_WINDOW_DAYS && (!best || distance < Math.abs(daysBetween(best.birthDate, birth.birthDate)))) best = candidate;
      }
      return best;
    },
  }),
);

interface LinkageOfRegion {
  region: Region;
  period: string;
  measures: LinkageMeasures;
}

/** The systems a region's linkage reads: its measures are cached only while all three are read from the database. */
const LINKAGE_SYSTEMS = ["BIRTH_CHANNELS", "BIRTH_REGISTRATION", "POPULATION_REGISTRY"] as const;

/** The births of a region (and below) in a period, linked: computed once a request for each region and period. */
function linkedBirthsOf(context: Context, regionCode: string, period: string): Promise<LinkedBirth[]> {
  return cachedLoader<LinkedBirth[]>(context, null, "linkedBirths", LINKAGE_SYSTEMS, (keys) =>
    Promise.all(
      keys.map(async (key) => {
        const [code, keyPeriod] = key.split("|") as [string, string];
        const records = await context.loaders.birthChannels.channelRecordsInRegions.load({ regionCode: code, period: keyPeriod });
        return linkMothers(context, records);
      }),
    ),
  ).load(`${regionCode}|${period}`);
}

/**
 * What the linkage yields for a region and period: counts only, no personal data, so kept in the
 * result cache under the data version (a write to the channels' records, the registrations or the
 * registry bumps it), as dashboards ask for it again and again.
 */
function linkageMeasuresOf(context: Context, regionCode: string, period: string): Promise<LinkageMeasures> {
  return cachedLoader<LinkageMeasures>(context, context.results, "linkageMeasures", LINKAGE_SYSTEMS, (keys) =>
    Promise.all(
      keys.map(async (key) => {
        const [code, keyPeriod] = key.split("|") as [string, string];
        return linkageMeasures(await linkedBirthsOf(context, code, keyPeriod), { reportWindowDays: context.config.birthReportWindowDays });
      }),
    ),
  ).load(`${regionCode}|${period}`);
}

const RateRef = builder.objectRef<RateParts>("LinkageRate").implement({
  description: "比对得出的比率 — a rate from the linkage, with its numerator and denominator",
  fields: (t) => ({
    value: t.exposeFloat("value", { nullable: true, description: "比率（%），分母为0时为空 — the rate in percent; null when the denominator is 0" }),
    numerator: t.exposeInt("numerator", { description: "分子 — numerator" }),
    denominator: t.exposeInt("denominator", { description: "分母 — denominator" }),
  }),
});

const FindingCountRef = builder.objectRef<{ kind: DataQualityFindingKind; count: number }>("DataQualityFindingCount").implement({
  description: "某类问题的出生数 — how many births have a finding of a kind",
  fields: (t) => ({
    kind: t.expose("kind", { type: DataQualityFindingKindEnum, description: "问题类型 — kind" }),
    count: t.exposeInt("count", { description: "出生数 — births with it" }),
  }),
});

const RegionLinkageRef = builder.objectRef<LinkageOfRegion>("RegionBirthLinkage").implement({
  description: "区划、周期的出生信息比对 — the linkage of every birth of a region (and below) in a period, and what it yields",
  fields: (t) => ({
    region: t.expose("region", { type: RegionRef, description: "区划 — region" }),
    period: t.exposeString("period", { description: "统计周期（出生日期在期内） — period (born within it)" }),
    births: t.int({ resolve: (l) => l.measures.births, description: "比对出的出生数 — births linked" }),
    registryCoverage: t.field({
      type: RateRef,
      description: "覆盖率：婴儿已入全员人口库的出生 / 出生 — coverage: births whose child is in the registry / births",
      resolve: (l) => l.measures.registryCoverage,
    }),
    keyItemAccuracy: t.field({
      type: RateRef,
      description: "主要数据项准确率：与出生医学证明一致的出生 / 已比对的出生 — key-item accuracy: births agreeing with the certificate / births checked",
      resolve: (l) => l.measures.keyItemAccuracy,
    }),
    reportTimeliness: t.field({
      type: RateRef,
      description: "上报及时率：时限内首报的出生 / 出生 — timeliness: births first reported within the window / births",
      resolve: (l) => l.measures.reportTimeliness,
    }),
    findingCounts: t.field({
      type: [FindingCountRef],
      description: "各类问题的出生数 — births with each kind of finding",
      resolve: (l) => DataQualityFindingKind.options.map((kind) => ({ kind, count: l.measures.findingCounts[kind] })),
    }),
    flaggedBirths: t.connection(
      {
        type: LinkedBirthRef,
        description: "有问题的出生（可按问题类型筛选） — the births with findings (of the given kinds), by date",
        complexity: connectionComplexity,
        args: { kinds: t.arg({ type: [DataQualityFindingKindEnum], required: false, description: "只看这些问题 — only these kinds" }) },
        resolve: async (l, args, context) => {
          const kinds = args.kinds ? new Set(args.kinds) : null;
          const births = await linkedBirthsOf(context, l.region.code, l.period);
          const flagged = births.filter((b) => b.findings.some((f) => !kinds || kinds.has(f.kind)));
          return toConnection(inMemoryPage(flagged, "id", pageRequest(args)), "id");
        },
      },
      { name: "RegionFlaggedBirthsConnection", description: "有问题的出生（分页） — a page of flagged births" },
      { name: "RegionFlaggedBirthsEdge", description: "有问题的出生（一项） — a flagged birth" },
    ),
  }),
});

builder.objectField(RegionRef, "birthLinkage", (t) =>
  t.field({
    type: RegionLinkageRef,
    nullable: true,
    description: "出生信息比对与数据质量（按出生日期的统计周期） — linkage of the region's births across the channels in a period, with coverage, accuracy, timeliness and findings",
    authScopes: (region: Region) => ({ jurisdiction: region.code }),
    complexity: scanCost("birthLinkage"),
    args: { period: t.arg.string({ required: true, description: "统计周期 — period: 2021, 2021Q2 or 2021-05", validate: z.string().pipe(Period) }) },
    resolve: async (region, { period }, context) => ({ region, period, measures: await linkageMeasuresOf(context, region.code, period) }),
  }),
);
