import { describe, expect, it } from "vitest";
import { generateIdNumber } from "../person/id-number.js";
import { AssistanceProgram, FamilyChild, FamilyPlanningFamily } from "./entities.js";
import { assessEligibility, birthdayOfAge, childcareMonths, childcareMonthsByChild, type EligibilityInput, type EligibilityResult } from "./eligibility.js";
import { NATIONAL_PROGRAMS } from "./programs.js";

const program = (code: string): AssistanceProgram => {
  const found = NATIONAL_PROGRAMS.find((p) => p.code === code);
  if (!found) throw new Error(`no program ${code}`);
  return found;
};

const MOTHER_BORN = "1964-03-10";
const FATHER_BORN = "1962-08-20";

function idOf(birthDate: string, sex: "MALE" | "FEMALE", sequence = 10): string {
  return generateIdNumber({ regionCode: "320722", birthDate, sequence, sex });
}

function child(birthDate: string, fields: Partial<FamilyChild> = {}): FamilyChild {
  return FamilyChild.parse({ personId: null, sex: "FEMALE", birthDate, adopted: false, deceasedOn: null, disabilityGrade: null, ...fields });
}

type FamilyFields = Partial<Omit<FamilyPlanningFamily, "motherIdNumber" | "fatherIdNumber" | "regionCode">>;

function family(fields: FamilyFields & { motherBorn?: string; fatherBorn?: string } = {}): FamilyPlanningFamily {
  const { motherBorn = MOTHER_BORN, fatherBorn = FATHER_BORN, ...rest } = fields;
  return FamilyPlanningFamily.parse({
    id: "f1",
    regionCode: "320722101001",
    hukouType: "RURAL",
    motherPersonId: "pm",
    motherIdNumber: idOf(motherBorn, "FEMALE"),
    fatherPersonId: "pf",
    fatherIdNumber: idOf(fatherBorn, "MALE"),
    children: [child("1988-05-01")],
    onlyChildCertificate: true,
    compliedWithPolicy: true,
    fatherRetiredOn: null,
    motherRetiredOn: null,
    ...rest,
  });
}

type Applicant = EligibilityInput["applicant"];

function mother(fam: FamilyPlanningFamily, fields: Partial<Applicant> = {}): Applicant {
  const birthDate = fam.motherIdNumber.slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, "$1-$2-$3");
  return { personId: "pm", idNumber: fam.motherIdNumber, name: "王芳", sex: "FEMALE", birthDate, status: "REGISTERED", exitedOn: null, ...fields };
}

function father(fam: FamilyPlanningFamily, fields: Partial<Applicant> = {}): Applicant {
  const id = fam.fatherIdNumber ?? "";
  const birthDate = id.slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, "$1-$2-$3");
  return { personId: "pf", idNumber: id, name: "李强", sex: "MALE", birthDate, status: "REGISTERED", exitedOn: null, ...fields };
}

function assess(code: string, fam: FamilyPlanningFamily, applicant: Applicant, year: number, prog = program(code)): EligibilityResult {
  return assessEligibility({ program: prog, family: fam, applicant, year });
}

const unmet = (r: EligibilityResult) => r.reasons.filter((x) => !x.met).map((x) => x.code);
const codes = (r: EligibilityResult) => r.reasons.map((x) => x.code);

