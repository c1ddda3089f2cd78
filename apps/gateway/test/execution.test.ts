// Compiled execution answers exactly as graphql-js does (data, errors, their paths and codes), and
// a document is compiled only at its GRAPHQL_COMPILE_AFTER-th run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./kit.js";

async function executions(t: TestGateway): Promise<{ compiled: number; interpreted: number; compilations: number }> {
  const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
  const value = (prefix: string) => Number(text.split("\n").find((line) => line.startsWith(prefix))?.split(" ").at(-1) ?? 0);
  return {
    compiled: value('popfam_graphql_executions_total{mode="compiled"}'),
    interpreted: value('popfam_graphql_executions_total{mode="interpreted"}'),
    compilations: value("popfam_graphql_compilations_total "),
  };
}

// What each must answer alike: lists, masked personal data, references, numbers, enums, nulls,
// variables, fragments, aliases, a refusal on one path, an input error, a bad variable.
const QUERIES: { name: string; query: string; variables?: Record<string, unknown>; jurisdiction?: string }[] = [
  {
    name: "a page of persons with their region",
    query: `query Persons($code: String!) { region(code: $code) { persons(first: 30) { edges { cursor node { id name sex birthDate residenceRegion { code name } household { address } } } pageInfo { hasNextPage endCursor } } } }`,
    variables: { code: "320722101" },
  },
  {
    name: "a dashboard",
    query: `{ region(code: "320722") { code name ...values children(first: 5) { totalCount edges { node { code ...values } } } } }
      fragment values on Region { indicators(period: "2021") { code value numerator denominator unit target { comparator threshold } attainment { attained gap } } }`,
  },
  {
    name: "births with their mothers, aliased",
    query: `{ a: region(code: "320722101") { births(first: 10, period: "2021") { totalCount edges { node { id birthDate sex mother { name idNumber } } } } } b: region(code: "320722102") { name } }`,
  },
  {
    name: "a field outside the jurisdiction",
    query: `{ region(code: "320722") { name indicators(period: "2021", codes: [BIRTH_RATE]) { value } children(first: 2) { edges { node { code } } } } }`,
    jurisdiction: "320722101",
  },
  { name: "an argument out of range", query: `{ region(code: "320722") { persons(first: 1000) { edges { node { id } } } } }` },
  { name: "a bad variable", query: `query($n: Int!) { region(code: "320722") { persons(first: $n) { edges { node { id } } } } }`, variables: { n: "many" } },
  { name: "a missing variable", query: `query($code: String!) { region(code: $code) { name } }` },
  {
    name: "an enum variable with no such value",
    query: `query($codes: [IndicatorCode!]) { region(code: "320722") { indicators(period: "2021", codes: $codes) { code } } }`,
    variables: { codes: ["BIRTH_RATE", "NO_SUCH_INDICATOR"] },
  },
  { name: "a global ID that is none", query: `{ node(id: "bm90IGFuIGlk") { id } }` },
];

/** The answer without the stack traces a development gateway adds to its errors (the code that ran differs, by design). */
function withoutStacks(body: object): unknown {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => (key === "stacktrace" ? undefined : value)));
}

describe("compiled execution", () => {
  let compiled: TestGateway;
  let interpreted: TestGateway;
  beforeAll(async () => {
    // Answers are not kept, so that every request executes.
    compiled = await startTestGateway({ env: { RESPONSE_CACHE_MB: "0", GRAPHQL_COMPILE_AFTER: "1" } });
    interpreted = await startTestGateway({ db: compiled.db, env: { RESPONSE_CACHE_MB: "0", GRAPHQL_EXECUTION: "interpreted" } });
  });
  afterAll(async () => {
    await interpreted?.close();
    await compiled?.close();
  });

  it.each(QUERIES)("answers $name exactly as graphql-js does", async ({ query, variables, jurisdiction }) => {
    const ask = async (t: TestGateway) => t.query(query, { variables, token: await t.token({ jurisdiction: jurisdiction ?? "320722" }) });
    const [byCompiled, byInterpreted] = [await ask(compiled), await ask(interpreted)];
    expect(byCompiled.status).toBe(byInterpreted.status);
    expect(withoutStacks(byCompiled.body)).toEqual(withoutStacks(byInterpreted.body));
  });

  it("compiles a document at its GRAPHQL_COMPILE_AFTER-th run, and runs it interpreted before", async () => {
    const t = await startTestGateway({ db: compiled.db, env: { RESPONSE_CACHE_MB: "0", GRAPHQL_COMPILE_AFTER: "3" } });
    try {
      const query = `{ region(code: "320722101") { persons(first: 5) { edges { node { id name } } } } }`;
      const answers = [];
      for (let run = 1; run <= 4; run++) answers.push((await t.query(query)).body);
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]!.errors).toBeUndefined();
      expect(await executions(t)).toEqual({ interpreted: 2, compiled: 2, compilations: 1 });
      // Another document starts its own count.
      await t.query(`{ region(code: "320722102") { name } }`);
      expect(await executions(t)).toEqual({ interpreted: 3, compiled: 2, compilations: 1 });
    } finally {
      await t.close();
    }
  });
});
