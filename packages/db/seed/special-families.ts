// 计生特殊家庭 — the synthetic special-family archive, derived from the assistance system's family
// records so the two archives agree: every one-child family whose child died (失独) or is disabled
// (伤残) is archived, its members are the registry's parents, and the help it gets follows the
// coverage work of the seed plans ("三个/四个全覆盖": contact person, family doctor, green channel,
// mental-health service; holiday visits at 春节, 中秋 and 重阳 inside the domain's windows).
// Everything here is marked synthetic.
import { holidayOf, holidayWindows, type FamilyChild, type SpecialFamilyNeed } from "@popfam/domain";
import type * as models from "../src/generated/prisma/models.js";
import { count, type SeedArea } from "./area.js";
import { Counters, day, iso, type FpFamilyRow } from "./assistance.js";
import { personName } from "./names.js";
import type { PersonRow, RegionRow } from "./population.js";
import { Random } from "./random.js";
import type { SeedRow } from "./rows.js";

export type SpecialFamilyRow = SeedRow<models.SpecialFamilyModel>;
export type SpecialFamilyMemberRow = SeedRow<models.SpecialFamilyMemberModel>;
export type ContactPersonRow = SeedRow<models.ContactPersonModel>;
export type FamilyDoctorContractRow = SeedRow<models.FamilyDoctorContractModel>;
export type GreenChannelRow = SeedRow<models.GreenChannelModel>;
export type MentalHealthServiceRow = SeedRow<models.MentalHealthServiceModel>;
export type VisitRow = SeedRow<models.VisitModel>;
export type FamilyServiceRow = SeedRow<models.FamilyServiceModel>;

export interface SpecialFamiliesDataset {
  specialFamilies: SpecialFamilyRow[];
  specialFamilyMembers: SpecialFamilyMemberRow[];
  contactPersons: ContactPersonRow[];
  doctorContracts: FamilyDoctorContractRow[];
  greenChannels: GreenChannelRow[];
  mentalHealthServices: MentalHealthServiceRow[];
  visits: VisitRow[];
  familyServices: FamilyServiceRow[];
}

/** What the archive is derived from: the assistance system's family records and the registry. */
export interface SpecialFamiliesSource {
  fpFamilies: readonly FpFamilyRow[];
  persons: readonly PersonRow[];
  regions: readonly RegionRow[];
}

export const specialFamiliesArea: SeedArea<SpecialFamiliesDataset, SpecialFamiliesSource> = {
  name: "special families",
  tables: {
    specialFamilies: { table: "special_family" },
    specialFamilyMembers: { table: "special_family_member" },
    contactPersons: { table: "contact_person" },
    doctorContracts: { table: "family_doctor_contract" },
    greenChannels: { table: "green_channel" },
    mentalHealthServices: { table: "mental_health_service" },
    visits: { table: "visit" },
    familyServices: { table: "family_service" },
  },
  generate: ({ seed, earlier }) =>
    generateSpecialFamilies(seed, earlier.fpFamilies, earlier.persons, new Map(earlier.regions.map((r) => [r.code, r.name]))),
  summary: (data) => `${count(data.specialFamilies)} special families`,
};

/** The years of visits, services and the yearly family-doctor contracts. */
export const SPECIAL_FAMILY_YEARS = [2020, 2021, 2022, 2023, 2024, 2025] as const;

/**
 * How the coverage work spread over the years ("三个/四个全覆盖" pushed harder each year): the
 * chance a family's yearly family-doctor contract is signed, and that it is visited at every
 * festival of the year.
 */
const DOCTOR_CONTRACT_RATE: Record<number, number> = { 2020: 0.72, 2021: 0.78, 2022: 0.83, 2023: 0.88, 2024: 0.92, 2025: 0.94 };
const HOLIDAY_VISIT_RATE: Record<number, number> = { 2020: 0.7, 2021: 0.76, 2022: 0.8, 2023: 0.86, 2024: 0.9, 2025: 0.93 };
const DATA_END = "2025-12-31";

const NEEDS: readonly (readonly [SpecialFamilyNeed, number])[] = [
  ["ELDERLY_CARE", 0.55], ["MEDICAL_CARE", 0.6], ["MENTAL_HEALTH", 0.45], ["FINANCIAL", 0.3], ["DAILY_LIVING", 0.25], ["LEGAL", 0.05],
];
const HOSPITAL_SUFFIX = ["人民医院", "中医院", "第二人民医院", "妇幼保健院"];
const HEALTH_CENTRE_SUFFIX = "卫生院";
const PROVIDERS = ["心理咨询服务中心", "社会工作服务站", "心理健康志愿服务队", "精神卫生中心"];

export function generateSpecialFamilies(
  seed: number,
  fpFamilies: readonly FpFamilyRow[],
  persons: readonly PersonRow[],
  regionNames: ReadonlyMap<string, string>,
): SpecialFamiliesDataset {
  return new SpecialFamiliesGenerator(seed, regionNames).add(fpFamilies, persons);
}

