// 人口监测 — the population-monitoring area of the synthetic data set: the real seed places,
// synthetic townships and villages, a registry snapshot at the end of 2019 and six years
// (2020-2025) of births, deaths, moves and registrations at realistic rates, with the
// imperfections that real registries have (unregistered births, late reports, mismatched key
// items, births beyond the policy) so that no indicator is trivially 100%. Every birth also has
// its records in the three birth channels, and the birth row's linked columns (first report and
// its channel, the child's ID number, the key-item check, the registration) are exactly what
// linking those records gives. The areas after it are derived from this registry. Everything
// here is marked synthetic.
import { ancestorCodesOf, generateIdNumber, isBirthPolicyConforming } from "@popfam/domain";
import type * as models from "../src/generated/prisma/models.js";
import { count, type SeedArea, type SeedContext } from "./area.js";
import { personName } from "./names.js";
import { SEED_COUNTIES, SEED_PROVINCES_AND_CITIES, townshipsAndVillages, type GeneratedRegion, type SeedCounty } from "./places.js";
import type { Random } from "./random.js";
import type { SeedRow } from "./rows.js";

export type RegionRow = SeedRow<models.RegionModel>;
export type PopulationBaseRow = SeedRow<models.PopulationBaseModel>;
export type HouseholdRow = SeedRow<models.HouseholdModel>;
export type PersonRow = SeedRow<models.PersonModel>;
export type BirthRow = SeedRow<models.BirthModel>;
export type BirthChannelRecordRow = SeedRow<models.BirthChannelRecordModel>;
export type DeathRow = SeedRow<models.DeathModel>;
export type BirthRegistrationRow = SeedRow<models.BirthRegistrationModel>;
export type RebirthApprovalRow = SeedRow<models.RebirthApprovalModel>;
export type TargetRow = SeedRow<models.TargetModel>;

export interface PopulationDataset {
  regions: RegionRow[];
  populationBase: PopulationBaseRow[];
  households: HouseholdRow[];
  persons: PersonRow[];
  births: BirthRow[];
  /** 出生医学证明 / 公安户籍 / 预防接种: each channel's own record of the births above. */
  channelRecords: BirthChannelRecordRow[];
  deaths: DeathRow[];
  registrations: BirthRegistrationRow[];
  approvals: RebirthApprovalRow[];
  targets: TargetRow[];
}

export const populationMonitoringArea: SeedArea<PopulationDataset> = {
  name: "population monitoring",
  tables: {
    regions: { table: "region" },
    populationBase: { table: "population_base" },
    households: { table: "household" },
    persons: { table: "person" },
    births: { table: "birth" },
    channelRecords: { table: "birth_channel_record" },
    deaths: { table: "death" },
    registrations: { table: "birth_registration" },
    approvals: { table: "rebirth_approval" },
    targets: { table: "target", shared: true },
  },
  generate: generatePopulation,
  summary: (data) => `${count(data.persons)} person records, ${count(data.births)} births, ${count(data.deaths)} deaths`,
};

const DAY_MS = 86_400_000;
export const RESIDENTS_AT_SCALE_1 = 500_000;
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 2025;
const SNAPSHOT = day("2019-12-31");

// Crude birth rates (‰) by year: the national decline of these years, with a county's own offset.
const BIRTH_RATE: Record<number, number> = { 2020: 8.5, 2021: 7.6, 2022: 6.8, 2023: 6.4, 2024: 6.8, 2025: 6.3 };

function generatePopulation({ scale, random, progress }: SeedContext<unknown>): PopulationDataset {
  const data: PopulationDataset = {
    regions: seedRegions(), populationBase: [], households: [], persons: [], births: [], channelRecords: [], deaths: [],
    registrations: [], approvals: [], targets: [],
  };
  const population = new PopulationGenerator(scale, random, progress);
  for (const { rows } of population.villages()) {
    for (const key of VILLAGE_KEYS) for (const row of rows[key]) (data[key] as object[]).push(row);
  }
  data.populationBase.push(...population.populationBase());
  data.targets.push(...seedTargets());
  return data;
}