describe("assessEligibility — common behaviour", () => {
  it("gives every condition a reason, eligible only when all are met", () => {
    const r = assess("RURAL_REWARD", family(), mother(family()), 2024);
    expect(r).toMatchObject({ programCode: "RURAL_REWARD", year: 2024, eligible: true, eligibleFrom: "2024-01-01" });
    expect(codes(r)).toEqual(["APPLICANT_IS_PARENT", "HUKOU_RURAL", "ONE_CHILD_OR_TWO_DAUGHTERS", "COMPLIED_WITH_POLICY", "APPLICANT_AGE_REACHED", "APPLICANT_IN_REGISTRY"]);
    for (const reason of r.reasons) {
      expect(reason.code).toMatch(/^[A-Z][A-Z_]+$/);
      // Chinese first, then the English after a dash.
      expect(reason.detail).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff].* — /);
    }
  });

  it("refuses a program not in force in the year with a single reason", () => {
    const fam = family({ children: [child("2024-02-01")] });
    const r = assess("CHILDCARE_SUBSIDY", fam, mother(fam), 2024);
    expect(r).toMatchObject({ eligible: false, eligibleFrom: null });
    expect(codes(r)).toEqual(["PROGRAM_NOT_IN_FORCE"]);
    expect(r.reasons[0]?.met).toBe(false);
  });

  it("requires the applicant to be a parent of the family", () => {
    const fam = family();
    const stranger = { ...mother(fam), idNumber: idOf(MOTHER_BORN, "FEMALE", 500) };
    expect(unmet(assess("RURAL_REWARD", fam, stranger, 2024))).toEqual(["APPLICANT_IS_PARENT"]);
    expect(assess("RURAL_REWARD", fam, father(fam), 2024).eligible).toBe(true);
  });

  it("lets a program's parameters override the defaults", () => {
    const local = AssistanceProgram.parse({ ...program("RURAL_REWARD"), code: "LOCAL_RURAL_55", definedBy: "320722", parameters: { applicantAge: 55 } });
    const fam = family({ motherBorn: "1969-06-01" });
    expect(assess("RURAL_REWARD", fam, mother(fam), 2024).eligible).toBe(false);
    expect(assess("LOCAL_RURAL_55", fam, mother(fam), 2024, local)).toMatchObject({ programCode: "LOCAL_RURAL_55", eligible: true });
  });

  it("pays an annual program from its own start when it begins mid-year", () => {
    const local = AssistanceProgram.parse({ ...program("RURAL_REWARD"), code: "LOCAL_RURAL", definedBy: "320722", effectiveFrom: "2024-07-01" });
    expect(assess("LOCAL_RURAL", family(), mother(family()), 2024, local).eligibleFrom).toBe("2024-07-01");
  });

  it("refuses a one-time event outside the program's period", () => {
    const ended = AssistanceProgram.parse({ ...program("RETIREE_ONE_TIME_REWARD"), code: "LOCAL_RETIREE", definedBy: "320722", effectiveTo: "2024-06-30" });
    const fam = family({ hukouType: "URBAN", motherRetiredOn: "2024-08-01" });
    const r = assess("LOCAL_RETIREE", fam, mother(fam), 2024, ended);
    expect(unmet(r)).toEqual(["PROGRAM_NOT_IN_FORCE"]);
    const inTime = assess("LOCAL_RETIREE", family({ hukouType: "URBAN", motherRetiredOn: "2024-06-30" }), mother(fam), 2024, ended);
    expect(inTime).toMatchObject({ eligible: true, eligibleFrom: "2024-06-30" });
  });
});

