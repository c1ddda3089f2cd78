// 托育 — the synthetic childcare filing system: institutions of every kind, township by township,
// growing each year towards a township's share of places (about 2 per 1,000 residents in 2021,
// rising; some townships below the 2.4 东海县 asks of each), with classes and places, 普惠
// recognitions, filings (most on time, some late, some institutions operating unfiled), staff
// (one class in ten short of caregivers), monthly enrolment of the registry's own children in
// 2024–2025, yearly inspections, rare incidents, and the designations the work plans count.
import { addDays, classTypesFor, fullMonthsBetween, NATIONAL_CLASS_STANDARDS, type ClassType } from "@popfam/domain";
import type * as models from "../src/generated/prisma/models.js";
import { count, type SeedArea } from "./area.js";
import { targetRow, type PersonRow, type PopulationBaseRow, type RegionRow, type TargetRow } from "./population.js";
import type { Random } from "./random.js";
import type { SeedRow } from "./rows.js";

export type ChildcareInstitutionRow = SeedRow<models.ChildcareInstitutionModel>;
export type InclusiveRecognitionRow = SeedRow<models.InclusiveRecognitionModel>;
export type ChildcareFilingRow = SeedRow<models.ChildcareFilingModel>;
export type ChildcareClassRow = SeedRow<models.ChildcareClassModel>;
export type ChildcareEnrolmentRow = SeedRow<models.ChildcareEnrolmentModel>;
export type ChildcareStaffRow = SeedRow<models.ChildcareStaffModel>;
export type ChildcareInspectionRow = SeedRow<models.ChildcareInspectionModel>;
export type ChildcareIncidentRow = SeedRow<models.ChildcareIncidentModel>;
export type ChildcareDesignationRow = SeedRow<models.ChildcareDesignationModel>;

export interface ChildcareDataset {
  childcareInstitutions: ChildcareInstitutionRow[];
  inclusiveRecognitions: InclusiveRecognitionRow[];
  childcareFilings: ChildcareFilingRow[];
  childcareClasses: ChildcareClassRow[];
  childcareEnrolments: ChildcareEnrolmentRow[];
  childcareStaff: ChildcareStaffRow[];
  childcareInspections: ChildcareInspectionRow[];
  childcareIncidents: ChildcareIncidentRow[];
  childcareDesignations: ChildcareDesignationRow[];
  childcareTargets: TargetRow[];
}

export interface ChildcareSource {
  regions: readonly RegionRow[];
  populationBase: readonly PopulationBaseRow[];
  persons: readonly PersonRow[];
}

export const childcareArea: SeedArea<ChildcareDataset, ChildcareSource> = {
  name: "childcare",
  tables: {
    childcareInstitutions: { table: "childcare_institution" },
    inclusiveRecognitions: { table: "inclusive_recognition", jsonColumns: ["fee_list"] },
    childcareFilings: { table: "childcare_filing" },
    childcareClasses: { table: "childcare_class" },
    childcareEnrolments: { table: "childcare_enrolment" },
    childcareStaff: { table: "childcare_staff" },
    childcareInspections: { table: "childcare_inspection", jsonColumns: ["findings"] },
    childcareIncidents: { table: "childcare_incident" },
    childcareDesignations: { table: "childcare_designation" },
    childcareTargets: { table: "target", shared: true },
  },
  generate: ({ earlier, random, scale }) => generateChildcare(random("childcare"), earlier, scale),
  summary: (data) => `${count(data.childcareInstitutions)} childcare institutions, ${count(data.childcareEnrolments)} monthly enrolments`,
};

/**
 * The childcare targets of the seed documents' work plans. A rate holds in each region below
 * (东海县 asks 2.4 places per 1,000 of every township); a count is of the region's own total.
 */
