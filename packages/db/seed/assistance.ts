// 奖励扶助 — the synthetic rewards-and-assistance system, derived from the generated registry:
// family-planning family records of the registry's couples (mother aged 40+ at the end of 2019),
// the years' eligibility assessments by the domain's own rules, decisions and the roster, exits
// mirroring the registry's deaths and moves (with a few deliberate disagreements for 库册一致 to
// find), and the payment ledger at the amounts the domain says are due. Programs and rates are
// data: the national ones of the domain plus provincial and county top-ups and local programs.
// Everything here is marked synthetic.
import { requestHash } from "../src/request-hash.js";
import {
  amountDue,
  AssistanceProgram,
  assessEligibility,
  Beneficiary,
  birthdayOfAge,
  childcareMonthsByChild,
  FamilyPlanningFamily,
  isSyntheticRate,
  isWithinRegion,
  NATIONAL_PROGRAMS,
  NATIONAL_RATE_ROWS,
  NATIONAL_RATES,
  NATIONAL_REGION_CODE,
  programEffectiveIn,
  programsExcluding,
  RateComponent,
  type EligibilityResult,
  type FamilyChild,
} from "@popfam/domain";
import type * as models from "../src/generated/prisma/models.js";
import { count, type SeedArea } from "./area.js";
import type { BirthRow, HouseholdRow, PersonRow } from "./population.js";
import { Random } from "./random.js";
import type { SeedRow } from "./rows.js";

/** The years assessed, decided and paid (2025 in part: the year is still being paid): the roster from 2020 on. */
export const ASSISTANCE_YEARS = [2020, 2021, 2022, 2023, 2024, 2025] as const;
/** 2025's batches are paid in these provinces only so far. */
const PAID_2025_PROVINCES = ["32"];
const SNAPSHOT = "2019-12-31";
const DATA_END = "2025-12-31";

// Json columns take the domain's objects; the batch total is a bigint.
export type AssistanceProgramRow = SeedRow<models.AssistanceProgramModel>;
export type RateComponentRow = SeedRow<models.RateComponentModel>;
export type FpFamilyRow = SeedRow<models.FpFamilyModel>;
export type EligibilityAssessmentRow = SeedRow<models.EligibilityAssessmentModel>;
export type EligibilityDecisionRow = SeedRow<models.EligibilityDecisionModel>;
export type BeneficiaryRow = SeedRow<models.BeneficiaryModel>;
export type BeneficiaryExitRow = SeedRow<models.BeneficiaryExitModel>;
export type PaymentBatchRow = SeedRow<models.PaymentBatchModel>;
export type PaymentLineRow = SeedRow<models.PaymentLineModel>;

export interface AssistanceDataset {
  programs: AssistanceProgramRow[];
  rates: RateComponentRow[];
  fpFamilies: FpFamilyRow[];
  assessments: EligibilityAssessmentRow[];
  decisions: EligibilityDecisionRow[];
  beneficiaries: BeneficiaryRow[];
  beneficiaryExits: BeneficiaryExitRow[];
  paymentBatches: PaymentBatchRow[];
  paymentLines: PaymentLineRow[];
}

/** What the assistance data is derived from: the registry part of the data set. */
export interface RegistrySource {
  persons: readonly PersonRow[];
  households: readonly HouseholdRow[];
  births: readonly BirthRow[];
}

export const assistanceArea: SeedArea<AssistanceDataset, RegistrySource> = {
  name: "rewards and assistance",
  tables: {
    programs: { table: "assistance_program", jsonColumns: ["parameters"] },
    rates: { table: "rate_component" },
    fpFamilies: { table: "fp_family", jsonColumns: ["children"] },
    assessments: { table: "eligibility_assessment", jsonColumns: ["reasons"] },
    decisions: { table: "eligibility_decision" },
    beneficiaries: { table: "beneficiary" },
    beneficiaryExits: { table: "beneficiary_exit" },
    paymentBatches: { table: "payment_batch" },
    paymentLines: { table: "payment_line" },
  },
  generate: ({ seed, earlier }) => generateAssistance(seed, earlier),
  summary: (data) => `${count(data.fpFamilies)} family-planning families, ${count(data.beneficiaries)} beneficiaries`,
};

// ─── programs and rates as data ──────────────────────────────────────────────────────────────

