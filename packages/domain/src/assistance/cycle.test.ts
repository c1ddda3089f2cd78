import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { generateIdNumber } from "../person/id-number.js";
import { amountDue, checkPaymentBatch, estimateFunds, exitEffect, summariseTargetPopulation } from "./cycle.js";
import { Beneficiary, RateComponent, type AssistanceProgram } from "./entities.js";
import { NATIONAL_PROGRAMS, NATIONAL_RATES } from "./programs.js";

const program = (code: string): AssistanceProgram => {
  const found = NATIONAL_PROGRAMS.find((p) => p.code === code);
  if (!found) throw new Error(`no program ${code}`);
  return found;
};
const RURAL = program("RURAL_REWARD");
const DEATH = program("SPECIAL_ASSISTANCE_DEATH");
const RETIREE = program("RETIREE_ONE_TIME_REWARD");
const CHILDCARE = program("CHILDCARE_SUBSIDY");

const component = (programCode: string, regionCode: string, fundingSource: RateComponent["fundingSource"], fen: number, effectiveFrom: string, effectiveTo: string | null = null) =>
  RateComponent.parse({ programCode, regionCode, fundingSource, amountFen: fen, effectiveFrom, effectiveTo });

// 江苏 tops up the rural reward by 240 yuan a year; 东海县 by 120 yuan from 2022-07-01.
const RATES = [
  ...NATIONAL_RATES,
  component("RURAL_REWARD", "320000", "PROVINCIAL", 24_000, "2020-01-01"),
  component("RURAL_REWARD", "320722", "COUNTY", 12_000, "2022-07-01"),
  component("RETIREE_ONE_TIME_REWARD", "320000", "PROVINCIAL", 100_000, "2020-01-01"),
];

let sequence = 0;
function beneficiary(programCode: string, fields: Partial<Omit<Beneficiary, "regionCode">> & { regionCode?: string } = {}): Beneficiary {
  sequence += 2;
  return Beneficiary.parse({
    id: `b${sequence}`,
    programCode,
    familyId: `f${sequence}`,
    personId: null,
    idNumber: generateIdNumber({ regionCode: "320722", birthDate: "1960-01-01", sequence, sex: "FEMALE" }),
    name: "王芳",
    regionCode: "320722101001",
    eligibleFrom: "2016-01-01",
    exitedOn: null,
    exitReason: null,
    decisionId: null,
    ...fields,
  });
}

const exited = (exitedOn: string) => ({ exitedOn, exitReason: "DEATH" as const });

describe("amountDue — annual programs", () => {
  it("pays the whole year's rate, per funding source", () => {
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD"), 2024, RATES)).toEqual({
      totalFen: 132_000,
      bySource: { CENTRAL: 96_000, PROVINCIAL: 24_000, CITY: 0, COUNTY: 12_000 },
      months: 12,
    });
    // Outside 江苏 only the national standard applies.
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", { regionCode: "450102001001" }), 2024, RATES).totalFen).toBe(96_000);
  });

  it("prices each side of a rate change that starts on a month's first day", () => {
    // 960 + 240 yuan all year, 120 yuan for July–December.
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD"), 2022, RATES)).toMatchObject({
      totalFen: 96_000 + 24_000 + 6_000,
      bySource: { CENTRAL: 96_000, PROVINCIAL: 24_000, COUNTY: 6_000 },
    });
  });

  it("prices a month at the rate in force on its first day", () => {
    const rates = [...NATIONAL_RATES, component("RURAL_REWARD", "320722", "COUNTY", 12_000, "2022-07-15")];
    // The top-up starts mid-July: August to December.
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD"), 2022, rates).bySource.COUNTY).toBe(5_000);
  });

  it("counts a month when eligible on its first day: exits on the 1st and the 2nd", () => {
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2024-07-01")), 2024, NATIONAL_RATES)).toMatchObject({ totalFen: 48_000, months: 6 });
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2024-07-02")), 2024, NATIONAL_RATES)).toMatchObject({ totalFen: 56_000, months: 7 });
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2024-01-01")), 2024, NATIONAL_RATES)).toMatchObject({ totalFen: 0, months: 0 });
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2023-05-01")), 2024, NATIONAL_RATES).totalFen).toBe(0);
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2025-01-01")), 2024, NATIONAL_RATES).totalFen).toBe(96_000);
  });

  it("starts with the first month whose first day is on or after eligibleFrom", () => {
    // Death assistance from the month after the death: April–December at 7,080 yuan a year.
    expect(amountDue(DEATH, beneficiary("SPECIAL_ASSISTANCE_DEATH", { eligibleFrom: "2024-04-01" }), 2024, RATES)).toMatchObject({ totalFen: 531_000, months: 9 });
    expect(amountDue(DEATH, beneficiary("SPECIAL_ASSISTANCE_DEATH", { eligibleFrom: "2024-03-15" }), 2024, RATES).months).toBe(9);
    expect(amountDue(DEATH, beneficiary("SPECIAL_ASSISTANCE_DEATH", { eligibleFrom: "2025-01-01" }), 2024, RATES).totalFen).toBe(0);
  });

  it("rounds down per component so the parts sum exactly to the total", () => {
    const rates = [component("RURAL_REWARD", "100000", "CENTRAL", 10_001, "2000-01-01"), component("RURAL_REWARD", "320700", "CITY", 333, "2000-01-01")];
    const due = amountDue(RURAL, beneficiary("RURAL_REWARD", exited("2024-08-01")), 2024, rates);
    // 10,001 × 7 / 12 = 5,833.9 and 333 × 7 / 12 = 194.25, each rounded down.
    expect(due.bySource).toEqual({ CENTRAL: 5_833, PROVINCIAL: 0, CITY: 194, COUNTY: 0 });
    expect(due.totalFen).toBe(6_027);
  });

  it("pays nothing in a year before the program or without a rate", () => {
    expect(amountDue(CHILDCARE, beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2024-03-01" }), 2024, NATIONAL_RATES).totalFen).toBe(0);
    expect(amountDue(RURAL, beneficiary("RURAL_REWARD"), 2024, []).totalFen).toBe(0);
  });

  it("refuses a beneficiary of another program", () => {
    expect(() => amountDue(DEATH, beneficiary("RURAL_REWARD"), 2024, RATES)).toThrow(DomainError);
  });
});

