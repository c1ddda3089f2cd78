import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { generateIdNumber } from "../person/id-number.js";
import { BirthRegistration, type BirthChannel } from "./events.js";
import { BirthChannelRecord, LINK_WINDOW_DAYS, linkBirthRecords, linkageMeasures, type LinkedBirth } from "./linkage.js";

const mother = generateIdNumber({ regionCode: "320722", birthDate: "1992-04-10", sequence: 12, sex: "FEMALE" });
const otherMother = generateIdNumber({ regionCode: "320722", birthDate: "1994-09-21", sequence: 40, sex: "FEMALE" });
const boy = generateIdNumber({ regionCode: "320722", birthDate: "2021-06-01", sequence: 21, sex: "MALE" });
const girl = generateIdNumber({ regionCode: "320722", birthDate: "2021-06-01", sequence: 22, sex: "FEMALE" });
const secondChild = generateIdNumber({ regionCode: "320722", birthDate: "2022-07-15", sequence: 31, sex: "MALE" });

const BIRTH = "2021-06-01";
const WINDOW = { reportWindowDays: 7 };

// Plain strings where the schema brands them: record() parses, so the brands are checked there.
type RecordInput = Partial<Omit<BirthChannelRecord, "id" | "channel" | "motherIdNumber" | "childIdNumber" | "regionCode">> & {
  motherIdNumber?: string;
  childIdNumber?: string | null;
  regionCode?: string;
};

function record(id: string, channel: BirthChannel, fields: RecordInput = {}): BirthChannelRecord {
  return BirthChannelRecord.parse({
    id,
    channel,
    motherIdNumber: mother,
    childIdNumber: null,
    sex: "MALE",
    birthDate: BIRTH,
    birthOrder: channel === "BIRTH_CERTIFICATE" ? 2 : null,
    regionCode: "320722101",
    reportedOn: "2021-06-03",
    ...fields,
  });
}

function registration(id: string, registeredOn: string, childOrder: number, motherIdNumber: string = mother): BirthRegistration {
  return BirthRegistration.parse({
    id,
    motherPersonId: null,
    motherIdNumber,
    childOrder,
    mode: "ONLINE",
    registeredOn,
    regionCode: "320722101",
  });
}

/** One birth as all three channels report it, each channel's record open to change. */
function threeChannels(fields: { certificate?: RecordInput; hukou?: RecordInput; vaccination?: RecordInput } = {}): BirthChannelRecord[] {
  return [
    record("c1", "BIRTH_CERTIFICATE", fields.certificate),
    record("h1", "HOUSEHOLD_REGISTRATION", { childIdNumber: boy, reportedOn: "2021-06-05", ...fields.hukou }),
    record("v1", "VACCINATION", { reportedOn: "2021-06-02", ...fields.vaccination }),
  ];
}

const kinds = (birth: LinkedBirth | undefined) => birth?.findings.map((f) => f.kind);
const ids = (birth: LinkedBirth | undefined) => birth?.records.map((r) => r.id);
const finding = (birth: LinkedBirth | undefined, kind: string) => birth?.findings.find((f) => f.kind === kind);

