import { describe, expect, it } from "vitest";
import { generateIdNumber } from "../person/id-number.js";
import { RegionCode } from "../region/region.js";
import type { ChildcareClass, Premises } from "./entities.js";
import { changeFilingIssues, enrolmentReportIssues, filingDecisionIssues, incidentIssues, institutionFilingIssues, premisesIssues, recognitionIssues } from "./writes.js";

const TODAY = "2025-12-20";
const owned: Premises = { usableAreaM2: 300, lowestChildFloor: 1, highestChildFloor: 3, leaseStartsOn: null, leaseEndsOn: null };
const fields = (issues: readonly { field: string; reason: string }[]) => issues.map((i) => `${i.field}:${i.reason}`);

describe("premises of a filing", () => {
  it("takes rooms on floors 1 to 3 and a lease of three full years, naming the field of each broken rule", () => {
    expect(premisesIssues(owned)).toEqual([]);
    expect(fields(premisesIssues({ ...owned, highestChildFloor: 4 }))).toEqual(["premises.lowestChildFloor:CHILD_ROOM_FLOOR"]);
    expect(fields(premisesIssues({ ...owned, lowestChildFloor: -1 }))).toEqual(["premises.lowestChildFloor:CHILD_ROOM_FLOOR"]);
    expect(fields(premisesIssues({ ...owned, lowestChildFloor: 2, highestChildFloor: 1 }))).toEqual(["premises.highestChildFloor:FLOOR_RANGE"]);
    const lease = (from: string, to: string) => premisesIssues({ ...owned, leaseStartsOn: from, leaseEndsOn: to });
    expect(lease("2025-01-01", "2027-12-31")).toEqual([]);
    expect(fields(lease("2025-01-01", "2027-12-30"))).toEqual(["premises.leaseEndsOn:LEASE_TERM"]);
    expect(fields(lease("2025-01-01", "2024-12-31"))).toEqual(["premises.leaseEndsOn:LEASE_RANGE", "premises.leaseEndsOn:LEASE_TERM"]);
  });

  it("refuses an opening or a submission after tomorrow", () => {
    expect(institutionFilingIssues({ openedOn: "2025-12-21", submittedOn: TODAY, premises: owned }, TODAY)).toEqual([]);
    expect(fields(institutionFilingIssues({ openedOn: "2025-12-22", submittedOn: "2025-12-22", premises: owned }, TODAY))).toEqual([
      "openedOn:DATE_IN_FUTURE",
      "submittedOn:DATE_IN_FUTURE",
    ]);
  });

  it("closes an institution by a cancellation only, on a day not before it opened", () => {
    const open = { openedOn: "2023-03-01", closedOn: null };
    const change = { kind: "CHANGE" as const, submittedOn: "2025-06-01", closedOn: null, premises: null };
    expect(changeFilingIssues(change, open, TODAY)).toEqual([]);
    expect(fields(changeFilingIssues({ ...change, closedOn: "2025-06-30" }, open, TODAY))).toEqual(["closedOn:CLOSED_ON_ONLY_FOR_CANCELLATION"]);
    expect(fields(changeFilingIssues({ ...change, kind: "CANCELLATION" }, open, TODAY))).toEqual(["closedOn:CLOSED_ON_REQUIRED"]);
    expect(fields(changeFilingIssues({ ...change, kind: "CANCELLATION", closedOn: "2023-02-28" }, open, TODAY))).toEqual(["closedOn:DATE_BEFORE_RECORD"]);
    expect(fields(changeFilingIssues(change, { ...open, closedOn: "2024-01-01" }, TODAY))).toEqual(["institutionId:INSTITUTION_CLOSED"]);
    expect(fields(changeFilingIssues({ ...change, submittedOn: "2023-02-01" }, open, TODAY))).toEqual(["submittedOn:DATE_BEFORE_RECORD"]);
  });
});

