// The query-cost bound sees what a field reads: a field that scans a region's roster, registry or
// archive is weighed by what reading it takes (modules/cost.ts), so many of them in one query are
// refused before anything runs; `nodes(ids:)` takes at most 100 IDs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeExample } from "./readme-examples.js";
import { FIELD_COST } from "../src/modules/cost.js";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const REWARDS_EXAMPLE = readmeExample("targetPopulation", "fundEstimate").document;

describe("the query-cost bound", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("weighs a scan of a region by what it reads: a page of townships each asking its target population is refused", async () => {
    const perTownship = await t.query(`{ region(code: "320722") { children(first: 50) { edges { node {
      targetPopulation(year: 2024) { eligible } } } } } }`);
    expect(codesOf(perTownship)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(perTownship.body.errors?.[0]?.extensions?.kind).toBe("complexity");
    // The same page asking for names only is cheap.
    const names = await t.query(`{ region(code: "320722") { children(first: 50) { edges { node { name } } } } }`);
    expect(names.body.errors).toBeUndefined();
  });

  it("refuses a handful of aliased fund estimates, reconciliations or linkages, well under the alias limit", async () => {
    for (const field of [
      `fundEstimate(year: 2024) { total { fen } }`,
      `rosterReconciliation(programCode: "RURAL_REWARD", year: 2024, asOf: "2024-12-31") { entries }`,
      `birthLinkage(period: "2024") { births }`,
    ]) {
      const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: region(code: "320722") { ${field} }`).join(" ");
      const response = await t.query(`{ ${aliases} }`);
      expect(new Set(codesOf(response)), field).toEqual(new Set(["QUERY_TOO_COMPLEX"]));
      expect(Object.values(response.body.data ?? {}).every((value) => value === null)).toBe(true);
    }
    const filtered = Array.from({ length: 40 }, (_, i) => `a${i}: region(code: "320722") { specialFamilies(period: "2025", lacking: [HOLIDAY_VISIT], first: 1) { totalCount } }`);
    expect(new Set(codesOf(await t.query(`{ ${filtered.join(" ")} }`)))).toEqual(new Set(["QUERY_TOO_COMPLEX"]));
  });

  it("lets the README's rewards example through", async () => {
    const response = await t.query(REWARDS_EXAMPLE);
    expect(codesOf(response)).not.toContain("QUERY_TOO_COMPLEX");
    expect(response.body.data?.region).toBeTruthy();
    // The scans it makes are in its weight, under the default bound.
    const scans = FIELD_COST.targetPopulation + FIELD_COST.eligibilityAssessments + FIELD_COST.fundEstimate + FIELD_COST.paid + FIELD_COST.rosterReconciliation;
    expect(scans).toBeLessThan(t.config.limits.complexity);
  });

  it("takes at most 100 IDs in nodes(ids:), naming the argument", async () => {
    const id = (n: number) => Buffer.from(`Birth:B${String(n).padStart(8, "0")}`).toString("base64");
    const hundred = await t.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { variables: { ids: Array.from({ length: 100 }, (_, i) => id(i + 1)) } });
    expect(hundred.body.errors).toBeUndefined();
    expect(hundred.body.data?.nodes).toHaveLength(100);
    const more = await t.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { variables: { ids: Array.from({ length: 101 }, (_, i) => id(i + 1)) } });
    expect(codesOf(more)).toEqual(["INVALID_INPUT"]);
    expect(more.body.errors?.[0]?.extensions?.field).toBe("ids");
    expect(more.body.errors?.[0]?.message).toMatch(/ids takes at most 100 global IDs/);
  });
});