/** Local programs: a province's wider disability grades, a municipality's one-time reward, a county's care fund. */
export const LOCAL_PROGRAMS: readonly AssistanceProgram[] = AssistanceProgram.array().parse([
  {
    code: "JS_DISABLED_CHILD_ASSISTANCE",
    nameZh: "江苏省计划生育伤残家庭扶助（含四级残疾）",
    nameEn: "Jiangsu assistance for family-planning families with a disabled only child (grades 1–4)",
    rule: "SPECIAL_ASSISTANCE_DISABILITY",
    schedule: "ANNUAL",
    parameters: { motherAge: 49, maxDisabilityGrade: 4 },
    definedBy: "320000",
    effectiveFrom: "2021-01-01",
    effectiveTo: null,
  },
  {
    code: "SH_ONLY_CHILD_OLD_AGE_REWARD",
    nameZh: "上海市独生子女父母年老一次性计划生育奖励费",
    nameEn: "Shanghai one-time old-age reward for parents of an only child",
    rule: "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    schedule: "ONE_TIME",
    parameters: { applicantAge: 60 },
    definedBy: "310000",
    effectiveFrom: "2016-03-01",
    effectiveTo: null,
  },
  {
    code: "DH_BEREAVED_FAMILY_CARE",
    nameZh: "东海县计生特殊家庭关爱金（失独）",
    nameEn: "Donghai care fund for families who lost their only child",
    rule: "SPECIAL_ASSISTANCE_DEATH",
    schedule: "ANNUAL",
    parameters: { motherAge: 45 },
    definedBy: "320722",
    effectiveFrom: "2022-01-01",
    effectiveTo: null,
  },
]);

type TopUp = [program: string, region: string, source: RateComponent["fundingSource"], yuan: number, from: string, to: string | null];

// Provinces top the national standards up (上海 most, 广西/江西 least), a city and a county add
// their own, and the local programs are funded by whoever set them up. Some change mid-year.
const TOP_UPS: readonly TopUp[] = [
  ["RURAL_REWARD", "320000", "PROVINCIAL", 240, "2020-01-01", "2024-06-30"],
  ["RURAL_REWARD", "320000", "PROVINCIAL", 360, "2024-07-01", null],
  ["SPECIAL_ASSISTANCE_DISABILITY", "320000", "PROVINCIAL", 1_200, "2021-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", "320000", "PROVINCIAL", 1_440, "2021-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", "320722", "COUNTY", 600, "2023-01-01", null],
  ["RURAL_REWARD", "310000", "PROVINCIAL", 1_200, "2019-01-01", null],
  ["SPECIAL_ASSISTANCE_DISABILITY", "310000", "PROVINCIAL", 3_600, "2019-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", "310000", "PROVINCIAL", 4_800, "2019-01-01", null],
  ["ONLY_CHILD_PARENT_OLD_AGE_REWARD", "310000", "PROVINCIAL", 3_000, "2016-03-01", null],
  ["RURAL_REWARD", "360000", "PROVINCIAL", 120, "2021-07-01", null],
  ["RURAL_REWARD", "360100", "CITY", 60, "2024-01-01", null],
  ["SPECIAL_ASSISTANCE_DISABILITY", "360000", "PROVINCIAL", 240, "2021-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", "360000", "PROVINCIAL", 240, "2021-01-01", null],
  ["RURAL_REWARD", "450000", "PROVINCIAL", 120, "2022-01-01", null],
  ["SPECIAL_ASSISTANCE_DISABILITY", "450000", "PROVINCIAL", 360, "2022-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", "450000", "PROVINCIAL", 360, "2022-01-01", null],
  ["JS_DISABLED_CHILD_ASSISTANCE", "320000", "PROVINCIAL", 1_800, "2021-01-01", null],
  ["SH_ONLY_CHILD_OLD_AGE_REWARD", "310000", "PROVINCIAL", 5_000, "2016-03-01", null],
  ["DH_BEREAVED_FAMILY_CARE", "320722", "COUNTY", 1_200, "2022-01-01", null],
];

export const LOCAL_RATES: readonly RateComponent[] = RateComponent.array().parse(
  TOP_UPS.map(([programCode, regionCode, fundingSource, yuan, effectiveFrom, effectiveTo]) => ({
    programCode, regionCode, fundingSource, amountFen: yuan * 100, effectiveFrom, effectiveTo,
  })),
);

// ─── the derivation ──────────────────────────────────────────────────────────────────────────

/** A family as the assessments need it: the record, and the registry persons of its parents. */
interface FamilyFacts {
  record: FamilyPlanningFamily;
  parents: PersonRow[];
}

