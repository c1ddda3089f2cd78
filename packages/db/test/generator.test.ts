import { createHash } from "node:crypto";
import { validateIdNumber } from "@popfam/domain";
import { describe, expect, it } from "vitest";
import { generateDataset, RESIDENTS_AT_SCALE_1 } from "../seed/generate.js";

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

describe("the synthetic data generator", () => {
  const data = generateDataset({ seed: 11, scale: 0.05 });

  it("is deterministic: the same seed gives the same data set, another seed another", () => {
    expect(digest(generateDataset({ seed: 11, scale: 0.05 }))).toBe(digest(data));
    expect(digest(generateDataset({ seed: 12, scale: 0.05 }))).not.toBe(digest(data));
  });

  it("scales the residents but not the region tree", () => {
    const larger = generateDataset({ seed: 11, scale: 0.1 });
    expect(larger.regions).toEqual(data.regions);
    const snapshotResidents = data.persons.filter((p) => p.registeredOn === "2019-12-31").length;
    expect(snapshotResidents).toBeGreaterThan(RESIDENTS_AT_SCALE_1 * 0.05 * 0.95);
    expect(snapshotResidents).toBeLessThan(RESIDENTS_AT_SCALE_1 * 0.05 * 1.15);
  });

  it("gives every person a valid, unique ID number that agrees with sex and birth date", () => {
    const seen = new Set<string>();
    for (const person of data.persons) {
      const check = validateIdNumber(person.idNumber);
      expect(check.valid, person.idNumber).toBe(true);
      if (check.valid) {
        expect(check.sex).toBe(person.sex);
        expect(check.birthDate).toBe(person.birthDate);
      }
      seen.add(person.idNumber);
    }
    expect(seen.size).toBe(data.persons.length);
  });

  it("has realistic rates: crude birth rate 5-9‰, death rate 6-8‰, sex ratio at birth 100-116", () => {
    const residents = data.persons.filter((p) => p.registeredOn === "2019-12-31").length;
    const years = 6;
    const birthRate = (data.births.length / years / residents) * 1000;
    const deathRate = (data.deaths.length / years / residents) * 1000;
    expect(birthRate).toBeGreaterThan(5);
    expect(birthRate).toBeLessThan(9);
    expect(deathRate).toBeGreaterThan(6);
    expect(deathRate).toBeLessThan(8.5);
    const boys = data.births.filter((b) => b.sex === "MALE").length;
    const ratio = (boys / (data.births.length - boys)) * 100;
    expect(ratio).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(116);
  });

  it("carries the imperfections that keep indicators below 100%", () => {
    expect(data.births.some((b) => b.registrationId === null)).toBe(true);
    expect(data.births.some((b) => !b.policyConforming)).toBe(true);
    expect(data.births.some((b) => b.keyItemsChecked && b.keyItemsMatch === false)).toBe(true);
    expect(data.births.some((b) => Date.parse(b.reportedOn) - Date.parse(b.birthDate) > 30 * 86_400_000)).toBe(true);
    const unregisteredShare = data.births.filter((b) => b.registrationId === null).length / data.births.length;
    expect(unregisteredShare).toBeLessThan(0.1);
  });

  it("marks everything synthetic and sets the work plans' targets", () => {
    expect(data.persons.every((p) => p.synthetic)).toBe(true);
    expect(data.births.every((b) => b.synthetic)).toBe(true);
    expect(data.targets.find((t) => t.regionCode === "320722" && t.indicatorCode === "BIRTH_REGISTRATION_RATE")).toMatchObject({ year: 2021, comparator: "GTE", threshold: 97 });
  });
});
