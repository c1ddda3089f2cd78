// Every list the graph serves reads about the rows it returns. Each list field of the schema (the
// region's connections and lists, and the lists of the records under them) is asked for through a
// gateway whose database adapters run on a recording SQL client; then every statement recorded is
// run again under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) with its parameters, and each scan of a
// table in its plan is held to the rows the statement returned: a page that reads (and sorts) a
// region's whole code range to return a few rows fails, naming the port method, the statement and
// the plan node. On the embedded database, and on the server named by DATABASE_URL.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Database, SqlClient, SqlValue } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { databasePorts, type Ports } from "@popfam/sources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./kit.js";
import { checkPlan, checkStatement, explain, type Finding } from "./plans.js";

/** A statement as a port method ran it, and the method and call it ran in. */
interface Recorded {
  method: string;
  call: number;
  text: string;
  params: readonly SqlValue[];
}

/** Which port method (and which call of it) the SQL client is running a statement for. */
const current = new AsyncLocalStorage<{ method: string; call: number }>();

/** A client that runs each statement as asked and records it with the port call it belongs to. */
function recording(sql: SqlClient, log: Recorded[]): SqlClient {
  const wrap = (client: SqlClient): SqlClient => ({
    kind: client.kind,
    async query<Row>(text: string, params: readonly SqlValue[] = []) {
      const call = current.getStore();
      if (call) log.push({ ...call, text, params });
      return client.query<Row>(text, params);
    },
    exec: (script) => client.exec(script),
    transaction: (work) => client.transaction((tx) => work(wrap(tx))),
    load: (...args) => client.load(...args),
  });
  return wrap(sql);
}

/** The database ports with each method's calls numbered and known to the recording client. */
function tagged(ports: Ports): Ports {
  let calls = 0;
  return Object.fromEntries(
    Object.entries(ports).map(([system, port]) => [
      system,
      Object.fromEntries(
        Object.entries(port as Record<string, (...args: unknown[]) => unknown>).map(([name, method]) => [
          name,
          (...args: unknown[]) => current.run({ method: `${system}.${name}`, call: ++calls }, () => method(...args)),
        ]),
      ),
    ]),
  ) as unknown as Ports;
}

const COUNTY = "320722";
/** Small pages: a statement that reads a region's range instead of its page then reads far more than it returns. */
const FIRST = 5;
/** Approvals and payment batches are few in a county of the small data set: pages of one, of the county that has most. */
const OTHER = "310116";

/**
 * Every list field of the schema that reads rows, at least once, under a county: the region's
 * connections (first pages, and the second page of each through its cursor) and lists, and the
 * lists of the records they hold. `AFTER` is filled with the first page's end cursors.
 */