export function generateAssistance(seed: number, registry: RegistrySource): AssistanceDataset {
  const assistance = new AssistanceGenerator(seed);
  const data: AssistanceDataset = {
    ...assistance.programsAndRates(),
    fpFamilies: [], assessments: [], decisions: [], beneficiaries: [], beneficiaryExits: [], paymentBatches: [], paymentLines: [],
  };
  const derived = assistance.add(registry);
  data.fpFamilies = derived.fpFamilies;
  data.assessments = derived.assessments;
  data.decisions = derived.decisions;
  const roster = assistance.finishRoster();
  data.beneficiaries = roster.beneficiaries;
  data.beneficiaryExits = roster.beneficiaryExits;
  for (const year of assistance.payments()) {
    for (const batch of year.paymentBatches) data.paymentBatches.push(batch);
    for (const line of year.paymentLines) data.paymentLines.push(line);
  }
  return data;
}

/** What the registry's persons say of a beneficiary: all the roster's exits need of them. */
interface RegistryState {
  status: PersonRow["status"];
  exitedOn: string | null;
}
const IN_REGISTRY: RegistryState = { status: "REGISTERED", exitedOn: null };

/**
 * The derivation in parts, so that the registry can be handed over village by village and let go:
 * `add` takes complete villages (a household with its members and births) and returns their family
 * records, assessments and decisions; `finishRoster` then settles the roster (the exits and the
 * deliberate disagreements, which look at the whole roster) and `payments` pays it, year by year.
 * Each step draws from its own random stream in the order the whole derivation would, so the rows
 * are the same however the registry is divided.
 */
export class AssistanceGenerator {
  private readonly root: Random;
  private readonly ids = new Counters();
  private readonly programs = [...NATIONAL_PROGRAMS, ...LOCAL_PROGRAMS];
  private readonly rates = [...NATIONAL_RATES, ...LOCAL_RATES];
  private readonly familiesRandom: Random;
  private readonly assessmentsRandom: Random;
  private readonly decisionsRandom: Random;
  private readonly paymentsRandom: Random;
  private readonly schedule: Map<string, AssistanceProgram["schedule"]>;
  /** The roster, and the exits written as it was decided. */
  private readonly beneficiaries: BeneficiaryRow[] = [];
  private readonly exits: BeneficiaryExitRow[] = [];
  private readonly registryState = new Map<BeneficiaryRow, RegistryState>();
  /** The family records the payments need: those of childcare subsidy beneficiaries. */
  private readonly familyById = new Map<string, FamilyPlanningFamily>();
  private settled = false;

  constructor(seed: number) {
    this.root = new Random(seed).fork("assistance");
    this.familiesRandom = this.root.fork("families");
    this.assessmentsRandom = this.root.fork("assessments");
    this.decisionsRandom = this.root.fork("decisions");
    this.paymentsRandom = this.root.fork("payments");
    this.schedule = new Map(this.programs.map((p) => [p.code, p.schedule]));
  }

  programsAndRates(): Pick<AssistanceDataset, "programs" | "rates"> {
    const { ids, rates } = this;
    return {
      programs: this.programs.map((p) => ({ ...p, synthetic: true })),
      // A national row is synthetic unless a document wholly supports it; the top-ups all are.
      rates: rates.map((r, i) => ({ id: ids.next("RC"), ...r, synthetic: i >= NATIONAL_RATE_ROWS.length || isSyntheticRate(NATIONAL_RATE_ROWS[i]!) })),
    };
  }

  /** The family records, assessments and decisions of complete villages of the registry. */
  add(registry: RegistrySource): Pick<AssistanceDataset, "fpFamilies" | "assessments" | "decisions"> {
    const out: AssistanceDataset = {
      programs: [], rates: [], fpFamilies: [], assessments: [], decisions: [], beneficiaries: this.beneficiaries, beneficiaryExits: this.exits,
      paymentBatches: [], paymentLines: [],
    };
    const families = buildFamilies(this.familiesRandom, registry, this.ids);
    out.fpFamilies = families.map((f) => ({ ...f.record, synthetic: true }));
    const verdicts = assess(this.assessmentsRandom, families, this.programs, this.ids, out);
    const from = this.beneficiaries.length;
    decideEach(this.decisionsRandom, verdicts, this.schedule, this.ids, out);
    const childcare = new Set(this.programs.filter((p) => p.rule === "CHILDCARE_SUBSIDY").map((p) => p.code));
    const familyOf = new Map(families.map((f) => [f.record.id, f]));
    for (let i = from; i < this.beneficiaries.length; i++) {
      const beneficiary = this.beneficiaries[i]!;
      const family = familyOf.get(beneficiary.familyId)!;
      const applicant = family.parents.find((p) => p.id === beneficiary.personId)!;
      // Most are still in the registry: only those who left it are kept (the roster is held to the end).
      if (applicant.status !== "REGISTERED" || applicant.exitedOn !== null) this.registryState.set(beneficiary, { status: applicant.status, exitedOn: applicant.exitedOn });
      if (childcare.has(beneficiary.programCode)) this.familyById.set(family.record.id, family.record);
    }
    return { fpFamilies: out.fpFamilies, assessments: out.assessments, decisions: out.decisions };
  }

