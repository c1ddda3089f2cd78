// Jurisdiction, masking and the audit trail, as real clients holding scoped tokens see them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

describe("security over HTTP", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.close();
  });

  const countyQuery = `{ region(code: "320722") { name indicators(period: "2021", codes: [BIRTH_RATE]) { value } } }`;

  it("lets a county officer read the county", async () => {
    const token = await t.token({ jurisdiction: "320722" });
    const response = await t.query(countyQuery, { token });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.region.indicators[0].value).toBeGreaterThan(0);
  });

  it("denies a township officer the county's data, with FORBIDDEN on that path only", async () => {
    const token = await t.token({ jurisdiction: "320722101" });
    const response = await t.query(countyQuery, { token });
    expect(response.body.data?.region.name).toBe("东海县");
    expect(response.body.data?.region.indicators ?? null).toBeNull();
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(response.body.errors?.[0]?.path).toEqual(["region", "indicators"]);

    const own = await t.query(`{ region(code: "320722101") { indicators(period: "2021") { code } } }`, { token });
    expect(own.body.errors).toBeUndefined();
  });

  it("answers a record outside the jurisdiction fetched by global ID exactly as a record that does not exist", async () => {
    const county = await t.token({ jurisdiction: "320722" });
    const list = await t.query(`{ region(code: "320404") { births(first: 1) { edges { node { id } } } } }`, { token: await t.token({ jurisdiction: "320404" }) });
    const id = list.body.data?.region.births.edges[0].node.id as string;
    const [type, key] = Buffer.from(id, "base64").toString("utf8").split(":");
    const missing = Buffer.from(`${type}:${key}9`).toString("base64");
    const ask = (globalId: string) => t.query(`query($id: ID!) { node(id: $id) { ... on Birth { birthDate } } }`, { token: county, variables: { id: globalId } });
    const [outside, absent] = [await ask(id), await ask(missing)];
    expect(outside.body.data?.node ?? null).toBeNull();
    expect(codesOf(outside)).toEqual(["NOT_FOUND"]);
    // Nothing tells them apart: data, code, message and extensions are the same.
    expect(outside.body).toEqual(absent.body);
    expect(outside.status).toBe(absent.status);
    // Every node type does the same, regions included (public, but a missing code is NOT_FOUND too).
    for (const [typename, nodeId] of [["Person", "P-none"], ["SpecialFamily", "SF-none"], ["Beneficiary", "BF-none"], ["Region", "999999"]]) {
      const response = await ask(Buffer.from(`${typename}:${nodeId}`).toString("base64"));
      expect(response.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["NOT_FOUND", outside.body.errors![0]!.message]]);
    }
  });

  it("refuses a record reached through a reference outside the jurisdiction, on that path only", async () => {
    // A birth in the officer's township whose mother lives in another city.
    const mother = (await t.db.sql.query<{ id: string; id_number: string }>(
      `SELECT id, id_number FROM person WHERE residence_region_code LIKE '320404%' AND sex = 'FEMALE' ORDER BY id LIMIT 1`,
    ))[0]!;
    const id = "B-GUARD-0001";
    await t.db.prisma.birth.create({
      data: {
        id, motherPersonId: mother.id, motherIdNumber: mother.id_number, sex: "MALE", birthDate: new Date("2021-03-01T00:00:00Z"), birthOrder: 1,
        regionCode: "320722101001", channel: "BIRTH_CERTIFICATE", reportedOn: new Date("2021-03-02T00:00:00Z"), keyItemsChecked: true, keyItemsMatch: true, policyConforming: true,
      },
    });
    try {
      const township = await t.token({ jurisdiction: "320722101" });
      const birthId = Buffer.from(`Birth:${id}`).toString("base64");
      const response = await t.query(`query($id: ID!) { node(id: $id) { ... on Birth { sex mother { name birthDate } } } }`, { token: township, variables: { id: birthId } });
      expect(response.body.data?.node).toEqual({ sex: "MALE", mother: null });
      expect(codesOf(response)).toEqual(["FORBIDDEN"]);
      expect(response.body.errors?.[0]?.path).toEqual(["node", "mother"]);
      expect(JSON.stringify(response.body)).not.toContain(mother.id_number);
      // Whoever may see both sees the mother.
      const city = await t.query(`query($id: ID!) { node(id: $id) { ... on Birth { mother { birthDate } } } }`, { token: await t.token({ jurisdiction: "320000" }), variables: { id: birthId } });
      expect(city.body.errors).toBeUndefined();
      expect(city.body.data?.node.mother.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await t.db.prisma.birth.delete({ where: { id } });
    }
  });

  it("refuses a global ID of a type that is not a Node as malformed, without repeating it", async () => {
    for (const raw of ["Foo:1", "Visit:VS00000001", "AssistanceProgram:RURAL_REWARD", "PageInfo:x", "Person:320722196501306998"]) {
      const id = Buffer.from(raw).toString("base64");
      const response = await t.query(`query($id: ID!) { node(id: $id) { id } }`, { variables: { id } });
      const expected = raw.startsWith("Person:") ? "NOT_FOUND" : "INVALID_INPUT";
      expect(codesOf(response), raw).toEqual([expected]);
      expect(response.body.errors![0]!.message).not.toContain(id);
    }
  });

  it("answers each global ID on its own: NOT_FOUND per record outside, INVALID_INPUT per malformed ID", async () => {
    const other = await t.query(`{ region(code: "320404") { births(first: 1) { edges { node { id } } } } }`);
    const id = other.body.data?.region.births.edges[0].node.id as string;
    const token = await t.token({ jurisdiction: "320722001" });
    const response = await t.query(
      `query($id: ID!) { a: node(id: $id) { id } b: node(id: $id) { id } c: nodes(ids: [$id, $id]) { id } bad: node(id: "abc") { id }
        own: region(code: "320722001") { name } }`,
      { token, variables: { id } },
    );
    expect(response.body.data).toEqual({ a: null, b: null, c: [null, null], bad: null, own: { name: expect.any(String) } });
    const byPath = Object.fromEntries((response.body.errors ?? []).map((e) => [e.path!.join("."), e.extensions?.code]));
    expect(byPath).toEqual({ a: "NOT_FOUND", b: "NOT_FOUND", "c.0": "NOT_FOUND", "c.1": "NOT_FOUND", bad: "INVALID_INPUT" });
  });

  it("masks every ID number, name and address without pii:read, and writes no audit entry", async () => {
    const before = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'REFUSED'`);
    const token = await t.token({ jurisdiction: "320000" });
    const response = await t.query(
      `{ region(code: "320000") {
        persons(first: 5) { edges { node { name idNumber birthDate household { address head { name idNumber } } } } }
        births(first: 5) { edges { node { motherIdNumber childIdNumber mother { name idNumber birthDate } child { name idNumber } } } }
        birthRegistrations(first: 5) { edges { node { motherIdNumber } } }
        rebirthApprovals(first: 5) { edges { node { motherIdNumber } } } } }`,
      { token },
    );
    expect(response.body.errors).toBeUndefined();
    const text = JSON.stringify(response.body.data);
    const idNumbers = [...text.matchAll(/"(?:idNumber|motherIdNumber|childIdNumber)":"([^"]+)"/g)].map((m) => m[1]!);
    expect(idNumbers.length).toBeGreaterThan(20);
    // Only the region code is left: with the birth date beside it, nothing else may remain.
    for (const value of idNumbers) expect(value).toMatch(/^\d{6}\*{12}$/);
    const names = [...text.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(name).toMatch(/^.\*+$/u);
    const addresses = [...text.matchAll(/"address":"([^"]+)"/g)].map((m) => m[1]!);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^.{1,4}\*+$/u);
    const after = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'REFUSED'`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("reveals personal data with pii:read and audits who, what and why", async () => {
    const token = await t.token({ subject: "officer-7", jurisdiction: "320722", scopes: ["pii:read"] });
    const response = await t.query(`query Lookup { region(code: "320722") { persons(first: 2) { edges { node { id name idNumber } } } } }`, {
      token,
      headers: { "x-access-reason": encodeURIComponent("入户核查; case=HC-2026-0113") },
    });
    const persons = response.body.data?.region.persons.edges.map((e: any) => e.node) as { name: string; idNumber: string }[];
    expect(persons[0]!.idNumber).toMatch(/^\d{17}[\dX]$/);
    const audit = await t.db.sql.query<{ subject: string; entity_type: string; fields: string[]; reason: string; purpose: string; case_number: string; operation: string }>(
      `SELECT subject, entity_type, fields, reason, purpose, case_number, operation FROM audit_log WHERE subject = 'officer-7' ORDER BY id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      entity_type: "Person", fields: ["idNumber", "name"], reason: "入户核查; case=HC-2026-0113", purpose: "入户核查", case_number: "HC-2026-0113", operation: "Lookup",
    });
  });

  it("keeps personal data masked, and says why, when pii:read comes without a reason", async () => {
    const token = await t.token({ subject: "officer-8", jurisdiction: "320722", scopes: ["pii:read"] });
    const response = await t.query(`{ region(code: "320722") { persons(first: 2) { edges { node { idNumber } } } } }`, { token });
    for (const edge of response.body.data!.region.persons.edges) expect(edge.node.idNumber).toMatch(/^\d{6}\*{12}$/);
    expect(codesOf(response)).toEqual(["ACCESS_REASON_REQUIRED"]);
    const audit = await t.db.sql.query(`SELECT 1 FROM audit_log WHERE subject = 'officer-8' AND action <> 'REFUSED'`);
    expect(audit).toHaveLength(0);
  });

  it("refuses a bad token and, in production, a request without one", async () => {
    const bad = await t.query(`{ me { subject } }`, { token: "not-a-token" });
    expect(bad.status).toBe(401);
    expect(codesOf(bad)).toEqual(["UNAUTHENTICATED"]);

    const production = await startTestGateway({ db: t.db, env: { NODE_ENV: "production" } });
    try {
      const anonymous = await production.query(`{ me { subject } }`);
      expect(anonymous.status).toBe(401);
      expect(codesOf(anonymous)).toEqual(["UNAUTHENTICATED"]);
      const withToken = await production.query(`{ me { subject jurisdiction } }`, { token: await production.token({ subject: "p1", jurisdiction: "320722" }) });
      expect(withToken.body.data).toEqual({ me: { subject: "p1", jurisdiction: "320722" } });
    } finally {
      await production.close();
    }
  });

  it("serves the development principal locally, without personal data", async () => {
    const response = await t.query(`{ me { subject kind jurisdiction scopes } }`);
    expect(response.body.data).toEqual({ me: { subject: "development", kind: "development", jurisdiction: null, scopes: [] } });
  });
});
