// Rewards and assistance (奖励扶助) from the graph alone: who is eligible this year and why, what
// it costs, what was paid, which roster entries disagree with the registry; and the writes:
// validated, jurisdiction-checked, idempotent, audited, and all-or-nothing.
import { testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const COUNTY = "320722";
const YEAR = 2024;

describe.each(testDatabaseTargets())("rewards and assistance on $name", (target) => {
  let t: TestGateway;
  let writer: string;
  let reader: string;
  beforeAll(async () => {
    t = await startTestGateway({ target });
    writer = await t.token({ jurisdiction: COUNTY, scopes: ["assistance:write", "pii:read"] });
    reader = await t.token({ jurisdiction: COUNTY });
  });
  afterAll(async () => {
    await t?.close();
  });
  const count = async (statement: string, params: unknown[] = []) => Number((await t.db.sql.query<{ n: string }>(statement, params as string[]))[0]!.n);
  const reason = { "x-access-reason": encodeURIComponent("资格确认") };

  it("lists the programs in force with their rates: the national standard plus the province's top-up, in integer fen", async () => {
    const response = await t.query(`{ region(code: "${COUNTY}") { assistancePrograms(year: ${YEAR}) { code name national schedule
      rate(regionCode: "${COUNTY}101001", on: "${YEAR}-06-01") { total { fen yuan } components { national fundingSource setBy { code } amount { fen } } } } } }`);
    expect(response.body.errors).toBeUndefined();
    const programs = response.body.data!.region.assistancePrograms;
    const rural = programs.find((p: any) => p.code === "RURAL_REWARD");
    expect(rural).toMatchObject({ national: true, schedule: "ANNUAL" });
    const parts = rural.rate.components;
    expect(parts.some((c: any) => c.national && c.fundingSource === "CENTRAL")).toBe(true);
    expect(rural.rate.total.fen).toBe(parts.reduce((sum: number, c: any) => sum + c.amount.fen, 0));
    expect(Number.isInteger(rural.rate.total.fen)).toBe(true);
    expect(rural.rate.total.yuan).toMatch(/^[\d,]+\.\d{2}元$/);
    expect(programs.some((p: any) => !p.national)).toBe(true);
  });

  it("says who is eligible this year and why, and who is eligible but has not applied (免申即享)", async () => {
    const response = await t.query(`{ region(code: "${COUNTY}") {
      targetPopulation(year: ${YEAR}) { program { code } assessed eligible eligibleDecided eligibleUndecided }
      eligibilityAssessments(year: ${YEAR}, eligible: true, undecidedOnly: true, first: 100) { edges { node { program { code } eligible decided eligibleFrom reasons { code met detail } } } } } }`, { token: reader });
    expect(response.body.errors).toBeUndefined();
    const { targetPopulation, eligibilityAssessments } = response.body.data!.region;
    expect(targetPopulation.length).toBeGreaterThan(0);
    for (const row of targetPopulation) expect(row.eligible).toBeLessThanOrEqual(row.assessed);
    const undecided = targetPopulation.reduce((sum: number, row: any) => sum + row.eligibleUndecided, 0);
    expect(undecided).toBeGreaterThan(0);
    const listed = eligibilityAssessments.edges.map((e: any) => e.node);
    expect(listed.length).toBe(Math.min(100, undecided));
    for (const a of listed) {
      expect(a).toMatchObject({ eligible: true, decided: false });
      expect(a.reasons.length).toBeGreaterThan(1);
      expect(a.reasons.every((r: any) => r.met && r.detail.length > 0)).toBe(true);
    }
  });

  it("estimates what the year costs by program, county and funding source, and tells what was paid", async () => {
    const response = await t.query(`{ region(code: "${COUNTY}") {
      fundEstimate(year: ${YEAR}) { total { fen } rows { program { code } region { code } fundingSource beneficiaries amount { fen } } }
      paid(year: ${YEAR}) { program { code } beneficiaries amount { fen yuan } }
      paymentBatches(year: ${YEAR}, first: 5) { edges { node { program { code } total { fen } lineCount lines(first: 3) { edges { node { amount { fen } beneficiary { id } } } } } } } } }`, { token: reader });
    expect(response.body.errors).toBeUndefined();
    const { fundEstimate, paid, paymentBatches } = response.body.data!.region;
    expect(fundEstimate.rows.length).toBeGreaterThan(0);
    expect(fundEstimate.total.fen).toBe(fundEstimate.rows.reduce((s: number, r: any) => s + r.amount.fen, 0));
    for (const row of fundEstimate.rows) expect(row.region.code).toBe(COUNTY);
    const sources = new Set(fundEstimate.rows.map((r: any) => r.fundingSource));
    expect(sources.has("CENTRAL")).toBe(true);
    expect(sources.size).toBeGreaterThan(1);
    expect(paid.find((p: any) => p.program.code === "RURAL_REWARD").amount.fen).toBeGreaterThan(0);
    expect(paymentBatches.edges.length).toBeGreaterThan(0);
  });

  it("reconciles the roster against the registry (库册一致) and names every mismatch", async () => {
    const response = await t.query(`{ region(code: "${COUNTY}") { rosterReconciliation(programCode: "RURAL_REWARD", year: ${YEAR}, asOf: "${YEAR}-12-31") {
      entries consistent mismatched byReason { reason count }
      mismatches(first: 50) { edges { node { beneficiary { id exitedOn } mismatches { reason field rosterValue registryValue since detail } } } } } } }`, { token: reader });
    expect(response.body.errors).toBeUndefined();
    const r = response.body.data!.region.rosterReconciliation;
    expect(r.entries).toBe(r.consistent + r.mismatched);
    expect(r.mismatched).toBeGreaterThan(0);
    const found = r.mismatches.edges.flatMap((e: any) => e.node.mismatches);
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) {
      expect(m.detail.length).toBeGreaterThan(0);
      if (m.reason === "DECEASED" || m.reason === "MOVED_OUT") expect(m.since <= `${YEAR}-12-31`).toBe(true);
      if (m.field === "name") expect(m.rosterValue).toMatch(/\*/);
    }
  });

  it("confirms an eligible person once per key, refusing without the scope, outside the jurisdiction, or against the rules", async () => {
    const listed = await t.query(`{ region(code: "${COUNTY}") { eligibilityAssessments(year: ${YEAR}, eligible: true, undecidedOnly: true, first: 1) { edges { node { familyId idNumber program { code } } } } } }`, { token: writer, headers: reason });
    const candidate = listed.body.data!.region.eligibilityAssessments.edges[0].node;
    const input = (key: string, extra: Record<string, unknown> = {}) => ({
      idempotencyKey: key, programCode: candidate.program.code, year: YEAR, familyId: candidate.familyId, idNumber: candidate.idNumber, status: "CONFIRMED", decidedOn: `${YEAR}-03-01`, ...extra,
    });
    const confirm = `mutation($input: ConfirmEligibilityInput!) { confirmEligibility(input: $input) { id status eligibleFrom reasons program { code } } }`;
    const decisions = () => count(`SELECT count(*) AS n FROM eligibility_decision`);
    const before = await decisions();

    const noScope = await t.query(confirm, { token: reader, variables: { input: input("key-no-scope-1") } });
    expect(codesOf(noScope)).toEqual(["FORBIDDEN"]);
    const elsewhere = await t.token({ jurisdiction: "360104", scopes: ["assistance:write"] });
    // A family outside the jurisdiction answers as a missing one.
    expect(codesOf(await t.query(confirm, { token: elsewhere, variables: { input: input("key-elsewhere-1") } }))).toEqual(["NOT_FOUND"]);
    const badKey = await t.query(confirm, { token: writer, variables: { input: input("short") } });
    expect(codesOf(badKey)).toEqual(["INVALID_INPUT"]);
    expect(badKey.body.errors![0]!.extensions!.field).toBe("input.idempotencyKey");
    expect(await decisions()).toBe(before);

    const first = await t.query(confirm, { token: writer, variables: { input: input("confirm-key-0001") } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.confirmEligibility).toMatchObject({ status: "CONFIRMED" });
    const again = await t.query(confirm, { token: writer, variables: { input: input("confirm-key-0001") } });
    expect(again.body.data!.confirmEligibility.id).toBe(first.body.data!.confirmEligibility.id);
    expect(await decisions()).toBe(before + 1);
    const reused = await t.query(confirm, { token: writer, variables: { input: input("confirm-key-0001", { status: "REJECTED" }) } });
    expect(codesOf(reused)).toEqual(["CONFLICT"]);
    expect(await decisions()).toBe(before + 1);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'CONFIRM_ELIGIBILITY'`)).toBeGreaterThanOrEqual(1);

    const ineligible = await t.query(`{ region(code: "${COUNTY}") { eligibilityAssessments(year: ${YEAR}, eligible: false, first: 1) { edges { node { familyId idNumber program { code } } } } } }`, { token: writer, headers: reason });
    const no = ineligible.body.data!.region.eligibilityAssessments.edges[0]?.node;
    if (no) {
      const refused = await t.query(confirm, { token: writer, variables: { input: { ...input("confirm-key-0002"), familyId: no.familyId, idNumber: no.idNumber, programCode: no.program.code } } });
      expect(codesOf(refused)).toEqual(["INVALID_INPUT"]);
      expect(refused.body.errors![0]!.extensions!.field).toBe("input.status");
    }
  });

  it("records a payment batch once per key, and a batch with one bad line writes nothing", async () => {
    const roster = await t.query(`{ region(code: "${COUNTY}") { beneficiaries(year: ${YEAR}, programCode: "RURAL_REWARD", first: 100) { edges { node { id exitedOn amountDue(year: ${YEAR}) { fen } paid(year: ${YEAR}) { fen } stillDue(year: ${YEAR}) { fen } } } } } }`, { token: writer });
    expect(roster.body.errors).toBeUndefined();
    const nodes = roster.body.data!.region.beneficiaries.edges.map((e: any) => e.node);
    const paidAlready = await t.db.sql.query<{ beneficiary_id: string; paid: string }>(
      `SELECT l.beneficiary_id, sum(l.amount_fen) AS paid FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id WHERE b.year = $1 GROUP BY 1`, [YEAR] as never,
    );
    const paid = new Map(paidAlready.map((r) => [r.beneficiary_id, Number(r.paid)]));
    // What the graph says is paid and still due is what the ledger holds, and what a batch may pay.
    for (const n of nodes) {
      expect(n.paid.fen).toBe(paid.get(decodeId(n.id)) ?? 0);
      expect(n.stillDue.fen).toBe(Math.max(0, n.amountDue.fen - n.paid.fen));
    }
    const payable = nodes.map((n: any) => ({ id: n.id, left: n.stillDue.fen })).filter((n: any) => n.left > 0);
    expect(payable.length).toBeGreaterThanOrEqual(2);
    const lines = payable.slice(0, 2).map((p: any) => ({ beneficiaryId: p.id, amountFen: Math.min(p.left, 100) }));
    const record = `mutation($input: RecordPaymentBatchInput!) { recordPaymentBatch(input: $input) { id lineCount total { fen } } }`;
    const input = (key: string, batchLines = lines) => ({ idempotencyKey: key, programCode: "RURAL_REWARD", regionCode: COUNTY, year: YEAR, paidOn: `${YEAR}-12-20`, lines: batchLines });
    const batches = () => count(`SELECT count(*) AS n FROM payment_batch`);
    const paymentLines = () => count(`SELECT count(*) AS n FROM payment_line`);
    const [b0, l0] = [await batches(), await paymentLines()];

    const bad = await t.query(record, { token: writer, variables: { input: input("batch-key-bad-01", [lines[0], { beneficiaryId: Buffer.from("Beneficiary:no-such-beneficiary").toString("base64"), amountFen: 100 }]) } });
    expect(codesOf(bad)).toEqual(["INVALID_INPUT"]);
    expect(bad.body.errors![0]!.extensions!.field).toBe("input.lines.1.beneficiaryId");
    const tooMuch = await t.query(record, { token: writer, variables: { input: input("batch-key-bad-02", [{ beneficiaryId: payable[0].id, amountFen: payable[0].left + 1 }]) } });
    expect(codesOf(tooMuch)).toEqual(["INVALID_INPUT"]);
    expect(tooMuch.body.errors![0]!.extensions!.field).toBe("input.lines.0.amountFen");
    expect([await batches(), await paymentLines()]).toEqual([b0, l0]);

    const first = await t.query(record, { token: writer, variables: { input: input("batch-key-good-1") } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.recordPaymentBatch).toMatchObject({ lineCount: 2, total: { fen: lines[0].amountFen + lines[1].amountFen } });
    const retried = await Promise.all([1, 2, 3].map(() => t.query(record, { token: writer, variables: { input: input("batch-key-good-1") } })));
    for (const r of retried) expect(r.body.data!.recordPaymentBatch.id).toBe(first.body.data!.recordPaymentBatch.id);
    expect([await batches(), await paymentLines()]).toEqual([b0 + 1, l0 + 2]);
    await expect(t.db.sql.query(`DELETE FROM payment_line WHERE batch_id = $1`, [decodeId(first.body.data!.recordPaymentBatch.id)] as never)).rejects.toThrow();
  });

  it("pays what is due once: a retry of a full payment answers the batch, a second batch racing it is refused", async () => {
    // 2025 is only partly paid in the data set: there are beneficiaries nothing was paid to yet.
    const PAY_YEAR = 2025;
    const paidRows = await t.db.sql.query<{ beneficiary_id: string }>(
      `SELECT DISTINCT l.beneficiary_id FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id WHERE b.year = $1 AND b.program_code = 'RURAL_REWARD'`, [PAY_YEAR] as never,
    );
    const paidIds = new Set(paidRows.map((r) => r.beneficiary_id));
    // Page through the roster until two beneficiaries with something due and nothing paid turn up.
    const unpaid: { id: string; due: number }[] = [];
    for (let after: string | null = null, more = true; more && unpaid.length < 2; ) {
      const page: any = await t.query(
        `query($after: String) { region(code: "${COUNTY}") { beneficiaries(year: ${PAY_YEAR}, programCode: "RURAL_REWARD", first: 100, after: $after) { edges { node { id amountDue(year: ${PAY_YEAR}) { fen } } } pageInfo { hasNextPage endCursor } } } }`,
        { token: writer, variables: { after } },
      );
      const list = page.body.data!.region.beneficiaries;
      unpaid.push(...list.edges.map((e: any) => ({ id: e.node.id, due: e.node.amountDue.fen })).filter((b: any) => b.due > 0 && !paidIds.has(decodeId(b.id))));
      [after, more] = [list.pageInfo.endCursor, list.pageInfo.hasNextPage];
    }
    expect(unpaid.length).toBeGreaterThanOrEqual(2);
    const record = `mutation($input: RecordPaymentBatchInput!) { recordPaymentBatch(input: $input) { id } }`;
    const batch = (key: string, who: any) => ({ idempotencyKey: key, programCode: "RURAL_REWARD", regionCode: COUNTY, year: PAY_YEAR, paidOn: `${PAY_YEAR}-12-21`, lines: [{ beneficiaryId: who.id, amountFen: who.due }] });

    const full = await t.query(record, { token: writer, variables: { input: batch("full-pay-key-01", unpaid[0]) } });
    expect(full.body.errors).toBeUndefined();
    const retry = await t.query(record, { token: writer, variables: { input: batch("full-pay-key-01", unpaid[0]) } });
    expect(retry.body.data!.recordPaymentBatch.id).toBe(full.body.data!.recordPaymentBatch.id);

    const racing = await Promise.all(["race-pay-key-A1", "race-pay-key-B1"].map((key) => t.query(record, { token: writer, variables: { input: batch(key, unpaid[1]) } })));
    const written = racing.filter((r) => r.body.data?.recordPaymentBatch);
    const refused = racing.filter((r) => r.body.errors);
    expect(written).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body.errors![0]!.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.lines.0.amountFen" });
  });

  it("answers concurrent retries of one decision with the one decision, and refuses another region's local program", async () => {
    const listed = await t.query(`{ region(code: "${COUNTY}") { eligibilityAssessments(year: ${YEAR}, eligible: true, undecidedOnly: true, first: 5) { edges { node { familyId idNumber program { code } } } } } }`, { token: writer, headers: reason });
    const candidate = listed.body.data!.region.eligibilityAssessments.edges[3].node;
    const confirm = `mutation($input: ConfirmEligibilityInput!) { confirmEligibility(input: $input) { id } }`;
    const input = { idempotencyKey: "confirm-race-0001", programCode: candidate.program.code, year: YEAR, familyId: candidate.familyId, idNumber: candidate.idNumber, status: "CONFIRMED", decidedOn: `${YEAR}-03-02` };
    const answers = await Promise.all([1, 2, 3].map(() => t.query(confirm, { token: writer, variables: { input } })));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.body.data!.confirmEligibility.id)).size).toBe(1);

    const shanghai = await t.query(confirm, { token: writer, variables: { input: { ...input, idempotencyKey: "confirm-local-0001", programCode: "SH_ONLY_CHILD_OLD_AGE_REWARD" } } });
    expect(shanghai.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_INPUT", field: "input.programCode" });
  });

  it("ends eligibility from the exit date: the year's amount due drops", async () => {
    const roster = await t.query(`{ region(code: "${COUNTY}") { beneficiaries(year: ${YEAR}, programCode: "RURAL_REWARD", first: 50) { edges { node { id eligibleFrom exitedOn amountDue(year: ${YEAR}) { fen } } } } } }`, { token: writer });
    const active = roster.body.data!.region.beneficiaries.edges.map((e: any) => e.node).find((n: any) => n.exitedOn === null && n.eligibleFrom <= `${YEAR}-01-01` && n.amountDue.fen > 0);
    const exit = `mutation($input: RecordBeneficiaryExitInput!) { recordBeneficiaryExit(input: $input) { exitedOn exitReason amountDue(year: ${YEAR}) { fen } } }`;
    const response = await t.query(exit, { token: writer, variables: { input: { idempotencyKey: "exit-key-00001", beneficiaryId: active.id, exitedOn: `${YEAR}-07-01`, reason: "DEATH" } } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.recordBeneficiaryExit).toMatchObject({ exitedOn: `${YEAR}-07-01`, exitReason: "DEATH" });
    expect(response.body.data!.recordBeneficiaryExit.amountDue.fen).toBeLessThan(active.amountDue.fen);
    // January to June are still due (a rate may change mid-year, so not exactly half).
    expect(response.body.data!.recordBeneficiaryExit.amountDue.fen).toBeGreaterThan(0);
  });
});

function decodeId(globalId: string): string {
  const text = Buffer.from(globalId, "base64").toString("utf8");
  return text.slice(text.indexOf(":") + 1);
}
