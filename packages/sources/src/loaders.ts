// DataLoaders over the ports, created fresh for every request so that nothing cached outlives
// it (jurisdiction and masking differ between callers). Each loader turns all the keys asked for
// in one tick into one port call.
import DataLoader from "dataloader";
import type {
  AssistanceProgram, Beneficiary, Birth, BirthChannelRecord, BirthRegistration, ContactPerson, Death, EligibilityAssessment, EligibilityDecision,
  FamilyDoctorContract, FamilyPlanningFamily, FamilyService, GreenChannel, Household, MentalHealthService, PaymentBatch, PaymentLine, Person,
  PopulationMeasures, RateComponent, RebirthApproval, Region, SpecialFamily, SpecialFamilyMember, Target, Visit,
} from "@popfam/domain";
import type { AssessmentQuery, AssessmentSummary, AssistanceListQuery, PaidTotal, RosterCheckKey, RosterGroup, RosterRegistryCheck, RatesKey, RegionYearKey, RosterKey } from "./assistance/port.js";
import type { RegionPeriodQuery } from "./birth-channels/port.js";
import type { Page, RegionListQuery } from "./paging.js";
import type { Ports } from "./ports.js";
import type { HouseholdMembersQuery } from "./population-registry/port.js";
import type { ChildrenQuery } from "./regions/port.js";
import type { VisitsWithinKey } from "./special-families/port.js";
import type { MeasuresKey, TargetsKey } from "./statistics/port.js";
import type { SystemCode } from "./systems.js";

const DEFAULT_MAX_BATCH_SIZE = 500;