// Deterministic permutations, so a failure can be reproduced.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe("linkBirthRecords — linking channels", () => {
  it("links the three channels of one birth, taking the key items from the certificate", () => {
    const records = threeChannels({ hukou: { regionCode: "320722102" }, vaccination: { regionCode: "320722103" } });
    const births = linkBirthRecords(records, [registration("r1", "2020-12-01", 2)], WINDOW);
    expect(births).toHaveLength(1);
    const [birth] = births;
    expect(birth).toMatchObject({
      key: `${mother}|${BIRTH}`,
      motherIdNumber: mother,
      sex: "MALE",
      birthDate: BIRTH,
      birthOrder: 2,
      childIdNumber: boy,
      regionCode: "320722101",
      firstReportedOn: "2021-06-02",
      firstChannel: "VACCINATION",
      keyItemsChecked: true,
      keyItemsMatch: true,
      inRegistry: false,
      findings: [],
    });
    expect(ids(birth)).toEqual(["c1", "h1", "v1"]);
    expect(birth?.registration?.id).toBe("r1");
  });

  it("reports a certificate with no hukou record as NO_HOUSEHOLD_REGISTRATION", () => {
    const records = [record("c1", "BIRTH_CERTIFICATE"), record("v1", "VACCINATION")];
    const [birth] = linkBirthRecords(records, [registration("r1", "2020-12-01", 2)], { ...WINDOW, isInRegistry: () => true });
    expect(kinds(birth)).toEqual(["NO_HOUSEHOLD_REGISTRATION"]);
    expect(finding(birth, "NO_HOUSEHOLD_REGISTRATION")).toMatchObject({
      recordIds: ["c1", "v1"],
      channels: ["BIRTH_CERTIFICATE", "VACCINATION"],
    });
    expect(finding(birth, "NO_HOUSEHOLD_REGISTRATION")?.detail).toMatch(/^出生医学证明、预防接种有记录，无公安户籍记录 — /);
    // Without a hukou record the child has no ID number, so it cannot be found in the registry.
    expect(birth).toMatchObject({ childIdNumber: null, inRegistry: false, keyItemsChecked: true });
  });

  it("takes the earliest report as authoritative when there is no certificate, and checks no key items", () => {
    const records = [
      record("h1", "HOUSEHOLD_REGISTRATION", { childIdNumber: girl, sex: "FEMALE", reportedOn: "2021-06-10" }),
      record("v1", "VACCINATION", { birthDate: "2021-06-02", reportedOn: "2021-06-02" }),
    ];
    const [birth] = linkBirthRecords(records, [], WINDOW);
    expect(birth).toMatchObject({ sex: "MALE", birthDate: "2021-06-02", childIdNumber: girl, keyItemsChecked: false, keyItemsMatch: null });
    expect(kinds(birth)).toEqual(["NO_BIRTH_CERTIFICATE", "NO_BIRTH_REGISTRATION"]);
  });

  it("names the channel whose sex disagrees with the certificate, with both values", () => {
    const [birth] = linkBirthRecords(threeChannels({ vaccination: { sex: "FEMALE" } }), [], WINDOW);
    expect(birth?.keyItemsMatch).toBe(false);
    const sex = finding(birth, "SEX_MISMATCH");
    expect(sex).toMatchObject({ recordIds: ["v1"], channels: ["VACCINATION"] });
    expect(sex?.detail).toContain("出生医学证明为男，预防接种为女");
    expect(sex?.detail).toContain("vaccination FEMALE");
    expect(finding(birth, "BIRTH_DATE_MISMATCH")).toBeUndefined();
  });

  it("links records 1-3 days off the certificate's date and names each channel's date", () => {
    const records = threeChannels({ hukou: { birthDate: "2021-06-02", reportedOn: "2021-06-05" }, vaccination: { birthDate: "2021-06-04", reportedOn: "2021-06-06" } });
    const births = linkBirthRecords(records, [], WINDOW);
    expect(births).toHaveLength(1);
    const [birth] = births;
    expect(birth).toMatchObject({ birthDate: BIRTH, keyItemsMatch: false });
    const date = finding(birth, "BIRTH_DATE_MISMATCH");
    expect(date).toMatchObject({ recordIds: ["h1", "v1"], channels: ["HOUSEHOLD_REGISTRATION", "VACCINATION"] });
    expect(date?.detail).toContain("出生医学证明为2021-06-01，公安户籍为2021-06-02、预防接种为2021-06-04");
    expect(finding(birth, "SEX_MISMATCH")).toBeUndefined();
  });

  it(`links a record ${LINK_WINDOW_DAYS} days away and starts a new birth from one 8 days away`, () => {
    expect(LINK_WINDOW_DAYS).toBe(7);
    const certificate = record("c1", "BIRTH_CERTIFICATE");
    const near = linkBirthRecords([certificate, record("v1", "VACCINATION", { birthDate: "2021-06-08", reportedOn: "2021-06-08" })], [], WINDOW);
    expect(near.map(ids)).toEqual([["c1", "v1"]]);

    const far = linkBirthRecords([certificate, record("v1", "VACCINATION", { birthDate: "2021-06-09", reportedOn: "2021-06-09" })], [], WINDOW);
    expect(far.map(ids)).toEqual([["c1"], ["v1"]]);
    expect(far.map((b) => b.key)).toEqual([`${mother}|2021-06-01`, `${mother}|2021-06-09`]);
    expect(kinds(far[1])).toContain("NO_BIRTH_CERTIFICATE");
  });

  it("never links a channel twice into one birth", () => {
    const births = linkBirthRecords([record("v1", "VACCINATION"), record("v2", "VACCINATION", { birthDate: "2021-06-02" })], [], WINDOW);
    expect(births.map(ids)).toEqual([["v1"], ["v2"]]);
  });

  it("keeps one mother's births a year apart as two births, each with its own registration", () => {
    const second = (id: string, channel: BirthChannel, fields: RecordInput = {}) =>
      record(id, channel, { birthDate: "2022-07-15", reportedOn: "2022-07-16", ...fields });
    const records = [
      ...threeChannels({ certificate: { birthOrder: 1 } }),
      second("c2", "BIRTH_CERTIFICATE", { birthOrder: 2 }),
      second("h2", "HOUSEHOLD_REGISTRATION", { childIdNumber: secondChild }),
      second("v2", "VACCINATION"),
    ];
    const registrations = [registration("r2", "2022-01-10", 2), registration("r1", "2020-11-01", 1)];
    const births = linkBirthRecords(records, registrations, WINDOW);
    expect(births.map(ids)).toEqual([
      ["c1", "h1", "v1"],
      ["c2", "h2", "v2"],
    ]);
    expect(births.map((b) => b.key)).toEqual([`${mother}|2021-06-01`, `${mother}|2022-07-15`]);
    expect(births.map((b) => b.registration?.id)).toEqual(["r1", "r2"]);
    expect(births.map((b) => b.childIdNumber)).toEqual([boy, secondChild]);
  });

  it("keeps twins apart by the hukou child ID numbers and, for the other records, by sex", () => {
    // The girl's hukou record sorts first, so a record that ignored sex would join her birth.
    const records = [
      record("h1", "HOUSEHOLD_REGISTRATION", { childIdNumber: girl, sex: "FEMALE" }),
      record("h2", "HOUSEHOLD_REGISTRATION", { childIdNumber: boy, sex: "MALE" }),
      record("c1", "BIRTH_CERTIFICATE", { sex: "MALE", birthOrder: 2 }),
      record("c2", "BIRTH_CERTIFICATE", { sex: "FEMALE", birthOrder: 3 }),
      record("v1", "VACCINATION", { sex: "MALE" }),
      record("v2", "VACCINATION", { sex: "FEMALE" }),
    ];
    const births = linkBirthRecords(records, [registration("r2", "2020-10-01", 2), registration("r3", "2020-10-01", 3)], WINDOW);
    const boyBirth = births.find((b) => b.sex === "MALE");
    const girlBirth = births.find((b) => b.sex === "FEMALE");
    expect(births).toHaveLength(2);
    expect(boyBirth).toMatchObject({ sex: "MALE", childIdNumber: boy, birthOrder: 2, key: `${mother}|${BIRTH}|${boy}` });
    expect(girlBirth).toMatchObject({ sex: "FEMALE", childIdNumber: girl, birthOrder: 3, key: `${mother}|${BIRTH}|${girl}` });
    expect(ids(boyBirth)).toEqual(["c1", "h2", "v1"]);
    expect(ids(girlBirth)).toEqual(["c2", "h1", "v2"]);
    expect(boyBirth?.registration?.id).toBe("r2");
    expect(girlBirth?.registration?.id).toBe("r3");
    expect(births.flatMap((b) => kinds(b))).toEqual([]);
  });

  it("gives twins without child ID numbers distinct keys", () => {
    const births = linkBirthRecords([record("c1", "BIRTH_CERTIFICATE"), record("c2", "BIRTH_CERTIFICATE", { sex: "FEMALE" })], [], WINDOW);
    expect(births.map((b) => b.key)).toEqual([`${mother}|${BIRTH}|c1`, `${mother}|${BIRTH}|c2`]);
  });

  it("identifies each birth by its authoritative record's id, never by the mother's or child's ID number", () => {
    const births = linkBirthRecords(
      [...threeChannels(), record("c2", "BIRTH_CERTIFICATE", { birthDate: "2022-07-15", reportedOn: "2022-07-16" }), record("v9", "VACCINATION", { motherIdNumber: otherMother })],
      [],
      WINDOW,
    );
    expect(births.map((b) => b.id).sort()).toEqual(["c1", "c2", "v9"]);
    // The same record id twice (a system's error) still gives distinct ids.
    const repeated = linkBirthRecords([record("c1", "BIRTH_CERTIFICATE"), record("c1", "BIRTH_CERTIFICATE", { motherIdNumber: otherMother })], [], WINDOW);
    expect(new Set(repeated.map((b) => b.id)).size).toBe(2);
  });

  it("gives the same result whatever order the records and registrations come in", () => {
    const records = [
      record("h1", "HOUSEHOLD_REGISTRATION", { childIdNumber: girl, sex: "FEMALE" }),
      record("h2", "HOUSEHOLD_REGISTRATION", { childIdNumber: boy, sex: "MALE", birthDate: "2021-06-02" }),
      record("c1", "BIRTH_CERTIFICATE", { sex: "MALE", birthOrder: 2 }),
      record("c2", "BIRTH_CERTIFICATE", { sex: "FEMALE", birthOrder: 3 }),
      record("v1", "VACCINATION", { sex: "FEMALE", birthDate: "2021-06-04", reportedOn: "2021-06-04" }),
      record("v2", "VACCINATION", { sex: "MALE", birthDate: "2021-06-05", reportedOn: "2021-06-20" }),
      record("v3", "VACCINATION", { birthDate: "2021-06-07", reportedOn: "2021-06-08" }),
      record("c3", "BIRTH_CERTIFICATE", { birthDate: "2022-07-15", reportedOn: "2022-07-15", birthOrder: 4 }),
      record("x1", "BIRTH_CERTIFICATE", { motherIdNumber: otherMother, reportedOn: "2021-06-30" }),
      record("x2", "VACCINATION", { motherIdNumber: otherMother, sex: "FEMALE", birthDate: "2021-06-03" }),
    ];
    const registrations = [
      registration("r1", "2020-09-01", 2),
      registration("r2", "2020-09-01", 3),
      registration("r3", "2021-12-01", 3),
      registration("r4", "2021-01-01", 3),
      registration("r5", "2020-12-01", 1, otherMother),
      registration("r6", "2021-02-01", 1, otherMother),
    ];
    const expected = linkBirthRecords(records, registrations, WINDOW);
    expect(expected.length).toBeGreaterThan(2);
    for (const seed of [1, 2, 3, 42, 2024]) {
      expect(linkBirthRecords(shuffled(records, seed), shuffled(registrations, seed + 7), WINDOW)).toEqual(expected);
    }
    expect(linkBirthRecords([...records].reverse(), [...registrations].reverse(), WINDOW)).toEqual(expected);
  });

  it("orders births by birth date, then key", () => {
    const records = [
      record("x1", "BIRTH_CERTIFICATE", { motherIdNumber: otherMother, birthDate: "2021-05-01", reportedOn: "2021-05-01" }),
      record("c1", "BIRTH_CERTIFICATE"),
      record("x2", "BIRTH_CERTIFICATE", { motherIdNumber: otherMother }),
    ];
    const keys = linkBirthRecords(records, [], WINDOW).map((b) => b.key);
    expect(keys).toEqual([`${otherMother}|2021-05-01`, ...[`${mother}|${BIRTH}`, `${otherMother}|${BIRTH}`].sort()]);
  });
});

