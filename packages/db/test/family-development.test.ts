// The synthetic rewards-and-assistance system and special-family archive: deterministic, valid by
// the domain's schemas, built on real registry persons, in realistic proportions, assessed by the
// domain's own rules, paid what the domain says is due, and agreeing between the two archives.
import { createHash } from "node:crypto";
import {
  amountDue,
  AssistanceProgram,
  assessEligibility,
  Beneficiary,
  childcareMonthsByChild,
  ContactPerson,
  EligibilityDecision,
  FamilyDoctorContract,
  FamilyPlanningFamily,
  FamilyService,
  GreenChannel,
  holidayOf,
  holidayWindows,
  isSyntheticRate,
  isWithinRegion,
  MentalHealthService,
  NATIONAL_RATE_ROWS,
  PaymentBatch,
  PaymentLine,
  RateComponent,
  SpecialFamily,
  SpecialFamilyMember,
  Visit,
  type FamilyChild,
} from "@popfam/domain";
import { describe, expect, it } from "vitest";
import { ASSISTANCE_YEARS, generateAssistance } from "../seed/assistance.js";
import { generateDataset } from "../seed/generate.js";
import { generateSpecialFamilies, SPECIAL_FAMILY_YEARS } from "../seed/special-families.js";

const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).digest("hex");
const share = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
const children = (family: { children: unknown }) => family.children as FamilyChild[];

