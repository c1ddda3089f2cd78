// The query-cost bound sees what a field reads: a field that scans a region's roster, registry or
// archive is weighed by what reading it takes (modules/cost.ts), so many of them in one query are
// refused before anything runs; `nodes(ids:)` takes at most 100 IDs.
import { statementsSent } from "@popfam/db";
import { parse, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeExample } from "./readme-examples.js";
import { loadConfig } from "../src/env.js";
import { QueryCosts } from "../src/http/query-cost.js";
import { FIELD_COST } from "../src/modules/cost.js";
import { schema } from "../src/schema.js";
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

  it("refuses a query over the bound before anything runs: HTTP 400, one error naming the bound, nothing read", async () => {
    const statements = statementsSent[t.db.kind];
    const response = await t.query(`{ a: region(code: "320722") { fundEstimate(year: 2024) { total { fen } } }
      b: region(code: "320722") { fundEstimate(year: 2024) { total { fen } } } c: region(code: "320722") { fundEstimate(year: 2024) { total { fen } } }
      d: region(code: "320722") { fundEstimate(year: 2024) { total { fen } } } }`);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", kind: "complexity", limit: 200_000 });
    expect(response.body.errors?.[0]?.message).toMatch(/^the query's complexity is \d+, above the limit of 200000$/);
    // The version read by the HTTP front's lookup of a kept answer, and nothing of the query's.
    expect(statementsSent[t.db.kind] - statements).toBeLessThanOrEqual(1);
  });

  it("weighs an operation once for each set of variables", () => {
    const costs = new QueryCosts(schema, loadConfig({ PORT: "0" }).limits);
    const document = parse(`query Persons($first: Int) { region(code: "320722") { persons(first: $first) { edges { node { id sex } } } } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const ten = costs.of(document, operation, { first: 10 });
    const hundred = costs.of(document, operation, { first: 100 });
    // A page of n nodes: the connection's own 2, plus n times (edges, node, id, sex); plus the region.
    expect(ten).toEqual({ complexity: 1 + 2 + 10 * 4, depth: 5, breadth: 6 });
    expect(hundred?.complexity).toBe(1 + 2 + 100 * 4);
    expect(costs.of(document, operation, { first: 10 })).toBe(ten);
    // Variables that do not fit the operation: not weighed (the executor refuses them).
    expect(costs.of(document, operation, { first: "ten" })).toBeNull();
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