describe("a month's enrolment report", () => {
  const klass = (id: string, type: ChildcareClass["type"], places: number): ChildcareClass => ({
    id, institutionId: "CI1", type, places, inclusivePlaces: 0, openedOn: "2024-01-01", closedOn: null,
  });
  const classes = [klass("INF", "INFANT", 10), klass("TOD", "TODDLER", 15), klass("MIX", "MIXED", 18)];
  const institution = { kind: "CHILDCARE_INSTITUTION" as const, openedOn: "2024-01-01", closedOn: null };
  let sequence = 0;
  /** A child born on a day, by a valid ID number. */
  const child = (birthDate: string, classId: string) => ({ idNumber: generateIdNumber({ regionCode: "320722", birthDate, sequence: sequence++ }), classId });
  const report = (children: { idNumber: string; classId: string }[], month = "2025-11", facts: Partial<Parameters<typeof enrolmentReportIssues>[1]> = {}) =>
    enrolmentReportIssues({ month, children }, { today: TODAY, institution, classes, ...facts });

  it("judges each child's age at the month's end by its class type, at the bounds", () => {
    // On 2025-11-30 a child born 2025-05-30 (or 05-31: the month has no 31st) is 6 months old; one born 2025-06-01 is 5.
    const fit = report([child("2025-05-30", "INF"), child("2024-11-30", "TOD"), child("2024-05-30", "MIX")]);
    expect(fit.issues).toEqual([]);
    expect(fit.agesInMonths).toEqual([6, 12, 18]);
    expect(fields(report([child("2025-06-01", "INF")]).issues)).toEqual(["children[0].classId:AGE_FITS_CLASS"]);
    expect(fields(report([child("2024-11-30", "INF")]).issues)).toEqual(["children[0].classId:AGE_FITS_CLASS"]);
    expect(fields(report([child("2024-06-01", "MIX")]).issues)).toEqual(["children[0].classId:AGE_FITS_CLASS"]);
    expect(fields(report([child("2025-12-01", "INF")]).issues)).toEqual(["children[0].idNumber:NOT_YET_BORN"]);
  });

  it("refuses a class's children beyond its size or places, a child twice, a closed or unknown class, a bad ID number", () => {
    const infants = (n: number) => Array.from({ length: n }, () => child("2025-03-01", "INF"));
    expect(report(infants(10)).issues).toEqual([]);
    expect(fields(report(infants(11)).issues)).toEqual(["children:CLASS_SIZE"]);
    const twice = child("2025-03-01", "INF");
    expect(fields(report([twice, twice]).issues)).toEqual(["children[1].idNumber:DUPLICATE_CHILD"]);
    expect(fields(report([child("2025-03-01", "NONE")]).issues)).toEqual(["children[0].classId:CLASS_NOT_OPEN"]);
    expect(fields(report([child("2025-03-01", "INF")], "2023-12").issues)).toEqual(["month:INSTITUTION_NOT_OPERATING", "children[0].classId:CLASS_NOT_OPEN"]);
    expect(fields(report([{ idNumber: "320722202503010001", classId: "INF" }]).issues)).toEqual(["children[0].idNumber:INVALID_ID_NUMBER"]);
    expect(fields(report([], "2026-01").issues)).toEqual(["month:DATE_IN_FUTURE"]);
  });

  it("holds a home point to five children", () => {
    const home = { ...institution, kind: "HOME_CHILDCARE_POINT" as const };
    const five = Array.from({ length: 5 }, () => child("2024-01-01", "MIX"));
    expect(report(five, "2025-11", { institution: home }).issues).toEqual([]);
    expect(fields(report([...five, child("2024-01-01", "MIX")], "2025-11", { institution: home }).issues)).toEqual(["children:HOME_POINT_SIZE"]);
  });
});

