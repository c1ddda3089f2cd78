import { createHash } from "node:crypto";
import { BirthChannelRecord, ContactPerson, FamilyDoctorContract, GreenChannel, MentalHealthService, SpecialFamily, specialFamilyMeasures, validateIdNumber, Visit } from "@popfam/domain";
import { describe, expect, it } from "vitest";
import { generateDataset } from "../seed/generate.js";
import { MIN_BIRTH_SPACING_DAYS, RESIDENTS_AT_SCALE_1, type BirthChannelRecordRow, type BirthRow } from "../seed/population.js";

// Batch totals are bigints (a county's batch can pass 2^31 fen): written as their decimal text.
const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).digest("hex");
const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
const TIE_ORDER = ["BIRTH_CERTIFICATE", "HOUSEHOLD_REGISTRATION", "VACCINATION"] as const;

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

  describe("a population that looks like China's of 2020–2025", () => {
    const ageOn = (birthDate: string, on: string) => {
      const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
      return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
    };
    const inRegistryOn = (on: string) => data.persons.filter((p) => p.registeredOn <= on && (p.exitedOn === null || p.exitedOn > on));
    const sexRatio = (people: readonly { sex: string }[]) => {
      const men = people.filter((p) => p.sex === "MALE").length;
      return (men / (people.length - men)) * 100;
    };

    it("has about 104–106 men per 100 women, and fewer men than women at 65 and over", () => {
      for (const on of ["2019-12-31", "2025-12-31"]) {
        const people = inRegistryOn(on);
        expect(sexRatio(people), on).toBeGreaterThan(102);
        expect(sexRatio(people), on).toBeLessThan(109);
        const old = people.filter((p) => ageOn(p.birthDate, on) >= 65);
        expect(sexRatio(old), on).toBeGreaterThan(80);
        expect(sexRatio(old), on).toBeLessThan(98);
      }
    });

    it("has mothers' ages at birth peaking at 25–34, with a few births under 20 and a few percent at 40 and over", () => {
      const persons = new Map(data.persons.map((p) => [p.id, p]));
      const ages = data.births.map((b) => ageOn(persons.get(b.motherPersonId!)!.birthDate, b.birthDate));
      const share = (low: number, high: number) => ages.filter((a) => a >= low && a <= high).length / ages.length;
      expect(share(0, 19)).toBeGreaterThan(0);
      expect(share(0, 19)).toBeLessThan(0.03);
      expect(share(25, 34)).toBeGreaterThan(0.55);
      expect(share(25, 29) + share(30, 34)).toBeGreaterThan(2 * Math.max(share(20, 24), share(35, 39)));
      expect(share(40, 99)).toBeGreaterThan(0.01);
      expect(share(40, 99)).toBeLessThan(0.06);
    });

    it("has infant deaths, about 5 per 1000 births, each before the first birthday", () => {
      const persons = new Map(data.persons.map((p) => [p.id, p]));
      const births = new Set(data.births.map((b) => b.childPersonId));
      const infant = data.deaths.filter((d) => ageOn(persons.get(d.personId)!.birthDate, d.deathDate) < 1);
      expect(infant.length).toBeGreaterThan(0);
      for (const death of infant) {
        expect(births.has(death.personId)).toBe(true);
        expect(persons.get(death.personId)).toMatchObject({ status: "DECEASED", exitedOn: death.deathDate });
      }
      // About 6 expected at this scale: a wide band for a small count.
      const perThousand = (infant.length / data.births.length) * 1000;
      expect(perThousand).toBeGreaterThan(1);
      expect(perThousand).toBeLessThan(12);
    });

    it("covers special families in every year from 2020: contact person, doctor contract, green channel, mental health, holiday visits", () => {
      const records = data.specialFamilies.map((f) => {
        const own = <T extends { familyId: string }>(rows: readonly T[]) => rows.filter((r) => r.familyId === f.id);
        return {
          family: SpecialFamily.parse(f),
          contacts: own(data.contactPersons).map((r) => ContactPerson.parse(r)),
          contracts: own(data.doctorContracts).map((r) => FamilyDoctorContract.parse(r)),
          greenChannels: own(data.greenChannels).map((r) => GreenChannel.parse(r)),
          mentalHealth: own(data.mentalHealthServices).map((r) => MentalHealthService.parse(r)),
          visits: own(data.visits).map((r) => Visit.parse(r)),
        };
      });
      const rates: { doctor: number; holiday: number }[] = [];
      for (let year = 2020; year <= 2025; year++) {
        const m = specialFamilyMeasures(records, { start: `${year}-01-01`, end: `${year}-12-31` });
        expect(m.families, String(year)).toBeGreaterThan(20);
        const r = {
          contact: m.withContactPerson / m.families,
          doctor: m.withDoctorContract / m.families,
          green: m.withGreenChannel / m.families,
          mental: m.withMentalHealthService / m.families,
          holiday: m.holidayVisited / m.holidayVisitable,
        };
        for (const [measure, rate] of Object.entries(r)) {
          expect(rate, `${year} ${measure}`).toBeGreaterThan(0.6);
          expect(rate, `${year} ${measure}`).toBeLessThanOrEqual(1);
        }
        rates.push(r);
      }
      // The work grew: contracts and holiday visits cover more families at the end than at the start.
      expect(rates[5]!.doctor).toBeGreaterThan(rates[0]!.doctor);
      expect(rates[5]!.holiday).toBeGreaterThan(rates[0]!.holiday);
    });

    it("keeps the assistance roster from 2020: assessments, decisions, beneficiaries and payments in every year", () => {
      for (let year = 2020; year <= 2025; year++) {
        expect(data.assessments.some((a) => a.year === year && a.eligible), String(year)).toBe(true);
        expect(data.decisions.some((d) => d.year === year && d.status === "CONFIRMED"), String(year)).toBe(true);
        expect(data.paymentBatches.some((b) => b.year === year), String(year)).toBe(true);
      }
      expect(data.beneficiaries.map((b) => b.eligibleFrom).sort()[0]! <= "2020-01-01").toBe(true);
    });
  });

  describe("the birth channels' records", () => {
    // A mother's births are far apart and a record's date is at most 3 days off, so each record
    // belongs to the one birth of its mother within a week of it.
    const birthsByMother = new Map<string, BirthRow[]>();
    for (const birth of data.births) birthsByMother.set(birth.motherIdNumber, [...(birthsByMother.get(birth.motherIdNumber) ?? []), birth]);
    const recordsByBirth = new Map<string, BirthChannelRecordRow[]>();
    const unmatched: BirthChannelRecordRow[] = [];
    for (const record of data.channelRecords) {
      const births = (birthsByMother.get(record.motherIdNumber) ?? []).filter((b) => Math.abs(daysBetween(b.birthDate, record.birthDate)) <= 7);
      if (births.length !== 1) unmatched.push(record);
      else recordsByBirth.set(births[0]!.id, [...(recordsByBirth.get(births[0]!.id) ?? []), record]);
    }
    const personsById = new Map(data.persons.map((p) => [p.id, p]));

    it("are valid records, each of exactly one birth, at most one per channel, at least one per birth", () => {
      for (const record of data.channelRecords) expect(BirthChannelRecord.safeParse(record).success, record.id).toBe(true);
      expect(unmatched).toEqual([]);
      for (const birth of data.births) {
        const records = recordsByBirth.get(birth.id) ?? [];
        expect(records.length, birth.id).toBeGreaterThan(0);
        expect(new Set(records.map((r) => r.channel)).size).toBe(records.length);
      }
      expect(new Set(data.channelRecords.map((r) => r.id)).size).toBe(data.channelRecords.length);
    });

    it("give the birth its first report and that report's channel (ties: certificate, household registration, vaccination)", () => {
      for (const birth of data.births) {
        const records = recordsByBirth.get(birth.id)!;
        const first = [...records].sort((a, b) => a.reportedOn.localeCompare(b.reportedOn) || TIE_ORDER.indexOf(a.channel) - TIE_ORDER.indexOf(b.channel))[0]!;
        expect(first.reportedOn, birth.id).toBe(birth.reportedOn);
        expect(first.channel, birth.id).toBe(birth.channel);
      }
    });

    it("carry the child's ID number in the household registration only, and the birth order in the certificate only", () => {
      for (const birth of data.births) {
        const records = recordsByBirth.get(birth.id)!;
        const hukou = records.find((r) => r.channel === "HOUSEHOLD_REGISTRATION");
        expect(birth.childIdNumber).toBe(hukou?.childIdNumber ?? null);
        if (hukou) expect(hukou.childIdNumber).toBe(personsById.get(birth.childPersonId!)!.idNumber);
        for (const record of records) {
          if (record.channel !== "HOUSEHOLD_REGISTRATION") expect(record.childIdNumber).toBeNull();
          expect(record.birthOrder).toBe(record.channel === "BIRTH_CERTIFICATE" ? birth.birthOrder : null);
          expect(record.regionCode).toBe(birth.regionCode);
        }
        const certificate = records.find((r) => r.channel === "BIRTH_CERTIFICATE");
        // The authoritative record: the certificate, else the earliest report; either way the true items.
        const authority = certificate ?? records.find((r) => r.reportedOn === birth.reportedOn && r.channel === birth.channel)!;
        expect([authority.sex, authority.birthDate]).toEqual([birth.sex, birth.birthDate]);
      }
    });

    it("decide the key-item columns: checked with a certificate and another record, matching when all agree with it", () => {
      for (const birth of data.births) {
        const records = recordsByBirth.get(birth.id)!;
        const certificate = records.find((r) => r.channel === "BIRTH_CERTIFICATE");
        const others = records.filter((r) => r.channel !== "BIRTH_CERTIFICATE");
        const checked = certificate !== undefined && others.length > 0;
        expect(birth.keyItemsChecked, birth.id).toBe(checked);
        expect(birth.keyItemsMatch, birth.id).toBe(checked ? others.every((r) => r.sex === certificate.sex && r.birthDate === certificate.birthDate) : null);
        if (!checked) expect(others.every((r) => r.sex === birth.sex && r.birthDate === birth.birthDate)).toBe(true);
      }
      const wrong = [...recordsByBirth].flatMap(([id, records]) => {
        const birth = data.births.find((b) => b.id === id)!;
        return records.filter((r) => r.sex !== birth.sex || r.birthDate !== birth.birthDate).map((r) => ({ r, birth }));
      });
      expect(wrong.every(({ r }) => r.channel !== "BIRTH_CERTIFICATE")).toBe(true);
      expect(wrong.some(({ r, birth }) => r.sex !== birth.sex)).toBe(true);
      expect(wrong.some(({ r, birth }) => r.birthDate !== birth.birthDate)).toBe(true);
      for (const { r, birth } of wrong) expect(Math.abs(daysBetween(birth.birthDate, r.birthDate))).toBeLessThanOrEqual(3);
      const checked = data.births.filter((b) => b.keyItemsChecked);
      const matchRate = checked.filter((b) => b.keyItemsMatch).length / checked.length;
      expect(matchRate).toBeGreaterThan(0.88);
      expect(matchRate).toBeLessThan(0.99);
    });

    it("have the certificate for ~99% of births, vaccination ~95%, the household registration ~90%, reported at each channel's pace", () => {
      const share = (channel: string) => data.channelRecords.filter((r) => r.channel === channel).length / data.births.length;
      expect(share("BIRTH_CERTIFICATE")).toBeGreaterThan(0.97);
      expect(share("VACCINATION")).toBeGreaterThan(0.92);
      expect(share("VACCINATION")).toBeLessThan(0.98);
      expect(share("HOUSEHOLD_REGISTRATION")).toBeGreaterThan(0.84);
      expect(share("HOUSEHOLD_REGISTRATION")).toBeLessThan(0.96);
      const delays = (channel: string) => data.channelRecords.filter((r) => r.channel === channel).map((r) => daysBetween(r.birthDate, r.reportedOn));
      const within = (values: number[], low: number, high: number) => values.filter((v) => v >= low && v <= high).length / values.length;
      expect(within(delays("HOUSEHOLD_REGISTRATION"), 4, 63)).toBeGreaterThan(0.75);
      // No record comes before the first report, which is within 3 days for ~60% of births.
      expect(within(delays("VACCINATION"), 0, 6)).toBeGreaterThan(0.5);
    });

    it("keep a mother's births more than 320 days apart, so that linking them is never ambiguous", () => {
      expect(MIN_BIRTH_SPACING_DAYS).toBeGreaterThanOrEqual(300);
      let mothersWithMore = 0;
      for (const births of birthsByMother.values()) {
        if (births.length > 1) mothersWithMore++;
        const days = births.map((b) => b.birthDate).sort();
        for (let i = 1; i < days.length; i++) expect(daysBetween(days[i - 1]!, days[i]!)).toBeGreaterThan(MIN_BIRTH_SPACING_DAYS);
      }
      expect(mothersWithMore).toBeGreaterThan(0);
    });

    it("link each registration to its birth: same mother, child order min(birth order, 3), 300 days before to 60 after", () => {
      const registrations = new Map(data.registrations.map((r) => [r.id, r]));
      for (const birth of data.births) {
        if (birth.registrationId === null) continue;
        const registration = registrations.get(birth.registrationId)!;
        expect(registration.motherIdNumber).toBe(birth.motherIdNumber);
        expect(registration.childOrder).toBe(Math.min(birth.birthOrder, 3));
        const days = daysBetween(registration.registeredOn, birth.birthDate);
        expect(days).toBeGreaterThanOrEqual(-60);
        expect(days).toBeLessThanOrEqual(300);
        // No other birth of the mother has this registration in its window.
        for (const other of birthsByMother.get(birth.motherIdNumber)!) {
          if (other.id === birth.id) continue;
          const d = daysBetween(registration.registeredOn, other.birthDate);
          expect(d < -60 || d > 300).toBe(true);
        }
      }
    });
  });
});