describe("RURAL_REWARD", () => {
  it("is reached in the year of the 60th birthday, even on 31 December", () => {
    const dec31 = family({ motherBorn: "1964-12-31" });
    expect(assess("RURAL_REWARD", dec31, mother(dec31), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-01-01" });
    expect(unmet(assess("RURAL_REWARD", dec31, mother(dec31), 2023))).toEqual(["APPLICANT_AGE_REACHED"]);
    const jan1 = family({ motherBorn: "1965-01-01" });
    expect(unmet(assess("RURAL_REWARD", jan1, mother(jan1), 2024))).toEqual(["APPLICANT_AGE_REACHED"]);
    expect(assess("RURAL_REWARD", jan1, mother(jan1), 2025)).toMatchObject({ eligible: true, eligibleFrom: "2025-01-01" });
  });

  it("stays eligible in later years from that year's 1 January", () => {
    expect(assess("RURAL_REWARD", family(), mother(family()), 2030).eligibleFrom).toBe("2030-01-01");
  });

  it("takes one child or two daughters, adopted children included", () => {
    const twoDaughters = family({ children: [child("1988-05-01"), child("1991-02-01")] });
    expect(assess("RURAL_REWARD", twoDaughters, mother(twoDaughters), 2024).eligible).toBe(true);
    const sonAndDaughter = family({ children: [child("1988-05-01"), child("1991-02-01", { sex: "MALE" })] });
    expect(unmet(assess("RURAL_REWARD", sonAndDaughter, mother(sonAndDaughter), 2024))).toEqual(["ONE_CHILD_OR_TWO_DAUGHTERS"]);
    const adoptedSecondDaughter = family({ children: [child("1988-05-01"), child("1990-01-01", { adopted: true })] });
    expect(assess("RURAL_REWARD", adoptedSecondDaughter, mother(adoptedSecondDaughter), 2024).eligible).toBe(true);
    const adoptedOnly = family({ children: [child("1990-01-01", { adopted: true, sex: "MALE" })] });
    expect(assess("RURAL_REWARD", adoptedOnly, mother(adoptedOnly), 2024).eligible).toBe(true);
    const three = family({ children: [child("1988-05-01"), child("1990-01-01"), child("1992-01-01")] });
    expect(unmet(assess("RURAL_REWARD", three, mother(three), 2024))).toEqual(["ONE_CHILD_OR_TWO_DAUGHTERS"]);
    expect(unmet(assess("RURAL_REWARD", family({ children: [] }), mother(family()), 2024))).toEqual(["ONE_CHILD_OR_TWO_DAUGHTERS"]);
  });

  it("names the children in the reason", () => {
    const sonAndDaughter = family({ children: [child("1988-05-01"), child("1991-02-01", { sex: "MALE" })] });
    const detail = assess("RURAL_REWARD", sonAndDaughter, mother(sonAndDaughter), 2024).reasons.find((r) => r.code === "ONE_CHILD_OR_TWO_DAUGHTERS")?.detail;
    expect(detail).toContain("1991-02-01出生的男孩");
  });

  it("requires a rural hukou and a family within the policy", () => {
    const urban = family({ hukouType: "URBAN" });
    expect(unmet(assess("RURAL_REWARD", urban, mother(urban), 2024))).toEqual(["HUKOU_RURAL"]);
    const outOfPolicy = family({ compliedWithPolicy: false });
    expect(unmet(assess("RURAL_REWARD", outOfPolicy, mother(outOfPolicy), 2024))).toEqual(["COMPLIED_WITH_POLICY"]);
  });

  it("requires the applicant in the registry on 1 January: an exit during the year keeps the year", () => {
    const fam = family();
    const before = mother(fam, { status: "DECEASED", exitedOn: "2023-11-05" });
    expect(unmet(assess("RURAL_REWARD", fam, before, 2024))).toEqual(["APPLICANT_IN_REGISTRY"]);
    const onJan1 = mother(fam, { status: "DECEASED", exitedOn: "2024-01-01" });
    expect(unmet(assess("RURAL_REWARD", fam, onJan1, 2024))).toEqual(["APPLICANT_IN_REGISTRY"]);
    const during = mother(fam, { status: "DECEASED", exitedOn: "2024-01-02" });
    expect(assess("RURAL_REWARD", fam, during, 2024).eligible).toBe(true);
    const movedOut = mother(fam, { status: "MOVED_OUT", exitedOn: "2020-03-01" });
    expect(unmet(assess("RURAL_REWARD", fam, movedOut, 2024))).toEqual(["APPLICANT_IN_REGISTRY"]);
    const undated = mother(fam, { status: "DECEASED", exitedOn: null });
    expect(unmet(assess("RURAL_REWARD", fam, undated, 2024))).toEqual(["APPLICANT_IN_REGISTRY"]);
  });

  it("ignores a child born after the year", () => {
    const fam = family({ motherBorn: "1975-01-01", children: [child("2000-01-01", { sex: "MALE" }), child("2036-01-01")] });
    expect(assess("RURAL_REWARD", fam, mother(fam), 2035).eligible).toBe(true);
    expect(unmet(assess("RURAL_REWARD", fam, mother(fam), 2036))).toEqual(["ONE_CHILD_OR_TWO_DAUGHTERS"]);
  });
});

describe("SPECIAL_ASSISTANCE_DEATH", () => {
  const bereaved = (deceasedOn: string, fields: FamilyFields & { motherBorn?: string } = {}) =>
    family({ hukouType: "URBAN", motherBorn: "1970-04-01", children: [child("1995-06-01", { deceasedOn })], ...fields });

  it("pays from the first day of the month after the death", () => {
    const fam = bereaved("2024-03-15");
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-04-01" });
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, father(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-04-01" });
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam), 2025).eligibleFrom).toBe("2025-01-01");
    expect(codes(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam), 2024))).toEqual([
      "APPLICANT_IS_PARENT",
      "ONE_CHILD",
      "CHILD_DECEASED",
      "NO_LIVING_CHILD",
      "MOTHER_AGE_REACHED",
      "ASSISTANCE_STARTS_IN_YEAR",
      "APPLICANT_IN_REGISTRY",
    ]);
  });

  it("starts the next year for a death on 31 December (or in December)", () => {
    const dec31 = bereaved("2024-12-31");
    const r = assess("SPECIAL_ASSISTANCE_DEATH", dec31, mother(dec31), 2024);
    expect(unmet(r)).toEqual(["ASSISTANCE_STARTS_IN_YEAR"]);
    expect(r.reasons.find((x) => x.code === "CHILD_DECEASED")?.met).toBe(true);
    expect(assess("SPECIAL_ASSISTANCE_DEATH", dec31, mother(dec31), 2025)).toMatchObject({ eligible: true, eligibleFrom: "2025-01-01" });
    const nov30 = bereaved("2024-11-30");
    expect(assess("SPECIAL_ASSISTANCE_DEATH", nov30, mother(nov30), 2024).eligibleFrom).toBe("2024-12-01");
  });

  it("does not count a death after the year", () => {
    const fam = bereaved("2025-01-01");
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam), 2024))).toEqual(["CHILD_DECEASED", "NO_LIVING_CHILD"]);
  });

  it("needs the mother to be 49 in the year, for either parent", () => {
    const fam = bereaved("2018-05-05", { motherBorn: "1975-12-31" });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", fam, father(fam), 2023))).toEqual(["MOTHER_AGE_REACHED"]);
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, father(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-01-01" });
    // Death after the 49th year starts: the later of the two dates.
    const late = bereaved("2024-07-20", { motherBorn: "1975-01-01" });
    expect(assess("SPECIAL_ASSISTANCE_DEATH", late, mother(late), 2024).eligibleFrom).toBe("2024-08-01");
  });

  it("refuses a family with a living child, a further birth after the death, or two children", () => {
    const alive = family({ motherBorn: "1970-04-01", children: [child("1995-06-01")] });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", alive, mother(alive), 2024))).toEqual(["CHILD_DECEASED", "NO_LIVING_CHILD"]);
    const rebirth = bereaved("2010-03-01", { children: [child("1995-06-01", { deceasedOn: "2010-03-01" }), child("2012-02-02")] });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", rebirth, mother(rebirth), 2024))).toEqual(["NO_LIVING_CHILD"]);
    const adoptedSince = bereaved("2010-03-01", { children: [child("1995-06-01", { deceasedOn: "2010-03-01" }), child("2008-02-02", { adopted: true })] });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", adoptedSince, mother(adoptedSince), 2024))).toEqual(["ONE_CHILD", "NO_LIVING_CHILD"]);
    const twoBothDead = bereaved("2010-03-01", {
      children: [child("1995-06-01", { deceasedOn: "2010-03-01" }), child("1997-06-01", { deceasedOn: "2011-03-01" })],
    });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", twoBothDead, mother(twoBothDead), 2024))).toEqual(["ONE_CHILD"]);
  });

  it("counts an adopted only child", () => {
    const fam = bereaved("2020-01-10", { children: [child("1996-01-01", { adopted: true, deceasedOn: "2020-01-10" })] });
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam), 2020)).toMatchObject({ eligible: true, eligibleFrom: "2020-02-01" });
  });

  it("requires the applicant in the registry when the assistance starts", () => {
    const fam = bereaved("2024-03-15");
    expect(unmet(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam, { status: "DECEASED", exitedOn: "2024-04-01" }), 2024))).toEqual([
      "APPLICANT_IN_REGISTRY",
    ]);
    expect(assess("SPECIAL_ASSISTANCE_DEATH", fam, mother(fam, { status: "DECEASED", exitedOn: "2024-04-02" }), 2024).eligible).toBe(true);
  });
});

