import { describe, expect, it } from "vitest";
import { addDays, compareIsoDates, daysBetween, isIsoDate } from "../common/date.js";
import { Birth, PopulationBase } from "../population/events.js";
import { generateIdNumber } from "./id-number.js";
import { Person } from "./person.js";

const idNumber = generateIdNumber({ regionCode: "320722", birthDate: "1990-03-15", sequence: 123, sex: "FEMALE" });

const person = {
  id: "p1",
  idNumber,
  name: "王芳",
  sex: "FEMALE",
  birthDate: "1990-03-15",
  hukouRegionCode: "320722101001",
  residenceRegionCode: "320722101",
  hukouType: "RURAL",
  status: "REGISTERED",
  householdId: "h1",
  registeredOn: "2010-01-01",
  exitedOn: null,
};

describe("Person", () => {
  it("accepts a record that agrees with its ID number", () => {
    expect(Person.safeParse(person).success).toBe(true);
  });
  it("flags sex and birth date that disagree with the ID number", () => {
    const r = Person.safeParse({ ...person, sex: "MALE", birthDate: "1990-03-16" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["sex", "birthDate"]);
  });
  it("rejects an invalid ID number on the idNumber field", () => {
    const r = Person.safeParse({ ...person, idNumber: "11010519491231003X" });
    expect(r.error?.issues[0]?.path).toEqual(["idNumber"]);
  });
});

describe("Birth", () => {
  const birth = {
    id: "b1",
    childPersonId: null,
    childIdNumber: null,
    motherPersonId: "p1",
    motherIdNumber: idNumber,
    sex: "MALE",
    birthDate: "2021-06-01",
    birthOrder: 3,
    regionCode: "320722101",
    channel: "BIRTH_CERTIFICATE",
    reportedOn: "2021-06-03",
    keyItemsChecked: true,
    keyItemsMatch: true,
    registrationId: null,
    rebirthApprovalId: null,
    policyConforming: true,
  };
  it("accepts a birth reported after it happened", () => {
    expect(Birth.safeParse(birth).success).toBe(true);
    expect(Birth.safeParse({ ...birth, reportedOn: "2021-06-01" }).success).toBe(true);
  });
  it("rejects a report dated before the birth", () => {
    const r = Birth.safeParse({ ...birth, reportedOn: "2021-05-31" });
    expect(r.error?.issues[0]?.path).toEqual(["reportedOn"]);
  });
  it("checks population base figures are non-negative integers", () => {
    expect(PopulationBase.safeParse({ regionCode: "320722", year: 2022, residentPopulation: 950_000, registeredPopulation: 1_200_000 }).success).toBe(true);
    expect(PopulationBase.safeParse({ regionCode: "320722", year: 2022, residentPopulation: -1, registeredPopulation: 0 }).success).toBe(false);
  });
});

describe("dates", () => {
  it("accepts real calendar dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2021-04-31")).toBe(false);
    expect(isIsoDate("2021-4-1")).toBe(false);
  });
  it("does day arithmetic across months and years", () => {
    expect(addDays("2021-12-31", 1)).toBe("2022-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("2021-05-31", "2021-06-30")).toBe(30);
    expect(daysBetween("2021-06-30", "2021-05-31")).toBe(-30);
    expect(compareIsoDates("2021-05-30", "2021-05-31")).toBe(-1);
    expect(compareIsoDates("2021-05-31", "2021-05-31")).toBe(0);
  });
});