export function childcareTargets(): TargetRow[] {
  const donghai = "2021年全县家庭发展工作要点（东海县）";
  const nanchang = "2021年南昌市人口监测与家庭发展工作要点（洪卫人口字〔2021〕4号）";
  const zhonglou = "2020年钟楼区人口监测与家庭发展工作要点";
  const count = (indicatorCode: string, regionCode: string, year: number, threshold: number, source: string) =>
    targetRow({ indicatorCode, regionCode, year, comparator: "GTE", threshold, upperThreshold: null, unit: "个", source, scope: "REGION_ONLY" });
  return [
    targetRow({ indicatorCode: "CHILDCARE_PLACES_PER_THOUSAND", regionCode: "320722", year: 2021, comparator: "GTE", threshold: 2.4, upperThreshold: null, unit: "个/千人", source: donghai, scope: "REGION_AND_BELOW" }),
    count("CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS", "320722", 2021, 2, donghai),
    count("CHILDCARE_NEW_CITY_PILOTS", "320722", 2021, 1, donghai),
    count("CHILDCARE_NEW_GUIDANCE_CENTRES", "320722", 2021, 1, donghai),
    count("CHILDCARE_NEW_PARENT_CHILD_CENTRES", "320722", 2021, 1, donghai),
    count("CHILDCARE_NEW_OR_EXPANDED_INSTITUTIONS", "360100", 2021, 18, nanchang),
    targetRow({ indicatorCode: "CHILDCARE_INCLUSIVE_PLACE_SHARE", regionCode: "360100", year: 2021, comparator: "GTE", threshold: 30, upperThreshold: null, unit: "%", source: nanchang, scope: "REGION_ONLY" }),
    count("CHILDCARE_NEW_KINDERGARTEN_CLASSES", "320404", 2020, 1, zhonglou),
    count("CHILDCARE_NEW_DEMONSTRATION_POINTS", "320404", 2020, 1, zhonglou),
    count("CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS", "320404", 2020, 1, zhonglou),
  ];
}

export const CHILDCARE_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;

/** Places per 1,000 residents a township grows towards, before its own factor (national: 1.8 in 2020, 2.03 at the end of 2021, 4.5 aimed at for 2025). */
const PLACES_PER_THOUSAND: Record<number, number> = { 2019: 1.2, 2020: 1.6, 2021: 2.05, 2022: 2.6, 2023: 3.2, 2024: 3.8, 2025: 4.4 };

const KINDS = [
  ["CHILDCARE_INSTITUTION", 50],
  ["COMMUNITY_CHILDCARE", 14],
  ["KINDERGARTEN_CLASS", 14],
  ["HOME_CHILDCARE_POINT", 14],
  ["EMPLOYER_CHILDCARE", 8],
] as const;

/** Months of enrolment written: the last two years, every month. */
const ENROLMENT_MONTHS = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);

const FINDING_ARTICLES = ["设置标准 第19条", "设置标准 第11条", "管理规范 第32条", "管理规范 第31条", "管理规范 第11条", "WS/T 821 5.2.1"] as const;

/** Below this scale a township's few hundred residents would ask for no place at all: each still gets one provider, of any kind, so that every kind of record exists. */
const ONE_PROVIDER_BELOW_SCALE = 0.2;

function generateChildcare(random: Random, earlier: ChildcareSource, scale: number): ChildcareDataset {
  const residents = new Map(earlier.populationBase.map((b) => [`${b.regionCode}|${b.year}`, b.residentPopulation]));
  const childcare = new ChildcareGenerator(random, scale, earlier.regions, (code, year) => residents.get(`${code}|${year}`));
  // The registry's young children by county of residence, for enrolment.
  const childrenOf = new Map<string, PersonRow[]>();
  for (const p of earlier.persons) {
    if (!ChildcareGenerator.enrols(p)) continue;
    const county = p.residenceRegionCode.slice(0, 6);
    const list = childrenOf.get(county);
    if (list) list.push(p);
    else childrenOf.set(county, [p]);
  }
  const data: ChildcareDataset = {
    childcareInstitutions: [], inclusiveRecognitions: [], childcareFilings: [], childcareClasses: [], childcareEnrolments: [],
    childcareStaff: [], childcareInspections: [], childcareIncidents: [], childcareDesignations: [], childcareTargets: [],
  };
  const append = (part: ChildcareDataset) => {
    for (const key of Object.keys(part) as (keyof ChildcareDataset)[]) for (const row of part[key]) (data[key] as object[]).push(row);
  };
  for (const county of childcare.counties()) append(childcare.addCounty(county, childrenOf.get(county) ?? []));
  append(childcare.finish());
  return data;
}