/** The row lists a village's simulation fills. */
export const VILLAGE_KEYS = ["households", "persons", "births", "channelRecords", "deaths", "registrations", "approvals"] as const;
export type VillageRows = Pick<PopulationDataset, (typeof VILLAGE_KEYS)[number]>;

/** The region tree: the real provinces, cities and counties above synthetic townships and villages. The same at every scale. */
export function seedRegions(): RegionRow[] {
  const regions: RegionRow[] = [];
  for (const place of SEED_PROVINCES_AND_CITIES) {
    const level = place.code.endsWith("0000") ? "PROVINCE" : "CITY";
    regions.push({ ...place, level, parentCode: level === "CITY" ? place.code.slice(0, 2) + "0000" : null, synthetic: false });
  }
  for (const county of SEED_COUNTIES) {
    regions.push({ code: county.code, name: county.name, level: "COUNTY", parentCode: county.code.slice(0, 4) + "00", synthetic: false });
    regions.push(...townshipsAndVillages(county));
  }
  return regions;
}

/**
 * The registry, one village at a time: each village's rows are final once it is yielded (its
 * persons' exits are written while it is simulated), so a caller can write them and let them go.
 * What runs across villages is small: the ID counters, the set of ID numbers given, each county's
 * profile and the year-end base figures.
 */
export class PopulationGenerator {
  private readonly ids = new Ids();
  private readonly baseByRegion = new Map<string, { resident: number; registered: number }>();
  private done = false;

  constructor(
    private readonly scale: number,
    private readonly random: (label: string) => Random,
    private readonly progress: (done: number, total: number, units: string) => void = () => {},
  ) {}

  /** Each village's rows, in the order of the counties and their villages. */
  *villages(): Generator<{ county: SeedCounty; village: GeneratedRegion; rows: VillageRows; lastOfCounty: boolean }> {
    const { scale, random, ids, baseByRegion } = this;
    const shareTotal = SEED_COUNTIES.reduce((n, c) => n + c.share, 0);
    const villagesTotal = SEED_COUNTIES.reduce((n, c) => n + c.townships * c.villagesPerTownship, 0);
    let villagesDone = 0;
    for (const county of SEED_COUNTIES) {
      const villages = townshipsAndVillages(county).filter((r) => r.level === "VILLAGE");
      const countyRandom = random(county.code);
      const countyResidents = (RESIDENTS_AT_SCALE_1 * scale * county.share) / shareTotal;
      const weights = villages.map(() => 0.6 + countyRandom.next() * 0.8);
      const weightSum = weights.reduce((a, b) => a + b, 0);
      const profile = countyProfile(countyRandom);
      for (let i = 0; i < villages.length; i++) {
        const village = villages[i]!;
        const target = Math.max(5, Math.round((countyResidents * weights[i]!) / weightSum));
        const rows: VillageRows = { households: [], persons: [], births: [], channelRecords: [], deaths: [], registrations: [], approvals: [] };
        const result = simulateVillage(random(village.code), county, village, target, profile, ids, rows);
        for (const [year, base] of result) {
          for (const code of [...ancestorCodesOf(village.code), village.code]) {
            const key = `${code}|${year}`;
            const sum = baseByRegion.get(key) ?? { resident: 0, registered: 0 };
            sum.resident += base.resident;
            sum.registered += base.registered;
            baseByRegion.set(key, sum);
          }
        }
        this.progress(++villagesDone, villagesTotal, "villages");
        yield { county, village, rows, lastOfCounty: i === villages.length - 1 };
      }
    }
    this.done = true;
  }

  /** A region's residents at the end of `year`, once all of its villages are simulated. */
  residents(regionCode: string, year: number): number | undefined {
    return this.baseByRegion.get(`${regionCode}|${year}`)?.resident;
  }

  /** The year-end base figures of every region, once every village is simulated. */
  populationBase(): PopulationBaseRow[] {
    if (!this.done) throw new Error("the population base is known once every village is simulated");
    return [...this.baseByRegion].map(([key, base]) => {
      const [regionCode, year] = key.split("|") as [string, string];
      return { regionCode, year: Number(year), residentPopulation: base.resident, registeredPopulation: base.registered };
    });
  }
}