/**
 * The archive in parts: `add` takes the family records of complete villages with the villages'
 * persons, and draws from the one random stream in the order the whole archive would.
 */
export class SpecialFamiliesGenerator {
  private readonly random: Random;
  private readonly ids = new Counters();

  constructor(
    seed: number,
    private readonly regionNames: ReadonlyMap<string, string>,
  ) {
    this.random = new Random(seed).fork("special-families");
  }

  add(fpFamilies: readonly FpFamilyRow[], persons: readonly PersonRow[]): SpecialFamiliesDataset {
    const { random, ids, regionNames } = this;
    const data: SpecialFamiliesDataset = {
      specialFamilies: [], specialFamilyMembers: [], contactPersons: [], doctorContracts: [], greenChannels: [], mentalHealthServices: [], visits: [],
      familyServices: [],
    };
    const personById = new Map(persons.map((p) => [p.id, p]));
    for (const family of fpFamilies) {
      const children = family.children as FamilyChild[];
      const only = children.length === 1 ? children[0]! : null;
      if (!only || (only.deceasedOn === null && only.disabilityGrade === null)) continue;
      const kind = only.deceasedOn !== null ? "BEREAVED" : "DISABLED";
      // Archived after the death (or from the disability assessment), once the archive existed (2016 on).
      const earliest = Math.max(day("2016-01-01"), only.deceasedOn ? day(only.deceasedOn) + 30 : day("2016-01-01"));
      if (earliest > day("2025-09-30")) continue;
      const registeredOn = iso(random.int(earliest, Math.min(day("2025-09-30"), earliest + 400)));
      const parents = [family.motherPersonId, family.fatherPersonId].map((id) => (id ? personById.get(id) : undefined)).filter((p) => p !== undefined);
      // The archive closes when the last parent has died or left.
      const gone = parents.every((p) => p.exitedOn !== null);
      const closedOn = gone ? parents.map((p) => p.exitedOn!).sort().at(-1)! : null;
      if (closedOn !== null && closedOn <= registeredOn) continue;
      const id = ids.next("SF");
      data.specialFamilies.push({
        id, kind, regionCode: family.regionCode, registeredOn, closedOn,
        childDeceasedOn: only.deceasedOn, childDisabilityGrade: kind === "DISABLED" ? only.disabilityGrade : null,
        needs: NEEDS.filter(([, p]) => random.chance(p)).map(([need]) => need),
        synthetic: true,
      });
      const members = parents.map((parent) => {
        const member: SpecialFamilyMemberRow = {
          id: ids.next("SM"), familyId: id, personId: parent.id, idNumber: parent.idNumber, name: parent.name,
          role: parent.sex === "FEMALE" ? "MOTHER" : "FATHER", birthDate: parent.birthDate,
          phone: random.chance(0.85) ? mobile(random) : null, synthetic: true,
        };
        data.specialFamilyMembers.push(member);
        return { member, exitedOn: parent.exitedOn };
      });
      const openUntil = closedOn ?? DATA_END;
      const place = regionNames.get(family.regionCode.slice(0, 6)) ?? "";
      const township = regionNames.get(family.regionCode.slice(0, 9)) ?? "";
      coverage(random, ids, data, { id, registeredOn, openUntil, place, township, members });
    }
    return data;
  }
}

interface ArchivedFamily {
  id: string;
  registeredOn: string;
  /** The last day the family is in the archive. */
  openUntil: string;
  place: string;
  township: string;
  members: { member: SpecialFamilyMemberRow; exitedOn: string | null }[];
}

