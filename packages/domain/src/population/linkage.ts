// 出生信息比对 — record linkage across the three birth-information channels and the birth
// registration, and the data-quality findings and measures that come out of it. Pure.
import { z } from "zod";
import { IsoDate, addDays, daysBetween } from "../common/date.js";
import { DomainError } from "../errors.js";
import { ratio } from "../indicator/definition.js";
import { IdNumber } from "../person/id-number.js";
import { Sex } from "../person/person.js";
import { RegionCode } from "../region/region.js";
import { BirthChannel, type BirthRegistration } from "./events.js";

/**
 * 渠道出生记录 — one channel's record of a birth, as that channel's system holds it. The birth
 * certificate (出生医学证明) is the authoritative channel for the key items (sex, birth date);
 * only the household registration (公安户籍) carries the child's ID number.
 */
export const BirthChannelRecord = z
  .object({
    id: z.string().describe("渠道记录标识 — channel record id"),
    channel: BirthChannel.describe("来源渠道 — channel"),
    motherIdNumber: IdNumber.describe("母亲公民身份号码 — mother's ID number"),
    childIdNumber: IdNumber.nullable().describe("婴儿公民身份号码（仅公安户籍） — child's ID number (household registration only)"),
    sex: Sex.describe("婴儿性别 — child's sex as this channel recorded it"),
    birthDate: IsoDate.describe("出生日期 — birth date as this channel recorded it"),
    birthOrder: z.number().int().min(1).max(15).nullable().describe("孩次（出生医学证明） — birth order, where the channel records it"),
    regionCode: RegionCode.describe("上报地区划代码 — region code of the reporting place"),
    reportedOn: IsoDate.describe("上报日期 — date reported"),
  })
  .refine((r) => r.reportedOn >= r.birthDate, {
    path: ["reportedOn"],
    message: "上报日期不能早于出生日期 — reportedOn must not be before birthDate",
  })
  .describe("渠道出生记录 — one channel's record of a birth");
export type BirthChannelRecord = z.infer<typeof BirthChannelRecord>;

/** 数据质量问题类型 — what the linkage found wrong with a birth's records. */
export const DataQualityFindingKind = z
  .enum([
    "NO_HOUSEHOLD_REGISTRATION",
    "NO_BIRTH_CERTIFICATE",
    "NO_VACCINATION_RECORD",
    "SEX_MISMATCH",
    "BIRTH_DATE_MISMATCH",
    "LATE_REPORT",
    "NO_BIRTH_REGISTRATION",
    "NOT_IN_REGISTRY",
  ])
  .describe("数据质量问题类型 — data-quality finding kind");
export type DataQualityFindingKind = z.infer<typeof DataQualityFindingKind>;

/** 数据质量问题 — one discrepancy, with the records it comes from. */
export interface DataQualityFinding {
  kind: DataQualityFindingKind;
  /** A sentence a data clerk can act on, Chinese first. */
  detail: string;
  /** The channel records (ids) that disagree or that stand alone. */
  recordIds: string[];
  channels: BirthChannel[];
}

/** 比对后的出生 — the records of one birth, linked, with what was found. */
export interface LinkedBirth {
  /**
   * The birth's surrogate key: the id of its authoritative record (unique within a linkage). It
   * carries no personal data, so it is what identifies the birth outside the gateway (cursors).
   */
  id: string;
  /** A stable key: the mother's ID number and the authoritative birth date. Personal data: for ordering only. */
  key: string;
  motherIdNumber: string;
  /** From the birth certificate when there is one, else the earliest report. */
  sex: z.infer<typeof Sex>;
  birthDate: string;
  birthOrder: number | null;
  childIdNumber: string | null;
  regionCode: string;
  records: BirthChannelRecord[];
  registration: BirthRegistration | null;
  /** The first report over all channels, and the channel it came through. */
  firstReportedOn: string;
  firstChannel: BirthChannel;
  /** Key items checked: the authoritative record and at least one other channel are present. */
  keyItemsChecked: boolean;
  /** Every other channel agrees with the authoritative one on sex and birth date (null: not checked). */
  keyItemsMatch: boolean | null;
  /** The child's ID number was found in the population registry (false without an ID number). */
  inRegistry: boolean;
  findings: DataQualityFinding[];
}