interface CountyProfile {
  birthRateOffset: number;
  deathRate: number;
  maleShare: number;
  /** Births and boys so far in the county, which keep its sex ratio at birth near `maleShare`. */
  births: number;
  boys: number;
  registrationRate: number;
  keyItemMatchRate: number;
  lateReportShare: number;
  /** Share of births the household registration (公安户籍) has a record of. */
  householdRegistrationRate: number;
}

function countyProfile(random: Random): CountyProfile {
  return {
    birthRateOffset: (random.next() - 0.5) * 1.6,
    deathRate: 6.2 + random.next() * 1.6,
    // 104-112 boys per 100 girls
    maleShare: 0.51 + random.next() * 0.018,
    births: 0,
    boys: 0,
    registrationRate: 0.95 + random.next() * 0.04,
    keyItemMatchRate: 0.9 + random.next() * 0.08,
    lateReportShare: 0.04 + random.next() * 0.1,
    householdRegistrationRate: 0.85 + random.next() * 0.1,
  };
}

interface LivePerson {
  row: PersonRow;
  born: number;
  exited: number | null;
  sex: "MALE" | "FEMALE";
}

/** One village: its registry snapshot, then six years of events. Returns the year-end base figures. */
function simulateVillage(
  random: Random,
  county: SeedCounty,
  village: GeneratedRegion,
  residents: number,
  profile: CountyProfile,
  ids: Ids,
  data: VillageRows,
): Map<number, { resident: number; registered: number }> {
  const people: LivePerson[] = [];
  const households: HouseholdRow[] = [];

  const addPerson = (sex: "MALE" | "FEMALE", born: number, householdId: string | null, registeredOn: number, hukouOf: string): LivePerson => {
    const row: PersonRow = {
      id: ids.next("P"),
      idNumber: ids.idNumber(hukouOf.slice(0, 6), iso(born), sex, random),
      name: personName(random, sex),
      sex,
      birthDate: iso(born),
      hukouRegionCode: hukouOf,
      residenceRegionCode: village.code,
      hukouType: random.chance(county.rural) ? "RURAL" : "URBAN",
      status: "REGISTERED",
      householdId,
      registeredOn: iso(registeredOn),
      exitedOn: null,
      synthetic: true,
    };
    const person = { row, born, exited: null, sex };
    people.push(person);
    data.persons.push(row);
    return person;
  };
  const hukouCode = () => (random.chance(0.93) ? village.code : migrantHukou(random));
  const recordDeath = (person: LivePerson, deathDay: number) => {
    exit(person, deathDay, "DECEASED");
    data.deaths.push({
      id: ids.next("D"),
      personId: person.row.id,
      regionCode: village.code,
      deathDate: iso(deathDay),
      reportedOn: iso(deathDay + random.weighted([[0, 0.5], [random.int(1, 10), 0.4], [random.int(11, 60), 0.1]] as const)),
      synthetic: true,
    });
  };

  // The registry snapshot at the end of 2019: households of a couple, children and elders.
  while (people.length < residents) {
    const householdId = ids.next("H");
    const hukou = hukouCode();
    const headAge = random.weighted(HEAD_AGES);
    const couple = random.chance(headAge < 75 ? 0.8 : 0.5);
    // A couple's head is mostly the husband; a head living alone is a young man somewhat more often,
    // and among the old far more often a widow (women outlive men).
    const headSex = random.chance(couple ? 0.8 : singleHeadMaleShare(headAge)) ? "MALE" : "FEMALE";
    const head = addPerson(headSex, SNAPSHOT - yearsDays(headAge, random), householdId, SNAPSHOT, hukou);
    if (couple) {
      addPerson(headSex === "MALE" ? "FEMALE" : "MALE", SNAPSHOT - yearsDays(Math.max(20, headAge + random.int(-4, 3)), random), householdId, SNAPSHOT, hukou);
    }
    if (headAge < 58) {
      const children = random.weighted([[0, 0.2], [1, 0.45], [2, 0.3], [3, 0.05]] as const);
      for (let c = 0; c < children; c++) {
        const age = random.int(0, Math.max(0, Math.min(30, headAge - 21)));
        addPerson(random.chance(0.52) ? "MALE" : "FEMALE", SNAPSHOT - yearsDays(age, random), householdId, SNAPSHOT, hukou);
      }
    }
    if (headAge < 60 && random.chance(0.15)) {
      // A widowed parent living with the family: more often the mother.
      addPerson(random.chance(0.4) ? "MALE" : "FEMALE", SNAPSHOT - yearsDays(headAge + random.int(24, 32), random), householdId, SNAPSHOT, hukou);
    }
    const address = `${village.name}${random.int(1, 60)}组${random.int(1, 200)}号`;
    households.push({ id: householdId, regionCode: village.code, headPersonId: head.row.id, address, synthetic: true });
  }

  const base = new Map<number, { resident: number; registered: number }>();
  const birthDays = new Map<LivePerson, number[]>();
  const coverage = 0.9 + random.next() * 0.08;
  const hukouShare = 0.85 + random.next() * 0.25;
  const recordBase = (year: number) => {
    const yearEnd = day(`${year}-12-31`);
    const inRegistry = people.filter((p) => p.exited === null || p.exited > yearEnd).length;
    base.set(year, {
      resident: Math.round(inRegistry / coverage),
      registered: Math.round((inRegistry * hukouShare) / coverage),
    });
  };
  recordBase(FIRST_YEAR - 1);

  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const start = day(`${year}-01-01`);
    const end = day(`${year}-12-31`);
    const alive = people.filter((p) => p.exited === null);
    const rate = BIRTH_RATE[year]! + profile.birthRateOffset;
    const mothers = alive.filter((p) => p.sex === "FEMALE" && ageAt(p, start) >= FERTILE_AGES.from && ageAt(p, start) <= FERTILE_AGES.to);
    // Births follow the village's women by the fertility of their ages (so a village of few young
    // women has few births), scaled so that the data set's crude birth rate is the year's rate.
    const fertility = mothers.reduce((sum, p) => sum + fertilityWeight(ageAt(p, start + 182)), 0);
    const births = poisson(random, (fertility / MEAN_FERTILITY_WEIGHT) * (rate / 1000));
    for (let b = 0; b < births && mothers.length > 0; b++) {
      const birthDay = random.int(start, end);
      const mother = pickMother(random, mothers, birthDays, birthDay);
      if (mother === null) continue;
      birthDays.set(mother, [...(birthDays.get(mother) ?? []), birthDay]);
      const child = simulateBirth(random, village, profile, mother, birthDay, ids, data, (sex, born, registeredOn) =>
        addPerson(sex, born, mother.row.householdId, registeredOn, mother.row.hukouRegionCode),
      );
      // 婴儿死亡: a few per thousand births die before their first birthday, most in the first weeks.
      if (random.chance(INFANT_MORTALITY)) {
        const deathDay = birthDay + (random.chance(0.6) ? random.int(0, 27) : random.int(28, 364));
        if (deathDay <= day(`${LAST_YEAR}-12-31`)) recordDeath(child, deathDay);
      }
    }
    // Deaths: older people are far more likely to die; rejection sampling keeps the rate right.
    const deaths = poisson(random, (alive.length * profile.deathRate) / 1000);
    for (let d = 0, tries = 0; d < deaths && tries < deaths * 200; tries++) {
      const person = random.pick(alive);
      if (person.exited !== null) continue;
      const age = ageAt(person, start);
      // Men's mortality at a given age is about 1.5 times women's (4 years' worth of the curve).
      if (!random.chance(Math.min(1, Math.exp((age - (person.sex === "MALE" ? 83 : 87)) / 9)))) continue;
      recordDeath(person, random.int(Math.max(start, person.born), end));
      d++;
    }
    // Moves: about 0.8% leave the registry's residents of the village each year, about as many arrive.
    for (const person of alive) {
      if (person.exited === null && random.chance(0.008)) exit(person, random.int(start, end), "MOVED_OUT");
    }
    const arrivals = poisson(random, alive.length * 0.009);
    for (let a = 0; a < arrivals; a++) {
      const arrival = random.int(start, end);
      const age = random.weighted(HEAD_AGES);
      // Migrants of working age: somewhat more men than women.
      addPerson(random.chance(0.53) ? "MALE" : "FEMALE", arrival - yearsDays(age, random), null, arrival, migrantHukou(random));
    }
    recordBase(year);
  }
  data.households.push(...households);
  return base;
}