describe("linkBirthRecords — timeliness", () => {
  const firstReportOn = (reportedOn: string) =>
    linkBirthRecords(threeChannels({ certificate: { reportedOn }, hukou: { reportedOn }, vaccination: { reportedOn } }), [], WINDOW)[0];

  it("accepts a first report on the last day of the window", () => {
    expect(kinds(firstReportOn("2021-06-08"))).not.toContain("LATE_REPORT");
  });

  it("reports a first report one day after the window as LATE_REPORT, with the delay", () => {
    const late = finding(firstReportOn("2021-06-09"), "LATE_REPORT");
    expect(late).toMatchObject({ recordIds: ["c1"], channels: ["BIRTH_CERTIFICATE"] });
    expect(late?.detail).toMatch(/^出生后8天才首次上报（出生医学证明），超过7天时限 — first reported 8 days after birth/);
  });

  it("judges lateness by the earliest report over all channels", () => {
    const [birth] = linkBirthRecords(threeChannels({ certificate: { reportedOn: "2021-07-01" }, hukou: { reportedOn: "2021-07-01" } }), [], WINDOW);
    expect(birth?.firstChannel).toBe("VACCINATION");
    expect(kinds(birth)).not.toContain("LATE_REPORT");
  });

  it.each([-1, 31, 1.5, Number.NaN])("refuses a report window of %s days", (reportWindowDays) => {
    expect.assertions(2);
    try {
      linkBirthRecords([], [], { reportWindowDays });
    } catch (error) {
      expect(isDomainError(error)).toBe(true);
      expect(error).toMatchObject({ code: "INVALID_INPUT", field: "reportWindowDays" });
    }
  });
});

