// Adapter contract tests: every method of every system, called through the HTTP adapter against
// the running simulator, answers exactly what the database adapter answers for the same keys,
// found and unknown alike. A new contract method without sample keys here does not compile.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { CommandRejected, connectSources, databasePorts, SYSTEM_BY_CODE, SYSTEM_CODES, UpstreamError, UpstreamSettings, type CONTRACTS, type Ports, type SystemCode } from "@popfam/sources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../src/server.js";

type SampleKeys = { [System in SystemCode]: { [Method in keyof (typeof CONTRACTS)[System]]: unknown[] } };

async function sampleKeys(db: Database): Promise<SampleKeys> {
  const column = async (statement: string) => (await db.sql.query<{ v: string }>(statement)).map((row) => row.v);
  const persons = await column(`SELECT id AS v FROM person ORDER BY id LIMIT 3`);
  const idNumbers = await column(`SELECT id_number AS v FROM person ORDER BY id LIMIT 3`);
  const households = await column(`SELECT id AS v FROM household ORDER BY id LIMIT 3`);
  const deaths = await column(`SELECT id AS v FROM death ORDER BY id LIMIT 3`);
  const births = await column(`SELECT id AS v FROM birth ORDER BY id LIMIT 3`);
  const mothers = await column(`SELECT mother_id_number AS v FROM birth ORDER BY id LIMIT 3`);
  const registrations = await column(`SELECT id AS v FROM birth_registration ORDER BY id LIMIT 3`);
  const approvals = await column(`SELECT id AS v FROM rebirth_approval ORDER BY id LIMIT 3`);
  const list = (regionCode: string, period: string | null, first: number) => ({ regionCode, period, first, after: null });
  const programs = await column(`SELECT code AS v FROM assistance_program ORDER BY code LIMIT 3`);
  const planningFamilies = await column(`SELECT id AS v FROM fp_family ORDER BY id LIMIT 3`);
  const decisions = await column(`SELECT id AS v FROM eligibility_decision ORDER BY id LIMIT 3`);
  const beneficiaries = await column(`SELECT id AS v FROM beneficiary ORDER BY id LIMIT 3`);
  const batches = await column(`SELECT id AS v FROM payment_batch ORDER BY id LIMIT 3`);
  const specialFamilies = await column(`SELECT id AS v FROM special_family ORDER BY id LIMIT 3`);
  const [member] = await db.sql.query<{ id: string; family_id: string }>(`SELECT id, family_id FROM special_family_member ORDER BY id LIMIT 1`);
  const institutions = await column(`SELECT id AS v FROM childcare_institution WHERE region_code LIKE '320722%' ORDER BY id LIMIT 3`);
  const classes = await column(`SELECT DISTINCT class_id AS v FROM childcare_enrolment WHERE month = '2025-03' ORDER BY class_id LIMIT 2`);
  const assistanceList = (programCode: string | null) => ({ regionCode: "320722", year: 2024, programCode, first: 5, after: null });
  const roster = { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024 };
  return {
    REGION_DIRECTORY: {
      regionsByCodes: ["320722", "320722101", "999999"],
      childrenPages: [{ parentCode: "320722", first: 5, after: null }, { parentCode: "320722", first: 5, after: "320722005" }, { parentCode: "999999", first: 5, after: null }],
    },
    POPULATION_REGISTRY: {
      personsByIds: [...persons, "P-none"],
      personsByIdNumbers: [...idNumbers, "11010519491231002X"],
      personPages: [list("320722", "2021", 5), list("320722101", null, 3)],
      householdsByIds: [...households, "H-none"],
      householdMemberPages: households.map((householdId) => ({ householdId, first: 4, after: null })),
      deathsByIds: [...deaths, "D-none"],
      deathPages: [list("320722", "2022", 5), list("450103", "2023", 5)],
    },
    BIRTH_CHANNELS: {
      birthsByIds: [...births, "B-none"],
      birthPages: [list("320722", "2021", 5), list("360100", "2024Q2", 5)],
      channelRecordsByMothers: [...mothers, "11010519491231002X"],
      channelRecordsInRegions: [{ regionCode: "320722101", period: "2021" }, { regionCode: "450103", period: "2023-05" }],
    },
    BIRTH_REGISTRATION: {
      registrationsByIds: [...registrations, "R-none"],
      registrationPages: [list("320722", "2021", 5)],
      approvalsByIds: [...approvals, "A-none"],
      approvalPages: [list("320722", null, 5)],
      registrationsByMothers: mothers,
    },
    ASSISTANCE: {
      programsByCodes: [...programs, "NO_SUCH_PROGRAM"],
      programsInForce: [{ regionCode: "320722", year: 2024 }, { regionCode: "310116", year: 2025 }],
      rateComponents: [{ programCode: "RURAL_REWARD", regionCode: "320722", year: 2024 }, { programCode: "CHILDCARE_SUBSIDY", regionCode: "450103", year: 2025 }],
      familiesByIds: [...planningFamilies, "F-none"],
      assessmentPages: [{ regionCode: "320722", year: 2024, programCode: null, eligible: true, undecidedOnly: true, first: 5, after: null }],
      assessmentSummaries: [{ regionCode: "320722", year: 2024 }, { regionCode: "360100", year: 2023 }],
      decisionsByIds: [...decisions, "E-none"],
      decisionPages: [assistanceList(null), assistanceList("RURAL_REWARD")],
      beneficiariesByIds: [...beneficiaries, "X-none"],
      beneficiaryPages: [assistanceList("RURAL_REWARD")],
      rosters: [roster],
      rosterGroups: [roster, { ...roster, programCode: "SPECIAL_ASSISTANCE_DEATH" }],
      paymentBatchesByIds: [...batches, "Y-none"],
      paymentBatchPages: [assistanceList(null)],
      paymentLinesByBatches: batches,
      paymentLinesOfRosters: [roster],
      paidTotalsOfRosters: [roster, { ...roster, programCode: "CHILDCARE_SUBSIDY" }],
      // Writes: a command each adapter must refuse alike (the wire carries the refusal and its field).
      confirmEligibility: [{ idempotencyKey: "contract-confirm-1", programCode: "RURAL_REWARD", year: 2024, familyId: "F-none", idNumber: "11010519491231002X", status: "CONFIRMED", reasons: [], eligibleFrom: "2024-01-01", decidedOn: "2024-03-01", decidedBy: "tester" }],
      recordPaymentBatches: [{ idempotencyKey: "contract-batch-1", programCode: "RURAL_REWARD", regionCode: "320722", year: 2024, paidOn: "2024-12-01", recordedBy: "tester", lines: [{ beneficiaryId: "X-none", amountFen: 100 }] }],
      recordExits: [{ idempotencyKey: "contract-exit-1", beneficiaryId: "X-none", exitedOn: "2024-06-01", reason: "DEATH" }],
    },
    SPECIAL_FAMILIES: {
      familiesByIds: [...specialFamilies, "S-none"],
      familiesInRegions: [{ regionCode: "320722" }, { regionCode: "360104" }],
      membersByFamilies: specialFamilies,
      contactsByFamilies: specialFamilies,
      contractsByFamilies: specialFamilies,
      greenChannelsByFamilies: specialFamilies,
      mentalHealthByFamilies: specialFamilies,
      visitsByFamilies: specialFamilies,
      visitsWithin: specialFamilies.map((familyId) => ({ familyId, from: "2025-01-14", to: "2025-10-29" })),
      servicesByFamilies: specialFamilies,
      coverageMeasures: [{ regionCode: "320722", period: "2025" }, { regionCode: "320722101", period: "2024Q1" }, { regionCode: "360100", period: "2023-10" }],
      recordVisits: [{ idempotencyKey: "contract-visit-1", familyId: "S-none", visitedOn: "2025-01-20", visitor: "tester", kind: "HOLIDAY", giftFen: null, notes: null }],
      signContracts: [{ idempotencyKey: "contract-sign-1", familyId: member!.family_id, memberId: "M-none", doctorName: "李医生", institution: "卫生院", signedOn: "2024-01-01", validUntil: "2024-12-31" }],
    },
    CHILDCARE: {
      institutionsByIds: [...institutions, "CI-none"],
      institutionPages: [
        { regionCode: "320722", on: "2021-12-31", unfiledOnly: false, operatorId: null, first: 5, after: null },
        { regionCode: "320722", on: "2025-06-30", unfiledOnly: true, operatorId: null, first: 5, after: null },
        { regionCode: "320722", on: "2025-06-30", unfiledOnly: false, operatorId: "OP-320722-1", first: 5, after: null },
      ],
      filingsByInstitutions: institutions,
      recognitionsByInstitutions: institutions,
      classesByInstitutions: institutions,
      staffByInstitutions: institutions,
      inspectionsByInstitutions: institutions,
      incidentsByInstitutions: institutions,
      designationsByInstitutions: institutions,
      enrolmentsByClassMonths: classes.map((classId) => ({ classId, month: "2025-03" })),
      classLoads: [{ regionCode: "320722101", month: "2025-03" }, { regionCode: "999999", month: "2025-03" }],
      incidentsInRegions: [{ regionCode: "320722", period: "2024" }, { regionCode: "320404", period: "2025Q1" }],
      measures: [{ regionCode: "320722", period: "2021" }, { regionCode: "320722101", period: "2025-03" }, { regionCode: "360100", period: "2021" }],
      fileInstitutions: [{
        idempotencyKey: "contract-file-1", name: "测试托育园", kind: "CHILDCARE_INSTITUTION", ownership: "PRIVATE", legalForm: "FOR_PROFIT",
        serviceTypes: ["FULL_DAY"], regionCode: "999999", operatorId: null, openedOn: "2025-01-01", submittedOn: "2025-01-02", attachments: [],
        premises: { usableAreaM2: 300, lowestChildFloor: 1, highestChildFloor: 2, leaseStartsOn: null, leaseEndsOn: null },
      }],
      fileChanges: [{ idempotencyKey: "contract-change-1", institutionId: "CI-none", kind: "CHANGE", submittedOn: "2025-01-02", attachments: [], name: null, serviceTypes: null, premises: null, closedOn: null }],
      decideFilings: [{ idempotencyKey: "contract-decide-1", institutionId: "CI-none", filingId: "CF-none", outcome: "RECORDED", decidedOn: "2025-01-02", receiptNumber: "备1" }],
      reportEnrolments: [{ idempotencyKey: "contract-report-1", institutionId: "CI-none", month: "2025-01", children: [] }],
      recordIncidents: [{ idempotencyKey: "contract-incident-1", institutionId: "CI-none", occurredOn: "2025-01-02", kind: "INJURY", severity: "MINOR", major: false, description: "擦伤" }],
      recordInspections: [{ idempotencyKey: "contract-inspection-1", institutionId: "CI-none", inspectedOn: "2025-01-02", inspector: "监督员", findings: [] }],
      recogniseInclusive: [{ idempotencyKey: "contract-recognise-1", institutionId: "CI-none", basis: "PUBLIC", recognisedBy: "320722", recognisedOn: "2025-01-02", feeList: [{ item: "保育费", monthlyFen: 100000 }] }],
    },
    MONITORING_STATISTICS: {
      populationMeasures: [{ regionCode: "320722", period: "2021" }, { regionCode: "320722101", period: "2022Q3" }, { regionCode: "450103", period: "2024-02" }],
      eventCounts: [
        { regionCode: "320722", period: "2021", event: "BIRTHS" }, { regionCode: "320722101", period: null, event: "DEATHS" }, { regionCode: "450103", period: "2024-02", event: "BIRTHS" },
      ],
      targets: [{ regionCode: "320722101", year: 2021 }, { regionCode: "450103", year: 2024 }, { regionCode: "360100", year: 2019 }],
    },
  };
}