function exit(person: LivePerson, on: number, status: "DECEASED" | "MOVED_OUT") {
  person.exited = on;
  person.row.status = status;
  person.row.exitedOn = iso(on);
}

/**
 * Births of one mother are always more than this many days apart. Linkage needs ~300 days to
 * keep a mother's births apart; beyond 320 no registration (made 240 days before to 20 days
 * after its birth) also falls in another birth's window (300 days before to 60 days after).
 */
export const MIN_BIRTH_SPACING_DAYS = 320;

/** Ages (at the start of the year) at which a woman may become a mother in the data set. */
const FERTILE_AGES = { from: 17, to: 47 } as const;

/**
 * Relative fertility by the mother's age at the start of the year, the shape of China's
 * age-specific fertility rates of 2020–2025: few births under 20, the peak at 25–34, and a few
 * percent to mothers of 40 and over.
 */
function fertilityWeight(age: number): number {
  if (age < 20) return 0.07;
  if (age < 22) return 0.28;
  if (age < 25) return 0.55;
  if (age < 30) return 0.9;
  if (age < 35) return 0.85;
  if (age < 38) return 0.42;
  if (age < 40) return 0.2;
  if (age < 43) return 0.07;
  return 0.015;
}

/**
 * The mean of `fertilityWeight` over all residents (both sexes) of the generated population: 0.074
 * in 2020 falling to 0.065 in 2025 as it ages. Dividing by it turns a village's fertility into
 * births at the crude birth rate of the year.
 */