describe("linkBirthRecords — birth registration", () => {
  const linkedRegistration = (registrations: BirthRegistration[], certificate: RecordInput = {}) =>
    linkBirthRecords(threeChannels({ certificate }), registrations, WINDOW)[0];

  it.each([
    ["300 days before", "2020-08-05", "r1"],
    ["301 days before", "2020-08-04", null],
    ["60 days after", "2021-07-31", "r1"],
    ["61 days after", "2021-08-01", null],
  ])("links a registration %s the birth: %s", (_label, registeredOn, expected) => {
    const birth = linkedRegistration([registration("r1", registeredOn, 2)]);
    expect(birth?.registration?.id ?? null).toBe(expected);
    expect(kinds(birth)?.includes("NO_BIRTH_REGISTRATION")).toBe(expected === null);
  });

  it("requires the registered child order to be the birth order, capped at 3", () => {
    expect(linkedRegistration([registration("r1", "2021-01-01", 1)])?.registration).toBeNull();
    expect(linkedRegistration([registration("r1", "2021-01-01", 3)], { birthOrder: 4 })?.registration?.id).toBe("r1");
    expect(linkedRegistration([registration("r1", "2021-01-01", 2)], { birthOrder: 4 })?.registration).toBeNull();
  });

  it("accepts any child order when the birth order is unknown", () => {
    expect(linkedRegistration([registration("r1", "2021-01-01", 1)], { birthOrder: null })?.registration?.id).toBe("r1");
  });

  it("ignores another mother's registration", () => {
    expect(linkedRegistration([registration("r1", "2021-01-01", 2, otherMother)])?.registration).toBeNull();
  });

  it("chooses the nearest registration by date", () => {
    const birth = linkedRegistration([registration("far", "2020-09-01", 2), registration("near", "2021-05-01", 2), registration("after", "2021-07-15", 2)]);
    expect(birth?.registration?.id).toBe("near");
    // At equal distance the registration before the birth wins: that is when most are made.
    const tied = linkedRegistration([registration("after", "2021-06-11", 2), registration("before", "2021-05-22", 2)]);
    expect(tied?.registration?.id).toBe("before");
  });

  it("links a registration to one birth only, the older first", () => {
    const later = (id: string, channel: BirthChannel) => record(id, channel, { birthDate: "2022-03-01", reportedOn: "2022-03-01", birthOrder: null });
    const records = [
      ...threeChannels({ certificate: { birthOrder: null } }),
      later("c2", "BIRTH_CERTIFICATE"),
      later("v2", "VACCINATION"),
    ];
    // 2021-07-15 is 44 days after the first birth and 229 days before the second: it fits both.
    const births = linkBirthRecords(records, [registration("r1", "2021-07-15", 1)], WINDOW);
    expect(births.map((b) => b.registration?.id ?? null)).toEqual(["r1", null]);
    expect(kinds(births[1])).toContain("NO_BIRTH_REGISTRATION");
  });
});

