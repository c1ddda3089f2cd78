import { describe, expect, it } from "vitest";
import {
  contractDateIssues,
  decisionDateIssues,
  exitDateIssues,
  FUTURE_TOLERANCE_DAYS,
  latestAcceptedDate,
  paymentDateIssues,
  visitDateIssues,
} from "./write-dates.js";

const TODAY = "2026-11-25";
const reasons = (issues: readonly { field: string; reason: string }[]) => issues.map((i) => `${i.field}:${i.reason}`);

describe("the date rules of writes", () => {
  it("accept today and up to FUTURE_TOLERANCE_DAYS after it, nothing later", () => {
    expect(FUTURE_TOLERANCE_DAYS).toBe(1);
    expect(latestAcceptedDate(TODAY)).toBe("2026-11-26");
    expect(visitDateIssues({ visitedOn: TODAY }, TODAY)).toEqual([]);
    expect(visitDateIssues({ visitedOn: "2026-11-26" }, TODAY)).toEqual([]);
    expect(reasons(visitDateIssues({ visitedOn: "2026-11-27" }, TODAY))).toEqual(["visitedOn:DATE_IN_FUTURE"]);
    expect(reasons(visitDateIssues({ visitedOn: "2099-01-01" }, "2026-12-31"))).toEqual(["visitedOn:DATE_IN_FUTURE"]);
  });

  it("put a payment inside or after its program year", () => {
    expect(paymentDateIssues({ paidOn: "2025-01-01", year: 2025 }, TODAY)).toEqual([]);
    expect(paymentDateIssues({ paidOn: "2026-03-01", year: 2025 }, TODAY)).toEqual([]);
    expect(reasons(paymentDateIssues({ paidOn: "2024-12-31", year: 2025 }, TODAY))).toEqual(["paidOn:DATE_BEFORE_PROGRAM_YEAR"]);
    expect(reasons(paymentDateIssues({ paidOn: "2019-06-01", year: 2025 }, TODAY))).toEqual(["paidOn:DATE_BEFORE_PROGRAM_YEAR"]);
    expect(reasons(paymentDateIssues({ paidOn: "2099-01-01", year: 2025 }, TODAY))).toEqual(["paidOn:DATE_IN_FUTURE"]);
    // A year that has not begun cannot be paid: any date in it is in the future.
    expect(reasons(paymentDateIssues({ paidOn: "2026-11-25", year: 2027 }, TODAY))).toEqual(["paidOn:DATE_BEFORE_PROGRAM_YEAR"]);
  });

  it("decide a year from the January of the year before, not before the applicant's birth", () => {
    expect(decisionDateIssues({ decidedOn: "2024-10-01", year: 2025 }, TODAY)).toEqual([]);
    expect(reasons(decisionDateIssues({ decidedOn: "2023-12-31", year: 2025 }, TODAY))).toEqual(["decidedOn:DATE_BEFORE_PROGRAM_YEAR"]);
    expect(reasons(decisionDateIssues({ decidedOn: "1900-01-01", year: 2025 }, TODAY))).toEqual(["decidedOn:DATE_BEFORE_PROGRAM_YEAR"]);
    expect(reasons(decisionDateIssues({ decidedOn: "2025-03-01", year: 2025 }, TODAY, { applicantBirthDate: "2025-05-01" }))).toEqual([
      "decidedOn:DATE_BEFORE_RECORD",
    ]);
  });

  it("exit not before eligibility started nor the person's birth", () => {
    expect(exitDateIssues({ exitedOn: "2025-10-01" }, TODAY, { eligibleFrom: "2020-01-01", birthDate: "1960-01-01" })).toEqual([]);
    expect(reasons(exitDateIssues({ exitedOn: "2019-12-31" }, TODAY, { eligibleFrom: "2020-01-01" }))).toEqual(["exitedOn:DATE_BEFORE_RECORD"]);
    expect(reasons(exitDateIssues({ exitedOn: "1900-01-01" }, TODAY, { birthDate: "1960-01-01" }))).toEqual(["exitedOn:DATE_BEFORE_RECORD"]);
  });

  it("visit and sign not before the family's entry in the archive; a contract runs at most three years", () => {
    expect(reasons(visitDateIssues({ visitedOn: "2019-12-31" }, TODAY, { registeredOn: "2020-01-01" }))).toEqual(["visitedOn:DATE_BEFORE_RECORD"]);
    const archive = { registeredOn: "2020-01-01", memberBirthDate: "1958-04-01" };
    expect(contractDateIssues({ signedOn: "2024-01-05", validUntil: "2024-12-31" }, TODAY, archive)).toEqual([]);
    expect(contractDateIssues({ signedOn: "2024-01-05", validUntil: "2027-01-05" }, TODAY, archive)).toEqual([]);
    expect(reasons(contractDateIssues({ signedOn: "2024-01-05", validUntil: "2027-01-06" }, TODAY, archive))).toEqual(["validUntil:DATE_RANGE_TOO_LONG"]);
    expect(reasons(contractDateIssues({ signedOn: "2024-01-05", validUntil: "2024-01-04" }, TODAY, archive))).toEqual(["validUntil:DATE_BEFORE_RECORD"]);
    expect(reasons(contractDateIssues({ signedOn: "2019-06-01", validUntil: "2019-12-31" }, TODAY, archive))).toEqual(["signedOn:DATE_BEFORE_RECORD"]);
    expect(reasons(contractDateIssues({ signedOn: "2099-01-01", validUntil: "2099-12-31" }, TODAY, archive))).toEqual(["signedOn:DATE_IN_FUTURE"]);
    expect(reasons(contractDateIssues({ signedOn: "2024-02-29", validUntil: "2027-02-28" }, TODAY))).toEqual([]);
  });

  it("name no personal data in their messages: a record's date (a birth, an archive entry) is not shown, a program year is", () => {
    const [birth] = exitDateIssues({ exitedOn: "1900-01-01" }, TODAY, { birthDate: "1960-01-01" });
    expect(birth!.message).toBe("1900-01-01 is before the person's birth");
    const [entry] = visitDateIssues({ visitedOn: "2019-12-31" }, TODAY, { registeredOn: "2020-01-01" });
    expect(entry!.message).not.toContain("2020-01-01");
    const [year] = paymentDateIssues({ paidOn: "2019-06-01", year: 2025 }, TODAY);
    expect(year!.message).toBe("2019-06-01 is before the start of the program year 2025 (2025-01-01)");
  });
});
