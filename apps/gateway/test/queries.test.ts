// The graph as a dashboard client uses it: input errors, drill-downs, paging, limits, partial data.
import { testDatabaseTargets } from "@popfam/db/testing";
import { databasePorts, type Ports } from "@popfam/sources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type GraphQLResponse, type TestGateway } from "./kit.js";

describe.each(testDatabaseTargets())("queries over HTTP on $name", (target) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ target });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("names the field of a malformed region code, an unknown one and a bad period", async () => {
    const malformed = await t.query(`{ region(code: "12345") { name } }`);
    expect(codesOf(malformed)).toEqual(["INVALID_INPUT"]);
    expect(malformed.body.errors?.[0]?.extensions?.field).toBe("code");

    const unknown = await t.query(`{ region(code: "320799") { name } }`);
    expect(codesOf(unknown)).toEqual(["REGION_NOT_FOUND"]);
    expect(unknown.body.errors?.[0]?.message).toContain("320799");

    const period = await t.query(`{ region(code: "320722") { indicators(period: "2021Q5") { value } } }`);
    expect(codesOf(period)).toEqual(["INVALID_INPUT"]);
    expect(period.body.errors?.[0]?.extensions?.field).toBe("period");
    expect(period.body.errors?.[0]?.message).toMatch(/period/);
  });

  it("gives an indicator with its numerator, denominator, target and attainment", async () => {
    const response = await t.query(`{ region(code: "320722") { indicators(period: "2021", codes: [BIRTH_REGISTRATION_RATE]) {
      code name value numerator denominator unit period region { code }
      target { comparator threshold source setBy { code } } attainment { attained gap } } } }`);
    const [value] = response.body.data!.region.indicators;
    expect(value).toMatchObject({ code: "BIRTH_REGISTRATION_RATE", name: "生育登记率", unit: "%", period: "2021", region: { code: "320722" } });
    expect(value.value).toBeCloseTo((value.numerator / value.denominator) * 100, 10);
    expect(value.target).toMatchObject({ comparator: "GTE", threshold: 97, setBy: { code: "320722" } });
    expect(value.attainment.attained).toBe(value.value >= 97);
  });

  it("drills down over 216 villages with as many upstream calls as over 48", async () => {
    const drill = (code: string) => `{ region(code: "${code}") { children(first: 100) { edges { node { code
      indicators(period: "2022") { code value target { threshold } }
      children(first: 100) { totalCount edges { node { code name indicators(period: "2022") { value } } } } } } } } }`;
    // Without the result cache, which would answer what an earlier query read with no call at all.
    const uncached = await startTestGateway({ db: t.db, env: { INDICATOR_CACHE: "off" } });
    const calls = async (code: string) => {
      uncached.gateway.portCalls.reset();
      const response = await uncached.query(drill(code));
      expect(response.body.errors).toBeUndefined();
      const villages = response.body.data?.region.children.edges.flatMap((e: any) => e.node.children.edges);
      return { calls: uncached.gateway.portCalls.total, villages: villages.length as number };
    };
    const large = await calls("320722");
    const small = await calls("360104");
    await uncached.close();
    expect(large.villages).toBe(216);
    expect(small.villages).toBe(48);
    expect(large.calls).toBe(small.calls);
    expect(large.calls).toBeLessThanOrEqual(8);
  });

  it("pages a connection with cursors: every record once, in (region code, id) order, the last page saying so", async () => {
    const page = `query($after: String) { region(code: "320722") { births(period: "2021", first: 7, after: $after) {
      edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (; pages < 50; pages++) {
      const response: GraphQLResponse<Record<string, any>> = await t.query(page, { variables: { after } });
      const list: any = response.body.data?.region.births;
      ids.push(...list.edges.map((e: any) => e.node.id));
      expect(list.pageInfo.endCursor).toBe(list.edges.at(-1)?.cursor ?? null);
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    const raw = await t.db.sql.query<{ id: string }>(
      `SELECT id FROM birth WHERE region_code LIKE '320722%' AND birth_date BETWEEN '2021-01-01' AND '2021-12-31' ORDER BY region_code, id`,
    );
    expect(ids.map((id) => Buffer.from(id, "base64").toString().split(":")[1])).toEqual(raw.map((r) => r.id));
  });

  it("counts births and deaths from the rollups, as many as the lists hold, without reading the lists", async () => {
    const counts = await t.query(`{ county: region(code: "320722") {
        births2021: births(period: "2021") { totalCount } births2021Q3: births(period: "2021Q3") { totalCount }
        birthsAll: births { totalCount } deaths2023: deaths(period: "2023-05") { totalCount } }
      township: region(code: "320722101") { births(period: "2024") { totalCount } deaths { totalCount } }
      province: region(code: "320000") { births(period: "2022") { totalCount } } }`);
    expect(counts.body.errors).toBeUndefined();
    const count = async (table: "birth" | "death", prefix: string, from: string | null, to: string | null) => {
      const date = table === "birth" ? "birth_date" : "death_date";
      const [row] = await t.db.sql.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM ${table} WHERE region_code LIKE $1 || '%' AND ($2::date IS NULL OR ${date} BETWEEN $2::date AND $3::date)`,
        [prefix, from, to],
      );
      return Number(row!.n);
    };
    const { county, township, province } = counts.body.data!;
    expect(county.births2021.totalCount).toBe(await count("birth", "320722", "2021-01-01", "2021-12-31"));
    expect(county.births2021.totalCount).toBeGreaterThan(0);
    expect(county.births2021Q3.totalCount).toBe(await count("birth", "320722", "2021-07-01", "2021-09-30"));
    expect(county.birthsAll.totalCount).toBe(await count("birth", "320722", null, null));
    expect(county.deaths2023.totalCount).toBe(await count("death", "320722", "2023-05-01", "2023-05-31"));
    expect(township.births.totalCount).toBe(await count("birth", "320722101", "2024-01-01", "2024-12-31"));
    expect(township.deaths.totalCount).toBe(await count("death", "320722101", null, null));
    expect(province.births.totalCount).toBe(await count("birth", "32", "2022-01-01", "2022-12-31"));

    // The count alone reads no page; the children's counts are one statistics call for all of them.
    t.gateway.portCalls.reset();
    const drill = await t.query(`{ region(code: "320722") { children(first: 100) { edges { node { code births(period: "2021") { totalCount } } } } } }`);
    expect(drill.body.errors).toBeUndefined();
    const calls = t.gateway.portCalls.byMethod();
    expect(calls["MONITORING_STATISTICS.eventCounts"]).toBe(1);
    expect(calls["BIRTH_CHANNELS.birthPages"]).toBeUndefined();
    const byTownship = drill.body.data!.region.children.edges.map((e: any) => e.node.births.totalCount as number);
    expect(byTownship.reduce((a: number, b: number) => a + b, 0)).toBe(county.births2021.totalCount);

    // Asked beside its edges, the count agrees with the list paged to its end.
    const both = await t.query(`{ region(code: "320722101") { deaths { totalCount edges { node { id } } pageInfo { hasNextPage } } } }`);
    const deaths = both.body.data!.region.deaths;
    expect(deaths.pageInfo.hasNextPage).toBe(deaths.totalCount > 20);
    expect(deaths.edges.length).toBe(Math.min(20, deaths.totalCount));
  });

  it("refuses page sizes over 100 and backward paging, naming the argument", async () => {
    const tooMany = await t.query(`{ region(code: "320722") { births(first: 500) { edges { node { id } } } } }`);
    expect(codesOf(tooMany)).toEqual(["INVALID_INPUT"]);
    expect(tooMany.body.errors?.[0]?.extensions?.field).toBe("first");
    const backward = await t.query(`{ region(code: "320722") { births(last: 5) { edges { node { id } } } } }`);
    expect(backward.body.errors?.[0]?.extensions?.field).toBe("last");
  });

  it("lists each kind of record of a region within a period, and only those", async () => {
    const response = await t.query(`{ county: region(code: "320722") {
      deaths(period: "2023", first: 100) { edges { node { deathDate region { code } person { status exitedOn } } } }
      birthRegistrations(period: "2022Q4", first: 100) { edges { node { registeredOn childOrder region { code } } } } }
      province: region(code: "320000") { rebirthApprovals(first: 100) { edges { node { approvedOn childOrder region { code } } } } }
      others: region(code: "360000") { rebirthApprovals(first: 100) { edges { node { childOrder } } } }
      township: region(code: "320722101") {
      persons(period: "2025-06", first: 100) { edges { node { registeredOn exitedOn residenceRegion { code } } } } } }`);
    expect(response.body.errors).toBeUndefined();
    const region = { ...response.body.data?.county, ...response.body.data?.province, ...response.body.data?.township };
    const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);
    expect(nodes(region.deaths).length).toBeGreaterThan(0);
    expect(nodes(region.birthRegistrations).length).toBeGreaterThan(0);
    for (const death of nodes(region.deaths)) {
      expect(death.deathDate.slice(0, 4)).toBe("2023");
      expect(death.region.code.startsWith("320722")).toBe(true);
      expect(death.person).toMatchObject({ status: "DECEASED", exitedOn: death.deathDate });
    }
    for (const registration of nodes(region.birthRegistrations)) {
      expect(registration.registeredOn >= "2022-10-01" && registration.registeredOn <= "2022-12-31").toBe(true);
      expect(registration.region.code.startsWith("320722")).toBe(true);
    }
    expect(nodes(region.rebirthApprovals).length + nodes(response.body.data?.others.rebirthApprovals).length).toBeGreaterThan(0);
    for (const approval of nodes(region.rebirthApprovals)) {
      expect(approval.childOrder).toBeGreaterThanOrEqual(3);
      expect(approval.region.code.startsWith("32")).toBe(true);
    }
    const persons = nodes(region.persons);
    expect(persons.length).toBeGreaterThan(0);
    for (const person of persons) {
      expect(person.registeredOn <= "2025-06-30").toBe(true);
      expect(person.exitedOn === null || person.exitedOn >= "2025-06-01").toBe(true);
      expect(person.residenceRegion.code.startsWith("320722101")).toBe(true);
    }
  });

  it("bounds queries by depth, complexity and aliases", async () => {
    const deep = await t.query(`{ region(code: "320722") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } }`);
    expect(codesOf(deep)).toContain("QUERY_TOO_COMPLEX");
    const aliases = Array.from({ length: 70 }, (_, i) => `a${i}: region(code: "320722") { code }`).join(" ");
    const aliased = await t.query(`{ ${aliases} }`);
    expect(codesOf(aliased)).toContain("QUERY_TOO_COMPLEX");
    const wide = await t.query(`{ region(code: "320722") { children(first: 100) { edges { node { children(first: 100) { edges { node {
      persons(first: 100) { edges { node { name } } } } } } } } } } }`);
    expect(codesOf(wide)).toContain("QUERY_TOO_COMPLEX");
  });

  it("checks an ID number: what it encodes, or a typed result naming the problem", async () => {
    const check = `query($value: String!) { checkIdNumber(value: $value) { __typename
      ... on IdNumberInfo { masked regionCode birthDate sex region { name } }
      ... on InvalidIdNumber { problem message } } }`;
    const valid = await t.query(check, { variables: { value: "32072219890513874X" } });
    expect(valid.body.data?.checkIdNumber).toEqual({
      __typename: "IdNumberInfo", masked: "320722************", regionCode: "320722", birthDate: "1989-05-13", sex: "FEMALE", region: { name: "东海县" },
    });
    const corrupted = await t.query(check, { variables: { value: "320722198905138741" } });
    expect(corrupted.body.errors).toBeUndefined();
    expect(corrupted.body.data?.checkIdNumber).toMatchObject({ __typename: "InvalidIdNumber", problem: "CHECK_CHARACTER" });
    const badDate = await t.query(check, { variables: { value: "320722198902308746" } });
    expect(badDate.body.data?.checkIdNumber).toMatchObject({ problem: "BIRTH_DATE" });
  });

  it("lists each household's members with one registry call for all the households of a page", async () => {
    t.gateway.portCalls.reset();
    const response = await t.query(`{ region(code: "320722") { persons(first: 30) { edges { node { id household {
      head { id } members(first: 10) { edges { node { id household { id } } } } } } } } } }`);
    expect(response.body.errors).toBeUndefined();
    // People who moved in on their own have no household in the registry.
    const persons = response.body.data?.region.persons.edges.map((e: any) => e.node).filter((p: any) => p.household !== null);
    expect(persons.length).toBeGreaterThan(20);
    for (const person of persons) {
      const members = person.household.members.edges.map((e: any) => e.node);
      expect(members.map((m: any) => m.id)).toContain(person.id);
      expect(new Set(members.map((m: any) => m.household.id)).size).toBe(1);
    }
    expect(t.gateway.portCalls.byMethod()["POPULATION_REGISTRY.householdMemberPages"]).toBe(1);
  });

  it("resolves a node by its global ID through the loaders", async () => {
    const list = await t.query(`{ region(code: "320722") { births(first: 3) { edges { node { id birthOrder } } } } }`);
    const ids = list.body.data?.region.births.edges.map((e: any) => e.node.id);
    t.gateway.portCalls.reset();
    const nodes = await t.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Birth { birthOrder mother { id } } } }`, { variables: { ids } });
    expect(nodes.body.data?.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(t.gateway.portCalls.byMethod()["BIRTH_CHANNELS.birthsByIds"]).toBe(1);
  });
});

/** A gateway over the seeded database with one system refusing every call. */
function startWithSystemDown(system: keyof Ports): Promise<TestGateway> {
  return startTestGateway({
    ports: (db): Ports => {
      const ports = databasePorts(db, { birthReportWindowDays: 30 });
      const down = new Proxy(ports[system], { get: () => () => Promise.reject(new Error("connect ECONNREFUSED")) });
      return { ...ports, [system]: down };
    },
  });
}

describe("a provincial system down", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startWithSystemDown("BIRTH_CHANNELS");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("yields the other fields and an error naming the system on the failing path", async () => {
    const response = await t.query(`{ region(code: "320722") { name indicators(period: "2021", codes: [BIRTH_RATE]) { value } births(first: 2) { edges { node { id } } } } }`);
    expect(response.status).toBe(200);
    expect(response.body.data?.region.name).toBe("东海县");
    expect(response.body.data?.region.indicators[0].value).toBeGreaterThan(0);
    expect(response.body.data?.region.births).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]).toMatchObject({ path: ["region", "births"], extensions: { code: "UPSTREAM_UNAVAILABLE", system: "BIRTH_CHANNELS" } });
  });
});

describe("the region directory down", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startWithSystemDown("REGION_DIRECTORY");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("costs the region field only; the rest of the query answers", async () => {
    const response = await t.query(`{ me { subject } birthPolicies { code } region(code: "320722") { name } }`);
    expect(response.body.data).toMatchObject({ me: { subject: "development" }, region: null });
    expect(response.body.data?.birthPolicies).toHaveLength(3);
    expect(response.body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.system])).toEqual([
      [["region"], "UPSTREAM_UNAVAILABLE", "REGION_DIRECTORY"],
    ]);
  });
});

describe("invalid records from a system", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("fail their own page with UPSTREAM_INVALID_DATA naming the record; other pages answer", async () => {
    // A person whose sex disagrees with the ID number: the key-item error the registry is checked for.
    const [person] = await t.db.sql.query<{ id: string; residence_region_code: string }>(
      `UPDATE person SET sex = CASE WHEN sex = 'MALE' THEN 'FEMALE'::"Sex" ELSE 'MALE'::"Sex" END
       WHERE id = (SELECT min(id) FROM person WHERE residence_region_code LIKE '320722001%') RETURNING id, residence_region_code`,
    );
    const response = await t.query(`{ broken: region(code: "${person!.residence_region_code}") { name persons(first: 100) { edges { node { id } } } }
      fine: region(code: "320722002") { persons(first: 3) { edges { node { id } } } } }`);
    expect(response.body.data?.broken.name).toBeTruthy();
    expect(response.body.data?.broken.persons).toBeNull();
    expect(response.body.data?.fine.persons.edges).toHaveLength(3);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]).toMatchObject({ path: ["broken", "persons"], extensions: { code: "UPSTREAM_INVALID_DATA", system: "POPULATION_REGISTRY" } });
    expect(response.body.errors?.[0]?.message).toContain(person!.id);
  });

  it("keep indicator values when a target is invalid, with the error on the target fields", async () => {
    await t.db.sql.query(
      `INSERT INTO target (id, indicator_code, region_code, year, comparator, threshold, upper_threshold, unit, source)
       VALUES ('bad', 'BIRTH_RATE', '320000', 2021, 'BETWEEN', 5, NULL, '‰', 'a target missing its upper bound')`,
    );
    const response = await t.query(`{ region(code: "320722") { indicators(period: "2021", codes: [BIRTH_RATE]) { value target { threshold } } } }`);
    expect(response.body.data?.region.indicators[0].value).toBeGreaterThan(0);
    expect(response.body.data?.region.indicators[0].target).toBeNull();
    expect(response.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["region.indicators.0.target", "UPSTREAM_INVALID_DATA"]]);
  });
});
