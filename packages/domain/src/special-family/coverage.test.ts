import { describe, expect, it } from "vitest";
import { parsePeriod } from "../period/period.js";
import { RegionCode } from "../region/region.js";
import { coverageGaps, specialFamilyMeasures, SpecialFamilyMeasures, type CoverageGap, type SpecialFamilyRecords } from "./coverage.js";
import type { SpecialFamily, Visit } from "./entities.js";

// 2024: 春节 02-10 (window 01-26..02-25), 中秋 09-17 (09-07..09-17), 重阳 10-11 (10-01..10-11).
const Q4 = { start: "2024-10-01", end: "2024-12-31" };
const END = Q4.end;
const VILLAGE = RegionCode.parse("320722101201");

function visit(familyId: string, visitedOn: string): Visit {
  return { id: `V-${familyId}-${visitedOn}`, familyId, visitedOn, visitor: "王芳", kind: "HOLIDAY", holiday: null, giftFen: 50_000, notes: null, idempotencyKey: null };
}

/** A family with every arrangement in force through 2024 and a visit on each 2024 festival day. */
function covered(id: string, family: Partial<SpecialFamily> = {}): SpecialFamilyRecords {
  return {
    family: {
      id,
      kind: "BEREAVED",
      regionCode: VILLAGE,
      registeredOn: "2020-03-01",
      closedOn: null,
      childDeceasedOn: "2019-11-02",
      childDisabilityGrade: null,
      needs: ["MENTAL_HEALTH"],
      ...family,
    },
    contacts: [{ id: `C-${id}`, familyId: id, name: "李强", phone: "13800000000", role: "VILLAGE_CADRE", assignedOn: "2020-03-01", endedOn: null }],
    contracts: [
      {
        id: `K-${id}`,
        familyId: id,
        memberId: `M-${id}-1`,
        doctorName: "张医生",
        institution: "石榴街道社区卫生服务中心",
        signedOn: "2024-01-01",
        validUntil: "2024-12-31",
        idempotencyKey: null,
      },
    ],
    greenChannels: [{ id: `G-${id}`, familyId: id, institution: "东海县人民医院", since: "2021-01-01", until: null }],
    mentalHealth: [{ id: `P-${id}`, familyId: id, provider: "县心理援助中心", startedOn: "2021-01-01", endedOn: null }],
    visits: ["2024-02-10", "2024-09-17", "2024-10-11"].map((d) => visit(id, d)),
  };
}

const measures = (records: SpecialFamilyRecords[], period = Q4) => specialFamilyMeasures(records, period);