const LISTS = {
  population: `query Population($persons: String, $births: String, $deaths: String, $registrations: String, $approvals: String) {
    region(code: "${COUNTY}") {
      name ancestors { code }
      children(first: ${FIRST}) { totalCount edges { node { code name } } pageInfo { hasNextPage endCursor } }
      persons(first: ${FIRST}, after: $persons) {
        edges { node { id name sex birthDate residenceRegion { name } hukouRegion { name }
          household { id head { name } members(first: ${FIRST}) { edges { node { id name } } pageInfo { hasNextPage } } } } }
        pageInfo { hasNextPage endCursor } }
      inPeriod: persons(first: ${FIRST}, period: "2023") { edges { node { id } } }
      births(first: ${FIRST}, after: $births) {
        edges { node { id birthDate mother { name } child { name } registration { mode } rebirthApproval { reason } region { name }
          linkage { channels records { id channel } registration { id } findings { kind } } } }
        pageInfo { hasNextPage endCursor } }
      birthsInPeriod: births(first: ${FIRST}, period: "2024") { edges { node { id } } }
      deaths(first: ${FIRST}, after: $deaths) { edges { node { id deathDate person { name } region { name } } } pageInfo { hasNextPage endCursor } }
      deathsInPeriod: deaths(first: ${FIRST}, period: "2023") { edges { node { id } } }
      birthRegistrations(first: ${FIRST}, after: $registrations) { edges { node { id mode region { name } } } pageInfo { hasNextPage endCursor } }
      registrationsInPeriod: birthRegistrations(first: ${FIRST}, period: "2023") { edges { node { id } } }
      approvalsInPeriod: rebirthApprovals(first: ${FIRST}, period: "2023") { edges { node { id } } }
      birthLinkage(period: "2024") {
        births findingCounts { kind count }
        flaggedBirths(first: ${FIRST}) { edges { node { birthDate findings { kind } records { id } } } }
      }
    }
    other: region(code: "${OTHER}") {
      rebirthApprovals(first: 1, after: $approvals) { edges { node { id reason region { name } } } pageInfo { hasNextPage endCursor } }
    }
  }`,
  assistance: `query Assistance($assessments: String, $decisions: String, $beneficiaries: String, $batches: String) {
    region(code: "${COUNTY}") {
      assistancePrograms(year: 2024) { code rate(regionCode: "${COUNTY}", on: "2024-06-01") { components { amount { fen } } } }
      targetPopulation(year: 2024) { program { code } assessed eligible eligibleUndecided }
      eligibilityAssessments(year: 2024, first: ${FIRST}, after: $assessments) {
        edges { node { familyId name person { name } program { code } region { name } reasons { code } } }
        pageInfo { hasNextPage endCursor } }
      undecided: eligibilityAssessments(year: 2024, eligible: true, undecidedOnly: true, first: ${FIRST}) { edges { node { familyId } } }
      ofProgram: eligibilityAssessments(year: 2024, programCode: "RURAL_REWARD", first: ${FIRST}) { edges { node { familyId } } }
      eligibilityDecisions(year: 2024, first: ${FIRST}, after: $decisions) {
        edges { node { id status program { code } region { name } } } pageInfo { hasNextPage endCursor } }
      beneficiaries(year: 2024, first: ${FIRST}, after: $beneficiaries) {
        edges { node { id name person { name } decision { id } amountDue(year: 2024) { fen } paid(year: 2024) { fen } stillDue(year: 2024) { fen } } }
        pageInfo { hasNextPage endCursor } }
      ruralBeneficiaries: beneficiaries(year: 2024, programCode: "RURAL_REWARD", first: ${FIRST}) { edges { node { id } } }
      fundEstimate(year: 2024) { total { fen } rows { program { code } beneficiaries } }
      paid(year: 2024) { program { code } beneficiaries amount { fen } }
      rosterReconciliation(programCode: "RURAL_REWARD", year: 2024, asOf: "2024-12-31") {
        entries mismatched byReason { reason count } mismatches(first: ${FIRST}) { edges { node { mismatches { reason } } } } }
    }
    other: region(code: "${OTHER}") {
      paymentBatches(year: 2024, first: 1, after: $batches) {
        edges { node { id total { fen } lines(first: ${FIRST}) { edges { node { amount { fen } beneficiary { id } } } } } }
        pageInfo { hasNextPage endCursor } }
    }
  }`,
  childcare: `query Childcare($institutions: String) {
    region(code: "${COUNTY}") {
      childcareInstitutions(on: "2025-12-31", first: ${FIRST}, after: $institutions) {
        edges { node { id name region { name } filed(on: "2025-12-31") places(on: "2025-12-31")
          classes { id enrolments(month: "2025-11") { id child { name } } }
          designations { kind } filings { kind state } incidents { id } inspections { id findings { article } }
          recognitions { basis } staff { id } } }
        pageInfo { hasNextPage endCursor } }
      unfiled: childcareInstitutions(on: "2025-12-31", unfiledOnly: true, first: ${FIRST}) { edges { node { id } } }
      childcareClassChecks(month: "2025-11", failingOnly: false, first: ${FIRST}) {
        totalCount edges { node { institution { name } class { id } children caregivers } } }
      childcareIncidents(period: "2025", first: ${FIRST}) { totalCount edges { node { id institution { name } } } }
    }
  }`,
  specialFamilies: `query SpecialFamilies {
    region(code: "${COUNTY}") {
      specialFamilies(period: "2025", first: ${FIRST}) {
        totalCount edges { node { id kind region { name } coverageGaps(period: "2025")
          members { id role name } contactPersons { name } doctorContracts { id } greenChannels { institution }
          mentalHealthServices { provider } visits(period: "2025") { id } allVisits: visits { id } services(period: "2025") { kind } } } }
      lacking: specialFamilies(period: "2025", lacking: [CONTACT_PERSON, HOLIDAY_VISIT], first: ${FIRST}) { totalCount edges { node { id } } }
    }
  }`,
} as const;

/** Which cursor variable each connection of a document's second run takes. */
const CURSORS: Record<keyof typeof LISTS, Record<string, [region: "region" | "other", field: string]>> = {
  population: {
    persons: ["region", "persons"], births: ["region", "births"], deaths: ["region", "deaths"],
    registrations: ["region", "birthRegistrations"], approvals: ["other", "rebirthApprovals"],
  },
  assistance: {
    assessments: ["region", "eligibilityAssessments"], decisions: ["region", "eligibilityDecisions"],
    beneficiaries: ["region", "beneficiaries"], batches: ["other", "paymentBatches"],
  },
  childcare: { institutions: ["region", "childcareInstitutions"] },
  specialFamilies: {},
};