function coverage(random: Random, ids: Counters, data: SpecialFamiliesDataset, family: ArchivedFamily) {
  const { id: familyId, registeredOn, openUntil } = family;
  const start = day(registeredOn);
  // Most arrangements follow the archiving within weeks; some came only years later.
  const soon = (maxDays: number) => iso(Math.min(day(openUntil), start + (random.chance(0.8) ? random.int(0, maxDays) : random.int(maxDays, 1500))));
  // 联系人: ~95% have one in post; some had one before who moved on.
  if (random.chance(0.3)) {
    const ended = Math.min(day(openUntil), start + random.int(100, 900));
    data.contactPersons.push({ id: ids.next("CP"), familyId, name: personName(random, random.chance(0.5) ? "MALE" : "FEMALE"), phone: mobile(random), role: "VOLUNTEER", assignedOn: registeredOn, endedOn: iso(ended), synthetic: true });
  }
  if (random.chance(0.95)) {
    data.contactPersons.push({
      id: ids.next("CP"), familyId, name: personName(random, random.chance(0.4) ? "MALE" : "FEMALE"), phone: mobile(random),
      role: random.weighted([["VILLAGE_CADRE", 0.45], ["FAMILY_PLANNING_WORKER", 0.4], ["MEDICAL_WORKER", 0.1], ["VOLUNTEER", 0.05]] as const),
      assignedOn: soon(60), endedOn: null, synthetic: true,
    });
  }
  // 家庭医生签约: a contract for the calendar year, signed early in the year (or soon after the
  // family is archived) and renewed most years, more often as the years go on; the doctor stays
  // the same unless replaced.
  let doctorName = personName(random, random.chance(0.5) ? "MALE" : "FEMALE");
  for (const year of SPECIAL_FAMILY_YEARS) {
    const yearEnd = `${year}-12-31`;
    if (!random.chance(DOCTOR_CONTRACT_RATE[year]!)) continue;
    const signedOn = iso(Math.max(start, day(`${year}-01-01`)) + random.int(0, 45));
    if (signedOn > openUntil || signedOn > yearEnd) continue;
    // The member signing is one still in the registry on the day.
    const member = family.members.find((m) => m.exitedOn === null || m.exitedOn > signedOn)?.member;
    if (!member) continue;
    if (random.chance(0.1)) doctorName = personName(random, random.chance(0.5) ? "MALE" : "FEMALE");
    data.doctorContracts.push({
      id: ids.next("DC"), familyId, memberId: member.id, doctorName, institution: `${family.township}${HEALTH_CENTRE_SUFFIX}`, signedOn,
      validUntil: yearEnd, idempotencyKey: null, requestHash: null, synthetic: true,
    });
  }
  // 就医绿色通道 ~85%, 心理健康服务 ~80% (a few ended).
  if (random.chance(0.85)) {
    data.greenChannels.push({ id: ids.next("GC"), familyId, institution: `${family.place}${random.pick(HOSPITAL_SUFFIX)}`, since: soon(120), until: null, synthetic: true });
  }
  if (random.chance(0.8)) {
    const startedOn = soon(180);
    const ends = random.chance(0.12);
    data.mentalHealthServices.push({
      id: ids.next("MH"), familyId, provider: `${family.place}${random.pick(PROVIDERS)}`, startedOn,
      endedOn: ends ? iso(Math.min(day(openUntil), day(startedOn) + random.int(180, 720))) : null, synthetic: true,
    });
  }
  // 走访慰问: each festival's window while the family is archived, ~90% visited; and routine visits.
  const visitor = () => personName(random, random.chance(0.5) ? "MALE" : "FEMALE");
  for (const year of SPECIAL_FAMILY_YEARS) {
    // Visited at every festival of the year, or a festival or more missed.
    const everyFestival = random.chance(HOLIDAY_VISIT_RATE[year]!);
    for (const window of holidayWindows(year)) {
      // Due when in the archive on the festival's day; visited on a day of the window it is archived.
      if (window.day < registeredOn || window.day >= openUntil) continue;
      if (!everyFestival && random.chance(0.6)) continue;
      const visitedOn = iso(random.int(Math.max(day(window.start), start), day(window.end)));
      data.visits.push({
        id: ids.next("VS"), familyId, visitedOn, visitor: visitor(), kind: "HOLIDAY", holiday: holidayOf(visitedOn),
        giftFen: random.pick([50_000, 80_000, 100_000, 200_000]), notes: null, idempotencyKey: null, requestHash: null, synthetic: true,
      });
    }
    const first = Math.max(day(`${year}-01-01`), start);
    const last = Math.min(day(`${year}-12-31`), day(openUntil));
    for (let n = random.int(1, 4); n > 0 && first <= last; n--) {
      data.visits.push({
        id: ids.next("VS"), familyId, visitedOn: iso(random.int(first, last)), visitor: visitor(), kind: "ROUTINE", holiday: null, giftFen: null,
        notes: random.chance(0.3) ? random.pick(["了解近况", "送医送药", "帮助打扫卫生", "核实需求"]) : null,
        idempotencyKey: null, requestHash: null, synthetic: true,
      });
    }
    // 帮扶服务: a yearly check-up, home visits, escorts to hospital with care subsidies, warm-heart gifts.
    const service = (kind: FamilyServiceRow["kind"], amountFen: number | null) => {
      if (first > last) return;
      data.familyServices.push({ id: ids.next("FS"), familyId, kind, servedOn: iso(random.int(first, last)), amountFen, synthetic: true });
    };
    if (random.chance(0.8)) service("ANNUAL_CHECKUP", null);
    for (let n = random.int(0, 3); n > 0; n--) service("HOME_VISIT", null);
    if (random.chance(0.3)) service("MEDICAL_ESCORT", null);
    if (random.chance(0.15)) service("HOSPITAL_CARE_SUBSIDY", random.int(20, 120) * 10_000);
    if (random.chance(0.5)) service("WARM_HEART", random.pick([30_000, 50_000, 100_000]));
  }
  // 一键通: a call button installed once.
  const from = Math.max(start, day(`${SPECIAL_FAMILY_YEARS[0]}-01-01`));
  if (random.chance(0.6) && from <= day(openUntil)) {
    data.familyServices.push({ id: ids.next("FS"), familyId, kind: "ONE_KEY_CALL", servedOn: iso(Math.min(day(openUntil), from + random.int(0, 90))), amountFen: null, synthetic: true });
  }
}

function mobile(random: Random): string {
  return `1${random.pick(["3", "5", "7", "8", "9"])}${String(random.int(0, 999_999_999)).padStart(9, "0")}`;
}
