// Writes refuse the impossible, naming the field: dates outside their window (with a fixed clock),
// one idempotency key for one command across every mutation, a target outside the jurisdiction
// answered as a missing one; and no argument of any field makes an internal error.
import { testDatabaseTargets } from "@popfam/db/testing";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/schema.js";
import { codesOf, startTestGateway, TEST_SECRET, type GraphQLResponse, type TestGateway } from "./kit.js";

const COUNTY = "320722";
// 金山区: a county with special families, families and beneficiaries of its own at the test scale.
const OTHER_COUNTY = "310116";
const TODAY = "2026-11-25";

describe.each(testDatabaseTargets())("writes on $name", (target) => {
  let t: TestGateway;
  let writer: string;
  let otherWriter: string;
  let family: { id: string; rawId: string; memberId: string };
  let outsideFamilyId: string;
  let beneficiary: { id: string; regionCode: string };
  const reason = { "x-access-reason": encodeURIComponent("资金发放") };
  const count = async (table: string) => Number((await t.db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const tables = ["eligibility_decision", "payment_batch", "beneficiary_exit", "visit", "family_doctor_contract", "idempotent_command"];
  const counts = async () => Promise.all(tables.map(count));

  beforeAll(async () => {
    t = await startTestGateway({ target, today: TODAY });
    const scopes = ["assistance:write", "special-family:write", "pii:read"] as const;
    writer = await t.token({ jurisdiction: COUNTY, scopes: [...scopes] });
    otherWriter = await t.token({ jurisdiction: OTHER_COUNTY, scopes: [...scopes] });
    const families = await t.query(`{ region(code: "${COUNTY}") { specialFamilies(period: "2024", first: 1) { edges { node { id } } } } }`, { token: writer });
    const id = families.body.data!.region.specialFamilies.edges[0].node.id as string;
    const rawId = Buffer.from(id, "base64").toString("utf8").split(":").slice(1).join(":");
    const [member] = await t.db.sql.query<{ id: string }>(`SELECT id FROM special_family_member WHERE family_id = $1 ORDER BY id LIMIT 1`, [rawId]);
    family = { id, rawId, memberId: member!.id };
    const outside = await t.query(`{ region(code: "${OTHER_COUNTY}") { specialFamilies(period: "2024", first: 1) { edges { node { id } } } } }`, { token: otherWriter });
    outsideFamilyId = outside.body.data!.region.specialFamilies.edges[0].node.id;
    const [row] = await t.db.sql.query<{ id: string; region_code: string }>(
      `SELECT id, region_code FROM beneficiary WHERE exited_on IS NULL AND program_code = 'RURAL_REWARD' AND region_code LIKE '${COUNTY}%' ORDER BY id LIMIT 1`,
    );
    beneficiary = { id: row!.id, regionCode: row!.region_code };
  });
  afterAll(async () => {
    await t?.close();
  });

  const visit = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`;
  const contract = `mutation($input: SignFamilyDoctorContractInput!) { signFamilyDoctorContract(input: $input) { id } }`;
  const payment = `mutation($input: RecordPaymentBatchInput!) { recordPaymentBatch(input: $input) { id } }`;
  const confirm = `mutation($input: ConfirmEligibilityInput!) { confirmEligibility(input: $input) { id } }`;
  const exit = `mutation($input: RecordBeneficiaryExitInput!) { recordBeneficiaryExit(input: $input) { id } }`;
  const refusal = (response: GraphQLResponse) => {
    const [error] = response.body.errors ?? [];
    return [error?.extensions?.code, error?.extensions?.field, error?.extensions?.reason];
  };

  it("refuses dates after today (plus one day) or before the record they belong to, naming the field, with the rule as extensions.reason", async () => {
    const before = await counts();
    const visitInput = (key: string, visitedOn: string) => ({ idempotencyKey: key, familyId: family.id, visitedOn, visitor: "计生专干", kind: "ROUTINE" });
    const contractInput = (key: string, signedOn: string, validUntil: string) => ({
      idempotencyKey: key, familyId: family.id, memberId: family.memberId, doctorName: "张医生", institution: "石桥镇卫生院", signedOn, validUntil,
    });
    const paymentInput = (key: string, year: number, paidOn: string) => ({
      idempotencyKey: key, programCode: "RURAL_REWARD", regionCode: COUNTY, year, paidOn, lines: [{ beneficiaryId: Buffer.from(`Beneficiary:${beneficiary.id}`).toString("base64"), amountFen: 100 }],
    });
    const [assessment] = await t.db.sql.query<{ family_id: string; id_number: string }>(
      `SELECT family_id, id_number FROM eligibility_assessment WHERE year = 2025 AND eligible AND program_code = 'RURAL_REWARD' AND region_code LIKE '${COUNTY}%' ORDER BY id LIMIT 1`,
    );
    const confirmInput = (key: string, decidedOn: string) => ({
      idempotencyKey: key, programCode: "RURAL_REWARD", year: 2025, familyId: assessment!.family_id, idNumber: assessment!.id_number, status: "CONFIRMED", decidedOn,
    });
    const beneficiaryId = Buffer.from(`Beneficiary:${beneficiary.id}`).toString("base64");
    const cases: [string, Record<string, unknown>, string, string][] = [
      [payment, paymentInput("dates-pay-0001", 2025, "2099-01-01"), "input.paidOn", "DATE_IN_FUTURE"],
      [payment, paymentInput("dates-pay-0002", 2025, "2019-06-01"), "input.paidOn", "DATE_BEFORE_PROGRAM_YEAR"],
      [payment, paymentInput("dates-pay-0003", 2025, "2026-11-27"), "input.paidOn", "DATE_IN_FUTURE"],
      [visit, visitInput("dates-visit-0001", "2099-01-01"), "input.visitedOn", "DATE_IN_FUTURE"],
      [visit, visitInput("dates-visit-0002", "1900-01-01"), "input.visitedOn", "DATE_BEFORE_RECORD"],
      [contract, contractInput("dates-contract-0001", "2099-01-01", "2099-12-31"), "input.signedOn", "DATE_IN_FUTURE"],
      [contract, contractInput("dates-contract-0002", "1900-01-01", "1900-12-31"), "input.signedOn", "DATE_BEFORE_RECORD"],
      [contract, contractInput("dates-contract-0003", "2026-01-05", "2025-12-31"), "input.validUntil", "DATE_BEFORE_RECORD"],
      [confirm, confirmInput("dates-confirm-0001", "2099-01-01"), "input.decidedOn", "DATE_IN_FUTURE"],
      [confirm, confirmInput("dates-confirm-0002", "1900-01-01"), "input.decidedOn", "DATE_BEFORE_PROGRAM_YEAR"],
      [exit, { idempotencyKey: "dates-exit-0001", beneficiaryId, exitedOn: "2099-01-01", reason: "DEATH" }, "input.exitedOn", "DATE_IN_FUTURE"],
      [exit, { idempotencyKey: "dates-exit-0002", beneficiaryId, exitedOn: "1900-01-01", reason: "DEATH" }, "input.exitedOn", "DATE_BEFORE_RECORD"],
    ];
    for (const [mutation, input, field, why] of cases) {
      const response = await t.query(mutation, { token: writer, headers: reason, variables: { input } });
      expect(refusal(response), `${field} ${JSON.stringify(input)}`).toEqual(["INVALID_INPUT", field, why]);
      // The sub-code is in extensions, never a prefix of the message.
      expect(response.body.errors![0]!.message).not.toMatch(/^[A-Z_]+:/);
    }
    expect(await counts()).toEqual(before);
  });

  it("an idempotency key names one command: the same key on another mutation is CONFLICT the second time", async () => {
    const key = "one-key-two-mutations";
    const first = await t.query(visit, {
      token: writer,
      variables: { input: { idempotencyKey: key, familyId: family.id, visitedOn: "2025-06-03", visitor: "计生专干", kind: "ROUTINE" } },
    });
    expect(first.body.errors).toBeUndefined();
    const before = await counts();
    const second = await t.query(contract, {
      token: writer,
      variables: { input: { idempotencyKey: key, familyId: family.id, memberId: family.memberId, doctorName: "张医生", institution: "石桥镇卫生院", signedOn: "2025-06-03", validUntil: "2026-06-02" } },
    });
    expect(refusal(second)).toEqual(["CONFLICT", "input.idempotencyKey", "IDEMPOTENCY_CONFLICT"]);
    expect(second.body.errors![0]!.message).not.toContain(first.body.data!.recordVisit.id);
    const third = await t.query(exit, {
      token: writer,
      variables: { input: { idempotencyKey: key, beneficiaryId: Buffer.from(`Beneficiary:${beneficiary.id}`).toString("base64"), exitedOn: "2025-10-01", reason: "DEATH" } },
    });
    expect(refusal(third)).toEqual(["CONFLICT", "input.idempotencyKey", "IDEMPOTENCY_CONFLICT"]);
    expect(await counts()).toEqual(before);
    // The first mutation's retry still answers its own record.
    const retry = await t.query(visit, {
      token: writer,
      variables: { input: { idempotencyKey: key, familyId: family.id, visitedOn: "2025-06-03", visitor: "计生专干", kind: "ROUTINE" } },
    });
    expect(retry.body.data!.recordVisit.id).toBe(first.body.data!.recordVisit.id);
  });

  it("a target outside the jurisdiction answers exactly as a missing one, naming no region", async () => {
    const before = await counts();
    const [type] = Buffer.from(outsideFamilyId, "base64").toString("utf8").split(":");
    const missingFamilyId = Buffer.from(`${type}:SF-does-not-exist`).toString("base64");
    const visitOf = (familyId: string, key: string) => ({ idempotencyKey: key, familyId, visitedOn: "2025-06-03", visitor: "计生专干", kind: "ROUTINE" });
    const forbidden = await t.query(visit, { token: writer, variables: { input: visitOf(outsideFamilyId, "outside-visit-0001") } });
    const missing = await t.query(visit, { token: writer, variables: { input: visitOf(missingFamilyId, "outside-visit-0002") } });
    expect(codesOf(forbidden)).toEqual(["NOT_FOUND"]);
    const shape = (r: GraphQLResponse) => r.body.errors!.map((e) => ({ message: e.message, extensions: e.extensions }));
    expect(shape(forbidden)).toEqual(shape(missing));

    const [outsideFamily] = await t.db.sql.query<{ id: string; mother_id_number: string; region_code: string }>(
      `SELECT id, mother_id_number, region_code FROM fp_family WHERE region_code LIKE '${OTHER_COUNTY}%' ORDER BY id LIMIT 1`,
    );
    const confirmOf = (familyId: string, key: string) => ({
      idempotencyKey: key, programCode: "RURAL_REWARD", year: 2025, familyId, idNumber: outsideFamily!.mother_id_number, status: "CONFIRMED", decidedOn: "2025-06-01",
    });
    const forbiddenDecision = await t.query(confirm, { token: writer, variables: { input: confirmOf(outsideFamily!.id, "outside-confirm-0001") } });
    const missingDecision = await t.query(confirm, { token: writer, variables: { input: confirmOf("FF-does-not-exist", "outside-confirm-0002") } });
    expect(codesOf(forbiddenDecision)).toEqual(["NOT_FOUND"]);
    expect(shape(forbiddenDecision)).toEqual(shape(missingDecision));

    const [outsideBeneficiary] = await t.db.sql.query<{ id: string }>(`SELECT id FROM beneficiary WHERE region_code LIKE '${OTHER_COUNTY}%' ORDER BY id LIMIT 1`);
    const exitOf = (id: string, key: string) => ({ idempotencyKey: key, beneficiaryId: Buffer.from(`Beneficiary:${id}`).toString("base64"), exitedOn: "2025-10-01", reason: "DEATH" });
    const forbiddenExit = await t.query(exit, { token: writer, variables: { input: exitOf(outsideBeneficiary!.id, "outside-exit-0001") } });
    const missingExit = await t.query(exit, { token: writer, variables: { input: exitOf("BF-does-not-exist", "outside-exit-0002") } });
    expect(codesOf(forbiddenExit)).toEqual(["NOT_FOUND"]);
    expect(shape(forbiddenExit)).toEqual(shape(missingExit));

    // A batch for a region the caller names: FORBIDDEN, without echoing the region.
    const batch = await t.query(payment, {
      token: writer,
      variables: { input: { idempotencyKey: "outside-pay-0001", programCode: "RURAL_REWARD", regionCode: OTHER_COUNTY, year: 2025, paidOn: "2025-06-01", lines: [{ beneficiaryId: Buffer.from(`Beneficiary:${outsideBeneficiary!.id}`).toString("base64"), amountFen: 1 }] } },
    });
    expect(codesOf(batch)).toEqual(["FORBIDDEN"]);
    for (const response of [forbidden, forbiddenDecision, forbiddenExit, batch]) {
      const text = JSON.stringify(response.body.errors);
      expect(text).not.toContain(OTHER_COUNTY);
      expect(text).not.toContain(outsideFamily!.region_code);
      expect(text).not.toContain(outsideFamily!.mother_id_number);
    }
    expect(await counts()).toEqual(before);
  });

  it("no bad argument of any field, nor an odd jurisdiction, makes an internal error", async () => {
    const good: Record<string, string> = {
      code: `"${COUNTY}"`, regionCode: `"${COUNTY}"`, year: "2024", first: "2", period: `"2024"`, on: `"2024-06-01"`, asOf: `"2024-12-31"`,
      programCode: `"RURAL_REWARD"`, value: `"320722198001010011"`,
    };
    const bad = (arg: GraphQLArgument): string[] => {
      const type = getNamedType(arg.type);
      if (isEnumType(type) || isInputObjectType(type)) return [];
      const list = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
      const values =
        type.name === "Int" || type.name === "SafeInt"
          ? ["-1", "0", "2147483647"]
          : type.name === "Boolean"
            ? []
            : type.name === "Date"
              ? [`"2024-02-30"`, `"0000-01-01"`]
              : [`""`, `"1"`, `"12345"`, `"999999999999"`, `"3207221012019"`, `"k:%%%"`, `"2024-Q5"`, `"bad'--"`];
      return list ? values.map((v) => `[${v}]`) : values;
    };
    const argsOf = (field: GraphQLField<unknown, unknown>, override?: [string, string]) =>
      field.args
        .filter((a) => a.name === override?.[0] || isNonNullType(a.type) || a.name in good)
        .map((a) => `${a.name}: ${a.name === override?.[0] ? override[1] : (good[a.name] ?? defaultFor(a.type))}`)
        .join(", ");
    const defaultFor = (type: GraphQLInputType): string => {
      const named = getNamedType(type);
      if (isEnumType(named)) return named.getValues()[0]!.name;
      if (isScalarType(named) && (named.name === "Int" || named.name === "SafeInt")) return "1";
      if (isScalarType(named) && named.name === "Boolean") return "true";
      if (isScalarType(named) && named.name === "Date") return `"2024-06-01"`;
      return `"x"`;
    };
    const selection = (type: GraphQLObjectType | undefined) => (type ? "{ __typename }" : "");

    // Every object type reachable from Query with good arguments, and the path to it.
    const paths = new Map<string, (inner: string) => string>([["Query", (inner) => `{ ${inner} }`]]);
    const queue: GraphQLObjectType[] = [schema.getQueryType()!];
    while (queue.length > 0) {
      const type = queue.shift()!;
      const wrap = paths.get(type.name)!;
      for (const field of Object.values(type.getFields())) {
        if (field.args.some((a) => isNonNullType(a.type) && !(a.name in good) && !isEnumType(getNamedType(a.type)) && getNamedType(a.type).name !== "Int")) continue;
        let named = getNamedType(field.type);
        let into = (inner: string) => `${field.name}${field.args.length ? `(${argsOf(field)})` : ""} { ${inner} }`;
        if (isObjectType(named) && named.name.endsWith("Connection")) {
          const node = getNamedType(named.getFields().edges!.type);
          named = isObjectType(node) ? getNamedType(node.getFields().node!.type) : named;
          const base = into;
          into = (inner) => base(`edges { node { ${inner} } }`);
        }
        if (!isObjectType(named) || paths.has(named.name)) continue;
        paths.set(named.name, (inner) => wrap(into(inner)));
        queue.push(named);
      }
    }
    const token = await t.token({ jurisdiction: COUNTY, scopes: ["pii:read"] });
    const internal: string[] = [];
    let sent = 0;
    for (const [typeName, wrap] of paths) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          for (const value of bad(arg)) {
            const named = getNamedType(field.type);
            const query = wrap(`${field.name}(${argsOf(field, [arg.name, value])}) ${selection(isObjectType(named) ? named : undefined)}`);
            const response = await t.query(query, { token, headers: reason });
            sent++;
            if (codesOf(response).some((c) => c === "INTERNAL_SERVER_ERROR" || c === undefined) || response.status >= 500) {
              internal.push(`${typeName}.${field.name}(${arg.name}: ${value}): ${JSON.stringify(response.body.errors?.[0]?.message)}`);
            }
            for (const error of response.body.errors ?? []) {
              if (error.extensions?.code === "INVALID_INPUT") {
                expect(error.extensions.field, query).toBeTruthy();
                expect(error.extensions.reason, query).toBeTruthy();
              }
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(internal).toEqual([]);

    // Odd jurisdictions: a code of the right shape that is no region, and claims that are no code at all.
    const nowhere = await t.token({ jurisdiction: "999999" });
    const oddClaims = await new SignJWT({ role: "OFFICER", jurisdiction: "12345", scope: "pii:read" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("odd")
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(TEST_SECRET));
    for (const token of [nowhere, oddClaims]) {
      const response = await t.query(`{ me { subject } region(code: "${COUNTY}") { name } }`, { token });
      expect(codesOf(response)).not.toContain("INTERNAL_SERVER_ERROR");
      expect(response.status).toBeLessThan(500);
    }
  });
});