/*
 * Linkage rules (出生信息比对规则)
 *
 * 1. Records are grouped by the mother's ID number; records of different mothers never link.
 * 2. Within a mother, records carrying the same child ID number are one birth: no two children
 *    share an ID number, so this link is certain.
 * 3. Every other record joins the birth of the same mother whose authoritative birth date is
 *    nearest, if at most LINK_WINDOW_DAYS away and that birth has no record of the record's
 *    channel yet (a channel reports a birth once); else it starts a birth of its own. A mother's
 *    births are ~300 days apart or more, so a week tolerates keying errors without merging them.
 *    Twins share a date: their hukou records keep them apart by child ID number, and a record
 *    without one prefers, at equal distance, the twin whose sex agrees.
 * 4. Records are taken in the order birth date, channel (BIRTH_CHANNEL_ORDER), id, so the
 *    result does not depend on the order the channels delivered them in.
 * 5. The authoritative record is the birth certificate (出生医学证明) when there is one, else the
 *    earliest report. The birth's sex, date, order and region come from it; the child's ID
 *    number comes from the household registration (公安户籍), the only channel that issues it.
 * 6. A birth registration (生育登记) of the same mother links when its child order is the
 *    birth's (capped at 3, the highest order registered; any order when the birth order is
 *    unknown) and it was made from REGISTRATION_DAYS_BEFORE_BIRTH days before the birth to
 *    REGISTRATION_DAYS_AFTER_BIRTH days after it. The nearest by date wins; each registration
 *    links to one birth at most, the mother's births taken oldest first.
 */

/** Records of one mother at most this many days apart may be the same birth. */
export const LINK_WINDOW_DAYS = 7;
// Registration is usually made during pregnancy, at most ~300 days before the birth, or soon after it.
const REGISTRATION_DAYS_BEFORE_BIRTH = 300;
const REGISTRATION_DAYS_AFTER_BIRTH = 60;
// The highest child order a birth registration records (一孩/二孩/三孩).
const MAX_REGISTERED_CHILD_ORDER = 3;
const MAX_REPORT_WINDOW_DAYS = 30;

/** The order channels are taken in when records tie: the authoritative channel first. */
export const BIRTH_CHANNEL_ORDER: readonly BirthChannel[] = ["BIRTH_CERTIFICATE", "HOUSEHOLD_REGISTRATION", "VACCINATION"];

const CHANNEL_RANK: Record<BirthChannel, number> = { BIRTH_CERTIFICATE: 0, HOUSEHOLD_REGISTRATION: 1, VACCINATION: 2 };
const CHANNEL_ZH: Record<BirthChannel, string> = {
  BIRTH_CERTIFICATE: "出生医学证明",
  HOUSEHOLD_REGISTRATION: "公安户籍",
  VACCINATION: "预防接种",
};
const CHANNEL_EN: Record<BirthChannel, string> = {
  BIRTH_CERTIFICATE: "birth certificate",
  HOUSEHOLD_REGISTRATION: "household registration",
  VACCINATION: "vaccination",
};
const SEX_ZH: Record<Sex, string> = { MALE: "男", FEMALE: "女" };

export interface LinkageOptions {
  /** 上报及时 window in days (0..30): a birth first reported later than this many days after birth is LATE_REPORT. */
  reportWindowDays: number;
  /**
   * Whether the child's ID number is in the population registry; omit when the registry was not
   * consulted (then no NOT_IN_REGISTRY findings and inRegistry is false).
   */
  isInRegistry?: (childIdNumber: string) => boolean;
}