  /** The roster with its exits, once every village is added. */
  finishRoster(): Pick<AssistanceDataset, "beneficiaries" | "beneficiaryExits"> {
    if (this.settled) throw new Error("the roster is settled once");
    this.settled = true;
    const data = { beneficiaries: this.beneficiaries, beneficiaryExits: this.exits };
    settleRoster(this.decisionsRandom, this.schedule, (b) => this.registryState.get(b) ?? IN_REGISTRY, data);
    this.registryState.clear();
    return data;
  }

  /** The payment ledger of the settled roster, a program and county of a year at a time. */
  *payments(): Generator<Pick<AssistanceDataset, "paymentBatches" | "paymentLines">> {
    if (!this.settled) throw new Error("the roster is paid once it is settled");
    yield* pay(this.paymentsRandom, this.beneficiaries, this.programs, this.rates, this.familyById, this.ids);
  }
}

function buildFamilies(random: Random, registry: RegistrySource, ids: Counters): FamilyFacts[] {
  const personById = new Map(registry.persons.map((p) => [p.id, p]));
  const snapshotMembers = new Map<string, PersonRow[]>();
  for (const person of registry.persons) {
    if (person.householdId === null || person.registeredOn !== SNAPSHOT) continue;
    const list = snapshotMembers.get(person.householdId) ?? [];
    list.push(person);
    snapshotMembers.set(person.householdId, list);
  }
  const bornTo = new Map<string, PersonRow[]>();
  for (const birth of registry.births) {
    const child = birth.childPersonId ? personById.get(birth.childPersonId) : undefined;
    if (!child || !birth.motherPersonId) continue;
    const list = bornTo.get(birth.motherPersonId) ?? [];
    list.push(child);
    bornTo.set(birth.motherPersonId, list);
  }
  const families: FamilyFacts[] = [];
  for (const household of registry.households) {
    const head = household.headPersonId ? personById.get(household.headPersonId) : undefined;
    if (!head || head.registeredOn !== SNAPSHOT) continue;
    const members = snapshotMembers.get(household.id) ?? [];
    // The head's partner: the other sex, of about the same age (children are 21+ years younger, elders 24+ older).
    const partner = members.find((p) => p !== head && p.sex !== head.sex && Math.abs(yearOf(p.birthDate) - yearOf(head.birthDate)) <= 6);
    const mother = head.sex === "FEMALE" ? head : partner;
    const father = head.sex === "MALE" ? head : partner;
    // Mothers aged 40+ at the end of 2019, archived at their own hukou place.
    if (!mother || yearOf(mother.birthDate) > 1979 || mother.hukouRegionCode !== household.regionCode) continue;
    const registryChildren = [
      ...members.filter((p) => p !== head && p !== partner && yearOf(p.birthDate) >= yearOf(mother.birthDate) + 17),
      ...(bornTo.get(mother.id) ?? []),
    ];
    const hukouType = mother.hukouType;
    let children: FamilyChild[] = registryChildren.map((c) => ({
      personId: c.id,
      sex: c.sex,
      birthDate: c.birthDate,
      adopted: random.chance(0.01),
      // The registry's own death, so the two systems agree.
      deceasedOn: c.status === "DECEASED" ? c.exitedOn : null,
      disabilityGrade: null,
    }));
    // Children who live elsewhere (most of the older couples'): not in this registry, personId null.
    if (children.length === 0) children = fabricatedChildren(random, mother.birthDate, hukouType);
    children.sort((a, b) => a.birthDate.localeCompare(b.birthDate));
    const only = children.length === 1 ? children[0]! : null;
    if (only) {
      const roll = random.next();
      // 失独: a few per thousand families (about 1.2% of one-child families); never a registry child, whose record says alive.
      if (roll < 0.012 && only.personId === null) {
        const from = Math.max(day(only.birthDate) + 365, day("2000-01-01"));
        const to = day("2025-06-30");
        if (from < to) only.deceasedOn = iso(random.int(from, to));
      } else if (roll >= 0.012 && roll < 0.022) {
        only.disabilityGrade = random.weighted([[1, 0.2], [2, 0.35], [3, 0.3], [4, 0.15]] as const);
      }
    }
    const daughters = children.filter((c) => c.sex === "FEMALE").length;
    const compliedWithPolicy = random.chance(
      children.length >= 3 ? 0.3 : children.length === 2 ? (daughters === 2 ? 0.92 : 0.86) : 0.99,
    );
    const onlyChildCertificate = random.chance(children.length === 1 ? (hukouType === "URBAN" ? 0.75 : 0.35) : 0.01);
    const retired = (person: PersonRow | undefined, ages: readonly number[]): string | null => {
      if (!person || hukouType !== "URBAN" || !random.chance(0.55)) return null;
      const on = birthdayOfAge(person.birthDate, random.pick(ages));
      return on <= DATA_END && (person.exitedOn === null || person.exitedOn > on) ? on : null;
    };
    const record = FamilyPlanningFamily.parse({
      id: ids.next("FF"),
      regionCode: household.regionCode,
      hukouType,
      motherPersonId: mother.id,
      motherIdNumber: mother.idNumber,
      fatherPersonId: father?.id ?? null,
      fatherIdNumber: father?.idNumber ?? null,
      children,
      onlyChildCertificate,
      compliedWithPolicy,
      fatherRetiredOn: retired(father, [60]),
      motherRetiredOn: retired(mother, [50, 55]),
    });
    families.push({ record, parents: father ? [mother, father] : [mother] });
  }
  return families;
}

