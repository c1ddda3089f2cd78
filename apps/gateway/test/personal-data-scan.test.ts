// Personal data leaves only through the masked, audited fields: every string of the answers to a
// set of queries (every personal-data field and every list with cursors, across population,
// linkage, assistance, special families and childcare), and every cursor and global ID decoded, is scanned
// for ID numbers, phone numbers and the seeded residents' names, as callers who may not see them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getNamedType, isObjectType, isScalarType, parse, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { startSimulator, type RunningSimulator } from "@popfam/provincial-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/schema.js";
import { startTestGateway, type TestGateway } from "./kit.js";

const COUNTY = "320722";
const YEAR = 2024;

const QUERIES = {
  population: `{ region(code: "${COUNTY}") { id code name
    persons(first: 40) { edges { cursor node { id idNumber name
      household { id address head { id name idNumber } members(first: 5) { edges { cursor node { id name idNumber } } pageInfo { startCursor endCursor } } } } }
      pageInfo { startCursor endCursor } }
    births(first: 20) { edges { cursor node { id motherIdNumber childIdNumber mother { id name idNumber } child { id name idNumber }
      registration { id motherIdNumber } rebirthApproval { id reason motherIdNumber } } } pageInfo { endCursor } }
    deaths(first: 10) { edges { cursor node { id person { id name idNumber } } } pageInfo { endCursor } }
    birthRegistrations(first: 10) { edges { cursor node { id motherIdNumber } } pageInfo { endCursor } }
    rebirthApprovals(first: 10) { edges { cursor node { id reason motherIdNumber } } pageInfo { endCursor } }
    children(first: 5) { edges { cursor node { id code name } } pageInfo { endCursor } } } }`,
  linkage: `{ region(code: "${COUNTY}") { birthLinkage(period: "2022") { period
    flaggedBirths(first: 50) { edges { cursor node {
      records { id childIdNumber } registration { id motherIdNumber }
      findings { detail recordIds } } } pageInfo { startCursor endCursor } } } } }`,
  assistance: `{ region(code: "${COUNTY}") {
    eligibilityAssessments(year: ${YEAR}, first: 40) { edges { cursor node { familyId name idNumber reasons { code detail } person { id name } } } pageInfo { endCursor } }
    eligibilityDecisions(year: ${YEAR}, first: 20) { edges { cursor node { id idNumber decidedBy reasons } } pageInfo { endCursor } }
    beneficiaries(year: ${YEAR}, first: 40) { edges { cursor node { id name idNumber decision { id idNumber } person { id name idNumber } } } pageInfo { endCursor } }
    paymentBatches(year: ${YEAR}, first: 5) { edges { cursor node { id recordedBy
      lines(first: 10) { edges { cursor node { beneficiary { id name idNumber } } } pageInfo { endCursor } } } } pageInfo { endCursor } }
    rosterReconciliation(programCode: "RURAL_REWARD", year: ${YEAR}, asOf: "${YEAR}-12-31") {
      mismatches(first: 100) { edges { cursor node { beneficiary { id name idNumber } person { id name }
        mismatches { reason field rosterValue registryValue detail } } } pageInfo { startCursor endCursor } } } } }`,
  specialFamilies: `{ region(code: "${COUNTY}") {
    specialFamilies(period: "${YEAR}", first: 40) { edges { cursor node { id
      members { id name idNumber phone } contactPersons { name phone }
      doctorContracts { id memberId doctorName institution } greenChannels { institution } mentalHealthServices { provider }
      visits { id visitor notes } } } pageInfo { startCursor endCursor } } } }`,
  childcare: `{ region(code: "${COUNTY}") {
    childcareInstitutions(on: "2025-06-30", first: 40) { edges { cursor node { id name operatorId
      premises { checks { code detail } } filings { id receiptNumber deadlines { code detail } } recognitions { id feeList { item } }
      classes { id enrolments(month: "2025-03") { id month childIdNumber child { id name idNumber } } }
      staff { id name classId qualifications } inspections { id inspector findings { article description } } incidents { id description } } }
      pageInfo { endCursor } }
    childcareClassChecks(month: "2025-03", failingOnly: false, first: 40) { edges { cursor node { month reasons { code detail } } } pageInfo { endCursor } }
    childcareIncidents(period: "${YEAR}", first: 20) { edges { cursor node { id description } } pageInfo { endCursor } } } }`,
};

