// Childcare (托育) from the graph alone: places per 1,000 residents in each township against the
// 2.4 东海县 asks of each, the 普惠 share, the institutions operating unfiled, the classes breaking
// the standards, the incidents; the drill-down at constant cost; and the writes of a vendor's
// management app, held to its operator's institutions, and of county staff.
import { testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./kit.js";

const CODES = "[CHILDCARE_PLACES_PER_THOUSAND, CHILDCARE_INCLUSIVE_PLACE_SHARE, CHILDCARE_FILING_RATE, CHILDCARE_ENROLMENT_RATE, CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS]";

describe.each(testDatabaseTargets())("childcare on $name", (target) => {
  let t: TestGateway;
  let staff: string;
  beforeAll(async () => {
    // Upstream calls are counted here: what the loaders batch, not what the result cache (tested on its own) saves.
    t = await startTestGateway({ target, today: "2025-12-20", env: { INDICATOR_CACHE: "off" } });
    staff = await t.token({ jurisdiction: "320722", scopes: ["childcare:write"] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.sql.query<{ n: number | string }>(sql, params as never))[0]!.n);

  it("answers each township's places per 1,000 against the county's 2.4, from the raw rows", async () => {
    const response = await t.query(`{ region(code: "320722") {
      indicators(period: "2021", codes: ${CODES}) { code value numerator denominator target { threshold scope } attainment { attained } }
      children(first: 100) { edges { node { code indicators(period: "2021", codes: [CHILDCARE_PLACES_PER_THOUSAND, CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS]) {
        code value numerator denominator target { threshold scope setBy { code } } attainment { attained } } } } } } }`);
    expect(response.body.errors).toBeUndefined();
    const county = response.body.data!.region;
    const byCode = Object.fromEntries(county.indicators.map((i: any) => [i.code, i]));
    // Hand-computed: the places of the classes open at the end of 2021 in the institutions operating then.
    const placesAt = (prefix: string) =>
      count(
        `SELECT coalesce(sum(c.places), 0) AS n FROM childcare_class c JOIN childcare_institution i ON i.id = c.institution_id
         WHERE i.region_code LIKE $1 || '%' AND i.opened_on <= '2021-12-31' AND (i.closed_on IS NULL OR i.closed_on > '2021-12-31')
           AND c.opened_on <= '2021-12-31' AND (c.closed_on IS NULL OR c.closed_on > '2021-12-31')`,
        [prefix],
      );
    const places = byCode.CHILDCARE_PLACES_PER_THOUSAND;
    expect(places.numerator).toBe(await placesAt("320722"));
    expect(places.denominator).toBe(await count(`SELECT resident_population AS n FROM population_base WHERE region_code = '320722' AND year = 2021`));
    expect(places.target).toEqual({ threshold: 2.4, scope: "REGION_AND_BELOW" });
    expect(byCode.CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS.target).toEqual({ threshold: 2, scope: "REGION_ONLY" });
    const townships = county.children.edges.map((e: any) => e.node);
    expect(townships.length).toBeGreaterThan(5);
    let short = 0;
    for (const township of townships) {
      const [perThousand, newInclusive] = township.indicators;
      expect(perThousand.numerator).toBe(await placesAt(township.code));
      // The county's rate target holds in each township; its count target does not.
      expect(perThousand.target).toEqual({ threshold: 2.4, scope: "REGION_AND_BELOW", setBy: { code: "320722" } });
      expect(perThousand.attainment.attained).toBe(perThousand.value >= 2.4);
      if (!perThousand.attainment.attained) short += 1;
      expect(newInclusive.target).toBeNull();
    }
    // The synthetic townships grow unevenly: some fall short of 2.4 in 2021, some reach it.
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThan(townships.length);
  });

  it("drills the childcare indicators down to every township with as many upstream calls as a smaller county", async () => {
    const drill = (code: string) => `{ region(code: "${code}") { indicators(period: "2021", codes: ${CODES}) { value }
      children(first: 100) { edges { node { code indicators(period: "2021", codes: ${CODES}) { value target { threshold } } } } } } }`;
    const calls = async (code: string) => {
      t.gateway.portCalls.reset();
      const response = await t.query(drill(code));
      expect(response.body.errors).toBeUndefined();
      return { calls: t.gateway.portCalls.byMethod(), townships: response.body.data!.region.children.edges.length };
    };
    const large = await calls("320722");
    const small = await calls("320404");
    expect(large.townships).toBeGreaterThan(small.townships);
    expect(large.calls).toEqual(small.calls);
    // The county's own values in one tick, its townships' in the next: two reads, however many townships.
    expect(large.calls["CHILDCARE.measures"]).toBeLessThanOrEqual(2);
  });

  it("lists the institutions operating unfiled, the classes breaking the standards and the incidents, as the raw rows have them", async () => {
    // A class staffed for fewer children than it has places, filled by its institution's March report.
    const [short] = await t.db.sql.query<{ id: string; institution_id: string; type: string; places: number; capacity: number }>(
      `SELECT c.id, c.institution_id, c.type::text AS type, c.places, x.caregivers * (CASE c.type WHEN 'INFANT' THEN 3 WHEN 'PRESCHOOL' THEN 7 ELSE 5 END) AS capacity
       FROM childcare_class c JOIN childcare_institution i ON i.id = c.institution_id,
         LATERAL (SELECT count(*)::int AS caregivers FROM childcare_staff s WHERE s.class_id = c.id AND s.role = 'CAREGIVER' AND s.left_on IS NULL) x
       WHERE i.region_code LIKE '320722%' AND i.kind <> 'HOME_CHILDCARE_POINT' AND i.closed_on IS NULL AND c.closed_on IS NULL AND i.opened_on <= '2025-03-01' AND c.opened_on <= '2025-03-01'
       ORDER BY x.caregivers * (CASE c.type WHEN 'INFANT' THEN 3 WHEN 'PRESCHOOL' THEN 7 ELSE 5 END) - c.places, c.id LIMIT 1`,
    );
    expect(short!.capacity).toBeLessThan(short!.places);
    const ages = ({ INFANT: [6, 12], TODDLER: [12, 24], PRESCHOOL: [24, 36], MIXED: [18, 36] } as Record<string, [number, number]>)[short!.type]!;
    const children = await t.db.sql.query<{ id_number: string }>(
      `SELECT id_number FROM person WHERE birth_date BETWEEN (date '2025-03-31' - make_interval(months => $1))::date + 3 AND (date '2025-03-31' - make_interval(months => $2))::date - 3
       ORDER BY id LIMIT $3`,
      [ages[1], ages[0], short!.capacity + 1],
    );
    expect(children.length).toBe(short!.capacity + 1);
    const institutionId = Buffer.from(`ChildcareInstitution:${short!.institution_id}`).toString("base64");
    const reported = await t.query(`mutation { reportChildcareEnrolment(input: { idempotencyKey: "staff-report-short-1", institutionId: "${institutionId}", month: "2025-03",
      children: [${children.map((c) => `{ idNumber: "${c.id_number}", classId: "${short!.id}" }`).join(", ")}] }) { children } }`, { token: staff });
    expect(reported.body.errors).toBeUndefined();
    const response = await t.query(`{ region(code: "320722") {
      unfiled: childcareInstitutions(on: "2025-06-30", unfiledOnly: true, first: 100) { edges { node { id name filed(on: "2025-06-30") filings { kind state } } } }
      operating: childcareInstitutions(on: "2025-06-30", first: 1) { edges { node { id } } }
      classChecks: childcareClassChecks(month: "2025-03", first: 100) { totalCount edges { node { children caregivers compliant reasons { code met } class { type places } } } }
      allClasses: childcareClassChecks(month: "2025-03", failingOnly: false, first: 1) { totalCount }
      childcareIncidents(period: "2024", first: 100) { totalCount edges { node { occurredOn kind major institution { id } } } } } }`);
    expect(response.body.errors).toBeUndefined();
    const region = response.body.data!.region;
    const unfiledRaw = await count(
      `SELECT count(*) AS n FROM childcare_institution i WHERE i.region_code LIKE '320722%' AND i.opened_on <= '2025-06-30' AND (i.closed_on IS NULL OR i.closed_on > '2025-06-30')
         AND NOT EXISTS (SELECT 1 FROM childcare_filing f WHERE f.institution_id = i.id AND f.kind = 'INITIAL' AND f.recorded_on <= '2025-06-30')`,
    );
    expect(unfiledRaw).toBeGreaterThan(0);
    expect(region.unfiled.edges.length).toBe(unfiledRaw);
    for (const { node } of region.unfiled.edges) expect(node.filed).toBe(false);
    const failing = region.classChecks.edges.map((e: any) => e.node);
    expect(failing.map((c: any) => c.class.places)).toContain(short!.places);
    expect(region.classChecks.totalCount).toBeLessThan(region.allClasses.totalCount);
    for (const check of failing) {
      expect(check.compliant).toBe(false);
      const ratio = check.reasons.find((r: any) => r.code === "STAFF_RATIO");
      const perCarer = { INFANT: 3, TODDLER: 5, PRESCHOOL: 7, MIXED: 5 }[check.class.type as string]!;
      expect(ratio.met).toBe(check.caregivers >= Math.ceil(check.children / perCarer));
    }
    expect(region.allClasses.totalCount).toBe(
      await count(
        `SELECT count(*) AS n FROM childcare_class c JOIN childcare_institution i ON i.id = c.institution_id WHERE i.region_code LIKE '320722%'
           AND i.opened_on <= '2025-03-31' AND (i.closed_on IS NULL OR i.closed_on > '2025-03-31') AND c.opened_on <= '2025-03-31' AND (c.closed_on IS NULL OR c.closed_on > '2025-03-31')`,
      ),
    );
    expect(region.childcareIncidents.totalCount).toBe(
      await count(`SELECT count(*) AS n FROM childcare_incident x JOIN childcare_institution i ON i.id = x.institution_id WHERE i.region_code LIKE '320722%' AND x.occurred_on BETWEEN '2024-01-01' AND '2024-12-31'`),
    );
  });

  describe("writes", () => {
    const premises = `{ usableAreaM2: 420, lowestChildFloor: 1, highestChildFloor: 2, leaseStartsOn: "2024-01-01", leaseEndsOn: "2028-12-31" }`;
    const fileInstitution = (key: string, extra = "") => `mutation { fileChildcareInstitution(input: {
      idempotencyKey: "${key}", name: "海陵托育园", kind: CHILDCARE_INSTITUTION, ownership: PRIVATE, legalForm: FOR_PROFIT,
      serviceTypes: [FULL_DAY, HOURLY], regionCode: "320722101", premises: ${premises}, openedOn: "2025-09-01", submittedOn: "2025-08-20",
      attachments: [LEGAL_REGISTRATION, PREMISES_PROOF] ${extra} }) { id operatorId premises { leaseEndsOn } filings { kind state } } }`;

    it("files a vendor's institution as its operator's, once per key", async () => {
      const vendor = await t.token({ kind: "vendor", operator: "OP-SUNNY", jurisdiction: "320722", scopes: ["childcare:write"] });
      const first = await t.query(fileInstitution("vendor-file-0001"), { token: vendor });
      expect(first.body.errors).toBeUndefined();
      const institution = first.body.data!.fileChildcareInstitution;
      expect(institution.operatorId).toBe("OP-SUNNY");
      expect(institution.filings).toEqual([{ kind: "INITIAL", state: expect.stringMatching(/PENDING|OVERDUE/) }]);
      const again = await t.query(fileInstitution("vendor-file-0001"), { token: vendor });
      expect(again.body.data!.fileChildcareInstitution.id).toBe(institution.id);
      expect(await count(`SELECT count(*) AS n FROM childcare_institution WHERE idempotency_key = 'vendor-file-0001'`)).toBe(1);
      // Another operator named in the input is refused.
      const other = await t.query(fileInstitution("vendor-file-0002", `, operatorId: "OP-OTHER"`), { token: vendor });
      expect(other.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("refuses a vendor's write for another operator's institution, writing nothing", async () => {
      const [theirs] = await t.db.sql.query<{ id: string; operator_id: string }>(
        `SELECT i.id, i.operator_id FROM childcare_institution i WHERE i.region_code LIKE '320722%' AND i.operator_id IS NOT NULL AND i.closed_on IS NULL
           AND EXISTS (SELECT 1 FROM childcare_class c WHERE c.institution_id = i.id) ORDER BY i.id LIMIT 1`,
      );
      const [klass] = await t.db.sql.query<{ id: string }>(`SELECT id FROM childcare_class WHERE institution_id = $1 ORDER BY id LIMIT 1`, [theirs!.id]);
      const vendor = await t.token({ kind: "vendor", operator: `${theirs!.operator_id}-NOT`, jurisdiction: "320722", scopes: ["childcare:write"] });
      const globalId = Buffer.from(`ChildcareInstitution:${theirs!.id}`).toString("base64");
      const before = {
        enrolment: await count(`SELECT count(*) AS n FROM childcare_enrolment WHERE institution_id = $1`, [theirs!.id]),
        incidents: await count(`SELECT count(*) AS n FROM childcare_incident WHERE institution_id = $1`, [theirs!.id]),
        audit: await count(`SELECT count(*) AS n FROM audit_log WHERE action <> 'REFUSED'`),
      };
      const report = await t.query(`mutation { reportChildcareEnrolment(input: { idempotencyKey: "vendor-report-0001", institutionId: "${globalId}", month: "2025-11",
        children: [{ idNumber: "11010519491231002X", classId: "${klass!.id}" }] }) { id } }`, { token: vendor });
      expect(report.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", field: "input.institutionId" });
      const incident = await t.query(`mutation { recordChildcareIncident(input: { idempotencyKey: "vendor-incident-0001", institutionId: "${globalId}",
        occurredOn: "2025-11-02", kind: INJURY, severity: MINOR, major: false, description: "擦伤" }) { id } }`, { token: vendor });
      expect(incident.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      // Inspections are the county's, whatever the operator.
      const own = await t.token({ kind: "vendor", operator: theirs!.operator_id, jurisdiction: "320722", scopes: ["childcare:write"] });
      const inspection = await t.query(`mutation { recordChildcareInspection(input: { idempotencyKey: "vendor-inspect-0001", institutionId: "${globalId}",
        inspectedOn: "2025-11-02", inspector: "自查", findings: [] }) { id } }`, { token: own });
      expect(inspection.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect({
        enrolment: await count(`SELECT count(*) AS n FROM childcare_enrolment WHERE institution_id = $1`, [theirs!.id]),
        incidents: await count(`SELECT count(*) AS n FROM childcare_incident WHERE institution_id = $1`, [theirs!.id]),
        audit: await count(`SELECT count(*) AS n FROM audit_log WHERE action <> 'REFUSED'`),
      }).toEqual(before);
    });

    it("takes a month's enrolment by the operator's app, judging each child's age by its class, and counts it", async () => {
      const [institution] = await t.db.sql.query<{ id: string; operator_id: string; region_code: string }>(
        `SELECT i.id, i.operator_id, i.region_code FROM childcare_institution i WHERE i.region_code LIKE '320722%' AND i.operator_id IS NOT NULL AND i.closed_on IS NULL
           AND i.kind <> 'HOME_CHILDCARE_POINT' AND EXISTS (SELECT 1 FROM childcare_class c WHERE c.institution_id = i.id AND c.type = 'TODDLER' AND c.closed_on IS NULL) ORDER BY i.id LIMIT 1`,
      );
      const [toddlers] = await t.db.sql.query<{ id: string }>(`SELECT id FROM childcare_class WHERE institution_id = $1 AND type = 'TODDLER' AND closed_on IS NULL ORDER BY id LIMIT 1`, [institution!.id]);
      // Two children of the registry, 12–24 months old at the end of 2025-11, and one of 3 months.
      const toddlerIds = (await t.db.sql.query<{ id_number: string }>(
        `SELECT id_number FROM person WHERE birth_date BETWEEN '2024-01-01' AND '2024-10-31' ORDER BY id LIMIT 2`,
      )).map((r) => r.id_number);
      const [baby] = await t.db.sql.query<{ id_number: string }>(`SELECT id_number FROM person WHERE birth_date BETWEEN '2025-08-15' AND '2025-09-15' ORDER BY id LIMIT 1`);
      const vendor = await t.token({ kind: "vendor", operator: institution!.operator_id, jurisdiction: "320722", scopes: ["childcare:write"] });
      const globalId = Buffer.from(`ChildcareInstitution:${institution!.id}`).toString("base64");
      const report = (key: string, ids: string[]) => `mutation { reportChildcareEnrolment(input: { idempotencyKey: "${key}", institutionId: "${globalId}", month: "2025-11",
        children: [${ids.map((id) => `{ idNumber: "${id}", classId: "${toddlers!.id}" }`).join(", ")}] }) { id month children } }`;
      const refused = await t.query(report("vendor-report-0002", [...toddlerIds, baby!.id_number]), { token: vendor });
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.children[2].classId", reason: "AGE_FITS_CLASS" });
      expect(refused.body.errors?.[0]?.message).not.toContain(baby!.id_number);
      expect(await count(`SELECT count(*) AS n FROM childcare_enrolment_report WHERE idempotency_key = 'vendor-report-0002'`)).toBe(0);
      const enrolledBefore = await count(`SELECT coalesce(sum(value), 0) AS n FROM region_rollup WHERE region_code = '320722' AND period = '2025-11' AND measure = 'CHILDCARE_ENROLLED'`);
      const reportedBefore = await count(`SELECT count(*) AS n FROM childcare_enrolment WHERE institution_id = $1 AND month = '2025-11'`, [institution!.id]);
      const accepted = await t.query(report("vendor-report-0003", toddlerIds), { token: vendor });
      expect(accepted.body.errors).toBeUndefined();
      expect(accepted.body.data!.reportChildcareEnrolment).toMatchObject({ month: "2025-11", children: 2 });
      const linked = await count(`SELECT count(*) AS n FROM childcare_enrolment WHERE report_key = 'vendor-report-0003' AND child_person_id IS NOT NULL`);
      expect(linked).toBe(2);
      const enrolledAfter = await count(`SELECT coalesce(sum(value), 0) AS n FROM region_rollup WHERE region_code = '320722' AND period = '2025-11' AND measure = 'CHILDCARE_ENROLLED'`);
      const replaced = await count(`SELECT count(*) AS n FROM childcare_enrolment WHERE institution_id = $1 AND month = '2025-11'`, [institution!.id]);
      expect(replaced).toBe(2);
      // The month's earlier report is replaced, and the county's count follows.
      expect(enrolledAfter - enrolledBefore).toBe(2 - reportedBefore);
    });

    it("lets county staff record a filing once, after which the institution counts as filed", async () => {
      const filed = await t.query(fileInstitution("staff-file-0002"), { token: staff });
      expect(filed.body.errors).toBeUndefined();
      const institution = filed.body.data!.fileChildcareInstitution;
      const [filing] = await t.db.sql.query<{ id: string }>(`SELECT f.id FROM childcare_filing f JOIN childcare_institution i ON i.id = f.institution_id WHERE i.idempotency_key = 'staff-file-0002'`);
      const decide = (key: string, extra: string) => `mutation { decideChildcareFiling(input: { idempotencyKey: "${key}", institutionId: "${institution.id}",
        filingId: "${filing!.id}", ${extra} }) { id state recordedOn receiptNumber deadlines { code met } } }`;
      const vendor = await t.token({ kind: "vendor", operator: "OP-SUNNY", jurisdiction: "320722", scopes: ["childcare:write"] });
      const byVendor = await t.query(decide("vendor-decide-0001", `outcome: RECORDED, decidedOn: "2025-08-22", receiptNumber: "备320722-T1"`), { token: vendor });
      expect(byVendor.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const noReceipt = await t.query(decide("staff-decide-0001", `outcome: RECORDED, decidedOn: "2025-08-22"`), { token: staff });
      expect(noReceipt.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.receiptNumber", reason: "RECEIPT_NUMBER_REQUIRED" });
      const recorded = await t.query(decide("staff-decide-0002", `outcome: RECORDED, decidedOn: "2025-08-22", receiptNumber: "备320722-T1"`), { token: staff });
      expect(recorded.body.errors).toBeUndefined();
      expect(recorded.body.data!.decideChildcareFiling).toMatchObject({ state: "RECORDED", recordedOn: "2025-08-22", receiptNumber: "备320722-T1", deadlines: [{ code: "RECORDED_IN_TIME", met: true }] });
      const again = await t.query(decide("staff-decide-0003", `outcome: NOT_COMPLIANT, decidedOn: "2025-08-25"`), { token: staff });
      expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.filingId", reason: "FILING_ALREADY_DECIDED" });
      const node = await t.query(`{ node(id: "${institution.id}") { ... on ChildcareInstitution { filed(on: "2025-09-30") } } }`, { token: staff });
      expect(node.body.data!.node.filed).toBe(true);
    });

    it("lets county staff recognise 普惠 and the new count follows, while a premises below ground is refused by field", async () => {
      const [institution] = await t.db.sql.query<{ id: string }>(
        `SELECT i.id FROM childcare_institution i WHERE i.region_code LIKE '320722%' AND i.closed_on IS NULL AND i.ownership = 'PRIVATE'
           AND NOT EXISTS (SELECT 1 FROM inclusive_recognition r WHERE r.institution_id = i.id) ORDER BY i.id LIMIT 1`,
      );
      const globalId = Buffer.from(`ChildcareInstitution:${institution!.id}`).toString("base64");
      const newInclusive = async () => (await t.query(`{ region(code: "320722") { indicators(period: "2025", codes: [CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS]) { value } } }`)).body.data!.region.indicators[0].value;
      const before = await newInclusive();
      const recognise = (basis: string) => `mutation { recogniseInclusiveChildcare(input: { idempotencyKey: "staff-recognise-${basis}", institutionId: "${globalId}", basis: ${basis},
        recognisedBy: "320722", recognisedOn: "2025-12-01", feeList: [{ item: "保育费", monthlyFen: 150000 }] }) { id basis recognisedBy { code } } }`;
      const wrongBasis = await t.query(recognise("PUBLIC"), { token: staff });
      expect(wrongBasis.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.basis" });
      const recognised = await t.query(recognise("SOCIAL_INCLUSIVE"), { token: staff });
      expect(recognised.body.errors).toBeUndefined();
      expect(await newInclusive()).toBe(before + 1);
      const basement = await t.query(
        fileInstitution("staff-file-0001").replace(premises, `{ usableAreaM2: 420, lowestChildFloor: -1, highestChildFloor: 1 }`),
        { token: staff },
      );
      expect(basement.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.premises.lowestChildFloor", reason: "CHILD_ROOM_FLOOR" });
      expect(await count(`SELECT count(*) AS n FROM childcare_institution WHERE idempotency_key = 'staff-file-0001'`)).toBe(0);
    });
  });
});