const MEAN_FERTILITY_WEIGHT = 0.07;

/** 婴儿死亡率 — deaths under one year per birth (China's infant mortality, about 5‰ in 2020–2025). */
export const INFANT_MORTALITY = 0.0052;

/** The share of men among household heads who live without a partner, by the head's age. */
function singleHeadMaleShare(age: number): number {
  return age < 35 ? 0.84 : age < 65 ? 0.72 : 0.38;
}

/**
 * A mother for a birth on `birthDay`, drawn by the fertility of her age (rejection sampling over
 * the women of fertile age), whose other births are far enough away; null when none is found.
 */
function pickMother(random: Random, mothers: readonly LivePerson[], birthDays: ReadonlyMap<LivePerson, number[]>, birthDay: number): LivePerson | null {
  for (let tries = 0; tries < 200; tries++) {
    const mother = random.pick(mothers);
    if (!random.chance(fertilityWeight(Math.floor((birthDay - mother.born) / 365.25)))) continue;
    if ((birthDays.get(mother) ?? []).every((other) => Math.abs(other - birthDay) > MIN_BIRTH_SPACING_DAYS)) return mother;
  }
  return null;
}

type Channel = BirthChannelRecordRow["channel"];
/** The order in which records reported on the same day count as first: the authoritative channel first. */
const CHANNEL_TIE_ORDER: readonly Channel[] = ["BIRTH_CERTIFICATE", "HOUSEHOLD_REGISTRATION", "VACCINATION"];