/** Children of a couple not in this registry: rural families had more, and more of them two. */
function fabricatedChildren(random: Random, motherBirthDate: string, hukouType: "RURAL" | "URBAN"): FamilyChild[] {
  const count = random.weighted(
    hukouType === "RURAL" ? ([[0, 0.03], [1, 0.55], [2, 0.34], [3, 0.08]] as const) : ([[0, 0.04], [1, 0.78], [2, 0.16], [3, 0.02]] as const),
  );
  const children: FamilyChild[] = [];
  let at = day(motherBirthDate) + Math.round(random.int(21, 28) * 365.25) + random.int(0, 364);
  for (let i = 0; i < count; i++) {
    if (at > day("2019-12-31")) break;
    children.push({ personId: null, sex: random.chance(0.52) ? "MALE" : "FEMALE", birthDate: iso(at), adopted: random.chance(0.01), deceasedOn: null, disabilityGrade: null });
    at += random.int(500, 2200);
  }
  return children;
}

/** Whether a program can concern the family at all (the rule itself then decides). */
function concerns(program: AssistanceProgram, family: FamilyPlanningFamily, year: number): boolean {
  switch (program.rule) {
    case "RURAL_REWARD":
      return family.hukouType === "RURAL";
    case "ONLY_CHILD_PARENT_OLD_AGE_REWARD":
      return family.hukouType === "URBAN";
    case "RETIREE_ONE_TIME_REWARD":
      return family.fatherRetiredOn !== null || family.motherRetiredOn !== null;
    case "SPECIAL_ASSISTANCE_DEATH":
    case "SPECIAL_ASSISTANCE_DISABILITY":
    case "ONLY_CHILD_ACCIDENT_GRANT":
      return family.children.some((c) => c.deceasedOn !== null || c.disabilityGrade !== null);
    case "CHILDCARE_SUBSIDY":
      return family.children.some((c) => yearOf(c.birthDate) >= year - 3);
  }
}

interface Verdict {
  family: FamilyFacts;
  program: AssistanceProgram;
  applicant: PersonRow;
  year: number;
  result: EligibilityResult;
  /** The stored assessment's id, when it was stored. */
  assessmentId: string | null;
}

/** Share of ineligible verdicts kept as assessments (all eligible ones are kept). */
const INELIGIBLE_SAMPLE = 0.03;