describe("linkBirthRecords — population registry", () => {
  it("reports no NOT_IN_REGISTRY when the registry was not consulted", () => {
    const [birth] = linkBirthRecords(threeChannels(), [], WINDOW);
    expect(birth?.inRegistry).toBe(false);
    expect(kinds(birth)).not.toContain("NOT_IN_REGISTRY");
  });

  it("reports NOT_IN_REGISTRY for a child ID number the registry does not hold", () => {
    const asked: string[] = [];
    const isInRegistry = (idNumber: string) => {
      asked.push(idNumber);
      return false;
    };
    const [birth] = linkBirthRecords(threeChannels(), [], { ...WINDOW, isInRegistry });
    expect(asked).toContain(boy);
    expect(birth?.inRegistry).toBe(false);
    expect(finding(birth, "NOT_IN_REGISTRY")).toMatchObject({ recordIds: ["h1"], channels: ["HOUSEHOLD_REGISTRATION"] });
  });

  it("marks a child found in the registry", () => {
    const [birth] = linkBirthRecords(threeChannels(), [], { ...WINDOW, isInRegistry: (idNumber) => idNumber === boy });
    expect(birth?.inRegistry).toBe(true);
    expect(kinds(birth)).not.toContain("NOT_IN_REGISTRY");
  });

  it("does not report a child without an ID number as NOT_IN_REGISTRY", () => {
    const [birth] = linkBirthRecords([record("c1", "BIRTH_CERTIFICATE")], [], { ...WINDOW, isInRegistry: () => false });
    expect(kinds(birth)).not.toContain("NOT_IN_REGISTRY");
    expect(kinds(birth)).toContain("NO_HOUSEHOLD_REGISTRATION");
  });
});

