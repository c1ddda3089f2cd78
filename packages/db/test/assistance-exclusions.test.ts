// The seeded rewards data obeys the rules the writes enforce: nobody is paid by two programs that
// exclude each other, nobody is paid a one-time program twice, and every idempotency key of the
// written commands is registered once in the table of commands.
import { PROGRAM_EXCLUSIONS } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/index.js";
import { openSeededTestDatabase, testDatabaseTargets } from "../testing/index.js";

describe.each(testDatabaseTargets())("the seeded rewards data on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });
  const rows = <Row>(statement: string) => db.sql.query<Row & Record<string, unknown>>(statement);

  it("holds the programs that exclude each other as data, each with its source, as the domain lists them", async () => {
    const stored = await rows<{ programCode: string; excludesCode: string; source: string }>(
      `SELECT program_code AS "programCode", excludes_code AS "excludesCode", source FROM program_exclusion ORDER BY 1, 2`,
    );
    const listed = [...PROGRAM_EXCLUSIONS].sort((a, b) => `${a.programCode}|${a.excludesCode}`.localeCompare(`${b.programCode}|${b.excludesCode}`));
    expect(stored).toEqual(listed);
    for (const row of stored) expect(row.source.length).toBeGreaterThan(20);
  });

  it("pays nobody by two programs that exclude each other", async () => {
    const both = await rows<{ program_code: string; excludes_code: string; people: string | number }>(
      `SELECT x.program_code, x.excludes_code, count(DISTINCT a.id_number) AS people
       FROM program_exclusion x
       JOIN beneficiary a ON a.program_code = x.program_code
       JOIN beneficiary b ON b.program_code = x.excludes_code AND b.id_number = a.id_number
       WHERE EXISTS (SELECT 1 FROM payment_line l WHERE l.beneficiary_id = a.id AND l.amount_fen > 0)
         AND EXISTS (SELECT 1 FROM payment_line l WHERE l.beneficiary_id = b.id AND l.amount_fen > 0)
       GROUP BY 1, 2`,
    );
    expect(both).toEqual([]);
    // Nor are they both confirmed.
    const confirmed = await rows<{ n: string | number }>(
      `SELECT count(*) AS n FROM program_exclusion x
       JOIN eligibility_decision a ON a.program_code = x.program_code AND a.status = 'CONFIRMED'
       JOIN eligibility_decision b ON b.program_code = x.excludes_code AND b.status = 'CONFIRMED' AND b.id_number = a.id_number`,
    );
    expect(Number(confirmed[0]!.n)).toBe(0);
  });

  it("pays a one-time program at most once to a person", async () => {
    const twice = await rows<{ program_code: string; id_number: string; payments: string | number }>(
      `SELECT b.program_code, b.id_number, count(*) AS payments
       FROM beneficiary b JOIN assistance_program p ON p.code = b.program_code AND p.schedule = 'ONE_TIME'
       JOIN payment_line l ON l.beneficiary_id = b.id AND l.amount_fen > 0
       GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(twice.map((r) => r.program_code)).toEqual([]);
  });

  it("registers every written command's idempotency key once, whichever table holds its record", async () => {
    const [written] = await rows<{ n: string | number }>(
      `SELECT (SELECT count(*) FROM eligibility_decision) + (SELECT count(*) FROM payment_batch) + (SELECT count(*) FROM beneficiary_exit)
            + (SELECT count(idempotency_key) FROM visit) + (SELECT count(idempotency_key) FROM family_doctor_contract) AS n`,
    );
    const [registered] = await rows<{ n: string | number }>(`SELECT count(*) AS n FROM idempotent_command`);
    expect(Number(registered!.n)).toBe(Number(written!.n));
    expect(Number(registered!.n)).toBeGreaterThan(0);
  });
});