// Reference data, the same for every caller: no personal data is held in these types.
const NOT_PERSONAL = new Set([
  "Query", "Mutation", "Principal", "IndicatorDefinition", "IndicatorValue", "SourceSystem", "BirthPolicy",
  "AssistanceProgram", "Target", "IdNumberInfo", "InvalidIdNumber", "Money", "RegionBirthLinkage", "PageInfo",
  // A monthly report's id, month and number of children.
  "ChildcareEnrolmentReport",
]);

/** 18-character GB 11643 numbers, the older 15-digit ones, mobile numbers; not inside a longer run of digits. */
const PATTERNS: [string, RegExp][] = [
  ["ID number", /(?<!\d)\d{17}[\dXx](?!\d)/],
  ["ID number (15 digits)", /(?<!\d)\d{15}(?!\d)/],
  ["mobile phone", /(?<!\d)1[3-9]\d{9}(?!\d)/],
];

function stringsOf(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, `${path}.${i}`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) stringsOf(v, `${path}.${k}`, out);
}

/** The text a base64 or base64url string decodes to, when it is printable text. */
function decoded(text: string): string | null {
  if (text.length < 4 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const plain = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  const binary = [...plain].some((c) => c === "\uFFFD" || (c.charCodeAt(0) < 0x20 && !"\t\n\r".includes(c)));
  return plain.length > 0 && !binary ? plain : null;
}

describe("personal data in answers to callers without pii:read and a reason", () => {
  let t: TestGateway;
  // The same data through the HTTP adapters, the gateway in front of the provincial systems.
  let simulator: RunningSimulator;
  let viaHttp: TestGateway;
  let names: Set<string>;
  let longestName = 0;
  const dir = mkdtempSync(join(tmpdir(), "popfam-scan-"));
  const planted = { idNumber: "", phone: "13912345678" };

  beforeAll(async () => {
    const file = join(dir, "operations.json");
    writeFileSync(file, JSON.stringify(Object.values(QUERIES)));
    t = await startTestGateway({ env: { OPERATIONS_FILE: file } });
    const sql = t.db.sql;
    // What a clerk may type: a roster line listed twice (leaving next year, so not a second active
    // entry), a visit note with an ID number and a phone number.
    const [entry] = await sql.query<Record<string, string>>(
      `SELECT b.* FROM beneficiary b WHERE b.program_code = 'RURAL_REWARD' AND b.region_code LIKE '${COUNTY}%' AND b.exited_on IS NULL AND b.eligible_from <= DATE '${YEAR}-01-01' ORDER BY b.id LIMIT 1`,
    );
    planted.idNumber = entry!.id_number!;
    await sql.query(
      `INSERT INTO beneficiary (id, program_code, family_id, person_id, id_number, name, region_code, eligible_from, exited_on, exit_reason)
       SELECT 'BF-scan-duplicate', program_code, family_id, NULL, id_number, name, region_code, DATE '${YEAR}-01-01', DATE '${YEAR + 1}-06-30', 'NO_LONGER_ELIGIBLE'
       FROM beneficiary WHERE id = $1`,
      [entry!.id] as never,
    );
    const [family] = await sql.query<{ id: string }>(`SELECT id FROM special_family WHERE region_code LIKE '${COUNTY}%' ORDER BY id LIMIT 1`);
    await sql.query(
      `INSERT INTO visit (id, family_id, visited_on, visitor, kind, notes) VALUES ('VS-scan-note', $1, '${YEAR}-03-01', '志愿者', 'ROUTINE', $2)`,
      [family!.id, `核实需求，身份证${planted.idNumber}，电话${planted.phone}，另一号码 ${planted.phone.slice(0, 3)}-${planted.phone.slice(3, 7)}-${planted.phone.slice(7)}`] as never,
    );
    // The seeded people: residents, special families' members and contacts, visitors and doctors.
    const rows = await sql.query<{ name: string }>(
      `SELECT name FROM person UNION SELECT name FROM special_family_member UNION SELECT name FROM contact_person
       UNION SELECT name FROM beneficiary UNION SELECT name FROM eligibility_assessment
       UNION SELECT visitor FROM visit WHERE synthetic UNION SELECT doctor_name FROM family_doctor_contract WHERE synthetic
       UNION SELECT name FROM childcare_staff`,
    );
    // A name that is also part of a place or program name cannot tell a leak from the place.
    const vocabulary = (
      await sql.query<{ text: string }>(
        `SELECT name AS text FROM region UNION SELECT name_zh FROM assistance_program UNION SELECT institution FROM family_doctor_contract
         UNION SELECT institution FROM green_channel UNION SELECT provider FROM mental_health_service`,
      )
    ).map((r) => r.text);
    names = new Set(rows.map((r) => r.name.replace(/\s+/g, "")).filter((n) => Array.from(n).length >= 2 && !vocabulary.some((v) => v.includes(n))));
    for (const n of names) longestName = Math.max(longestName, n.length);
    expect(names.size).toBeGreaterThan(1000);
    simulator = await startSimulator({ db: t.db });
    viaHttp = await startTestGateway({ db: t.db, env: { OPERATIONS_FILE: file, UPSTREAM_URL: simulator.url } });
  });
  afterAll(async () => {
    await viaHttp?.close();
    await simulator?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every hit of a pattern or a seeded name in the text, and in what it decodes to. */
  function findings(path: string, text: string): string[] {
    const hits: string[] = [];
    const scan = (where: string, s: string) => {
      for (const [kind, pattern] of PATTERNS) if (pattern.test(s)) hits.push(`${where}: ${kind} in ${JSON.stringify(s)}`);
      const compact = s.replace(/\s+/g, "");
      for (let i = 0; i < compact.length; i++) {
        for (let n = 2; n <= longestName && i + n <= compact.length; n++) {
          if (names.has(compact.slice(i, i + n))) hits.push(`${where}: the name ${compact.slice(i, i + n)} in ${JSON.stringify(s)}`);
        }
      }
    };
    scan(path, text);
    const plain = decoded(text);
    if (plain !== null) {
      scan(`${path} (decoded)`, plain);
      // A surrogate key is plain ASCII: a decoded cursor or ID with any other character carries something else.
      if (/(^|\.)(id|cursor|startCursor|endCursor)$/.test(path) && /[^\x20-\x7E]/.test(plain)) hits.push(`${path} (decoded): non-ASCII key ${JSON.stringify(plain)}`);
    }
    return hits;
  }

  it("covers every string field of every type that can hold personal data", () => {
    const selected = new Set<string>();
    const info = new TypeInfo(schema);
    for (const query of Object.values(QUERIES)) {
      visit(parse(query), visitWithTypeInfo(info, { Field: () => {
        const parent = info.getParentType();
        if (parent) selected.add(`${parent.name}.${info.getFieldDef()?.name}`);
      } }));
    }
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || NOT_PERSONAL.has(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isScalarType(named) && (named.name === "String" || named.name === "ID") && !selected.has(`${type.name}.${field.name}`)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  const callers = [
    { who: "an officer without pii:read", token: () => t.token({ jurisdiction: "320000" }), notices: [], http: false },
    { who: "an officer with pii:read but no reason", token: () => t.token({ jurisdiction: "320000", scopes: ["pii:read"] }), notices: ["ACCESS_REASON_REQUIRED"], http: false },
    { who: "a vendor running registered operations", token: () => t.token({ jurisdiction: "320000", kind: "vendor", role: "VENDOR" }), notices: [], http: false },
    { who: "a vendor, through the HTTP adapters", token: () => t.token({ jurisdiction: "320000", kind: "vendor", role: "VENDOR" }), notices: [], http: true },
  ];

  it.each(callers)("finds no ID number, phone number or resident's name in any answer to $who", async ({ token, notices, http }) => {
    const bearer = await token();
    const gateway = http ? viaHttp : t;
    if (http) expect(new Set(Object.values(viaHttp.gateway.sources.adapters))).toEqual(new Set(["http"]));
    const hits: string[] = [];
    let scanned = 0;
    let cursors = 0;
    for (const [name, query] of Object.entries(QUERIES)) {
      const response = await gateway.query(query, { token: bearer });
      expect((response.body.errors ?? []).map((e) => e.extensions?.code), name).toEqual(notices);
      const strings: { path: string; text: string }[] = [];
      stringsOf(response.body.data, name, strings);
      scanned += strings.length;
      cursors += strings.filter((s) => /(cursor|Cursor)$/.test(s.path)).length;
      for (const { path, text } of strings) hits.push(...findings(path, text));
    }
    expect(scanned).toBeGreaterThan(1000);
    expect(cursors).toBeGreaterThan(100);
    // Grouped by field (list positions as *), with the first hit of each: the fields that leak.
    const byField = new Map<string, string>();
    for (const hit of hits) {
      const field = hit.slice(0, hit.indexOf(": ")).replace(/\.\d+(?=\.|$| )/g, ".*");
      if (!byField.has(field)) byField.set(field, hit.slice(hit.indexOf(": ") + 2));
    }
    expect(Object.fromEntries(byField)).toEqual({});
  });

  it("sees the planted ID number and phone number itself when the caller may read personal data, and audits it", async () => {
    // The scan above can only pass by masking: with pii:read and a reason the same answers hold them.
    const token = await t.token({ subject: "scan-reader", jurisdiction: "320000", scopes: ["pii:read"] });
    const response = await t.query(QUERIES.specialFamilies, { token, headers: { "x-access-reason": encodeURIComponent("统计核查; case=SCAN-1") } });
    expect(response.body.errors).toBeUndefined();
    const text = JSON.stringify(response.body.data);
    expect(text.includes(planted.idNumber) && text.includes(planted.phone)).toBe(true);
    const roster = await t.query(QUERIES.assistance, { token, headers: { "x-access-reason": encodeURIComponent("统计核查; case=SCAN-1") } });
    const mismatches = JSON.stringify(roster.body.data?.region.rosterReconciliation);
    expect(mismatches.includes(`"rosterValue":"${planted.idNumber}"`)).toBe(true);
    // Free text shown unmasked is audited like a field; text without such numbers is not.
    const audited = await t.db.sql.query<{ entity_type: string; entity_id: string; fields: string[] }>(
      `SELECT entity_type, entity_id, fields FROM audit_log WHERE subject = 'scan-reader' AND entity_type IN ('Visit', 'Beneficiary')`,
    );
    expect(audited.find((r) => r.entity_id === "VS-scan-note")?.fields).toContain("notes");
    expect(audited.filter((r) => r.entity_type === "Visit").every((r) => r.entity_id === "VS-scan-note" || !r.fields.includes("notes"))).toBe(true);
    expect(audited.some((r) => r.entity_type === "Beneficiary" && r.fields.includes("idNumber"))).toBe(true);
  });

  // Last: it breaks a registry record. A record read by ID number that fails its schema is named
  // by its id in the error, and no error message or log line holds an ID number or phone number.
  it("names an invalid record by its id, never by the ID number it was looked up by", async () => {
    await t.db.sql.query(`UPDATE person SET name = '' WHERE id_number = $1`, [planted.idNumber] as never);
    const token = await t.token({ jurisdiction: "320000" });
    const response = await t.query(QUERIES.assistance, { token });
    const errors = response.body.errors ?? [];
    expect(errors.map((e) => e.extensions?.code)).toContain("UPSTREAM_INVALID_DATA");
    for (const error of errors) {
      expect(error.message).toMatch(/id P/);
      for (const [, pattern] of PATTERNS) expect(pattern.test(error.message), error.message).toBe(false);
    }
  });
});