describe("linkageMeasures", () => {
  // A: complete, consistent, on time, in the registry.
  // B: sex differs on vaccination, first reported 10 days after birth, not in the registry.
  // C: certificate only: not checked, no ID number, on time.
  const byMother = (motherIdNumber: string) => (r: BirthChannelRecord) => ({ ...r, id: `${motherIdNumber.slice(-4)}-${r.id}`, motherIdNumber });
  const b = generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 50, sex: "FEMALE" });
  const c = generateIdNumber({ regionCode: "320722", birthDate: "1991-01-01", sequence: 60, sex: "FEMALE" });
  const records = [
    ...threeChannels(),
    ...threeChannels({
      hukou: { childIdNumber: girl, reportedOn: "2021-06-11" },
      certificate: { reportedOn: "2021-06-11" },
      vaccination: { sex: "FEMALE", reportedOn: "2021-06-11" },
    }).map(byMother(b)),
    record("c1", "BIRTH_CERTIFICATE", { motherIdNumber: c, reportedOn: "2021-06-08" }),
  ].map((r) => BirthChannelRecord.parse(r));
  const births = linkBirthRecords(records, [registration("r1", "2021-01-01", 2)], {
    ...WINDOW,
    isInRegistry: (idNumber) => idNumber === boy,
  });

  it("counts numerators and denominators of each rate", () => {
    const m = linkageMeasures(births, WINDOW);
    expect(m.births).toBe(3);
    expect(m.registryCoverage).toEqual({ numerator: 1, denominator: 3, value: (1 / 3) * 100 });
    expect(m.keyItemAccuracy).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(m.reportTimeliness).toEqual({ numerator: 2, denominator: 3, value: (2 / 3) * 100 });
  });

  it("counts findings by kind, every kind present", () => {
    expect(linkageMeasures(births, WINDOW).findingCounts).toEqual({
      NO_HOUSEHOLD_REGISTRATION: 1,
      NO_BIRTH_CERTIFICATE: 0,
      NO_VACCINATION_RECORD: 1,
      SEX_MISMATCH: 1,
      BIRTH_DATE_MISMATCH: 0,
      LATE_REPORT: 1,
      NO_BIRTH_REGISTRATION: 2,
      NOT_IN_REGISTRY: 1,
    });
  });

  it("judges timeliness by the window it is given", () => {
    expect(linkageMeasures(births, { reportWindowDays: 10 }).reportTimeliness.numerator).toBe(3);
    expect(linkageMeasures(births, { reportWindowDays: 6 }).reportTimeliness.numerator).toBe(1);
  });

  it("gives null values on zero denominators", () => {
    const none = linkageMeasures([], WINDOW);
    expect(none.births).toBe(0);
    for (const rate of [none.registryCoverage, none.keyItemAccuracy, none.reportTimeliness]) {
      expect(rate).toEqual({ numerator: 0, denominator: 0, value: null });
    }
    expect(Object.values(none.findingCounts).every((n) => n === 0)).toBe(true);
    expect(linkageMeasures(births.filter((b) => !b.keyItemsChecked), WINDOW).keyItemAccuracy).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});