/** Errors compared by system and code (refusals by code and field); values as they are. */
const comparable = (values: unknown[]) =>
  values.map((v) =>
    v instanceof UpstreamError ? { error: v.system + ":" + v.code } : v instanceof CommandRejected ? { rejected: v.code, field: v.field } : v,
  );

describe.each(testDatabaseTargets())("the HTTP adapters against the simulator on $name", (target) => {
  let db: Database;
  let simulator: RunningSimulator;
  let overHttp: Ports;
  let fromDatabase: Ports;
  let samples: SampleKeys;

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    simulator = await startSimulator({ db, token: "contract-test-token" });
    const settings = (system: SystemCode) => UpstreamSettings.parse({ url: `${simulator.url}/${SYSTEM_BY_CODE[system].path}`, token: "contract-test-token" });
    overHttp = connectSources(db, { birthReportWindowDays: 30, upstreams: Object.fromEntries(SYSTEM_CODES.map((s) => [s, settings(s)])) }).ports;
    fromDatabase = databasePorts(db, { birthReportWindowDays: 30 });
    samples = await sampleKeys(db);
  });
  afterAll(async () => {
    await simulator?.close();
    await db?.close();
  });

  for (const system of SYSTEM_CODES) {
    it(`${system}: every method answers as the database adapter does`, async () => {
      const methods = Object.entries(samples[system]) as [string, unknown[]][];
      expect(methods.length).toBeGreaterThan(0);
      for (const [method, keys] of methods) {
        const call = (ports: Ports) => (ports[system] as unknown as Record<string, (k: unknown[]) => Promise<unknown[]>>)[method]!(keys);
        // One after the other: a write command must be refused (or answered) alike by both.
        const direct = await call(fromDatabase);
        const viaHttp = await call(overHttp);
        expect(viaHttp, `${system}.${method}`).toHaveLength(keys.length);
        expect(comparable(viaHttp), `${system}.${method}`).toEqual(comparable(direct));
      }
    });
  }

  it("serves found and unknown keys alike: null where there is no record", async () => {
    const [found, missing] = await overHttp.POPULATION_REGISTRY.personsByIds([samples.POPULATION_REGISTRY.personsByIds[0] as string, "P-none"]);
    expect(found).toMatchObject({ id: samples.POPULATION_REGISTRY.personsByIds[0] });
    expect(missing).toBeNull();
  });

  it("refuses a call without the token, and a malformed key naming the field", async () => {
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${simulator.url}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post("population-registry/personsByIds", { keys: ["x"] })).status).toBe(401);
    const bad = await post("birth-channels/birthPages", { keys: [{ regionCode: "32072", period: "2021", first: 5, after: null }] }, "contract-test-token");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("keys.0.regionCode");
    const tooMany = await post("birth-channels/birthPages", { keys: [{ regionCode: "320722", period: "2021", first: 500, after: null }] }, "contract-test-token");
    expect(tooMany.status).toBe(400);
  });

  it("describes every system in OpenAPI, one path per method", async () => {
    for (const system of SYSTEM_CODES) {
      const response = await fetch(`${simulator.url}/${SYSTEM_BY_CODE[system].path}/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(document.openapi).toBe("3.1.0");
      expect(Object.keys(document.paths).sort()).toEqual(Object.keys(samples[system]).map((m) => `/${m}`).sort());
    }
  });
});