describe("incidents and recognitions", () => {
  it("makes a MAJOR severity a major incident and dates it within the institution's life", () => {
    const institution = { openedOn: "2024-01-01" };
    expect(incidentIssues({ occurredOn: "2025-01-01", severity: "MAJOR", major: true }, institution, TODAY)).toEqual([]);
    expect(fields(incidentIssues({ occurredOn: "2025-01-01", severity: "MAJOR", major: false }, institution, TODAY))).toEqual(["major:MAJOR_SEVERITY"]);
    expect(fields(incidentIssues({ occurredOn: "2023-12-31", severity: "MINOR", major: false }, institution, TODAY))).toEqual(["occurredOn:DATE_BEFORE_RECORD"]);
  });

  it("recognises 普惠 by a county or higher over the institution, on a basis that fits it, once", () => {
    const institution = { kind: "CHILDCARE_INSTITUTION" as const, ownership: "PRIVATE" as const, regionCode: RegionCode.parse("320722101001"), openedOn: "2024-01-01" };
    const recognition = { basis: "SOCIAL_INCLUSIVE", recognisedBy: "320722", recognisedOn: "2025-03-01" };
    expect(recognitionIssues(recognition, institution, false, TODAY)).toEqual([]);
    expect(recognitionIssues({ ...recognition, recognisedBy: "320000" }, institution, false, TODAY)).toEqual([]);
    expect(fields(recognitionIssues({ ...recognition, recognisedBy: "320722101" }, institution, false, TODAY))).toEqual(["recognisedBy:RECOGNISER_NOT_OVER_INSTITUTION"]);
    expect(fields(recognitionIssues({ ...recognition, recognisedBy: "320404" }, institution, false, TODAY))).toEqual(["recognisedBy:RECOGNISER_NOT_OVER_INSTITUTION"]);
    expect(fields(recognitionIssues({ ...recognition, basis: "PUBLIC" }, institution, false, TODAY))).toEqual(["basis:BASIS_NOT_PUBLIC"]);
    expect(fields(recognitionIssues({ ...recognition, basis: "KINDERGARTEN_CLASS" }, institution, false, TODAY))).toEqual(["basis:BASIS_NOT_KINDERGARTEN_CLASS"]);
    expect(fields(recognitionIssues(recognition, institution, true, TODAY))).toEqual(["institutionId:ALREADY_RECOGNISED"]);
  });
});

describe("a filing's decision", () => {
  const filing = { submittedOn: "2025-03-03", recordedOn: null, nonComplianceNoticeOn: null };
  it("is taken once, after the submission, with a receipt number only when recorded", () => {
    expect(filingDecisionIssues({ outcome: "RECORDED", decidedOn: "2025-03-03", receiptNumber: "备320722-1" }, filing, TODAY)).toEqual([]);
    expect(filingDecisionIssues({ outcome: "NOT_COMPLIANT", decidedOn: "2025-03-20", receiptNumber: null }, filing, TODAY)).toEqual([]);
    expect(fields(filingDecisionIssues({ outcome: "RECORDED", decidedOn: "2025-03-02", receiptNumber: "备1" }, filing, TODAY))).toEqual(["decidedOn:DATE_BEFORE_RECORD"]);
    expect(fields(filingDecisionIssues({ outcome: "RECORDED", decidedOn: "2025-03-04", receiptNumber: null }, filing, TODAY))).toEqual(["receiptNumber:RECEIPT_NUMBER_REQUIRED"]);
    expect(fields(filingDecisionIssues({ outcome: "NOT_COMPLIANT", decidedOn: "2025-03-04", receiptNumber: "备1" }, filing, TODAY))).toEqual(["receiptNumber:RECEIPT_ONLY_WHEN_RECORDED"]);
    expect(fields(filingDecisionIssues({ outcome: "RECORDED", decidedOn: "2025-03-04", receiptNumber: "备1" }, { ...filing, recordedOn: "2025-03-04" }, TODAY))).toEqual([
      "filingId:FILING_ALREADY_DECIDED",
    ]);
  });
});