/** A county's childcare rows as they are generated, with the counts of the counties before it (names and receipt numbers count on). */
interface ChildcareWork extends ChildcareDataset {
  before: { institutions: number; staff: number; filings: number };
  /** The classes of each institution of the county. */
  classesOf: Map<string, ChildcareClassRow[]>;
}

/**
 * The filing system county by county (places are planned county by county): `addCounty` takes a
 * county once its villages are simulated (the year-end residents of its townships are known) with
 * its young children, `finish` then gives the designations, which look at every county. One random
 * stream, drawn in the order the whole system would be.
 */
export class ChildcareGenerator {
  private readonly seq = new Map<string, number>();
  private readonly id = (prefix: string) => {
    const n = (this.seq.get(prefix) ?? 0) + 1;
    this.seq.set(prefix, n);
    return `${prefix}${String(n).padStart(8, "0")}`;
  };
  private readonly villagesOf = new Map<string, RegionRow[]>();
  private readonly townshipsOf = new Map<string, RegionRow[]>();
  /** Every county's institutions so far, for the designations. */
  private readonly institutions: ChildcareInstitutionRow[] = [];
  private readonly counts = { institutions: 0, staff: 0, filings: 0 };
  private targetsGiven = false;

  /** Whether a registry person is one of the young children the classes enrol. */
  static enrols(p: PersonRow): boolean {
    return !(p.birthDate < "2021-01-01" || p.status !== "REGISTERED");
  }

  constructor(
    private readonly random: Random,
    private readonly scale: number,
    private readonly regions: readonly RegionRow[],
    private readonly residents: (regionCode: string, year: number) => number | undefined,
  ) {
    for (const r of regions) if (r.level === "VILLAGE") this.villagesOf.set(r.parentCode!, [...(this.villagesOf.get(r.parentCode!) ?? []), r]);
    for (const r of regions) {
      if (r.level === "TOWNSHIP" && (this.villagesOf.get(r.code) ?? []).length > 0) this.townshipsOf.set(r.parentCode!, [...(this.townshipsOf.get(r.parentCode!) ?? []), r]);
    }
  }

  /** The counties with townships, in the order they are planned. */
  counties(): string[] {
    return [...this.townshipsOf.keys()];
  }