function assess(random: Random, families: readonly FamilyFacts[], programs: readonly AssistanceProgram[], ids: Counters, data: AssistanceDataset): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const family of families) {
    const region = family.record.regionCode;
    const local = programs.filter((p) => p.definedBy === NATIONAL_REGION_CODE || isWithinRegion(region, p.definedBy));
    for (const program of local) {
      for (const applicant of family.parents) {
        let everEligible = false;
        for (const year of ASSISTANCE_YEARS) {
          if (!programEffectiveIn(program, year) || !concerns(program, family.record, year)) continue;
          const result = assessEligibility({
            program,
            family: family.record,
            applicant: {
              personId: applicant.id, idNumber: applicant.idNumber, name: applicant.name, sex: applicant.sex,
              birthDate: applicant.birthDate, status: applicant.status, exitedOn: applicant.exitedOn,
            },
            year,
          });
          let assessmentId: string | null = null;
          // Every eligible verdict is kept, and those of a person eligible the year before (a lapse the roster must see).
          if (result.eligible || everEligible || random.chance(INELIGIBLE_SAMPLE)) {
            assessmentId = ids.next("EA");
            data.assessments.push({
              id: assessmentId,
              programCode: program.code,
              year,
              familyId: family.record.id,
              personId: applicant.id,
              idNumber: applicant.idNumber,
              name: applicant.name,
              regionCode: region,
              eligible: result.eligible,
              eligibleFrom: result.eligibleFrom,
              reasons: result.reasons.map(({ code, met, detail }) => ({ code, met, detail })),
              // Judged by the database from the decisions once they are loaded (rollup_rebuild).
              decided: false,
              synthetic: true,
            });
            verdicts.push({ family, program, applicant, year, result, assessmentId });
          }
          // A one-time program is due once: the years after it are not a lapse.
          everEligible ||= result.eligible && program.schedule === "ANNUAL";
        }
      }
    }
  }
  return verdicts;
}

/** Decisions and the roster they make, with the exits of those no longer eligible, for the verdicts of complete families. */
function decideEach(
  random: Random,
  verdicts: readonly Verdict[],
  schedule: ReadonlyMap<string, AssistanceProgram["schedule"]>,
  ids: Counters,
  data: AssistanceDataset,
): void {
  // One person's verdicts on one program, oldest year first.
  const byPersonProgram = new Map<string, Verdict[]>();
  for (const verdict of verdicts) {
    const key = `${verdict.program.code}|${verdict.applicant.idNumber}`;
    const list = byPersonProgram.get(key) ?? [];
    list.push(verdict);
    byPersonProgram.set(key, list);
  }
  const active = new Map<string, BeneficiaryRow>();
  // The programs each person is confirmed for: one that excludes another is refused (互斥项目).
  const confirmedFor = new Map<string, Set<string>>();
  for (const [key, list] of byPersonProgram) {
    // About nine in ten eligible persons applied (or were confirmed ex officio); the rest are 免申即享 candidates.
    const enrolled = random.chance(0.9);
    for (const verdict of list.sort((a, b) => a.year - b.year)) {
      const { result, year, family, applicant, program } = verdict;
      if (result.eligible) {
        // A one-time program is decided once, in the year it first falls due.
        if (!enrolled || (schedule.get(program.code) === "ONE_TIME" && active.has(key))) continue;
        const eligibleFrom = result.eligibleFrom!;
        const decidedOn = iso(Math.min(day(`${year}-12-20`), Math.max(day(eligibleFrom), day(`${year}-03-01`)) + random.int(0, 75)));
        const held = confirmedFor.get(applicant.idNumber) ?? new Set<string>();
        if (!active.has(key) && programsExcluding(program.code).some((code) => held.has(code))) {
          addDecision(ids, data, verdict, "REJECTED", ["EXCLUDED_PROGRAM"], null, decidedOn, random);
          break;
        }
        confirmedFor.set(applicant.idNumber, held.add(program.code));
        const decision = addDecision(ids, data, verdict, "CONFIRMED", result.reasons.map((r) => r.code), eligibleFrom, decidedOn, random);
        if (!active.has(key)) {
          const beneficiary: BeneficiaryRow = {
            id: ids.next("BF"), programCode: program.code, familyId: family.record.id, personId: applicant.id, idNumber: applicant.idNumber,
            name: applicant.name, regionCode: family.record.regionCode, eligibleFrom, exitedOn: null, exitReason: null, decisionId: decision.id,
            synthetic: true,
          };
          active.set(key, beneficiary);
          data.beneficiaries.push(beneficiary);
        }
      } else if (active.get(key)?.exitedOn === null && schedule.get(program.code) === "ANNUAL" && isMet(result, "APPLICANT_IN_REGISTRY")) {
        // No longer eligible while still in the registry (a disabled only child died, a child was born): the roster lets them go.
        exitBeneficiary(active.get(key)!, `${year}-01-01`, "NO_LONGER_ELIGIBLE", data);
      } else if (!active.has(key) && random.chance(0.03)) {
        // A few applications refused, with the unmet conditions as reasons.
        addDecision(ids, data, verdict, "REJECTED", result.reasons.filter((r) => !r.met).map((r) => r.code), null, iso(day(`${year}-04-01`) + random.int(0, 180)), random);
      }
    }
  }
}