describe("amountDue — one-time programs", () => {
  it("pays the full rate on eligibleFrom when it falls in the year", () => {
    const b = beneficiary("RETIREE_ONE_TIME_REWARD", { eligibleFrom: "2024-08-31" });
    expect(amountDue(RETIREE, b, 2024, RATES)).toEqual({ totalFen: 400_000, bySource: { CENTRAL: 300_000, PROVINCIAL: 100_000, CITY: 0, COUNTY: 0 }, months: 0 });
    expect(amountDue(RETIREE, b, 2023, RATES).totalFen).toBe(0);
    expect(amountDue(RETIREE, b, 2025, RATES).totalFen).toBe(0);
  });

  it("pays nothing after an exit on or before the day", () => {
    expect(amountDue(RETIREE, beneficiary("RETIREE_ONE_TIME_REWARD", { eligibleFrom: "2024-08-31", ...exited("2024-08-31") }), 2024, RATES).totalFen).toBe(0);
    expect(amountDue(RETIREE, beneficiary("RETIREE_ONE_TIME_REWARD", { eligibleFrom: "2024-08-31", ...exited("2024-09-01") }), 2024, RATES).totalFen).toBe(400_000);
  });
});

describe("amountDue — childcare subsidy", () => {
  const newborn = () => beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2025-03-15" });

  it("prices child-months at 3,600 yuan a year per child", () => {
    expect(amountDue(CHILDCARE, newborn(), 2025, NATIONAL_RATES, { childcareMonths: 10 })).toMatchObject({ totalFen: 300_000, months: 10 });
    expect(amountDue(CHILDCARE, newborn(), 2025, NATIONAL_RATES, { childcareMonths: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }).totalFen).toBe(300_000);
    // Twins born in July: 6 months each.
    const twins = [7, 8, 9, 10, 11, 12, 7, 8, 9, 10, 11, 12];
    expect(amountDue(CHILDCARE, beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2025-07-10" }), 2025, NATIONAL_RATES, { childcareMonths: twins })).toMatchObject({
      totalFen: 360_000,
      months: 12,
    });
    // Three children all year: more than twelve child-months.
    expect(amountDue(CHILDCARE, beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2025-01-01" }), 2025, NATIONAL_RATES, { childcareMonths: 36 }).totalFen).toBe(1_080_000);
  });

  it("falls back to the beneficiary's own months without child-months", () => {
    expect(amountDue(CHILDCARE, newborn(), 2025, NATIONAL_RATES)).toMatchObject({ totalFen: 270_000, months: 9 });
  });

  it("drops child-months that start on or after the parent's exit", () => {
    const b = beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2025-03-15", exitedOn: "2025-06-01", exitReason: "MOVED_AWAY" });
    expect(amountDue(CHILDCARE, b, 2025, NATIONAL_RATES, { childcareMonths: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12] })).toMatchObject({ totalFen: 90_000, months: 3 });
  });

  it("prices a list month by month across a rate change, and refuses a bare count there", () => {
    const rates = [...NATIONAL_RATES, component("CHILDCARE_SUBSIDY", "320000", "PROVINCIAL", 120_000, "2025-07-01")];
    const due = amountDue(CHILDCARE, newborn(), 2025, rates, { childcareMonths: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    expect(due.bySource).toMatchObject({ CENTRAL: 300_000, PROVINCIAL: 60_000 });
    expect(due.totalFen).toBe(360_000);
    expect(() => amountDue(CHILDCARE, newborn(), 2025, rates, { childcareMonths: 10 })).toThrow(/list of months/);
    expect(() => amountDue(CHILDCARE, newborn(), 2025, rates, { childcareMonths: [0] })).toThrow(DomainError);
  });
});

describe("estimateFunds", () => {
  it("sums amountDue per program, county and funding source, exactly", () => {
    const roster = [
      beneficiary("RURAL_REWARD"),
      beneficiary("RURAL_REWARD", exited("2024-07-02")),
      beneficiary("RURAL_REWARD", { regionCode: "320724101001" }),
      beneficiary("SPECIAL_ASSISTANCE_DEATH", { eligibleFrom: "2024-04-01" }),
      beneficiary("RURAL_REWARD", exited("2023-01-01")),
      beneficiary("LOCAL_UNKNOWN", { eligibleFrom: "2024-01-01" }),
    ];
    const rows = estimateFunds([RURAL, DEATH], roster, RATES, 2024);
    expect(rows).toEqual([
      { programCode: "RURAL_REWARD", regionCode: "320722", fundingSource: "CENTRAL", beneficiaries: 2, amountFen: 96_000 + 56_000 },
      { programCode: "RURAL_REWARD", regionCode: "320722", fundingSource: "PROVINCIAL", beneficiaries: 2, amountFen: 24_000 + 14_000 },
      { programCode: "RURAL_REWARD", regionCode: "320722", fundingSource: "COUNTY", beneficiaries: 2, amountFen: 12_000 + 7_000 },
      { programCode: "RURAL_REWARD", regionCode: "320724", fundingSource: "CENTRAL", beneficiaries: 1, amountFen: 96_000 },
      { programCode: "RURAL_REWARD", regionCode: "320724", fundingSource: "PROVINCIAL", beneficiaries: 1, amountFen: 24_000 },
      { programCode: "SPECIAL_ASSISTANCE_DEATH", regionCode: "320722", fundingSource: "CENTRAL", beneficiaries: 1, amountFen: 531_000 },
    ]);
    const expected = roster.slice(0, 5).reduce((sum, b) => sum + amountDue(b.programCode === "RURAL_REWARD" ? RURAL : DEATH, b, 2024, RATES).totalFen, 0);
    expect(rows.reduce((sum, r) => sum + r.amountFen, 0)).toBe(expected);
  });

  it("uses the child-months given per beneficiary", () => {
    const b = beneficiary("CHILDCARE_SUBSIDY", { eligibleFrom: "2025-03-15" });
    const rows = estimateFunds([CHILDCARE], [b], NATIONAL_RATES, 2025, { childcareMonths: new Map([[b.id, 10]]) });
    expect(rows).toEqual([{ programCode: "CHILDCARE_SUBSIDY", regionCode: "320722", fundingSource: "CENTRAL", beneficiaries: 1, amountFen: 300_000 }]);
  });

  it("is empty with nothing due", () => {
    expect(estimateFunds([RURAL], [], RATES, 2024)).toEqual([]);
  });
});

describe("summariseTargetPopulation", () => {
  it("counts assessed, eligible, decided and eligible-undecided per program and year", () => {
    const a = (programCode: string, eligible: boolean, decided: boolean, year = 2024) => ({ programCode, year, eligible, decided });
    expect(
      summariseTargetPopulation([
        a("SPECIAL_ASSISTANCE_DEATH", true, true),
        a("RURAL_REWARD", true, false),
        a("RURAL_REWARD", true, true),
        a("RURAL_REWARD", false, true),
        a("RURAL_REWARD", false, false),
        a("RURAL_REWARD", true, false, 2025),
      ]),
    ).toEqual([
      { programCode: "RURAL_REWARD", year: 2024, assessed: 4, eligible: 2, decided: 2, eligibleUndecided: 1 },
      { programCode: "RURAL_REWARD", year: 2025, assessed: 1, eligible: 1, decided: 0, eligibleUndecided: 1 },
      { programCode: "SPECIAL_ASSISTANCE_DEATH", year: 2024, assessed: 1, eligible: 1, decided: 1, eligibleUndecided: 0 },
    ]);
    expect(summariseTargetPopulation([])).toEqual([]);
  });
});

describe("checkPaymentBatch", () => {
  const roster = [beneficiary("RURAL_REWARD", { id: "b-1" }), beneficiary("RURAL_REWARD", { id: "b-2" }), beneficiary("RURAL_REWARD", { id: "b-3" })];
  const due = new Map([
    ["b-1", 132_000],
    ["b-2", 132_000],
    ["b-3", 56_000],
  ]);
  const paid = [
    { id: "l1", batchId: "x", beneficiaryId: "b-2", amountFen: 66_000 },
    { id: "l2", batchId: "x", beneficiaryId: "b-2", amountFen: 33_000 },
  ];

  it("is empty for a batch within what is due", () => {
    const lines = [
      { beneficiaryId: "b-1", amountFen: 132_000 },
      { beneficiaryId: "b-2", amountFen: 33_000 },
      { beneficiaryId: "b-3", amountFen: 1 },
    ];
    expect(checkPaymentBatch(lines, roster, paid, due)).toEqual([]);
  });

  it("names the field of every problem", () => {
    const lines = [
      { beneficiaryId: "b-1", amountFen: 132_000 },
      { beneficiaryId: "b-2", amountFen: 33_001 },
      { beneficiaryId: "b-9", amountFen: 100 },
      { beneficiaryId: "b-1", amountFen: 100 },
      { beneficiaryId: "b-3", amountFen: 0 },
    ];
    const problems = checkPaymentBatch(lines, roster, paid, due);
    expect(problems.map((p) => p.field)).toEqual(["lines.1.amountFen", "lines.2.beneficiaryId", "lines.3.beneficiaryId", "lines.4.amountFen"]);
    expect(problems[0]?.message).toBe("330.01元超过应发金额（应发1,320.00元，尚可发放330.00元） — exceeds what is due (330.00元 left of 1,320.00元)");
    expect(problems[1]?.message).toMatch(/not on the roster/);
    expect(problems[2]?.message).toMatch(/same beneficiary as lines\.0/);
    expect(problems[3]?.message).toMatch(/whole number of fen from 1 to 2147483647/);
  });

  it("refuses a line above what one line can hold, as the ledger's column would", () => {
    const huge = new Map([["b-1", 10_000_000_000]]);
    expect(checkPaymentBatch([{ beneficiaryId: "b-1", amountFen: 2_147_483_648 }], roster, [], huge).map((p) => p.field)).toEqual(["lines.0.amountFen"]);
    expect(checkPaymentBatch([{ beneficiaryId: "b-1", amountFen: 2_147_483_647 }], roster, [], huge)).toEqual([]);
  });

  it("treats a beneficiary with nothing due as having nothing left", () => {
    const problems = checkPaymentBatch([{ beneficiaryId: "b-1", amountFen: 1 }], roster, [], new Map());
    expect(problems).toEqual([{ field: "lines.0.amountFen", message: expect.stringContaining("exceeds what is due (0.00元 left of 0.00元)") }]);
  });

  it("refuses an empty batch and fractional fen", () => {
    expect(checkPaymentBatch([], roster, [], due)).toEqual([{ field: "lines", message: expect.stringContaining("at least one line") }]);
    expect(checkPaymentBatch([{ beneficiaryId: "b-1", amountFen: 0.5 }], roster, [], due).map((p) => p.field)).toEqual(["lines.0.amountFen"]);
  });
});

describe("exitEffect", () => {
  it("records the exit date and reason", () => {
    const b = beneficiary("RURAL_REWARD", { eligibleFrom: "2024-01-01" });
    const after = exitEffect(b, { exitedOn: "2024-07-02", reason: "MOVED_AWAY" });
    expect(after).toEqual({ ...b, exitedOn: "2024-07-02", exitReason: "MOVED_AWAY" });
    expect(Beneficiary.safeParse(after).success).toBe(true);
    expect(b.exitedOn).toBeNull();
    expect(exitEffect(b, { exitedOn: "2024-01-01", reason: "ADOPTION_CHANGE" }).exitedOn).toBe("2024-01-01");
  });

  it("refuses an exit before eligibility started, a second exit and a bad date or reason", () => {
    const b = beneficiary("RURAL_REWARD", { eligibleFrom: "2024-01-01" });
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof DomainError) return { code: e.code, field: e.field };
      }
      return null;
    };
    expect(refusal(() => exitEffect(b, { exitedOn: "2023-12-31", reason: "DEATH" }))).toEqual({ code: "INVALID_INPUT", field: "exitedOn" });
    const once = exitEffect(b, { exitedOn: "2024-05-05", reason: "DEATH" });
    expect(refusal(() => exitEffect(once, { exitedOn: "2024-06-06", reason: "DEATH" }))).toEqual({ code: "INVALID_INPUT", field: "exitedOn" });
    expect(refusal(() => exitEffect(b, { exitedOn: "2024-02-30", reason: "DEATH" }))).toEqual({ code: "INVALID_DATE", field: "exitedOn" });
    expect(refusal(() => exitEffect(b, { exitedOn: "2024-02-03", reason: "RETIRED" as never }))).toEqual({ code: "INVALID_INPUT", field: "reason" });
  });
});