describe("the synthetic assistance system and special-family archive", () => {
  const data = generateDataset({ seed: 11, scale: 0.05 });
  const personById = new Map(data.persons.map((p) => [p.id, p]));
  const personByIdNumber = new Map(data.persons.map((p) => [p.idNumber, p]));
  const programByCode = new Map(data.programs.map((p) => [p.code, AssistanceProgram.parse(p)]));
  const rates = data.rates.map((r) => RateComponent.parse(r));
  const familyById = new Map(data.fpFamilies.map((f) => [f.id, FamilyPlanningFamily.parse(f)]));
  const decided = new Set(data.decisions.map((d) => `${d.programCode}|${d.year}|${d.idNumber}`));

  it("is deterministic: the same seed and registry give the same records", () => {
    const again = generateAssistance(11, data);
    expect(digest(again)).toBe(digest({
      programs: data.programs, rates: data.rates, fpFamilies: data.fpFamilies, assessments: data.assessments, decisions: data.decisions,
      beneficiaries: data.beneficiaries, beneficiaryExits: data.beneficiaryExits, paymentBatches: data.paymentBatches, paymentLines: data.paymentLines,
    }));
    const names = new Map(data.regions.map((r) => [r.code, r.name]));
    const archive = generateSpecialFamilies(11, data.fpFamilies, data.persons, names);
    expect(digest(archive.specialFamilies)).toBe(digest(data.specialFamilies));
    expect(digest(archive.visits)).toBe(digest(data.visits));
    expect(digest(generateAssistance(12, data).fpFamilies)).not.toBe(digest(data.fpFamilies));
  });

  it("gives every table rows, each valid by its entity's schema and marked synthetic", () => {
    const tables: [string, readonly { synthetic: boolean }[], (row: never) => unknown][] = [
      ["programs", data.programs, (r) => AssistanceProgram.parse(r)],
      ["rates", data.rates, (r) => RateComponent.parse(r)],
      ["fpFamilies", data.fpFamilies, (r) => FamilyPlanningFamily.parse(r)],
      ["decisions", data.decisions, (r) => EligibilityDecision.parse(r)],
      ["beneficiaries", data.beneficiaries, (r) => Beneficiary.parse(r)],
      ["paymentBatches", data.paymentBatches, (r: { totalFen: bigint }) => PaymentBatch.parse({ ...r, totalFen: Number(r.totalFen) })],
      ["paymentLines", data.paymentLines, (r) => PaymentLine.parse(r)],
      ["specialFamilies", data.specialFamilies, (r) => SpecialFamily.parse(r)],
      ["specialFamilyMembers", data.specialFamilyMembers, (r) => SpecialFamilyMember.parse(r)],
      ["contactPersons", data.contactPersons, (r) => ContactPerson.parse(r)],
      ["doctorContracts", data.doctorContracts, (r) => FamilyDoctorContract.parse(r)],
      ["greenChannels", data.greenChannels, (r) => GreenChannel.parse(r)],
      ["mentalHealthServices", data.mentalHealthServices, (r) => MentalHealthService.parse(r)],
      ["visits", data.visits, (r) => Visit.parse(r)],
      ["familyServices", data.familyServices, (r) => FamilyService.parse(r)],
    ];
    const documented = new Set(NATIONAL_RATE_ROWS.filter((n) => !isSyntheticRate(n)).map((n) => `${n.programCode}|${n.effectiveFrom}`));
    for (const [name, rows, parse] of tables) {
      expect(rows.length, name).toBeGreaterThan(0);
      for (const row of rows) parse(row as never);
      // A national rate a document wholly supports is real data; every other row is synthetic.
      const real = (r: object) => {
        const rate = r as Partial<RateComponent>;
        return name === "rates" && rate.regionCode === "100000" && documented.has(`${rate.programCode}|${rate.effectiveFrom}`);
      };
      expect(rows.every((r) => r.synthetic === !real(r)), name).toBe(true);
    }
    expect(data.rates.filter((r) => !r.synthetic).map((r) => [r.programCode, r.amountFen, r.effectiveFrom])).toEqual([
      ["SPECIAL_ASSISTANCE_DISABILITY", 552_000, "2022-07-01"],
      ["SPECIAL_ASSISTANCE_DEATH", 708_000, "2022-07-01"],
      ["CHILDCARE_SUBSIDY", 360_000, "2025-01-01"],
    ]);
    expect(data.assessments.length).toBeGreaterThan(0);
    expect(data.beneficiaryExits.length).toBeGreaterThan(0);
  });

  it("sets programs and rates as data: the nation's, provincial and county top-ups, and local programs", () => {
    expect(data.programs.filter((p) => p.definedBy === "100000").length).toBe(7);
    expect(data.programs.filter((p) => p.definedBy !== "100000").map((p) => p.definedBy).sort()).toEqual(["310000", "320000", "320722"]);
    const sources = new Set(data.rates.map((r) => r.fundingSource));
    for (const source of ["CENTRAL", "PROVINCIAL", "CITY", "COUNTY"]) expect(sources.has(source as never), source).toBe(true);
    // 上海 tops the rural reward up most, 广西 and 江西 least.
    const topUp = (region: string) => Math.max(...data.rates.filter((r) => r.programCode === "RURAL_REWARD" && r.regionCode === region).map((r) => r.amountFen));
    expect(topUp("310000")).toBeGreaterThan(topUp("320000"));
    expect(topUp("320000")).toBeGreaterThan(topUp("450000"));
    expect(topUp("320000")).toBeGreaterThan(topUp("360000"));
    for (const rate of data.rates) expect(programByCode.has(rate.programCode), rate.programCode).toBe(true);
  });

  describe("family-planning family records", () => {
    it("are the registry's couples: real persons, mothers aged 40+ at the end of 2019, children from the registry where it has them", () => {
      for (const family of data.fpFamilies) {
        const mother = personById.get(family.motherPersonId!)!;
        expect(mother.idNumber).toBe(family.motherIdNumber);
        expect(mother.sex).toBe("FEMALE");
        expect(mother.birthDate <= "1979-12-31").toBe(true);
        expect(mother.hukouRegionCode).toBe(family.regionCode);
        if (family.fatherIdNumber !== null) {
          const father = personById.get(family.fatherPersonId!)!;
          expect(father.idNumber).toBe(family.fatherIdNumber);
          expect(father.sex).toBe("MALE");
        }
        for (const child of children(family)) {
          if (child.personId === null) continue;
          const person = personById.get(child.personId)!;
          expect([person.sex, person.birthDate]).toEqual([child.sex, child.birthDate]);
          // A registry child's death is the registry's.
          expect(child.deceasedOn).toBe(person.status === "DECEASED" ? person.exitedOn : null);
        }
      }
      expect(data.fpFamilies.some((f) => children(f).some((c) => c.personId !== null))).toBe(true);
      expect(data.fpFamilies.some((f) => children(f).some((c) => c.personId === null))).toBe(true);
    });

    it("have realistic proportions", () => {
      const ruralOlder = data.fpFamilies.filter((f) => f.hukouType === "RURAL" && f.motherIdNumber.slice(6, 10) <= "1964");
      const qualifying = ruralOlder.filter((f) => {
        const kids = children(f);
        return f.compliedWithPolicy && (kids.length === 1 || (kids.length === 2 && kids.every((c) => c.sex === "FEMALE")));
      });
      // ~60% of rural couples aged 55+ have one child or two daughters and complied.
      expect(share(qualifying.length, ruralOlder.length)).toBeGreaterThan(0.5);
      expect(share(qualifying.length, ruralOlder.length)).toBeLessThan(0.7);
      const only = (f: (typeof data.fpFamilies)[number]) => (children(f).length === 1 ? children(f)[0]! : null);
      const bereaved = data.fpFamilies.filter((f) => only(f)?.deceasedOn).length;
      const disabled = data.fpFamilies.filter((f) => only(f)?.disabilityGrade).length;
      // A few per thousand families each.
      expect(share(bereaved, data.fpFamilies.length)).toBeGreaterThan(0.001);
      expect(share(bereaved, data.fpFamilies.length)).toBeLessThan(0.015);
      expect(share(disabled, data.fpFamilies.length)).toBeGreaterThan(0.001);
      expect(share(disabled, data.fpFamilies.length)).toBeLessThan(0.015);
      const urbanOneChild = data.fpFamilies.filter((f) => f.hukouType === "URBAN" && children(f).length === 1);
      expect(share(urbanOneChild.filter((f) => f.onlyChildCertificate).length, urbanOneChild.length)).toBeGreaterThan(0.6);
      expect(data.fpFamilies.some((f) => f.fatherRetiredOn !== null)).toBe(true);
      expect(data.fpFamilies.some((f) => f.motherRetiredOn !== null)).toBe(true);
      expect(data.fpFamilies.every((f) => f.hukouType === "URBAN" || (f.fatherRetiredOn === null && f.motherRetiredOn === null))).toBe(true);
    });
  });

  describe("eligibility assessments", () => {
    it("agree with the domain's assessEligibility (a sample)", () => {
      const sample = data.assessments.filter((_, i) => i % 25 === 0);
      expect(sample.length).toBeGreaterThan(20);
      for (const assessment of sample) {
        const applicant = personById.get(assessment.personId!)!;
        const result = assessEligibility({
          program: programByCode.get(assessment.programCode)!,
          family: familyById.get(assessment.familyId)!,
          applicant: { ...applicant, personId: applicant.id },
          year: assessment.year,
        });
        expect({ eligible: assessment.eligible, eligibleFrom: assessment.eligibleFrom, reasons: assessment.reasons }).toEqual({
          eligible: result.eligible, eligibleFrom: result.eligibleFrom, reasons: result.reasons,
        });
        expect([applicant.idNumber, applicant.name]).toEqual([assessment.idNumber, assessment.name]);
      }
    });

    it("cover each year, most eligible persons decided, the rest 免申即享 candidates", () => {
      for (const year of ASSISTANCE_YEARS) expect(data.assessments.some((a) => a.year === year && a.eligible), String(year)).toBe(true);
      const eligible = data.assessments.filter((a) => a.eligible);
      const eligibleDecided = eligible.filter((a) => decided.has(`${a.programCode}|${a.year}|${a.idNumber}`));
      expect(share(eligibleDecided.length, eligible.length)).toBeGreaterThan(0.75);
      expect(share(eligibleDecided.length, eligible.length)).toBeLessThan(0.97);
      expect(data.assessments.some((a) => !a.eligible)).toBe(true);
      expect(data.decisions.some((d) => d.status === "REJECTED")).toBe(true);
    });
  });

  describe("the roster", () => {
    const decisionById = new Map(data.decisions.map((d) => [d.id, d]));

    it("enters each beneficiary by a confirmed decision of the same person and program, at most one active entry per person and program", () => {
      const active = new Set<string>();
      for (const beneficiary of data.beneficiaries) {
        const decision = decisionById.get(beneficiary.decisionId!)!;
        expect(decision.status).toBe("CONFIRMED");
        expect([decision.programCode, decision.idNumber, decision.familyId, decision.eligibleFrom]).toEqual([
          beneficiary.programCode, beneficiary.idNumber, beneficiary.familyId, beneficiary.eligibleFrom,
        ]);
        if (beneficiary.exitedOn === null) {
          const key = `${beneficiary.programCode}|${beneficiary.idNumber}`;
          expect(active.has(key), key).toBe(false);
          active.add(key);
        } else {
          expect(beneficiary.exitedOn >= beneficiary.eligibleFrom).toBe(true);
        }
      }
    });

    it("exits deaths and moves as the registry has them, with a few disagreements left for 库册一致 to find", () => {
      let neverExited = 0;
      let misspelt = 0;
      for (const beneficiary of data.beneficiaries) {
        const person = personByIdNumber.get(beneficiary.idNumber)!;
        if (beneficiary.name !== person.name) misspelt++;
        if (person.exitedOn === null || person.exitedOn <= beneficiary.eligibleFrom) continue;
        if (beneficiary.exitedOn === null) {
          expect(person.status).toBe("DECEASED");
          neverExited++;
        } else if (beneficiary.exitReason === "DEATH" || beneficiary.exitReason === "MOVED_AWAY") {
          expect(beneficiary.exitedOn).toBe(person.exitedOn);
          expect(beneficiary.exitReason).toBe(person.status === "DECEASED" ? "DEATH" : "MOVED_AWAY");
        }
      }
      expect(neverExited).toBeGreaterThan(0);
      expect(misspelt).toBeGreaterThan(0);
      expect(misspelt).toBeLessThan(data.beneficiaries.length * 0.02);
      const reasons = new Set(data.beneficiaries.map((b) => b.exitReason));
      for (const reason of ["DEATH", "MOVED_AWAY", "ADOPTION_CHANGE"]) expect(reasons.has(reason as never), reason).toBe(true);
      // Each exit has its command, keyed, with the beneficiary's date and reason.
      const exits = new Map(data.beneficiaryExits.map((e) => [e.beneficiaryId, e]));
      for (const beneficiary of data.beneficiaries.filter((b) => b.exitedOn !== null)) {
        expect(exits.get(beneficiary.id)).toMatchObject({ exitedOn: beneficiary.exitedOn, reason: beneficiary.exitReason });
      }
    });
  });

  describe("the payment ledger", () => {
    const beneficiaryById = new Map(data.beneficiaries.map((b) => [b.id, Beneficiary.parse(b)]));
    const linesByBatch = new Map<string, typeof data.paymentLines>();
    for (const line of data.paymentLines) linesByBatch.set(line.batchId, [...(linesByBatch.get(line.batchId) ?? []), line]);

    it("pays each line what the domain says is due, within the batch's program and county, each beneficiary once a batch", () => {
      for (const batch of data.paymentBatches) {
        const lines = linesByBatch.get(batch.id)!;
        expect(lines.length).toBe(batch.lineCount);
        expect(lines.reduce((sum, l) => sum + BigInt(l.amountFen), 0n)).toBe(batch.totalFen);
        expect(new Set(lines.map((l) => l.beneficiaryId)).size).toBe(lines.length);
        expect(batch.regionCode).toHaveLength(6);
        const program = programByCode.get(batch.programCode)!;
        for (const line of lines) {
          const beneficiary = beneficiaryById.get(line.beneficiaryId)!;
          expect(beneficiary.programCode).toBe(batch.programCode);
          expect(isWithinRegion(beneficiary.regionCode, batch.regionCode)).toBe(true);
          const family = familyById.get(beneficiary.familyId)!;
          const options = program.rule === "CHILDCARE_SUBSIDY" ? { childcareMonths: childcareMonthsByChild(family, batch.year, 3).flatMap((c) => c.months) } : {};
          expect(line.amountFen).toBe(amountDue(program, beneficiary, batch.year, rates, options).totalFen);
        }
      }
    });

    it("covers 2023 and 2024 everywhere and 2025 in part, with a few beneficiaries due and unpaid", () => {
      const years = new Map<number, Set<string>>();
      for (const batch of data.paymentBatches) years.set(batch.year, (years.get(batch.year) ?? new Set()).add(batch.regionCode.slice(0, 2)));
      expect([...years.get(2023)!].sort()).toEqual(["31", "32", "36", "45"]);
      expect([...years.get(2024)!].sort()).toEqual(["31", "32", "36", "45"]);
      expect([...years.get(2025)!]).toEqual(["32"]);
      const paid = new Set(data.paymentLines.filter((l) => data.paymentBatches.find((b) => b.id === l.batchId)!.year === 2024).map((l) => l.beneficiaryId));
      const dueUnpaid = [...beneficiaryById.values()].filter(
        (b) => !paid.has(b.id) && amountDue(programByCode.get(b.programCode)!, b, 2024, rates).totalFen > 0 && programByCode.get(b.programCode)!.rule !== "CHILDCARE_SUBSIDY",
      );
      expect(dueUnpaid.length).toBeGreaterThan(0);
      expect(dueUnpaid.length).toBeLessThan(paid.size * 0.08);
    });
  });

  describe("the special-family archive", () => {
    const familiesByMother = new Map(data.fpFamilies.map((f) => [f.motherIdNumber, f]));
    const membersOf = new Map<string, typeof data.specialFamilyMembers>();
    for (const m of data.specialFamilyMembers) membersOf.set(m.familyId, [...(membersOf.get(m.familyId) ?? []), m]);

    it("agrees with the family-planning records: each special family is a one-child family whose child died or is disabled, its members the parents", () => {
      for (const special of data.specialFamilies) {
        const members = membersOf.get(special.id)!;
        const mother = members.find((m) => m.role === "MOTHER")!;
        const family = familiesByMother.get(mother.idNumber)!;
        expect(family.regionCode).toBe(special.regionCode);
        const kids = children(family);
        expect(kids).toHaveLength(1);
        expect(special.kind).toBe(kids[0]!.deceasedOn ? "BEREAVED" : "DISABLED");
        expect(special.childDeceasedOn).toBe(kids[0]!.deceasedOn);
        expect(members.map((m) => m.idNumber).sort()).toEqual([family.motherIdNumber, family.fatherIdNumber].filter((x) => x !== null).sort());
        for (const member of members) {
          const person = personById.get(member.personId!)!;
          expect([person.idNumber, person.name, person.birthDate]).toEqual([member.idNumber, member.name, member.birthDate]);
        }
      }
      // And the other way round: every such family still open is archived.
      const archivedMothers = new Set(data.specialFamilyMembers.filter((m) => m.role === "MOTHER").map((m) => m.idNumber));
      const due = data.fpFamilies.filter((f) => {
        const kids = children(f);
        const mother = personById.get(f.motherPersonId!)!;
        return kids.length === 1 && (kids[0]!.deceasedOn ?? kids[0]!.disabilityGrade) !== null && mother.exitedOn === null && (kids[0]!.deceasedOn ?? "") < "2025-08-01";
      });
      expect(due.length).toBeGreaterThan(10);
      for (const family of due) expect(archivedMothers.has(family.motherIdNumber), family.id).toBe(true);
    });

    it("covers most families with a contact person, a doctor, a green channel and mental-health help", () => {
      const open = data.specialFamilies.filter((f) => f.closedOn === null);
      const covered = (rows: readonly { familyId: string }[]) => share(open.filter((f) => rows.some((r) => r.familyId === f.id)).length, open.length);
      expect(covered(data.contactPersons.filter((c) => c.endedOn === null))).toBeGreaterThan(0.8);
      expect(covered(data.doctorContracts.filter((c) => c.signedOn <= "2025-12-31" && c.validUntil >= "2025-12-31"))).toBeGreaterThan(0.7);
      expect(covered(data.greenChannels)).toBeGreaterThan(0.65);
      expect(covered(data.greenChannels)).toBeLessThan(1);
      expect(covered(data.mentalHealthServices)).toBeGreaterThan(0.6);
      expect(covered(data.mentalHealthServices)).toBeLessThan(0.95);
      const kinds = new Set(data.familyServices.map((s) => s.kind));
      expect(kinds.size).toBe(6);
    });

    it("visits ~90% of families in each holiday window, dated inside it, the holiday set from the date", () => {
      for (const visit of data.visits) {
        if (visit.kind === "HOLIDAY") expect(visit.holiday, visit.visitedOn).toBe(holidayOf(visit.visitedOn));
        else expect(visit.holiday).toBeNull();
      }
      for (const year of SPECIAL_FAMILY_YEARS) {
        for (const window of holidayWindows(year)) {
          const archived = data.specialFamilies.filter((f) => f.registeredOn <= window.start && (f.closedOn === null || f.closedOn >= window.end));
          const visited = new Set(
            data.visits.filter((v) => v.kind === "HOLIDAY" && v.visitedOn >= window.start && v.visitedOn <= window.end).map((v) => v.familyId),
          );
          const rate = share(archived.filter((f) => visited.has(f.id)).length, archived.length);
          expect(rate, `${window.holiday} ${year}`).toBeGreaterThan(0.7);
          expect(rate, `${window.holiday} ${year}`).toBeLessThanOrEqual(1);
        }
      }
      expect(data.visits.some((v) => v.kind === "ROUTINE")).toBe(true);
    });
  });
});