/** The whole roster's exits as the registry has them, and the disagreements 库册一致 is to find. */
function settleRoster(
  random: Random,
  schedule: ReadonlyMap<string, AssistanceProgram["schedule"]>,
  personOf: (b: BeneficiaryRow) => RegistryState | undefined,
  data: Pick<AssistanceDataset, "beneficiaries" | "beneficiaryExits">,
): void {
  // 库册不一致 on purpose: a few deaths the roster never heard of (about 6%, and at least one per
  // county, preferably on the rural reward's roster and an early death) ...
  const deceased = data.beneficiaries.filter((b) => {
    const person = personOf(b);
    return b.exitedOn === null && person?.status === "DECEASED" && person.exitedOn !== null && person.exitedOn > b.eligibleFrom;
  });
  const neverExited = new Set(deceased.filter(() => random.chance(0.06)));
  for (const list of groupBy(deceased, (b) => b.regionCode.slice(0, 6)).values()) {
    if (list.some((b) => neverExited.has(b))) continue;
    const rank = (b: BeneficiaryRow) => `${b.programCode === "RURAL_REWARD" ? 0 : 1}${personOf(b)!.exitedOn}`;
    neverExited.add([...list].sort((a, b) => rank(a).localeCompare(rank(b)))[0]!);
  }
  for (const beneficiary of data.beneficiaries) {
    if (beneficiary.exitedOn !== null || neverExited.has(beneficiary)) continue;
    const person = personOf(beneficiary);
    if (person?.exitedOn && person.exitedOn > beneficiary.eligibleFrom) {
      exitBeneficiary(beneficiary, person.exitedOn, person.status === "DECEASED" ? "DEATH" : "MOVED_AWAY", data);
    } else if (schedule.get(beneficiary.programCode) === "ANNUAL" && beneficiary.eligibleFrom < "2025-08-01" && random.chance(0.004)) {
      // A change of adoption relationship ends a few, late in 2025 (after the year's decisions).
      exitBeneficiary(beneficiary, iso(random.int(day("2025-08-01"), day("2025-11-30"))), "ADOPTION_CHANGE", data);
    }
  }
  // ... and a few names keyed wrongly on the roster (about 0.5%, and at least one per county on the rural reward's roster).
  const onRoster = data.beneficiaries.filter((b) => b.exitedOn === null && !neverExited.has(b));
  const misspelt = new Set(onRoster.filter(() => random.chance(0.005)));
  for (const list of groupBy(onRoster.filter((b) => b.programCode === "RURAL_REWARD"), (b) => b.regionCode.slice(0, 6)).values()) {
    if (!list.some((b) => misspelt.has(b))) misspelt.add([...list].sort((a, b) => a.eligibleFrom.localeCompare(b.eligibleFrom))[0]!);
  }
  for (const beneficiary of misspelt) beneficiary.name = misspell(random, beneficiary.name);
}

const isMet = (result: EligibilityResult, code: string) => result.reasons.some((r) => r.code === code && r.met);

function addDecision(
  ids: Counters,
  data: AssistanceDataset,
  verdict: Verdict,
  status: "CONFIRMED" | "REJECTED",
  reasons: string[],
  eligibleFrom: string | null,
  decidedOn: string,
  random: Random,
): EligibilityDecisionRow {
  const id = ids.next("ED");
  const command = {
    idempotencyKey: `seed-${id}`,
    programCode: verdict.program.code,
    year: verdict.year,
    familyId: verdict.family.record.id,
    idNumber: verdict.applicant.idNumber,
    status,
    reasons,
    eligibleFrom,
    decidedOn,
    decidedBy: `${verdict.family.record.regionCode.slice(0, 9)}-staff-${random.int(1, 3)}`,
  };
  const row: EligibilityDecisionRow = {
    id, ...command, personId: verdict.applicant.id, regionCode: verdict.family.record.regionCode, requestHash: requestHash(command), synthetic: true,
  };
  data.decisions.push(row);
  return row;
}