  /** A county's rows: `children` are its registry persons that `enrols` takes, in registry order. */
  addCounty(countyCode: string, children: readonly PersonRow[]): ChildcareDataset {
    const { random, scale, id, villagesOf } = this;
    const townships = this.townshipsOf.get(countyCode) ?? [];
    const data: ChildcareWork = {
      childcareInstitutions: [], inclusiveRecognitions: [], childcareFilings: [], childcareClasses: [], childcareEnrolments: [],
      childcareStaff: [], childcareInspections: [], childcareIncidents: [], childcareDesignations: [],
      childcareTargets: this.targetsGiven ? [] : childcareTargets(),
      before: { ...this.counts }, classesOf: new Map(),
    };
    this.targetsGiven = true;
    // The registry's young children by township of residence, for enrolment.
    const childrenOf = new Map<string, PersonRow[]>();
    for (const p of children) {
      const township = p.residenceRegionCode.slice(0, 9);
      const list = childrenOf.get(township);
      if (list) list.push(p);
      else childrenOf.set(township, [p]);
    }
    // Places are planned county by county (a township of a few thousand residents asks for a few
    // places a year, a county for an institution or two): each opening goes to the township
    // furthest below its own share, so some townships run ahead and others fall short.
    const placesOf = (institutions: readonly ChildcareInstitutionRow[]) => institutions.reduce((n, i) => n + classPlaces(data, i.id), 0);
    const factor = new Map(townships.map((t) => [t.code, 0.55 + random.next() * 0.95]));
    const institutionsOf = new Map<string, ChildcareInstitutionRow[]>(townships.map((t) => [t.code, []]));
    const dayIn = (year: number) => `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    const open = (township: RegionRow, on: string, missing: number | null) =>
      institutionsOf.get(township.code)!.push(openInstitution(random, data, id, random.pick(villagesOf.get(township.code)!), on, missing));
    if (scale < ONE_PROVIDER_BELOW_SCALE) for (const township of townships) open(township, dayIn(CHILDCARE_YEARS[0]), null);
    for (const year of CHILDCARE_YEARS) {
      const gapOf = (t: RegionRow) => ((this.residents(t.code, year) ?? 0) / 1000) * PLACES_PER_THOUSAND[year]! * factor.get(t.code)! - placesOf(institutionsOf.get(t.code)!);
      // Until the county is within half a home point of its share; each opening sized to what is missing.
      for (let missing = townships.reduce((n, t) => n + gapOf(t), 0); missing > 2.5; missing = townships.reduce((n, t) => n + gapOf(t), 0)) {
        const township = townships.reduce((a, b) => (gapOf(b) > gapOf(a) ? b : a));
        const on = dayIn(year);
        const growable = institutionsOf.get(township.code)!.filter((i) => i.kind === "CHILDCARE_INSTITUTION" || i.kind === "COMMUNITY_CHILDCARE");
        if (growable.length > 0 && missing >= 10 && random.chance(0.25)) {
          const grown = random.pick(growable);
          addClass(random, data, id, grown, on > grown.openedOn ? on : grown.openedOn, "TODDLER");
        } else {
          open(township, on, missing);
        }
      }
    }
    for (const township of townships) enrol(random, data, id, institutionsOf.get(township.code)!, childrenOf.get(township.code) ?? []);
    this.institutions.push(...data.childcareInstitutions);
    this.counts.institutions += data.childcareInstitutions.length;
    this.counts.staff += data.childcareStaff.length;
    this.counts.filings += data.childcareFilings.length;
    const { before: _before, classesOf: _classesOf, ...rows } = data;
    return rows;
  }

  /** The designations, once every county is added. */
  finish(): ChildcareDataset {
    const data: ChildcareDataset = {
      childcareInstitutions: [], inclusiveRecognitions: [], childcareFilings: [], childcareClasses: [], childcareEnrolments: [],
      childcareStaff: [], childcareInspections: [], childcareIncidents: [], childcareDesignations: [],
      childcareTargets: this.targetsGiven ? [] : childcareTargets(),
    };
    this.targetsGiven = true;
    designate(this.random, data, this.id, this.regions, this.institutions);
    return data;
  }
}

function classPlaces(data: ChildcareWork, institutionId: string): number {
  return (data.classesOf.get(institutionId) ?? []).reduce((n, c) => n + c.places, 0);
}

/**
 * Opens an institution in a village. Its kind follows what the township still lacks (`missing`
 * places): a home point (5) or a kindergarten's 托班 (one class) for a small gap, any kind for a
 * larger one or when nothing is asked (null).
 */
function openInstitution(random: Random, data: ChildcareWork, id: (p: string) => string, village: RegionRow, openedOn: string, missing: number | null): ChildcareInstitutionRow {
  const kind =
    missing === null || missing >= 30 ? random.weighted(KINDS)
    : missing < 12 ? "HOME_CHILDCARE_POINT"
    : random.chance(0.6) ? "KINDERGARTEN_CLASS" : "HOME_CHILDCARE_POINT";
  const isPublic = kind === "KINDERGARTEN_CLASS" ? random.chance(0.8) : kind === "COMMUNITY_CHILDCARE" ? random.chance(0.4) : random.chance(0.1);
  const ownership = isPublic ? (random.chance(0.3) ? "PUBLIC_PRIVATELY_RUN" : "PUBLIC") : random.chance(0.15) ? "PRIVATE_PUBLICLY_AIDED" : "PRIVATE";
  const leased = !isPublic && random.chance(0.8);
  const leaseStartsOn = leased ? addDays(openedOn, -random.int(30, 200)) : null;
  // A few leases shorter than three years, a few rooms above the third floor or below ground.
  const leaseYears = random.chance(0.05) ? 2 : random.int(3, 10);
  const highest = random.chance(0.03) ? 4 : random.int(1, 3);
  const institution: ChildcareInstitutionRow = {
    id: id("CI"),
    name: `${village.name}${kind === "HOME_CHILDCARE_POINT" ? "家庭托育点" : kind === "KINDERGARTEN_CLASS" ? "幼儿园托班" : "托育园"}${data.before.institutions + data.childcareInstitutions.length + 1}`,
    kind,
    ownership,
    legalForm: isPublic ? "PUBLIC_INSTITUTION" : random.chance(0.6) ? "FOR_PROFIT" : "SOCIAL_SERVICE_ORGANISATION",
    serviceTypes: random.chance(0.3) ? ["FULL_DAY", "HALF_DAY"] : ["FULL_DAY"],
    regionCode: village.code,
    usableAreaM2: 0,
    lowestChildFloor: random.chance(0.01) ? -1 : 1,
    highestChildFloor: highest,
    leaseStartsOn,
    leaseEndsOn: leaseStartsOn ? addDays(`${Number(leaseStartsOn.slice(0, 4)) + leaseYears}${leaseStartsOn.slice(4)}`.replace("-02-29", "-02-28"), -1) : null,
    // Private institutions are run through a handful of management apps, one operator per county.
    operatorId: isPublic ? null : `OP-${village.code.slice(0, 6)}-${random.int(1, 3)}`,
    openedOn,
    closedOn: random.chance(0.04) ? addDays(openedOn, random.int(300, 1500)) : null,
    idempotencyKey: null,
    requestHash: null,
    synthetic: true,
  };
  data.childcareInstitutions.push(institution);
  const classes: ClassType[] =
    kind === "HOME_CHILDCARE_POINT" ? ["MIXED"]
    : kind === "KINDERGARTEN_CLASS" ? ["PRESCHOOL"]
    : kind === "EMPLOYER_CHILDCARE" ? ["TODDLER", "PRESCHOOL"]
    : ["INFANT", "TODDLER", "PRESCHOOL", ...(random.chance(0.5) ? (["PRESCHOOL"] as const) : [])];
  for (const type of classes) addClass(random, data, id, institution, openedOn, type, kind === "HOME_CHILDCARE_POINT" ? 5 : undefined);
  institution.usableAreaM2 = Math.round(classPlaces(data, institution.id) * (5 + random.next() * 4));
  staffInstitution(random, data, id, institution);
  file(random, data, id, institution);
  recognise(random, data, id, institution);
  inspect(random, data, id, institution);
  return institution;
}

function addClass(random: Random, data: ChildcareWork, id: (p: string) => string, institution: ChildcareInstitutionRow, openedOn: string, type: ClassType, places?: number): number {
  const standard = NATIONAL_CLASS_STANDARDS.find((s) => s.classType === type)!;
  const size = places ?? random.int(Math.ceil(standard.maxChildren * 0.6), standard.maxChildren);
  const inclusive = institution.ownership === "PUBLIC" || institution.ownership === "PUBLIC_PRIVATELY_RUN" || institution.kind === "KINDERGARTEN_CLASS" ? size : random.chance(0.3) ? Math.round(size * 0.6) : 0;
  const row: ChildcareClassRow = {
    id: id("CC"), institutionId: institution.id, type, places: size, inclusivePlaces: inclusive,
    openedOn, closedOn: null, synthetic: true,
  };
  data.childcareClasses.push(row);
  const classes = data.classesOf.get(institution.id);
  if (classes) classes.push(row);
  else data.classesOf.set(institution.id, [row]);
  return size;
}

function staffInstitution(random: Random, data: ChildcareWork, id: (p: string) => string, institution: ChildcareInstitutionRow): void {
  const staff = (role: ChildcareStaffRow["role"], classId: string | null, fullTime = true) =>
    data.childcareStaff.push({
      id: id("CS"), institutionId: institution.id, classId, role, name: `职工${data.before.staff + data.childcareStaff.length + 1}`, fullTime,
      qualifications: role === "CAREGIVER" ? ["保育师"] : role === "HEALTH_WORKER" ? ["妇幼保健机构卫生保健培训"] : [],
      healthCertificateUntil: addDays(institution.openedOn, random.int(300, 700)), backgroundCheckedOn: random.chance(0.97) ? institution.openedOn : null,
      startedOn: institution.openedOn, leftOn: null, synthetic: true,
    });
  staff("HEAD", null);
  for (const klass of [...(data.classesOf.get(institution.id) ?? [])]) {
    const perCarer = institution.kind === "HOME_CHILDCARE_POINT" ? 3 : NATIONAL_CLASS_STANDARDS.find((s) => s.classType === klass.type)!.childrenPerCarer;
    // Staffed for a full class; one class in ten staffed for half of its places only (it breaks the ratio once more than half full).
    const caregivers = random.chance(1 / 10) ? Math.max(1, Math.floor(klass.places / 2 / perCarer)) : Math.ceil(klass.places / perCarer);
    for (let i = 0; i < caregivers; i++) staff("CAREGIVER", klass.id);
  }
  if (institution.kind !== "HOME_CHILDCARE_POINT") {
    staff("HEALTH_WORKER", null, random.chance(0.6));
    staff("SECURITY_GUARD", null);
    staff("COOK", null);
  }
}

function file(random: Random, data: ChildcareWork, id: (p: string) => string, institution: ChildcareInstitutionRow): void {
  // About one in eight operates unfiled.
  if (random.chance(0.12)) return;
  const submittedOn = addDays(institution.openedOn, random.int(-20, 60));
  const late = random.chance(0.1);
  const notCompliant = !late && random.chance(0.04);
  const recordedOn = notCompliant ? null : addDays(submittedOn, late ? random.int(9, 20) : random.int(1, 7));
  data.childcareFilings.push({
    id: id("CF"), institutionId: institution.id, kind: "INITIAL", submittedOn,
    attachments: ["LEGAL_REGISTRATION", "PREMISES_PROOF", "STAFF_QUALIFICATIONS", "HEALTH_EVALUATION", "FIRE_SAFETY"],
    recordedOn, receiptNumber: recordedOn ? `备${institution.regionCode.slice(0, 6)}-${data.before.filings + data.childcareFilings.length + 1}` : null,
    nonComplianceNoticeOn: notCompliant ? addDays(submittedOn, random.int(10, 20)) : null,
    idempotencyKey: null, requestHash: null, synthetic: true,
  });
}

function recognise(random: Random, data: ChildcareWork, id: (p: string) => string, institution: ChildcareInstitutionRow): void {
  const inclusivePlaces = (data.classesOf.get(institution.id) ?? []).reduce((n, c) => n + c.inclusivePlaces, 0);
  if (inclusivePlaces === 0) return;
  const basis = institution.kind === "KINDERGARTEN_CLASS" ? "KINDERGARTEN_CLASS" : institution.ownership === "PUBLIC" || institution.ownership === "PUBLIC_PRIVATELY_RUN" ? "PUBLIC" : "SOCIAL_INCLUSIVE";
  data.inclusiveRecognitions.push({
    id: id("IR"), institutionId: institution.id, basis, recognisedBy: institution.regionCode.slice(0, 6),
    recognisedOn: addDays(institution.openedOn, random.int(0, 120)), withdrawnOn: null,
    feeList: [{ item: "保育费", monthlyFen: random.int(80, 160) * 1000 }, { item: "伙食费", monthlyFen: random.int(30, 60) * 1000 }],
    idempotencyKey: null, requestHash: null, synthetic: true,
  });
}

function inspect(random: Random, data: ChildcareWork, id: (p: string) => string, institution: ChildcareInstitutionRow): void {
  for (let year = Number(institution.openedOn.slice(0, 4)); year <= 2025; year++) {
    const inspectedOn = `${year}-${String(random.int(3, 11)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    if (inspectedOn < institution.openedOn || (institution.closedOn && inspectedOn >= institution.closedOn)) continue;
    const findings = Array.from({ length: random.weighted([[0, 60], [1, 30], [2, 10]] as const) }, () => ({
      article: random.pick(FINDING_ARTICLES), description: "检查发现问题，已责令整改", resolved: random.chance(0.8),
    }));
    data.childcareInspections.push({ id: id("CN"), institutionId: institution.id, inspectedOn, inspector: "县卫健局监督员", findings, idempotencyKey: null, requestHash: null, synthetic: true });
    if (random.chance(0.02)) {
      const major = random.chance(0.1);
      data.childcareIncidents.push({
        id: id("CX"), institutionId: institution.id, occurredOn: addDays(inspectedOn, random.int(1, 30)),
        kind: random.pick(["INJURY", "INFECTIOUS_DISEASE", "FOOD_POISONING", "FIRE", "OTHER"] as const),
        severity: major ? "MAJOR" : random.chance(0.3) ? "SERIOUS" : "MINOR", major, description: "事件已按规定上报处置",
        idempotencyKey: null, requestHash: null, synthetic: true,
      });
    }
  }
}

/** Each month of 2024–2025, the classes' children: the registry's own, of an age the class takes. */
function enrol(random: Random, data: ChildcareWork, id: (p: string) => string, institutions: readonly ChildcareInstitutionRow[], children: readonly PersonRow[]): void {
  const taken = new Set<string>();
  for (const institution of institutions) {
    const classes = [...(data.classesOf.get(institution.id) ?? [])];
    for (const month of ENROLMENT_MONTHS) {
      const monthEnd = `${month}-28`;
      if (institution.openedOn > monthEnd || (institution.closedOn !== null && institution.closedOn <= monthEnd)) continue;
      for (const klass of classes) {
        if (klass.openedOn > monthEnd) continue;
        const wanted = Math.round(klass.places * (0.55 + random.next() * 0.35));
        let enrolled = 0;
        for (let tries = 0; tries < wanted * 3 && enrolled < wanted && children.length > 0; tries++) {
          const child = children[Math.floor(random.next() * children.length)]!;
          const months = fullMonthsBetween(child.birthDate, monthEnd);
          const key = `${month}|${child.idNumber}`;
          if (taken.has(key) || !classTypesFor(months).includes(klass.type)) continue;
          taken.add(key);
          enrolled++;
          data.childcareEnrolments.push({
            id: id("CE"), institutionId: institution.id, classId: klass.id, month, childIdNumber: child.idNumber,
            childPersonId: child.id, ageMonths: months, reportKey: null, synthetic: true,
          });
        }
      }
    }
  }
}

/** The designations of the work plans (东海县 2021, 钟楼区 2020) and a few elsewhere. */
function designate(random: Random, data: ChildcareDataset, id: (p: string) => string, regions: readonly RegionRow[], institutions: readonly ChildcareInstitutionRow[]): void {
  const inCounty = (county: string, from: string, to: string) =>
    institutions.filter((i) => i.regionCode.startsWith(county) && i.openedOn >= from && i.openedOn <= to && i.closedOn === null);
  const give = (county: string, kind: ChildcareDesignationRow["kind"], by: string, on: string) => {
    const candidates = inCounty(county, "2000-01-01", on);
    if (candidates.length === 0) return;
    data.childcareDesignations.push({ id: id("CD"), institutionId: random.pick(candidates).id, kind, designatedBy: by, designatedOn: on, synthetic: true });
  };
  give("320722", "CITY_PILOT", "320700", "2021-09-15");
  give("320722", "GUIDANCE_CENTRE", "320722", "2021-06-01");
  give("320722", "COMMUNITY_PARENT_CHILD_CENTRE", "320722", "2021-11-20");
  give("320404", "DEMONSTRATION_POINT", "320404", "2020-10-10");
  for (const county of regions.filter((r) => r.level === "COUNTY")) {
    if (random.chance(0.5)) give(county.code, "DEMONSTRATION_POINT", county.code, `${random.int(2022, 2025)}-06-01`);
  }
}