function simulateBirth(
  random: Random,
  village: GeneratedRegion,
  profile: CountyProfile,
  mother: LivePerson,
  birthDay: number,
  ids: Ids,
  data: VillageRows,
  addChild: (sex: "MALE" | "FEMALE", born: number, registeredOn: number) => LivePerson,
): LivePerson {
  const birthDate = iso(birthDay);
  const threeChild = birthDate >= "2021-05-31";
  // A young mother's birth is mostly her first.
  const birthOrder = Math.floor((birthDay - mother.born) / 365.25) < 23
    ? random.weighted([[1, 0.82], [2, 0.16], [3, 0.02]] as const)
    : random.weighted([[1, 0.46], [2, 0.4], [3, threeChild ? 0.11 : 0.07], [4, 0.015]] as const);
  // Each birth is a draw, leaning back towards the county's share when its boys so far stray from
  // it, so that a small county's sex ratio at birth stays within the normal range.
  const lean = Math.max(-0.3, Math.min(0.3, (profile.maleShare * profile.births - profile.boys) * 0.08));
  const sex = random.chance(profile.maleShare + lean) ? "MALE" : "FEMALE";
  profile.births++;
  if (sex === "MALE") profile.boys++;
  // The first report over all channels.
  const firstDelay = random.chance(profile.lateReportShare)
    ? random.int(31, 120)
    : random.weighted([[random.int(0, 3), 0.62], [random.int(4, 14), 0.3], [random.int(15, 30), 0.08]] as const);

  let approvalId: string | null = null;
  const allowed = threeChild ? 3 : 2;
  if (birthOrder > allowed && random.chance(0.4)) {
    approvalId = ids.next("A");
    data.approvals.push({
      id: approvalId,
      motherIdNumber: mother.row.idNumber,
      childOrder: birthOrder,
      approvedOn: iso(birthDay - random.int(200, 400)),
      regionCode: village.code,
      reason: random.pick(["再婚家庭", "子女病残", "其他法定情形"]),
      synthetic: true,
    });
  }
  let registrationId: string | null = null;
  if (random.chance(profile.registrationRate)) {
    registrationId = ids.next("R");
    data.registrations.push({
      id: registrationId,
      motherPersonId: mother.row.id,
      motherIdNumber: mother.row.idNumber,
      childOrder: Math.min(birthOrder, 3),
      mode: random.chance(0.78) ? "ONLINE" : "OFFLINE",
      // Within the window linkage accepts: 300 days before to 60 days after the birth.
      registeredOn: iso(birthDay - random.int(-20, 240)),
      regionCode: village.code,
      synthetic: true,
    });
  }

  // Which channels have a record: the certificate nearly always, vaccination usually, the
  // household registration less often; never none.
  const present = CHANNEL_TIE_ORDER.filter((channel) =>
    random.chance(channel === "BIRTH_CERTIFICATE" ? 0.99 : channel === "VACCINATION" ? 0.95 : profile.householdRegistrationRate),
  );
  if (present.length === 0) present.push("BIRTH_CERTIFICATE");
  // The channel of the first report; the household registration reports first only when the
  // first report comes a week or more after the birth (or it is the only record).
  const canBeFirst = present.filter((c) => c !== "HOUSEHOLD_REGISTRATION" || firstDelay >= 7);
  const first = random.weighted(
    (canBeFirst.length > 0 ? canBeFirst : present).map((c) => [c, c === "BIRTH_CERTIFICATE" ? 0.7 : c === "VACCINATION" ? 0.25 : 0.1] as const),
  );
  // Each channel's own delay, never before the first report (and not on its day when the
  // channel would count first on a tie).
  const naturalDelay: Record<Channel, () => number> = {
    BIRTH_CERTIFICATE: () => random.weighted([[random.int(0, 3), 0.75], [random.int(4, 14), 0.2], [random.int(15, 30), 0.05]] as const),
    VACCINATION: () => random.weighted([[random.int(0, 3), 0.85], [random.int(4, 10), 0.15]] as const),
    HOUSEHOLD_REGISTRATION: () => random.weighted([[random.int(7, 30), 0.6], [random.int(31, 60), 0.32], [random.int(61, 180), 0.08]] as const),
  };
  const child = addChild(sex, birthDay, birthDay + firstDelay);
  const records: BirthChannelRecordRow[] = present.map((channel) => {
    const delay = channel === first
      ? firstDelay
      : Math.max(firstDelay + (CHANNEL_TIE_ORDER.indexOf(channel) < CHANNEL_TIE_ORDER.indexOf(first) ? 1 : 0), naturalDelay[channel]());
    return {
      id: ids.next("C"),
      channel,
      motherIdNumber: mother.row.idNumber,
      childIdNumber: channel === "HOUSEHOLD_REGISTRATION" ? child.row.idNumber : null,
      sex,
      birthDate,
      birthOrder: channel === "BIRTH_CERTIFICATE" ? birthOrder : null,
      regionCode: village.code,
      reportedOn: iso(birthDay + delay),
      synthetic: true,
    };
  });
  // Key items are checked against the certificate when another channel has a record too; a
  // mismatch is a keying error in that other record: the sex flipped or the date 1-3 days off.
  const others = records.filter((r) => r.channel !== "BIRTH_CERTIFICATE");
  const keyItemsChecked = present.includes("BIRTH_CERTIFICATE") && others.length > 0;
  if (keyItemsChecked && !random.chance(profile.keyItemMatchRate)) {
    const wrong = random.pick(others);
    if (random.chance(0.5)) {
      wrong.sex = sex === "MALE" ? "FEMALE" : "MALE";
    } else {
      const shift = random.int(1, 3);
      const later = birthDay + shift;
      wrong.birthDate = random.chance(0.5) && iso(later) <= wrong.reportedOn ? iso(later) : iso(birthDay - shift);
    }
  }
  data.channelRecords.push(...records);

  const firstRecord = records.reduce((a, b) =>
    b.reportedOn < a.reportedOn || (b.reportedOn === a.reportedOn && CHANNEL_TIE_ORDER.indexOf(b.channel) < CHANNEL_TIE_ORDER.indexOf(a.channel)) ? b : a,
  );
  data.births.push({
    id: ids.next("B"),
    childPersonId: child.row.id,
    childIdNumber: records.find((r) => r.channel === "HOUSEHOLD_REGISTRATION")?.childIdNumber ?? null,
    motherPersonId: mother.row.id,
    motherIdNumber: mother.row.idNumber,
    sex,
    birthDate,
    birthOrder,
    regionCode: village.code,
    channel: firstRecord.channel,
    reportedOn: firstRecord.reportedOn,
    keyItemsChecked,
    keyItemsMatch: keyItemsChecked ? others.every((r) => r.sex === sex && r.birthDate === birthDate) : null,
    registrationId,
    rebirthApprovalId: approvalId,
    policyConforming: isBirthPolicyConforming({ birthDate, birthOrder, approved: approvalId !== null }).conforming,
    synthetic: true,
  });
  return child;
}