function exitBeneficiary(beneficiary: BeneficiaryRow, exitedOn: string, reason: NonNullable<BeneficiaryRow["exitReason"]>, data: Pick<AssistanceDataset, "beneficiaryExits">) {
  beneficiary.exitedOn = exitedOn;
  beneficiary.exitReason = reason;
  const command = { idempotencyKey: `seed-exit-${beneficiary.id}`, beneficiaryId: beneficiary.id, exitedOn, reason };
  data.beneficiaryExits.push({ ...command, requestHash: requestHash(command), synthetic: true });
}

const SIMILAR: Record<string, string> = { 王: "汪", 李: "季", 张: "章", 刘: "柳", 陈: "程", 杨: "扬", 黄: "皇", 赵: "肖", 吴: "伍", 周: "邹" };

function misspell(random: Random, name: string): string {
  const i = random.int(0, name.length - 1);
  const ch = name[i]!;
  const swap = SIMILAR[ch] ?? (ch === "华" ? "桦" : "华");
  return name.slice(0, i) + swap + name.slice(i + 1);
}

/** Lines in a seeded batch at most (the write API takes up to 5,000 too). */
const MAX_LINES = 5_000;

function* pay(
  random: Random,
  roster: readonly BeneficiaryRow[],
  programs: readonly AssistanceProgram[],
  rates: readonly RateComponent[],
  familyById: ReadonlyMap<string, FamilyPlanningFamily>,
  ids: Counters,
): Generator<Pick<AssistanceDataset, "paymentBatches" | "paymentLines">> {
  const programByCode = new Map(programs.map((p) => [p.code, p]));
  for (const year of ASSISTANCE_YEARS) {
    // Per program and county, the roster's amounts due, in roster order.
    const groups = new Map<string, { program: AssistanceProgram; county: string; lines: { beneficiaryId: string; amountFen: number }[] }>();
    for (const row of roster) {
      const county = row.regionCode.slice(0, 6);
      if (year === 2025 && !PAID_2025_PROVINCES.includes(county.slice(0, 2))) continue;
      const program = programByCode.get(row.programCode)!;
      const beneficiary = Beneficiary.parse(row);
      const due = amountDue(
        program, beneficiary, year, rates,
        program.rule === "CHILDCARE_SUBSIDY" ? { childcareMonths: childcareMonthsByChild(familyById.get(row.familyId)!, year, program.parameters.childAgeBelow ?? 3).flatMap((c) => c.months) } : {},
      );
      // A few beneficiaries are not paid (a bank account closed, a payment returned).
      if (due.totalFen === 0 || random.chance(0.04)) continue;
      const key = `${program.code}|${county}`;
      const group = groups.get(key) ?? { program, county, lines: [] };
      group.lines.push({ beneficiaryId: row.id, amountFen: due.totalFen });
      groups.set(key, group);
    }
    // A program's batches of a county at a time: a year's ledger is not held whole (at scale 10 it is a quarter of a million lines).
    for (const { program, county, lines } of groups.values()) {
      const data: Pick<AssistanceDataset, "paymentBatches" | "paymentLines"> = { paymentBatches: [], paymentLines: [] };
      for (let start = 0; start < lines.length; start += MAX_LINES) {
        const chunk = lines.slice(start, start + MAX_LINES);
        const id = ids.next("PB");
        const paidOn = iso(day(program.schedule === "ANNUAL" ? `${year}-06-10` : `${year}-11-10`) + random.int(0, 20));
        const command = { idempotencyKey: `seed-${id}`, programCode: program.code, regionCode: county, year, paidOn, recordedBy: `${county}-finance`, lines: chunk };
        const total = chunk.reduce((sum, line) => sum + BigInt(line.amountFen), 0n);
        data.paymentBatches.push({
          id, idempotencyKey: command.idempotencyKey, requestHash: requestHash(command), programCode: program.code, regionCode: county, year, paidOn,
          lineCount: chunk.length, totalFen: total, recordedBy: command.recordedBy, recordedAt: `${paidOn}T09:00:00.000Z`, synthetic: true,
        });
        for (const line of chunk) data.paymentLines.push({ id: ids.next("PL"), batchId: id, beneficiaryId: line.beneficiaryId, amountFen: line.amountFen, synthetic: true });
      }
      yield data;
    }
  }
}

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────

/**
 * sha256 of a command's canonical JSON (keys sorted at every level) without its idempotency key:
 * the same hash the database adapters store, so a seeded command replayed with its key is a repeat.
 */

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

export class Counters {
  private counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return prefix + String(n).padStart(8, "0");
  }
}

const DAY_MS = 86_400_000;
export function day(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}
export function iso(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}
export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