describe("specialFamilyMeasures", () => {
  it("counts a fully covered family everywhere, and parses as the wire schema", () => {
    const m = measures([covered("F1")]);
    expect(m).toEqual({
      families: 1,
      withContactPerson: 1,
      withDoctorContract: 1,
      withGreenChannel: 1,
      withMentalHealthService: 1,
      holidayVisitable: 1,
      holidayVisited: 1,
    });
    expect(SpecialFamilyMeasures.parse(m)).toEqual(m);
    expect(coverageGaps(covered("F1"), Q4)).toEqual([]);
  });

  it("takes a parsed period as it is", () => {
    expect(specialFamilyMeasures([covered("F1")], parsePeriod("2024Q4"))).toEqual(measures([covered("F1")]));
  });

  it("contact person: counts from its first day through its last day (endedOn) inclusive", () => {
    const contact = covered("F1").contacts[0]!;
    const withContact = (assignedOn: string, endedOn: string | null) => ({ ...covered("F1"), contacts: [{ ...contact, assignedOn, endedOn }] });
    expect(measures([withContact(END, null)]).withContactPerson).toBe(1);
    expect(measures([withContact("2020-03-01", END)]).withContactPerson).toBe(1);
    expect(measures([withContact("2020-03-01", "2024-12-30")]).withContactPerson).toBe(0);
    expect(measures([withContact("2020-03-01", "2025-01-01")]).withContactPerson).toBe(1);
    expect(measures([withContact("2025-01-01", null)]).withContactPerson).toBe(0);
    expect(measures([{ ...covered("F1"), contacts: [] }]).withContactPerson).toBe(0);
    // A replaced contact: the old one ended, the new one in force.
    expect(measures([{ ...covered("F1"), contacts: [{ ...contact, endedOn: "2024-06-30" }, { ...contact, id: "C2", assignedOn: "2024-06-30" }] }]).withContactPerson).toBe(1);
  });

  it("doctor contract: valid through validUntil; any member's contract counts", () => {
    const contract = covered("F1").contracts[0]!;
    const withContract = (signedOn: string, validUntil: string, memberId = contract.memberId) => ({
      ...covered("F1"),
      contracts: [{ ...contract, signedOn, validUntil, memberId }],
    });
    expect(measures([withContract("2024-01-01", END)]).withDoctorContract).toBe(1);
    expect(measures([withContract("2024-01-01", "2024-12-30")]).withDoctorContract).toBe(0);
    expect(measures([withContract(END, "2025-12-30")]).withDoctorContract).toBe(1);
    expect(measures([withContract("2025-01-01", "2025-12-31")]).withDoctorContract).toBe(0);
    expect(measures([withContract("2024-01-01", END, "M-F1-2")]).withDoctorContract).toBe(1);
  });

  it("green channel and mental-health service: in force at the end, through their last day inclusive", () => {
    const r = covered("F1");
    expect(measures([{ ...r, greenChannels: [{ ...r.greenChannels[0]!, until: END }] }]).withGreenChannel).toBe(1);
    expect(measures([{ ...r, greenChannels: [{ ...r.greenChannels[0]!, until: "2024-12-30" }] }]).withGreenChannel).toBe(0);
    expect(measures([{ ...r, greenChannels: [{ ...r.greenChannels[0]!, since: END }] }]).withGreenChannel).toBe(1);
    expect(measures([{ ...r, mentalHealth: [{ ...r.mentalHealth[0]!, endedOn: END }] }]).withMentalHealthService).toBe(1);
    expect(measures([{ ...r, mentalHealth: [{ ...r.mentalHealth[0]!, endedOn: "2024-12-30" }] }]).withMentalHealthService).toBe(0);
    expect(measures([{ ...r, mentalHealth: [{ ...r.mentalHealth[0]!, startedOn: END }] }]).withMentalHealthService).toBe(1);
    expect(measures([{ ...r, mentalHealth: [{ ...r.mentalHealth[0]!, startedOn: "2025-01-01" }] }]).withMentalHealthService).toBe(0);
  });

  it("every arrangement ends the same way: counted on its last day, not the day after", () => {
    const r = covered("F1");
    const lastDays = ["2024-12-31", "2025-01-01"];
    const counts = (lastDay: string) => measures([{
      ...r,
      contacts: [{ ...r.contacts[0]!, endedOn: lastDay }],
      contracts: [{ ...r.contracts[0]!, validUntil: lastDay }],
      greenChannels: [{ ...r.greenChannels[0]!, until: lastDay }],
      mentalHealth: [{ ...r.mentalHealth[0]!, endedOn: lastDay }],
    }]);
    for (const lastDay of lastDays) {
      expect(counts(lastDay)).toMatchObject({ withContactPerson: 1, withDoctorContract: 1, withGreenChannel: 1, withMentalHealthService: 1 });
    }
    expect(counts("2024-12-30")).toMatchObject({ withContactPerson: 0, withDoctorContract: 0, withGreenChannel: 0, withMentalHealthService: 0 });
  });

  it("holiday visit: the window's first and last day count, a day outside does not", () => {
    const visitedOn = (d: string) => measures([{ ...covered("F1"), visits: [visit("F1", d)] }]);
    // 重阳 2024-10-11: window 10-01..10-11.
    expect(visitedOn("2024-10-01").holidayVisited).toBe(1);
    expect(visitedOn("2024-10-11").holidayVisited).toBe(1);
    expect(visitedOn("2024-09-30")).toMatchObject({ holidayVisitable: 1, holidayVisited: 0 });
    expect(visitedOn("2024-10-12")).toMatchObject({ holidayVisitable: 1, holidayVisited: 0 });
  });

  it("holiday visit: any visit in the window counts, even one before the period", () => {
    // February 2022: 春节 02-01, window 2022-01-17..2022-02-16.
    const feb = { start: "2022-02-01", end: "2022-02-28" };
    const routine = { ...visit("F1", "2022-01-17"), kind: "ROUTINE" as const };
    expect(measures([{ ...covered("F1"), visits: [routine] }], feb)).toMatchObject({ holidayVisitable: 1, holidayVisited: 1 });
  });

  it("a year needs a visit at every festival the family was in the archive for", () => {
    const year = { start: "2024-01-01", end: "2024-12-31" };
    const r = covered("F1");
    expect(measures([r], year)).toMatchObject({ holidayVisitable: 1, holidayVisited: 1 });
    const missedMidAutumn = { ...r, visits: r.visits.filter((v) => v.visitedOn !== "2024-09-17") };
    expect(measures([missedMidAutumn], year)).toMatchObject({ holidayVisitable: 1, holidayVisited: 0 });
    expect(coverageGaps(missedMidAutumn, year)).toEqual(["HOLIDAY_VISIT"]);
    // Archived after 春节: due 中秋 and 重阳 only.
    const lateArchived = { ...covered("F2", { registeredOn: "2024-03-01" }), visits: r.visits.filter((v) => v.visitedOn !== "2024-02-10") };
    expect(measures([lateArchived], year)).toMatchObject({ holidayVisitable: 1, holidayVisited: 1 });
  });

  it("a quarter without a festival gives 0 / 0 and no holiday gap; one with a festival counts it", () => {
    const q2 = { start: "2024-04-01", end: "2024-06-30" };
    const none = { ...covered("F1"), visits: [] };
    expect(measures([none], q2)).toMatchObject({ families: 1, holidayVisitable: 0, holidayVisited: 0 });
    expect(coverageGaps(none, q2)).toEqual([]);
    expect(measures([none], { start: "2024-07-01", end: "2024-09-30" })).toMatchObject({ holidayVisitable: 1, holidayVisited: 0 });
    expect(coverageGaps(none, { start: "2024-07-01", end: "2024-09-30" })).toEqual(["HOLIDAY_VISIT"]);
  });

  it("a family closed by the end is out of the arrangements, yet due the festivals it was archived on", () => {
    expect(measures([covered("F1", { closedOn: END })])).toMatchObject({ families: 0, withContactPerson: 0, holidayVisitable: 1, holidayVisited: 1 });
    expect(measures([covered("F1", { closedOn: "2025-01-01" })])).toMatchObject({ families: 1, withContactPerson: 1 });
    // Closed on the festival day: not archived that day, so not due.
    expect(measures([covered("F1", { closedOn: "2024-10-11" })])).toMatchObject({ families: 0, holidayVisitable: 0 });
    expect(measures([covered("F1", { closedOn: "2024-10-12" })])).toMatchObject({ families: 0, holidayVisitable: 1 });
    expect(coverageGaps({ ...covered("F1", { closedOn: END }), contacts: [] }, Q4)).toEqual([]);
  });

  it("a family archived after the end counts nowhere; one archived on the end counts", () => {
    const empty = { families: 0, withContactPerson: 0, withDoctorContract: 0, withGreenChannel: 0, withMentalHealthService: 0, holidayVisitable: 0, holidayVisited: 0 };
    expect(measures([covered("F1", { registeredOn: "2025-01-01" })])).toEqual(empty);
    expect(coverageGaps(covered("F1", { registeredOn: "2025-01-01" }), Q4)).toEqual([]);
    // Archived after 重阳 but within the quarter: in the arrangements, not due a visit.
    expect(measures([covered("F1", { registeredOn: END })])).toMatchObject({ families: 1, withContactPerson: 1, holidayVisitable: 0 });
    expect(measures([])).toEqual(empty);
  });

  it("refuses a period the holiday table cannot judge", () => {
    expect(() => measures([covered("F1")], { start: "2031-01-01", end: "2031-03-31" })).toThrow(/2031/);
  });
});