// Ages of household heads at the snapshot, roughly the adult age structure of the 2020 census.
const HEAD_AGES: readonly (readonly [number, number])[] = Array.from({ length: 64 }, (_, i) => {
  const age = 22 + i;
  const weight = age < 30 ? 0.8 : age < 60 ? 1.2 : age < 75 ? 0.9 : 0.35;
  return [age, weight] as const;
});

function migrantHukou(random: Random): string {
  const county = random.pick(SEED_COUNTIES);
  return county.code + "100" + String(random.int(200, 209)).padStart(3, "0");
}

function poisson(random: Random, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

class Ids {
  private counters = new Map<string, number>();
  // Millions of ID numbers at the larger scales: held as numbers in a flat table, not as strings.
  private idNumbers = new IdNumberSet();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return prefix + String(n).padStart(8, "0");
  }

  /** A valid, unique GB 11643 number: a taken sequence moves on to the next free one. */
  idNumber(region6: string, birthDate: string, sex: "MALE" | "FEMALE", random: Random): string {
    const first = random.int(0, 499) * 2;
    for (let step = 0; step < 500; step++) {
      const value = generateIdNumber({ regionCode: region6, birthDate, sequence: (first + step * 2) % 1000, sex });
      if (!this.idNumbers.has(value)) {
        this.idNumbers.add(value);
        return value;
      }
    }
    throw new Error(`no free ID number sequence for ${region6} ${birthDate}`);
  }
}

/**
 * A set of ID numbers in a few bytes each: the first 17 characters (the check character follows
 * from them) as one 32-bit key, the region code's place in the order first seen, the birth date's
 * day and the sequence, in an open-addressing table. A number that does not fit (a 65th region,
 * a date outside 1880-2059) goes to an ordinary set.
 */
export class IdNumberSet {
  private readonly regions = new Map<string, number>();
  private readonly others = new Set<string>();
  private table = new Uint32Array(1 << 16);
  private size = 0;

