// Record linkage in the graph: each birth merged across the three channels and its registration,
// the findings with their sources, and coverage, accuracy and timeliness per region and period,
// which agree with the monitoring statistics' rollups for the same data.
import { testDatabaseTargets } from "@popfam/db/testing";
import { regionPrefix } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const SUMMARY = (code: string, period: string) => `{ region(code: "${code}") {
  indicators(period: "${period}", codes: [KEY_ITEM_ACCURACY_RATE, BIRTH_REPORT_TIMELINESS_RATE]) { code numerator denominator }
  birthLinkage(period: "${period}") { period births
    registryCoverage { value numerator denominator } keyItemAccuracy { value numerator denominator } reportTimeliness { value numerator denominator }
    findingCounts { kind count }
    flaggedBirths(first: 100, kinds: [SEX_MISMATCH, BIRTH_DATE_MISMATCH]) { edges { cursor node { birthDate keyItemsMatch findings { kind channels recordIds detail } records { id channel sex birthDate } } } }
  } } }`;

describe.each(testDatabaseTargets())("birth record linkage on $name", (target) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ target });
  });
  afterAll(async () => {
    await t?.close();
  });
  const count = async (statement: string, params: string[] = []) => Number((await t.db.sql.query<{ n: string }>(statement, params))[0]!.n);

  it("yields, per region and period, the accuracy and timeliness the rollups hold, and the registry coverage", async () => {
    let mismatched = 0;
    for (const [code, period] of [["320722", "2021"], ["360100", "2023"], ["450103", "2024"], ["320722", "2024Q3"]] as const) {
      const response = await t.query(SUMMARY(code, period));
      expect(response.body.errors).toBeUndefined();
      const { indicators, birthLinkage: linkage } = response.body.data!.region;
      const births = await count(
        `SELECT count(*) AS n FROM birth WHERE region_code LIKE $1 || '%' AND to_char(birth_date, 'YYYY-MM-DD') BETWEEN $2 AND $3`,
        [regionPrefix(code), ...rangeOf(period)],
      );
      expect(births).toBeGreaterThan(0);
      expect(linkage.births).toBe(births);
      const byCode = Object.fromEntries(indicators.map((i: any) => [i.code, i]));
      expect([linkage.keyItemAccuracy.numerator, linkage.keyItemAccuracy.denominator]).toEqual([
        byCode.KEY_ITEM_ACCURACY_RATE.numerator,
        byCode.KEY_ITEM_ACCURACY_RATE.denominator,
      ]);
      expect([linkage.reportTimeliness.numerator, linkage.reportTimeliness.denominator]).toEqual([
        byCode.BIRTH_REPORT_TIMELINESS_RATE.numerator,
        byCode.BIRTH_REPORT_TIMELINESS_RATE.denominator,
      ]);
      expect(linkage.registryCoverage.denominator).toBe(births);
      expect(linkage.registryCoverage.numerator).toBeLessThanOrEqual(births);
      const findings = Object.fromEntries(linkage.findingCounts.map((f: any) => [f.kind, f.count]));
      expect(findings.LATE_REPORT).toBe(births - linkage.reportTimeliness.numerator);
      expect(findings.NO_HOUSEHOLD_REGISTRATION).toBe(births - linkage.registryCoverage.numerator);
      mismatched += linkage.flaggedBirths.edges.length;
      for (const { node } of linkage.flaggedBirths.edges) {
        expect(node.keyItemsMatch).toBe(false);
        const mismatch = node.findings.find((f: any) => f.kind === "SEX_MISMATCH" || f.kind === "BIRTH_DATE_MISMATCH");
        const ids = node.records.map((r: any) => r.id);
        for (const id of mismatch.recordIds) expect(ids).toContain(id);
        expect(mismatch.channels).not.toContain("BIRTH_CERTIFICATE");
      }
    }
    expect(mismatched).toBeGreaterThan(0);
  });

  it("links every birth of a page to its records and registration, as the birth itself records them", async () => {
    const query = (first: number) => `{ region(code: "320722") { births(first: ${first}) { edges { node { id birthDate sex channel reportedOn keyItemsChecked keyItemsMatch
      registration { id }
      linkage { birthDate sex firstChannel firstReportedOn keyItemsChecked keyItemsMatch channels registration { id } findings { kind } } } } } } }`;
    t.gateway.portCalls.reset();
    const small = await t.query(query(5));
    const smallCalls = t.gateway.portCalls.total;
    t.gateway.portCalls.reset();
    const large = await t.query(query(100));
    expect(large.body.errors).toBeUndefined();
    expect(t.gateway.portCalls.total).toBe(smallCalls);
    expect(small.body.errors).toBeUndefined();
    const edges = large.body.data!.region.births.edges;
    expect(edges).toHaveLength(100);
    for (const { node } of edges) {
      expect(node.linkage).toMatchObject({
        birthDate: node.birthDate,
        sex: node.sex,
        firstChannel: node.channel,
        firstReportedOn: node.reportedOn,
        keyItemsChecked: node.keyItemsChecked,
        keyItemsMatch: node.keyItemsMatch,
        registration: node.registration,
      });
      expect(node.linkage.findings.some((f: any) => f.kind === "NO_BIRTH_REGISTRATION")).toBe(node.registration === null);
    }
  });

  it("masks the child's ID number, checks the jurisdiction and names a bad cursor", async () => {
    const masked = await t.query(`{ region(code: "320722") { birthLinkage(period: "2022") { flaggedBirths(first: 20) { edges { node { records { channel childIdNumber } } } } } } }`);
    const ids = masked.body.data!.region.birthLinkage.flaggedBirths.edges.flatMap((e: any) => e.node.records.map((r: any) => r.childIdNumber)).filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{12}$/);

    const township = await t.token({ jurisdiction: "320722101" });
    const forbidden = await t.query(`{ region(code: "320722") { name birthLinkage(period: "2022") { births } } }`, { token: township });
    expect(forbidden.body.data!.region).toMatchObject({ name: "东海县", birthLinkage: null });
    expect(codesOf(forbidden)).toEqual(["FORBIDDEN"]);

    const badCursor = await t.query(`{ region(code: "320722") { birthLinkage(period: "2022") { flaggedBirths(first: 5, after: "${Buffer.from("k:nope").toString("base64url")}") { edges { cursor } } } } }`);
    expect(codesOf(badCursor)).toEqual(["INVALID_INPUT"]);
  });
});

function rangeOf(period: string): [string, string] {
  if (/^\d{4}$/.test(period)) return [`${period}-01-01`, `${period}-12-31`];
  const quarter = /^(\d{4})Q(\d)$/.exec(period)!;
  const startMonth = (Number(quarter[2]) - 1) * 3 + 1;
  const end = new Date(Date.UTC(Number(quarter[1]), startMonth + 2, 0)).toISOString().slice(0, 10);
  return [`${quarter[1]}-${String(startMonth).padStart(2, "0")}-01`, end];
}