describe.each(testDatabaseTargets())("the plan of every list statement on $name", (target) => {
  let db: Database;
  let t: TestGateway;
  const log: Recorded[] = [];

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    t = await startTestGateway({
      db,
      ports: () => tagged(databasePorts({ ...db, sql: recording(db.sql, log) }, { birthReportWindowDays: 30 })),
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  it.each(Object.keys(LISTS) as (keyof typeof LISTS)[])("%s: every list statement reads about the rows it returns", async (name) => {
    log.length = 0;
    const first = await t.query(LISTS[name]);
    expect(first.body.errors?.map((e) => e.message)).toBeUndefined();
    // The second page of each connection, through its end cursor: the keyset condition's plan.
    const data = first.body.data as Record<"region" | "other", Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string } }>>;
    const variables: Record<string, string> = {};
    for (const [variable, [region, field]] of Object.entries(CURSORS[name])) {
      // A region with one page of a list would not show a scan that runs past it.
      expect(data[region][field]!.pageInfo.hasNextPage, `${field} has a second page`).toBe(true);
      variables[variable] = data[region][field]!.pageInfo.endCursor;
    }
    if (Object.keys(variables).length > 0) {
      const second = await t.query(LISTS[name], { variables });
      expect(second.body.errors?.map((e) => e.message)).toBeUndefined();
    }

    // One statement per port call: the number of statements does not grow with the keys.
    const perCall = new Map<number, Recorded[]>();
    for (const statement of log) perCall.set(statement.call, [...(perCall.get(statement.call) ?? []), statement]);
    for (const statements of perCall.values()) expect(statements.map((s) => s.method)).toHaveLength(1);

    const findings: Finding[] = [];
    for (const statement of log) {
      findings.push(...(await checkStatement(db.sql, statement.method, statement.text, statement.params)));
    }
    expect(findings.map((f) => f.message).join("\n\n")).toBe("");
    expect(log.length).toBeGreaterThan(5);
  });

  it("a page that reads and sorts its region's whole code range fails the check", async () => {
    // The page statement before keyset paging on the (region, id) index: the residents of a
    // county read and sorted by id for one page (the last county in the order of codes, whose
    // residents come last in the order of ids too), and by birth date (no index has that order).
    const [row] = await db.sql.query<{ code: string }>(`SELECT substr(max(residence_region_code), 1, 6) AS code FROM person`);
    const high = (code: string) => String(Number(code) + 1);
    for (const [county, order] of [[row!.code, "t.id"], [COUNTY, "t.birth_date, t.id"]] as const) {
      const text = `SELECT t.id, t.name FROM person t
        WHERE t.residence_region_code >= $1 AND t.residence_region_code < $2 ORDER BY ${order} LIMIT $3`;
      const findings = checkPlan(await explain(db.sql, text, [county, high(county), FIRST + 1]), "POPULATION_REGISTRY.personPages", text);
      expect(findings.map((f) => f.node), `${county} by ${order}`).toContainEqual(expect.stringMatching(/Scan on person t/));
      expect(findings[0]!.message).toMatch(/^POPULATION_REGISTRY\.personPages: .* reads \d+ rows over 1 loop\(s\) for 6 returned/);
    }
  });

  it("a page bound as parameters is held to the bound in its generic plan too", async () => {
    // A prepared statement runs from a plan made without its parameters' values after five runs:
    // it guesses a few rows for the county's code range, and reads and sorts all of them.
    const text = `SELECT t.id, t.region_code FROM beneficiary t
      WHERE t.region_code >= $1::text AND t.region_code < $2::text AND ($3::text IS NULL OR t.program_code = $3::text)
        AND t.eligible_from <= make_date($4::int, 12, 31) AND (t.exited_on IS NULL OR t.exited_on > make_date($4::int, 1, 1))
      ORDER BY t.region_code, t.id LIMIT $5::int`;
    const params = [COUNTY, "320723", null, 2024, FIRST + 1];
    expect(checkPlan(await explain(db.sql, text, params), "ASSISTANCE.beneficiaryPages", text)).toEqual([]);
    const findings = await checkStatement(db.sql, "ASSISTANCE.beneficiaryPages", text, params);
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^ASSISTANCE\.beneficiaryPages \(generic plan\): .* on beneficiary t .* for 6 returned/));
  });
});