export interface LoaderOptions {
  /**
   * false turns batching and caching off: every key becomes its own port call. Only for
   * measuring what the loaders save (the benchmarks' naive path); never in production.
   */
  batching?: boolean;
  /** Keys per port call at most: one number for every system, or per system (the HTTP upstreams' settings). */
  maxBatchSize?: number | Partial<Record<SystemCode, number>>;
}

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(ports: Ports, options: LoaderOptions = {}) {
  const batching = options.batching ?? true;
  const batchSize = (system: SystemCode) =>
    (typeof options.maxBatchSize === "number" ? options.maxBatchSize : options.maxBatchSize?.[system]) ?? DEFAULT_MAX_BATCH_SIZE;
  // A port answers each key with its value or an Error; an Error fails that key's load only.
  const loader = (system: SystemCode) =>
    <K, V>(load: (keys: readonly K[]) => Promise<(V | Error)[]>, cacheKeyFn?: (key: K) => string) =>
      new DataLoader<K, V, string | K>(load, { batch: batching, cache: batching, maxBatchSize: batchSize(system), ...(cacheKeyFn ? { cacheKeyFn } : {}) });
  const regions = loader("REGION_DIRECTORY"), registry = loader("POPULATION_REGISTRY"), channels = loader("BIRTH_CHANNELS");
  const registrations = loader("BIRTH_REGISTRATION"), statistics = loader("MONITORING_STATISTICS");
  const assistance = loader("ASSISTANCE"), specialFamilies = loader("SPECIAL_FAMILIES");
  const json = (key: unknown) => JSON.stringify(key);
  const listKey = (q: RegionListQuery) => `${q.regionCode}|${q.period ?? ""}|${q.first}|${q.after ?? ""}`;

  const { REGION_DIRECTORY, POPULATION_REGISTRY, BIRTH_CHANNELS, BIRTH_REGISTRATION, MONITORING_STATISTICS, ASSISTANCE, SPECIAL_FAMILIES } = ports;
  return {
    region: regions<string, Region | null>((codes) => REGION_DIRECTORY.regionsByCodes(codes)),
    children: regions<ChildrenQuery, Page<Region> & { totalCount: number }>(
      (queries) => REGION_DIRECTORY.childrenPages(queries),
      (q) => `${q.parentCode}|${q.first}|${q.after ?? ""}`,
    ),
    person: registry<string, Person | null>((ids) => POPULATION_REGISTRY.personsByIds(ids)),
    personByIdNumber: registry<string, Person | null>((idNumbers) => POPULATION_REGISTRY.personsByIdNumbers(idNumbers)),
    personPage: registry<RegionListQuery, Page<Person>>((q) => POPULATION_REGISTRY.personPages(q), listKey),
    household: registry<string, Household | null>((ids) => POPULATION_REGISTRY.householdsByIds(ids)),
    householdMembers: registry<HouseholdMembersQuery, Page<Person>>(
      (queries) => POPULATION_REGISTRY.householdMemberPages(queries),
      (q) => `${q.householdId}|${q.first}|${q.after ?? ""}`,
    ),
    death: registry<string, Death | null>((ids) => POPULATION_REGISTRY.deathsByIds(ids)),
    deathPage: registry<RegionListQuery, Page<Death>>((q) => POPULATION_REGISTRY.deathPages(q), listKey),
    birth: channels<string, Birth | null>((ids) => BIRTH_CHANNELS.birthsByIds(ids)),
    birthPage: channels<RegionListQuery, Page<Birth>>((q) => BIRTH_CHANNELS.birthPages(q), listKey),
    channelRecordsOfMother: channels<string, BirthChannelRecord[]>((idNumbers) => BIRTH_CHANNELS.channelRecordsByMothers(idNumbers)),
    channelRecordsInRegion: channels<RegionPeriodQuery, BirthChannelRecord[]>(
      (queries) => BIRTH_CHANNELS.channelRecordsInRegions(queries),
      (q) => `${q.regionCode}|${q.period}`,
    ),
    registration: registrations<string, BirthRegistration | null>((ids) => BIRTH_REGISTRATION.registrationsByIds(ids)),
    registrationPage: registrations<RegionListQuery, Page<BirthRegistration>>((q) => BIRTH_REGISTRATION.registrationPages(q), listKey),
    registrationsOfMother: registrations<string, BirthRegistration[]>((idNumbers) => BIRTH_REGISTRATION.registrationsByMothers(idNumbers)),
    approval: registrations<string, RebirthApproval | null>((ids) => BIRTH_REGISTRATION.approvalsByIds(ids)),
    approvalPage: registrations<RegionListQuery, Page<RebirthApproval>>((q) => BIRTH_REGISTRATION.approvalPages(q), listKey),
    populationMeasures: statistics<MeasuresKey, PopulationMeasures>(
      (keys) => MONITORING_STATISTICS.populationMeasures(keys),
      (k) => `${k.regionCode}|${k.period}`,
    ),
    targets: statistics<TargetsKey, Target[]>((keys) => MONITORING_STATISTICS.targets(keys), (k) => `${k.regionCode}|${k.year}`),

    program: assistance<string, AssistanceProgram | null>((codes) => ASSISTANCE.programsByCodes(codes)),
    programsInForce: assistance<RegionYearKey, AssistanceProgram[]>((keys) => ASSISTANCE.programsInForce(keys), json),
    rateComponents: assistance<RatesKey, RateComponent[]>((keys) => ASSISTANCE.rateComponents(keys), json),
    planningFamily: assistance<string, FamilyPlanningFamily | null>((ids) => ASSISTANCE.familiesByIds(ids)),
    assessmentSummaries: assistance<RegionYearKey, AssessmentSummary[]>((keys) => ASSISTANCE.assessmentSummaries(keys), json),
    assessmentPage: assistance<AssessmentQuery, Page<EligibilityAssessment>>((queries) => ASSISTANCE.assessmentPages(queries), json),
    decision: assistance<string, EligibilityDecision | null>((ids) => ASSISTANCE.decisionsByIds(ids)),
    decisionPage: assistance<AssistanceListQuery, Page<EligibilityDecision>>((queries) => ASSISTANCE.decisionPages(queries), json),
    beneficiary: assistance<string, Beneficiary | null>((ids) => ASSISTANCE.beneficiariesByIds(ids)),
    beneficiaryPage: assistance<AssistanceListQuery, Page<Beneficiary>>((queries) => ASSISTANCE.beneficiaryPages(queries), json),
    roster: assistance<RosterKey, Beneficiary[]>((keys) => ASSISTANCE.rosters(keys), json),
    rosterGroups: assistance<RosterKey, RosterGroup[]>((keys) => ASSISTANCE.rosterGroups(keys), json),
    paymentBatch: assistance<string, PaymentBatch | null>((ids) => ASSISTANCE.paymentBatchesByIds(ids)),
    paymentBatchPage: assistance<AssistanceListQuery, Page<PaymentBatch>>((queries) => ASSISTANCE.paymentBatchPages(queries), json),
    paymentLinesOfBatch: assistance<string, PaymentLine[]>((ids) => ASSISTANCE.paymentLinesByBatches(ids)),
    paymentLinesOfRoster: assistance<RosterKey, PaymentLine[]>((keys) => ASSISTANCE.paymentLinesOfRosters(keys), json),
    paidTotalOfRoster: assistance<RosterKey, PaidTotal>((keys) => ASSISTANCE.paidTotalsOfRosters(keys), json),
    /** null where the assistance port cannot check its roster against the registry itself (over HTTP). */
    rosterRegistryChecks: ASSISTANCE.rosterRegistryChecks
      ? assistance<RosterCheckKey, RosterRegistryCheck[]>((keys) => ASSISTANCE.rosterRegistryChecks!(keys), json)
      : null,
    specialFamily: specialFamilies<string, SpecialFamily | null>((ids) => SPECIAL_FAMILIES.familiesByIds(ids)),
    specialFamiliesInRegion: specialFamilies<string, SpecialFamily[]>((codes) => SPECIAL_FAMILIES.familiesInRegions(codes.map((regionCode) => ({ regionCode })))),
    familyMembers: specialFamilies<string, SpecialFamilyMember[]>((ids) => SPECIAL_FAMILIES.membersByFamilies(ids)),
    familyContacts: specialFamilies<string, ContactPerson[]>((ids) => SPECIAL_FAMILIES.contactsByFamilies(ids)),
    familyContracts: specialFamilies<string, FamilyDoctorContract[]>((ids) => SPECIAL_FAMILIES.contractsByFamilies(ids)),
    familyGreenChannels: specialFamilies<string, GreenChannel[]>((ids) => SPECIAL_FAMILIES.greenChannelsByFamilies(ids)),
    familyMentalHealth: specialFamilies<string, MentalHealthService[]>((ids) => SPECIAL_FAMILIES.mentalHealthByFamilies(ids)),
    familyVisits: specialFamilies<string, Visit[]>((ids) => SPECIAL_FAMILIES.visitsByFamilies(ids)),
    familyVisitsWithin: specialFamilies<VisitsWithinKey, Visit[]>((keys) => SPECIAL_FAMILIES.visitsWithin(keys), json),
    familyServices: specialFamilies<string, FamilyService[]>((ids) => SPECIAL_FAMILIES.servicesByFamilies(ids)),
  };
}
