// Special families (计生特殊家庭) from the graph alone: which families lack a contact person, a
// contract or a holiday visit; the coverage indicators with drill-down at constant cost; and the
// field work's writes: a visit and a family-doctor contract.
import { testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const CODES = "[SPECIAL_FAMILY_CONTACT_COVERAGE_RATE, SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE, SPECIAL_FAMILY_GREEN_CHANNEL_RATE, SPECIAL_FAMILY_MENTAL_HEALTH_RATE, SPECIAL_FAMILY_HOLIDAY_VISIT_RATE]";

describe.each(testDatabaseTargets())("special families on $name", (target) => {
  let t: TestGateway;
  let writer: string;
  beforeAll(async () => {
    // Upstream calls are counted here: what the loaders batch, not what the result cache (tested on its own) saves.
    t = await startTestGateway({ target, env: { INDICATOR_CACHE: "off" } });
    writer = await t.token({ jurisdiction: "320722", scopes: ["special-family:write"] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists the families lacking each arrangement, in agreement with the coverage indicators", async () => {
    const gaps = ["CONTACT_PERSON", "DOCTOR_CONTRACT", "GREEN_CHANNEL", "MENTAL_HEALTH_SERVICE"] as const;
    const response = await t.query(`{ region(code: "320722") {
      all: specialFamilies(period: "2024", first: 1) { totalCount }
      ${gaps.map((g) => `${g}: specialFamilies(period: "2024", lacking: [${g}], first: 100) { totalCount edges { node { id kind coverageGaps(period: "2024") } } }`).join("\n")}
      indicators(period: "2024", codes: ${CODES}) { code value numerator denominator } } }`);
    expect(response.body.errors).toBeUndefined();
    const region = response.body.data!.region;
    expect(region.all.totalCount).toBeGreaterThan(0);
    const byCode = Object.fromEntries(region.indicators.map((i: any) => [i.code, i]));
    const codeOf = { CONTACT_PERSON: "SPECIAL_FAMILY_CONTACT_COVERAGE_RATE", DOCTOR_CONTRACT: "SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE", GREEN_CHANNEL: "SPECIAL_FAMILY_GREEN_CHANNEL_RATE", MENTAL_HEALTH_SERVICE: "SPECIAL_FAMILY_MENTAL_HEALTH_RATE" };
    let lacking = 0;
    for (const gap of gaps) {
      const list = region[gap];
      const indicator = byCode[codeOf[gap]];
      expect(indicator.denominator).toBe(region.all.totalCount);
      expect(list.totalCount).toBe(indicator.denominator - indicator.numerator);
      for (const { node } of list.edges) expect(node.coverageGaps).toContain(gap);
      lacking += list.totalCount;
    }
    expect(lacking).toBeGreaterThan(0);
    const holiday = byCode.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE;
    expect(holiday.numerator).toBeLessThanOrEqual(holiday.denominator);
    expect(holiday.denominator).toBeGreaterThan(0);
  });

  it("drills the coverage down to every township with as many upstream calls as a smaller county", async () => {
    const drill = (code: string) => `{ region(code: "${code}") { indicators(period: "2024", codes: ${CODES}) { value }
      children(first: 100) { edges { node { code indicators(period: "2024", codes: ${CODES}) { value numerator denominator } } } } } }`;
    const calls = async (code: string) => {
      t.gateway.portCalls.reset();
      const response = await t.query(drill(code));
      expect(response.body.errors).toBeUndefined();
      return t.gateway.portCalls.byMethod();
    };
    // The smaller county: the one with the fewest special families in the archive at the end of 2024 (but some).
    const counties = await t.db.sql.query<{ county: string; n: number }>(
      `SELECT substr(region_code, 1, 6) AS county, count(*)::int AS n FROM special_family
       WHERE registered_on <= '2024-12-31' AND (closed_on IS NULL OR closed_on > '2024-12-31') GROUP BY 1 ORDER BY 2, 1`,
    );
    const smaller = counties.find((c) => c.county !== "320722")!;
    expect(smaller.n).toBeLessThan(counties.find((c) => c.county === "320722")!.n);
    const large = await calls("320722");
    const small = await calls(smaller.county);
    expect(large).toEqual(small);
    // The region, its children, their regions, the families of each, and the four arrangements and visits of all.
    expect(Object.values(large).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);
  });

  it("records a holiday visit once per key, refuses one outside every holiday window, and masks the members", async () => {
    const families = await t.query(`{ region(code: "320722") { specialFamilies(period: "2024", first: 1) { edges { node { id members { name idNumber phone } contactPersons { name phone } } } } } }`);
    const family = families.body.data!.region.specialFamilies.edges[0].node;
    for (const m of family.members) expect(m.idNumber).toMatch(/^\d{6}\*{12}$/);
    for (const c of family.contactPersons) expect(c.phone).toMatch(/^\d{3}\*+\d{4}$/);
    expect(family.contactPersons.length).toBeGreaterThan(0);
    const visit = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id visitedOn kind holiday gift { fen yuan } } }`;
    const input = (key: string, visitedOn: string) => ({ idempotencyKey: key, familyId: family.id, visitedOn, visitor: "计生专干", kind: "HOLIDAY", giftFen: 50_000, notes: null });
    const visits = async () => Number((await t.db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM visit`))[0]!.n);
    const before = await visits();

    const outside = await t.query(visit, { token: writer, variables: { input: input("visit-key-0001", "2024-07-01") } });
    expect(codesOf(outside)).toEqual(["INVALID_INPUT"]);
    expect(outside.body.errors![0]!.extensions!.field).toBe("input.visitedOn");
    const reader = await t.token({ jurisdiction: "320722" });
    expect(codesOf(await t.query(visit, { token: reader, variables: { input: input("visit-key-0002", "2025-01-20") } }))).toEqual(["FORBIDDEN"]);
    expect(await visits()).toBe(before);

    const first = await t.query(visit, { token: writer, variables: { input: input("visit-key-0003", "2025-01-20") } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.recordVisit).toMatchObject({ holiday: "SPRING_FESTIVAL", gift: { fen: 50_000, yuan: "500.00元" } });
    const again = await t.query(visit, { token: writer, variables: { input: input("visit-key-0003", "2025-01-20") } });
    expect(again.body.data!.recordVisit.id).toBe(first.body.data!.recordVisit.id);
    expect(await visits()).toBe(before + 1);
  });

  it("audits a write before making it: when the audit log refuses, nothing is written", async () => {
    const families = await t.query(`{ region(code: "320722") { specialFamilies(period: "2024", first: 2) { edges { node { id } } } } }`);
    const familyId = families.body.data!.region.specialFamilies.edges[1].node.id;
    const visits = async () => Number((await t.db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM visit`))[0]!.n);
    const before = await visits();
    await t.db.sql.exec(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
    try {
      const visit = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`;
      const refused = await t.query(visit, { token: writer, variables: { input: { idempotencyKey: "audit-down-0001", familyId, visitedOn: "2025-01-21", visitor: "志愿者", kind: "HOLIDAY" } } });
      expect(codesOf(refused)).toEqual(["AUDIT_UNAVAILABLE"]);
      expect(await visits()).toBe(before);
    } finally {
      await t.db.sql.exec(`DROP TRIGGER refuse_audit ON audit_log; DROP FUNCTION refuse_audit();`);
    }
    const audited = await t.db.sql.query<{ entity_id: string }>(`SELECT entity_id FROM audit_log WHERE action = 'RECORD_VISIT' AND entity_id = 'visit-key-0003'`);
    expect(audited).toHaveLength(2);
  });

  it("signs a family-doctor contract, naming the field of a contract that ends before it starts", async () => {
    const families = await t.query(`{ region(code: "320722") { specialFamilies(period: "2024", lacking: [DOCTOR_CONTRACT], first: 1) { edges { node { id members { role } } } } } }`);
    const edge = families.body.data!.region.specialFamilies.edges[0];
    const familyId = edge?.node.id;
    if (!familyId) return;
    const memberRows = await t.db.sql.query<{ id: string }>(`SELECT id FROM special_family_member WHERE family_id = $1 ORDER BY id LIMIT 1`, [decodeId(familyId)] as never);
    const sign = `mutation($input: SignFamilyDoctorContractInput!) { signFamilyDoctorContract(input: $input) { id signedOn validUntil } }`;
    const input = (key: string, validUntil: string) => ({ idempotencyKey: key, familyId, memberId: memberRows[0]!.id, doctorName: "李医生", institution: "东海县人民医院", signedOn: "2024-12-01", validUntil });
    const backwards = await t.query(sign, { token: writer, variables: { input: input("sign-key-00001", "2024-11-30") } });
    expect(codesOf(backwards)).toEqual(["INVALID_INPUT"]);
    expect(backwards.body.errors![0]!.extensions!.field).toBe("input.validUntil");
    const signed = await t.query(sign, { token: writer, variables: { input: input("sign-key-00002", "2025-11-30") } });
    expect(signed.body.errors).toBeUndefined();
    const gaps = await t.query(`{ node(id: "${familyId}") { ... on SpecialFamily { coverageGaps(period: "2024") } } }`);
    expect(gaps.body.data!.node.coverageGaps).not.toContain("DOCTOR_CONTRACT");
  });
});

function decodeId(globalId: string): string {
  const text = Buffer.from(globalId, "base64").toString("utf8");
  return text.slice(text.indexOf(":") + 1);
}
