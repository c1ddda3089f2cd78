import { describe, expect, it } from "vitest";
import { fullMonthsBetween } from "../common/date.js";
import { CHILDCARE_INDICATORS, type ChildcareMeasures } from "./indicators.js";
import { addWorkingDays, filingState } from "./filing.js";
import { checkAgeFit, checkClass, checkHealthWorkers, checkHomePoint, checkPremises, classTypesFor } from "./rules.js";
import { NATIONAL_CHILDCARE_RULES, NATIONAL_CLASS_STANDARDS } from "./standards.js";

const met = (reasons: readonly { code: string; met: boolean }[]) => Object.fromEntries(reasons.map((r) => [r.code, r.met]));

describe("age in months", () => {
  it("counts whole months, the last day of a shorter month being the anniversary", () => {
    expect(fullMonthsBetween("2024-01-15", "2024-07-14")).toBe(5);
    expect(fullMonthsBetween("2024-01-15", "2024-07-15")).toBe(6);
    expect(fullMonthsBetween("2024-03-31", "2024-04-30")).toBe(1);
    expect(fullMonthsBetween("2024-01-31", "2024-02-29")).toBe(1);
    expect(fullMonthsBetween("2024-05-01", "2024-04-01")).toBe(0);
  });
});

describe("class fit", () => {
  it("takes each class type's ages at its bounds: 6–12, 12–24, 24–36 months, a mixed class from 18", () => {
    expect(classTypesFor(5)).toEqual([]);
    expect(classTypesFor(6)).toEqual(["INFANT"]);
    expect(classTypesFor(11)).toEqual(["INFANT"]);
    expect(classTypesFor(12)).toEqual(["TODDLER"]);
    expect(classTypesFor(17)).toEqual(["TODDLER"]);
    expect(classTypesFor(18)).toEqual(["TODDLER", "MIXED"]);
    expect(classTypesFor(24)).toEqual(["PRESCHOOL", "MIXED"]);
    expect(classTypesFor(35)).toEqual(["PRESCHOOL", "MIXED"]);
    expect(classTypesFor(36)).toEqual([]);
  });

  it("says why a child does not fit: under 6 months fits no class, 17 months is not for a mixed class", () => {
    const infant = checkAgeFit("2024-03-01", "2024-08-31", "INFANT");
    expect(infant.met).toBe(false);
    expect(infant.detail).toMatch(/5 months fits no class type/);
    const mixed = checkAgeFit("2023-01-10", "2024-06-09", "MIXED");
    expect(mixed).toMatchObject({ code: "AGE_FITS_CLASS", met: false });
    expect(mixed.detail).toMatch(/fits TODDLER/);
    expect(checkAgeFit("2023-01-10", "2024-07-10", "MIXED").met).toBe(true);
  });
});

describe("a class as it stands", () => {
  it("needs ceil(children ÷ ratio) caregivers: 10 infants need 4 at 1:3, 9 need 3", () => {
    const ten = Array.from({ length: 10 }, () => 8);
    expect(met(checkClass({ type: "INFANT", places: 10 }, ten, 3))).toEqual({ CLASS_SIZE: true, CLASS_AGES: true, STAFF_RATIO: false });
    expect(met(checkClass({ type: "INFANT", places: 10 }, ten, 4)).STAFF_RATIO).toBe(true);
    expect(met(checkClass({ type: "INFANT", places: 10 }, ten.slice(1), 3)).STAFF_RATIO).toBe(true);
  });

  it("caps the size at the class type's maximum and at the places: 11 infants, 16 toddlers, 21 in 托大班, 19 mixed", () => {
    expect(met(checkClass({ type: "INFANT", places: 12 }, Array(11).fill(8), 4)).CLASS_SIZE).toBe(false);
    expect(met(checkClass({ type: "TODDLER", places: 20 }, Array(15).fill(14), 3)).CLASS_SIZE).toBe(true);
    expect(met(checkClass({ type: "TODDLER", places: 20 }, Array(16).fill(14), 4)).CLASS_SIZE).toBe(false);
    expect(met(checkClass({ type: "PRESCHOOL", places: 25 }, Array(21).fill(30), 3)).CLASS_SIZE).toBe(false);
    expect(met(checkClass({ type: "MIXED", places: 18 }, Array(18).fill(20), 4)).CLASS_SIZE).toBe(true);
    expect(met(checkClass({ type: "MIXED", places: 20 }, Array(19).fill(20), 4)).CLASS_SIZE).toBe(false);
    expect(met(checkClass({ type: "PRESCHOOL", places: 12 }, Array(13).fill(30), 2)).CLASS_SIZE).toBe(false);
  });

  it("names the children whose ages do not fit", () => {
    const reasons = checkClass({ type: "MIXED", places: 18 }, [20, 17, 30], 1);
    expect(met(reasons).CLASS_AGES).toBe(false);
    expect(reasons.find((r) => r.code === "CLASS_AGES")!.detail).toMatch(/17个月/);
  });

  it("keeps the mixed class's ratio as a local choice with its source", () => {
    const mixed = NATIONAL_CLASS_STANDARDS.find((s) => s.classType === "MIXED")!;
    expect(mixed.status).toBe("LOCAL_CHOICE");
    expect(mixed.source).toMatch(/no ratio/);
  });
});