// Plain code-unit comparison: locale-independent, and ISO dates sort correctly as text.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byBirthDateChannelId(a: BirthChannelRecord, b: BirthChannelRecord): number {
  return compareText(a.birthDate, b.birthDate) || CHANNEL_RANK[a.channel] - CHANNEL_RANK[b.channel] || compareText(a.id, b.id);
}

function byReport(a: BirthChannelRecord, b: BirthChannelRecord): number {
  return compareText(a.reportedOn, b.reportedOn) || CHANNEL_RANK[a.channel] - CHANNEL_RANK[b.channel] || compareText(a.id, b.id);
}

function byChannelReport(a: BirthChannelRecord, b: BirthChannelRecord): number {
  return CHANNEL_RANK[a.channel] - CHANNEL_RANK[b.channel] || compareText(a.reportedOn, b.reportedOn) || compareText(a.id, b.id);
}

function earliest(records: readonly BirthChannelRecord[], compare: (a: BirthChannelRecord, b: BirthChannelRecord) => number): BirthChannelRecord {
  const [first, ...rest] = records;
  if (first === undefined) throw new DomainError("INVALID_INPUT", "a birth has at least one record", "records");
  return rest.reduce((best, r) => (compare(r, best) < 0 ? r : best), first);
}

function authorityOf(records: readonly BirthChannelRecord[]): BirthChannelRecord {
  const certificates = records.filter((r) => r.channel === "BIRTH_CERTIFICATE");
  return earliest(certificates.length > 0 ? certificates : records, byReport);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The birth a record without a child ID number joins, or null when it starts one (rule 3). */
function nearestBirth(births: readonly BirthChannelRecord[][], record: BirthChannelRecord): BirthChannelRecord[] | null {
  let best: { records: BirthChannelRecord[]; distance: number; sexAgrees: boolean } | null = null;
  for (const records of births) {
    if (records.some((r) => r.channel === record.channel)) continue;
    const authority = authorityOf(records);
    const distance = Math.abs(daysBetween(authority.birthDate, record.birthDate));
    if (distance > LINK_WINDOW_DAYS) continue;
    const sexAgrees = authority.sex === record.sex;
    // Strictly better only, so among equals the birth started first keeps the record.
    if (best === null || distance < best.distance || (distance === best.distance && sexAgrees && !best.sexAgrees)) {
      best = { records, distance, sexAgrees };
    }
  }
  return best?.records ?? null;
}

/** Rules 2-4 for the records of one mother. */
function clusterBirths(records: readonly BirthChannelRecord[]): BirthChannelRecord[][] {
  const ordered = [...records].sort(byBirthDateChannelId);
  const byChildIdNumber = groupBy(
    ordered.filter((r) => r.childIdNumber !== null),
    (r) => r.childIdNumber ?? "",
  );
  const births = [...byChildIdNumber.values()];
  for (const record of ordered) {
    if (record.childIdNumber !== null) continue;
    const birth = nearestBirth(births, record);
    if (birth) birth.push(record);
    else births.push([record]);
  }
  return births.map((b) => b.sort(byChannelReport));
}

type DraftBirth = Omit<LinkedBirth, "id" | "key" | "registration" | "inRegistry" | "findings"> & { authority: BirthChannelRecord };

function draftBirth(records: BirthChannelRecord[]): DraftBirth {
  const authority = authorityOf(records);
  const first = earliest(records, byReport);
  const others = records.filter((r) => r !== authority);
  const keyItemsChecked = authority.channel === "BIRTH_CERTIFICATE" && others.some((r) => r.channel !== "BIRTH_CERTIFICATE");
  const birthOrder = [authority, ...others].find((r) => r.birthOrder !== null)?.birthOrder ?? null;
  const childIdNumber = records.find((r) => r.channel === "HOUSEHOLD_REGISTRATION" && r.childIdNumber !== null)?.childIdNumber ?? null;
  return {
    authority,
    motherIdNumber: authority.motherIdNumber,
    sex: authority.sex,
    birthDate: authority.birthDate,
    birthOrder,
    childIdNumber,
    regionCode: authority.regionCode,
    records,
    firstReportedOn: first.reportedOn,
    firstChannel: first.channel,
    keyItemsChecked,
    keyItemsMatch: keyItemsChecked ? others.every((r) => r.sex === authority.sex && r.birthDate === authority.birthDate) : null,
  };
}

/**
 * Keys are the mother and the birth date; births of one mother on one date (twins) add the
 * child's ID number, or the authoritative record's id when the child has none yet.
 */
function withKeys(drafts: readonly DraftBirth[]): { draft: DraftBirth; key: string; birthDate: string }[] {
  const base = (d: DraftBirth) => `${d.motherIdNumber}|${d.birthDate}`;
  const sharing = groupBy(drafts, base);
  const taken = new Set<string>();
  return drafts.map((d) => {
    const plain = base(d);
    const key = (sharing.get(plain)?.length ?? 0) > 1 ? `${plain}|${d.childIdNumber ?? d.authority.id}` : plain;
    // Only duplicated record ids could still collide; a counter keeps even those apart.
    let unique = key;
    for (let n = 2; taken.has(unique); n++) unique = `${key}#${n}`;
    taken.add(unique);
    return { draft: d, key: unique, birthDate: d.birthDate };
  });
}

function registrationFits(birth: DraftBirth, registration: BirthRegistration): boolean {
  if (birth.birthOrder !== null && registration.childOrder !== Math.min(birth.birthOrder, MAX_REGISTERED_CHILD_ORDER)) return false;
  const from = addDays(birth.birthDate, -REGISTRATION_DAYS_BEFORE_BIRTH);
  const to = addDays(birth.birthDate, REGISTRATION_DAYS_AFTER_BIRTH);
  return registration.registeredOn >= from && registration.registeredOn <= to;
}

/** Rule 6: the nearest fitting registration not yet taken; at equal distance the earlier one. */
function takeRegistration(birth: DraftBirth, available: BirthRegistration[]): BirthRegistration | null {
  let best: { registration: BirthRegistration; distance: number } | null = null;
  for (const registration of available) {
    if (!registrationFits(birth, registration)) continue;
    const distance = Math.abs(daysBetween(birth.birthDate, registration.registeredOn));
    if (best === null || distance < best.distance) best = { registration, distance };
  }
  if (best === null) return null;
  available.splice(available.indexOf(best.registration), 1);
  return best.registration;
}

function channelsOf(records: readonly BirthChannelRecord[]): BirthChannel[] {
  return BIRTH_CHANNEL_ORDER.filter((c) => records.some((r) => r.channel === c));
}

function missingChannelFinding(
  kind: DataQualityFindingKind,
  missing: BirthChannel,
  records: readonly BirthChannelRecord[],
): DataQualityFinding {
  const present = channelsOf(records);
  return {
    kind,
    detail:
      `${present.map((c) => CHANNEL_ZH[c]).join("、")}有记录，无${CHANNEL_ZH[missing]}记录 — ` +
      `recorded by ${present.map((c) => CHANNEL_EN[c]).join(", ")} with no ${CHANNEL_EN[missing]} record`,
    recordIds: records.map((r) => r.id),
    channels: present,
  };
}

/** A key item (sex or birth date) on which some records disagree with the certificate. */
function keyItemFinding(
  kind: "SEX_MISMATCH" | "BIRTH_DATE_MISMATCH",
  authority: BirthChannelRecord,
  disagreeing: readonly BirthChannelRecord[],
): DataQualityFinding {
  const sex = kind === "SEX_MISMATCH";
  const zhValue = (r: BirthChannelRecord) => (sex ? SEX_ZH[r.sex] : r.birthDate);
  const enValue = (r: BirthChannelRecord) => (sex ? r.sex : r.birthDate);
  const zhOthers = disagreeing.map((r) => `${CHANNEL_ZH[r.channel]}为${zhValue(r)}`).join("、");
  const enOthers = disagreeing.map((r) => `${CHANNEL_EN[r.channel]} ${enValue(r)}`).join(", ");
  return {
    kind,
    detail:
      `${sex ? "性别" : "出生日期"}不一致：${CHANNEL_ZH[authority.channel]}为${zhValue(authority)}，${zhOthers} — ` +
      `${sex ? "sex" : "birth date"} differs from the ${CHANNEL_EN[authority.channel]} (${enValue(authority)}): ${enOthers}`,
    recordIds: disagreeing.map((r) => r.id),
    channels: channelsOf(disagreeing),
  };
}

function findingsOf(birth: DraftBirth, registration: BirthRegistration | null, options: LinkageOptions): DataQualityFinding[] {
  const { records, authority } = birth;
  const findings: DataQualityFinding[] = [];
  const present = new Set(records.map((r) => r.channel));
  if (!present.has("HOUSEHOLD_REGISTRATION")) findings.push(missingChannelFinding("NO_HOUSEHOLD_REGISTRATION", "HOUSEHOLD_REGISTRATION", records));
  if (!present.has("BIRTH_CERTIFICATE")) findings.push(missingChannelFinding("NO_BIRTH_CERTIFICATE", "BIRTH_CERTIFICATE", records));
  if (!present.has("VACCINATION")) findings.push(missingChannelFinding("NO_VACCINATION_RECORD", "VACCINATION", records));

  if (birth.keyItemsChecked) {
    const others = records.filter((r) => r !== authority);
    const sexDiffers = others.filter((r) => r.sex !== authority.sex);
    const dateDiffers = others.filter((r) => r.birthDate !== authority.birthDate);
    if (sexDiffers.length > 0) findings.push(keyItemFinding("SEX_MISMATCH", authority, sexDiffers));
    if (dateDiffers.length > 0) findings.push(keyItemFinding("BIRTH_DATE_MISMATCH", authority, dateDiffers));
  }

  const reportDelay = daysBetween(birth.birthDate, birth.firstReportedOn);
  if (reportDelay > options.reportWindowDays) {
    const first = earliest(records, byReport);
    findings.push({
      kind: "LATE_REPORT",
      detail:
        `出生后${reportDelay}天才首次上报（${CHANNEL_ZH[first.channel]}），超过${options.reportWindowDays}天时限 — ` +
        `first reported ${reportDelay} days after birth (${CHANNEL_EN[first.channel]}), beyond the ${options.reportWindowDays}-day window`,
      recordIds: [first.id],
      channels: [first.channel],
    });
  }

  if (registration === null) {
    findings.push({
      kind: "NO_BIRTH_REGISTRATION",
      detail:
        `无孩次相符、出生前${REGISTRATION_DAYS_BEFORE_BIRTH}天至出生后${REGISTRATION_DAYS_AFTER_BIRTH}天内的生育登记 — ` +
        `no birth registration of this child order from ${REGISTRATION_DAYS_BEFORE_BIRTH} days before to ${REGISTRATION_DAYS_AFTER_BIRTH} days after the birth`,
      recordIds: records.map((r) => r.id),
      channels: channelsOf(records),
    });
  }

  const { childIdNumber } = birth;
  if (options.isInRegistry && childIdNumber !== null && !options.isInRegistry(childIdNumber)) {
    const carriers = records.filter((r) => r.childIdNumber === childIdNumber);
    findings.push({
      kind: "NOT_IN_REGISTRY",
      detail: "婴儿公民身份号码未录入全员人口库 — the child's ID number is not in the population registry",
      recordIds: carriers.map((r) => r.id),
      channels: channelsOf(carriers),
    });
  }
  return findings;
}

function assertReportWindow(reportWindowDays: number): void {
  if (!Number.isInteger(reportWindowDays) || reportWindowDays < 0 || reportWindowDays > MAX_REPORT_WINDOW_DAYS) {
    throw new DomainError(
      "INVALID_INPUT",
      `上报时限应为0至${MAX_REPORT_WINDOW_DAYS}的整数天 — reportWindowDays must be a whole number of days in 0..${MAX_REPORT_WINDOW_DAYS}, got ${reportWindowDays}`,
      "reportWindowDays",
    );
  }
}

function byBirthDateKey(a: { birthDate: string; key: string }, b: { birthDate: string; key: string }): number {
  return compareText(a.birthDate, b.birthDate) || compareText(a.key, b.key);
}

/**
 * 出生信息比对 — links the three channels' records into births, links each birth to its birth
 * registration, and lists what is missing or inconsistent (rules above). Ordered by birth date,
 * then key.
 */
export function linkBirthRecords(
  records: readonly BirthChannelRecord[],
  registrations: readonly BirthRegistration[],
  options: LinkageOptions,
): LinkedBirth[] {
  assertReportWindow(options.reportWindowDays);
  const registrationsByMother = groupBy(registrations, (r) => r.motherIdNumber);
  const linked: LinkedBirth[] = [];
  const ids = new Set<string>();
  for (const [mother, motherRecords] of groupBy(records, (r) => r.motherIdNumber)) {
    const births = withKeys(clusterBirths(motherRecords).map(draftBirth)).sort(byBirthDateKey);
    const available = [...(registrationsByMother.get(mother) ?? [])].sort(
      (a, b) => compareText(a.registeredOn, b.registeredOn) || compareText(a.id, b.id),
    );
    for (const { draft, key } of births) {
      const { authority: _authority, ...birth } = draft;
      const registration = takeRegistration(draft, available);
      // A record belongs to one birth, so its authority's id is unique unless a system repeated an id.
      let id = draft.authority.id;
      for (let n = 2; ids.has(id); n++) id = `${draft.authority.id}#${n}`;
      ids.add(id);
      linked.push({
        ...birth,
        id,
        key,
        registration,
        inRegistry: birth.childIdNumber !== null && options.isInRegistry?.(birth.childIdNumber) === true,
        findings: findingsOf(draft, registration, options),
      });
    }
  }
  return linked.sort(byBirthDateKey);
}

/** A rate with the counts it came from; value is a percentage, null on a zero denominator. */
export interface RateParts {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface LinkageMeasures {
  births: number;
  /** 覆盖率: linked births whose child is found in the registry / linked births. */
  registryCoverage: RateParts;
  /** 主要数据项准确率: births whose key items match / births checked. */
  keyItemAccuracy: RateParts;
  /** 上报及时率: births first reported within the window / births. */
  reportTimeliness: RateParts;
  findingCounts: Record<DataQualityFindingKind, number>;
}

// The same formula as the percentage indicators, so these agree with them on the same counts.
function percentage(numerator: number, denominator: number): RateParts {
  const { value } = ratio(numerator, denominator, 100);
  return { numerator, denominator, value };
}

/**
 * The data-quality measures of linked births. Every birth counts in the coverage denominator: a
 * child without an ID number cannot be in the registry. Timeliness is judged against the window
 * given here, which may differ from the one the births were linked with.
 */
export function linkageMeasures(births: readonly LinkedBirth[], options: { reportWindowDays: number }): LinkageMeasures {
  assertReportWindow(options.reportWindowDays);
  const findingCounts = Object.fromEntries(DataQualityFindingKind.options.map((k) => [k, 0])) as Record<DataQualityFindingKind, number>;
  for (const birth of births) for (const f of birth.findings) findingCounts[f.kind] += 1;
  const count = (predicate: (b: LinkedBirth) => boolean) => births.filter(predicate).length;
  return {
    births: births.length,
    registryCoverage: percentage(count((b) => b.inRegistry), births.length),
    keyItemAccuracy: percentage(count((b) => b.keyItemsMatch === true), count((b) => b.keyItemsChecked)),
    reportTimeliness: percentage(count((b) => daysBetween(b.birthDate, b.firstReportedOn) <= options.reportWindowDays), births.length),
    findingCounts,
  };
}