describe("SPECIAL_ASSISTANCE_DISABILITY", () => {
  const disabled = (grade: number | null, fields: FamilyFields & { motherBorn?: string } = {}) =>
    family({ motherBorn: "1975-06-01", children: [child("2000-01-01", { disabilityGrade: grade })], ...fields });

  it("takes grades 1–3 of a living only child and a mother of 49", () => {
    for (const grade of [1, 2, 3]) {
      const fam = disabled(grade);
      expect(assess("SPECIAL_ASSISTANCE_DISABILITY", fam, mother(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-01-01" });
    }
    expect(unmet(assess("SPECIAL_ASSISTANCE_DISABILITY", disabled(4), mother(disabled(4)), 2024))).toEqual(["CHILD_DISABILITY_GRADE"]);
    expect(unmet(assess("SPECIAL_ASSISTANCE_DISABILITY", disabled(null), mother(disabled(null)), 2024))).toEqual(["CHILD_DISABILITY_GRADE"]);
  });

  it("needs the mother to reach 49 in the year", () => {
    const fam = disabled(2);
    expect(unmet(assess("SPECIAL_ASSISTANCE_DISABILITY", fam, mother(fam), 2023))).toEqual(["MOTHER_AGE_REACHED"]);
  });

  it("refuses a second child and a child who died before the year", () => {
    const two = disabled(1, { children: [child("2000-01-01", { disabilityGrade: 1 }), child("2003-01-01")] });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DISABILITY", two, mother(two), 2024))).toEqual(["ONE_CHILD"]);
    const died = disabled(1, { children: [child("2000-01-01", { disabilityGrade: 1, deceasedOn: "2023-12-31" })] });
    expect(unmet(assess("SPECIAL_ASSISTANCE_DISABILITY", died, mother(died), 2024))).toEqual(["CHILD_LIVING"]);
    const diedInYear = disabled(1, { children: [child("2000-01-01", { disabilityGrade: 1, deceasedOn: "2024-05-01" })] });
    expect(assess("SPECIAL_ASSISTANCE_DISABILITY", diedInYear, mother(diedInYear), 2024).eligible).toBe(true);
  });
});

describe("RETIREE_ONE_TIME_REWARD", () => {
  const retired = (fields: FamilyFields) => family({ hukouType: "URBAN", ...fields });

  it("is due in the year of the applicant's own retirement", () => {
    const fam = retired({ fatherRetiredOn: "2022-08-31", motherRetiredOn: "2019-03-31" });
    expect(assess("RETIREE_ONE_TIME_REWARD", fam, father(fam), 2022)).toMatchObject({ eligible: true, eligibleFrom: "2022-08-31" });
    expect(unmet(assess("RETIREE_ONE_TIME_REWARD", fam, mother(fam), 2022))).toEqual(["RETIRED_IN_YEAR"]);
    expect(assess("RETIREE_ONE_TIME_REWARD", fam, mother(fam), 2019)).toMatchObject({ eligible: true, eligibleFrom: "2019-03-31" });
    expect(unmet(assess("RETIREE_ONE_TIME_REWARD", fam, father(fam), 2023))).toEqual(["RETIRED_IN_YEAR"]);
  });

  it("needs the certificate and a retirement on record", () => {
    const noCert = retired({ onlyChildCertificate: false, fatherRetiredOn: "2022-08-31" });
    expect(unmet(assess("RETIREE_ONE_TIME_REWARD", noCert, father(noCert), 2022))).toEqual(["ONLY_CHILD_CERTIFICATE"]);
    expect(unmet(assess("RETIREE_ONE_TIME_REWARD", retired({}), father(retired({})), 2022))).toEqual(["RETIRED_IN_YEAR"]);
  });

  it("needs the applicant in the registry on the retirement day", () => {
    const fam = retired({ fatherRetiredOn: "2022-08-31" });
    expect(unmet(assess("RETIREE_ONE_TIME_REWARD", fam, father(fam, { status: "DECEASED", exitedOn: "2022-08-31" }), 2022))).toEqual(["APPLICANT_IN_REGISTRY"]);
    expect(assess("RETIREE_ONE_TIME_REWARD", fam, father(fam, { status: "DECEASED", exitedOn: "2022-09-01" }), 2022).eligible).toBe(true);
  });
});

describe("ONLY_CHILD_PARENT_OLD_AGE_REWARD", () => {
  it("is due only in the year of the 60th birthday, from the birthday", () => {
    const fam = family({ hukouType: "URBAN", motherBorn: "1964-12-31" });
    expect(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", fam, mother(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-12-31" });
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", fam, mother(fam), 2023))).toEqual(["APPLICANT_AGE_IN_YEAR"]);
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", fam, mother(fam), 2025))).toEqual(["APPLICANT_AGE_IN_YEAR"]);
    const jan1 = family({ hukouType: "URBAN", motherBorn: "1965-01-01" });
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", jan1, mother(jan1), 2024))).toEqual(["APPLICANT_AGE_IN_YEAR"]);
    expect(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", jan1, mother(jan1), 2025).eligibleFrom).toBe("2025-01-01");
  });

  it("needs an urban hukou and the certificate", () => {
    const rural = family({ hukouType: "RURAL", motherBorn: "1964-05-01" });
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", rural, mother(rural), 2024))).toEqual(["HUKOU_URBAN"]);
    const noCert = family({ hukouType: "URBAN", motherBorn: "1964-05-01", onlyChildCertificate: false });
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", noCert, mother(noCert), 2024))).toEqual(["ONLY_CHILD_CERTIFICATE"]);
  });

  it("refuses an applicant who died before the birthday", () => {
    const fam = family({ hukouType: "URBAN", motherBorn: "1964-05-01" });
    expect(unmet(assess("ONLY_CHILD_PARENT_OLD_AGE_REWARD", fam, mother(fam, { status: "DECEASED", exitedOn: "2024-04-30" }), 2024))).toEqual(["APPLICANT_IN_REGISTRY"]);
  });
});

describe("ONLY_CHILD_ACCIDENT_GRANT", () => {
  it("is due in the year of the only child's death, on the day", () => {
    const fam = family({ hukouType: "URBAN", children: [child("2000-01-01", { deceasedOn: "2024-12-31" })] });
    expect(assess("ONLY_CHILD_ACCIDENT_GRANT", fam, father(fam), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-12-31" });
    expect(unmet(assess("ONLY_CHILD_ACCIDENT_GRANT", fam, father(fam), 2025))).toEqual(["CHILD_DECEASED_OR_DISABLED"]);
    expect(unmet(assess("ONLY_CHILD_ACCIDENT_GRANT", fam, father(fam), 2023))).toEqual(["CHILD_DECEASED_OR_DISABLED"]);
  });

  it("is due for a disability of grades 1–3 in any year", () => {
    const grade3 = family({ children: [child("2000-01-01", { disabilityGrade: 3 })] });
    expect(assess("ONLY_CHILD_ACCIDENT_GRANT", grade3, mother(grade3), 2024)).toMatchObject({ eligible: true, eligibleFrom: "2024-01-01" });
    const grade4 = family({ children: [child("2000-01-01", { disabilityGrade: 4 })] });
    expect(unmet(assess("ONLY_CHILD_ACCIDENT_GRANT", grade4, mother(grade4), 2024))).toEqual(["CHILD_DECEASED_OR_DISABLED"]);
  });

  it("needs an only child", () => {
    const two = family({ children: [child("2000-01-01", { deceasedOn: "2024-03-03" }), child("2002-01-01")] });
    expect(unmet(assess("ONLY_CHILD_ACCIDENT_GRANT", two, mother(two), 2024))).toEqual(["ONE_CHILD"]);
  });
});

describe("CHILDCARE_SUBSIDY", () => {
  const young = (children: FamilyChild[]) => family({ motherBorn: "1995-03-10", fatherBorn: "1994-01-01", hukouType: "URBAN", children });

  it("is eligible from the later of 1 January and the birth, naming the children", () => {
    const newborn = young([child("2025-03-15", { personId: "c1" })]);
    const r = assess("CHILDCARE_SUBSIDY", newborn, mother(newborn), 2025);
    expect(r).toMatchObject({ eligible: true, eligibleFrom: "2025-03-15" });
    expect(r.reasons.find((x) => x.code === "CHILD_UNDER_AGE")?.detail).toBe("2025年未满3周岁的子女：2025-03-15出生的女孩[c1]，10个月 — children under 3 in 2025: daughter[c1] born 2025-03-15, 10 months");
    const toddler = young([child("2023-06-01", { sex: "MALE" })]);
    expect(assess("CHILDCARE_SUBSIDY", toddler, father(toddler), 2025)).toMatchObject({ eligible: true, eligibleFrom: "2025-01-01" });
  });

  it("ends with the month before the third birthday", () => {
    const turning3 = young([child("2022-01-31")]);
    expect(unmet(assess("CHILDCARE_SUBSIDY", turning3, mother(turning3), 2025))).toEqual(["CHILD_UNDER_AGE"]);
    const turning3inFeb = young([child("2022-02-01")]);
    expect(assess("CHILDCARE_SUBSIDY", turning3inFeb, mother(turning3inFeb), 2025).eligible).toBe(true);
  });

  it("does not count a child born after the year or one who died before it", () => {
    const born2026 = young([child("2026-01-01")]);
    expect(unmet(assess("CHILDCARE_SUBSIDY", born2026, mother(born2026), 2025))).toEqual(["CHILD_UNDER_AGE"]);
    const died = young([child("2024-01-01", { deceasedOn: "2024-12-31" })]);
    expect(unmet(assess("CHILDCARE_SUBSIDY", died, mother(died), 2025))).toEqual(["CHILD_UNDER_AGE"]);
  });
});

describe("childcareMonths", () => {
  const fam = (children: FamilyChild[]) => ({ children });

  it("counts the month of birth and every month before the month of the third birthday", () => {
    const byChild = childcareMonthsByChild(fam([child("2025-03-15")]), 2025, 3);
    expect(byChild[0]?.months).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(childcareMonthsByChild(fam([child("2022-03-15")]), 2025, 3)[0]?.months).toEqual([1, 2]);
    expect(childcareMonthsByChild(fam([child("2022-03-01")]), 2025, 3)[0]?.months).toEqual([1, 2]);
  });

  it("gives every child exactly 36 months over the years, whatever the day of birth", () => {
    for (const birth of ["2025-01-01", "2025-01-31", "2024-02-29", "2025-12-31", "2025-06-15"]) {
      const total = [2024, 2025, 2026, 2027, 2028, 2029].reduce((sum, y) => sum + childcareMonths(fam([child(birth)]), y, 3), 0);
      expect(total, birth).toBe(36);
    }
  });

  it("adds the months of several children and stops at a death", () => {
    const twins = fam([child("2025-07-10"), child("2025-07-10", { sex: "MALE" })]);
    expect(childcareMonths(twins, 2025, 3)).toBe(12);
    const diedInMay = fam([child("2024-06-01", { deceasedOn: "2025-05-20" })]);
    expect(childcareMonthsByChild(diedInMay, 2025, 3)[0]?.months).toEqual([1, 2, 3, 4, 5]);
    const diedOnFirst = fam([child("2024-06-01", { deceasedOn: "2025-05-01" })]);
    expect(childcareMonthsByChild(diedOnFirst, 2025, 3)[0]?.months).toEqual([1, 2, 3, 4]);
    const diedAtBirth = fam([child("2025-08-20", { deceasedOn: "2025-08-20" })]);
    expect(childcareMonthsByChild(diedAtBirth, 2025, 3)[0]?.months).toEqual([8]);
  });
});

describe("birthdayOfAge", () => {
  it("moves 29 February to 1 March in common years", () => {
    expect(birthdayOfAge("1964-02-29", 60)).toBe("2024-02-29");
    expect(birthdayOfAge("1963-02-28", 60)).toBe("2023-02-28");
    expect(birthdayOfAge("1964-02-29", 61)).toBe("2025-03-01");
  });
});