describe("home childcare points, premises and health workers", () => {
  it("a home point takes at most 5 children, one carer for at most 3", () => {
    expect(met(checkHomePoint(5, 2))).toEqual({ HOME_POINT_SIZE: true, HOME_POINT_RATIO: true });
    expect(met(checkHomePoint(6, 2))).toEqual({ HOME_POINT_SIZE: false, HOME_POINT_RATIO: true });
    expect(met(checkHomePoint(4, 1))).toEqual({ HOME_POINT_SIZE: true, HOME_POINT_RATIO: false });
    expect(met(checkHomePoint(3, 1))).toEqual({ HOME_POINT_SIZE: true, HOME_POINT_RATIO: true });
  });

  it("a lease runs at least three years to the day; own premises need none", () => {
    const premises = { usableAreaM2: 300, lowestChildFloor: 1, highestChildFloor: 2, leaseStartsOn: "2021-01-01", leaseEndsOn: "2023-12-31" };
    expect(met(checkPremises(premises)).LEASE_TERM).toBe(true);
    expect(met(checkPremises({ ...premises, leaseEndsOn: "2023-12-30" })).LEASE_TERM).toBe(false);
    expect(met(checkPremises({ ...premises, leaseStartsOn: null, leaseEndsOn: null })).LEASE_TERM).toBe(true);
  });

  it("children's rooms on floor 3 or lower, never below ground", () => {
    const premises = { usableAreaM2: 300, lowestChildFloor: 1, highestChildFloor: 3, leaseStartsOn: null, leaseEndsOn: null };
    expect(met(checkPremises(premises)).CHILD_ROOM_FLOOR).toBe(true);
    expect(met(checkPremises({ ...premises, highestChildFloor: 4 })).CHILD_ROOM_FLOOR).toBe(false);
    expect(met(checkPremises({ ...premises, lowestChildFloor: -1 })).CHILD_ROOM_FLOOR).toBe(false);
    expect(met(checkPremises({ ...premises, lowestChildFloor: 0 })).CHILD_ROOM_FLOOR).toBe(false);
  });

  it("from 150 children a full-time health worker; below, one of either kind", () => {
    expect(checkHealthWorkers(149, [{ fullTime: false }]).met).toBe(true);
    expect(checkHealthWorkers(149, []).met).toBe(false);
    expect(checkHealthWorkers(150, [{ fullTime: false }]).met).toBe(false);
    expect(checkHealthWorkers(150, [{ fullTime: true }]).met).toBe(true);
    expect(NATIONAL_CHILDCARE_RULES.sources.healthWorker.status).toBe("SECONDARY");
  });
});

describe("filing deadlines", () => {
  it("counts working days Monday to Friday: 5 working days from a Friday end the next Friday", () => {
    expect(addWorkingDays("2024-03-01", 5)).toBe("2024-03-08");
    expect(addWorkingDays("2024-03-04", 5)).toBe("2024-03-11");
  });

  it("records in time, late, pending, overdue, and notices of non-compliance", () => {
    const submitted = { submittedOn: "2024-03-04", recordedOn: null, nonComplianceNoticeOn: null };
    expect(filingState({ ...submitted, recordedOn: "2024-03-11" }, "2024-04-01")).toMatchObject({ state: "RECORDED", reasons: [{ met: true }] });
    expect(filingState({ ...submitted, recordedOn: "2024-03-12" }, "2024-04-01")).toMatchObject({ state: "RECORDED", reasons: [{ met: false }] });
    expect(filingState(submitted, "2024-03-11").state).toBe("PENDING");
    expect(filingState(submitted, "2024-03-12").state).toBe("OVERDUE");
    expect(filingState({ ...submitted, nonComplianceNoticeOn: "2024-03-25" }, "2024-04-01")).toMatchObject({ state: "NOT_COMPLIANT", reasons: [{ met: true }] });
    expect(filingState({ ...submitted, nonComplianceNoticeOn: "2024-03-26" }, "2024-04-01").reasons[0]!.met).toBe(false);
  });
});

describe("childcare indicators", () => {
  const measures: ChildcareMeasures = {
    places: 240, inclusivePlaces: 90, residentPopulation: 100_000, institutionsOperating: 12, institutionsFiled: 9,
    childrenEnrolled: 150, childrenUnder3: 2_500, newInclusiveInstitutions: 2, newOrExpandedInstitutions: 5,
    newKindergartenClasses: 1, newDemonstrationPoints: 1, newCityPilots: 1, newGuidanceCentres: 1, newParentChildCentres: 0,
  };
  const { indicators } = CHILDCARE_INDICATORS;

  it("places per thousand residents, 普惠 share, filing and enrolment rates", () => {
    expect(indicators.CHILDCARE_PLACES_PER_THOUSAND.compute(measures)).toEqual({ value: 2.4, numerator: 240, denominator: 100_000 });
    expect(indicators.CHILDCARE_INCLUSIVE_PLACE_SHARE.compute(measures).value).toBeCloseTo(37.5, 10);
    expect(indicators.CHILDCARE_FILING_RATE.compute(measures).value).toBeCloseTo(75, 10);
    expect(indicators.CHILDCARE_ENROLMENT_RATE.compute(measures).value).toBeCloseTo(6, 10);
  });

  it("counts what was new in the period, and has no value without a population or places", () => {
    expect(indicators.CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS.compute(measures)).toEqual({ value: 2, numerator: 2, denominator: 1 });
    expect(indicators.CHILDCARE_NEW_OR_EXPANDED_INSTITUTIONS.compute(measures).value).toBe(5);
    expect(indicators.CHILDCARE_PLACES_PER_THOUSAND.compute({ ...measures, residentPopulation: null }).value).toBeNull();
    expect(indicators.CHILDCARE_INCLUSIVE_PLACE_SHARE.compute({ ...measures, places: 0, inclusivePlaces: 0 }).value).toBeNull();
  });
});