describe("coverageGaps", () => {
  it("lists what is missing, in CoverageGap order", () => {
    const r: SpecialFamilyRecords = { ...covered("F1"), contacts: [], mentalHealth: [], visits: [] };
    expect(coverageGaps(r, Q4)).toEqual(["CONTACT_PERSON", "MENTAL_HEALTH_SERVICE", "HOLIDAY_VISIT"]);
    const bare: SpecialFamilyRecords = { family: covered("F2").family, contacts: [], contracts: [], greenChannels: [], mentalHealth: [], visits: [] };
    expect(coverageGaps(bare, Q4)).toEqual(["CONTACT_PERSON", "DOCTOR_CONTRACT", "GREEN_CHANNEL", "MENTAL_HEALTH_SERVICE", "HOLIDAY_VISIT"]);
  });

  it("summed over families, each gap is its denominator minus its numerator", () => {
    const base = covered("F0");
    const records: SpecialFamilyRecords[] = [
      base,
      { ...covered("F1"), contacts: [] },
      { ...covered("F2"), contracts: [], visits: [] },
      { ...covered("F3", { closedOn: "2024-11-01" }), greenChannels: [], visits: [] },
      { ...covered("F4", { registeredOn: "2024-12-01" }), mentalHealth: [] },
      { family: covered("F5").family, contacts: [], contracts: [], greenChannels: [], mentalHealth: [], visits: [] },
    ];
    const m = measures(records);
    const gaps = records.flatMap((r) => coverageGaps(r, Q4));
    const count = (gap: CoverageGap) => gaps.filter((g) => g === gap).length;
    expect(count("CONTACT_PERSON")).toBe(m.families - m.withContactPerson);
    expect(count("DOCTOR_CONTRACT")).toBe(m.families - m.withDoctorContract);
    expect(count("GREEN_CHANNEL")).toBe(m.families - m.withGreenChannel);
    expect(count("MENTAL_HEALTH_SERVICE")).toBe(m.families - m.withMentalHealthService);
    expect(count("HOLIDAY_VISIT")).toBe(m.holidayVisitable - m.holidayVisited);
    expect(m).toEqual({
      families: 5,
      withContactPerson: 3,
      withDoctorContract: 3,
      withGreenChannel: 4,
      withMentalHealthService: 3,
      holidayVisitable: 5,
      holidayVisited: 2,
    });
  });
});