  has(value: string): boolean {
    const key = this.key(value, false);
    return key === null ? this.others.has(value) : this.find(key) >= 0;
  }

  add(value: string): void {
    const key = this.key(value, true);
    if (key === null) {
      this.others.add(value);
      return;
    }
    if (this.find(key) >= 0) return;
    if ((this.size + 1) * 4 > this.table.length * 3) this.grow();
    this.insert(key);
    this.size++;
  }

  /** The number's key plus one (0 marks a free slot), or null when it does not fit. */
  private key(value: string, register: boolean): number | null {
    const region6 = value.slice(0, 6);
    let region = this.regions.get(region6);
    if (region === undefined) {
      if (!register || this.regions.size >= 64) return null;
      region = this.regions.size;
      this.regions.set(region6, region);
    }
    const days = Date.UTC(Number(value.slice(6, 10)), Number(value.slice(10, 12)) - 1, Number(value.slice(12, 14))) / DAY_MS + 32_768;
    const sequence = Number(value.slice(14, 17));
    if (!(days >= 0 && days < 65_536) || !(sequence >= 0 && sequence < 1000)) return null;
    return (region * 65_536 + days) * 1024 + sequence + 1;
  }

  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> 0;
  }

  private find(key: number): number {
    const mask = this.table.length - 1;
    for (let i = this.slot(key) & mask; ; i = (i + 1) & mask) {
      const at = this.table[i]!;
      if (at === key) return i;
      if (at === 0) return -1;
    }
  }

  private insert(key: number): void {
    const mask = this.table.length - 1;
    let i = this.slot(key) & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = key;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (const key of old) if (key !== 0) this.insert(key);
  }
}

function ageAt(person: LivePerson, on: number): number {
  return Math.floor((on - person.born) / 365.25);
}

function yearsDays(years: number, random: Random): number {
  return Math.round(years * 365.25) + random.int(0, 364);
}

function day(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}
function iso(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** A target row, named by its indicator, region and year. */
export function targetRow(target: Omit<TargetRow, "id">): TargetRow {
  return { id: `${target.regionCode}-${target.year}-${target.indicatorCode}`, ...target };
}

/** The quantified targets of the population monitoring work plans. */
export function seedTargets(): TargetRow[] {
  const t = (indicatorCode: string, regionCode: string, year: number, comparator: TargetRow["comparator"], threshold: number, unit: string, source: string, upperThreshold: number | null = null) =>
    targetRow({ indicatorCode, regionCode, year, comparator, threshold, unit, source, upperThreshold, scope: "REGION_AND_BELOW" });
  const donghai = "2021年东海县家庭发展工作要点";
  const guangxi = "青秀区全国生育友好工作先进单位创建活动实施方案";
  const targets = [
    t("NATURAL_GROWTH_RATE", "320722", 2021, "LTE", 5, "‰", donghai),
    t("POLICY_CONFORMITY_RATE", "320722", 2021, "GTE", 98, "%", donghai),
    t("BIRTH_REGISTRATION_RATE", "320722", 2021, "GTE", 97, "%", donghai),
    t("REGISTRY_COVERAGE_RATE", "320722", 2021, "GTE", 90, "%", donghai),
    t("KEY_ITEM_ACCURACY_RATE", "320722", 2021, "GTE", 90, "%", donghai),
  ];
  for (let year = 2023; year <= LAST_YEAR; year++) {
    targets.push(
      t("REGISTRY_COVERAGE_RATE", "450103", year, "GTE", 95, "%", guangxi),
      t("KEY_ITEM_ACCURACY_RATE", "450103", year, "GTE", 95, "%", guangxi),
      t("BIRTH_REPORT_TIMELINESS_RATE", "450103", year, "GTE", 90, "%", guangxi),
    );
  }
  // The normal range of the sex ratio at birth, a reference every province monitors against.
  for (const province of ["320000", "310000", "360000", "450000"]) {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      targets.push(t("SEX_RATIO_AT_BIRTH", province, year, "BETWEEN", 103, "男婴/100女婴", "出生人口性别比正常值范围", 107));
    }
  }
  return targets;
}
