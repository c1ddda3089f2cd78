import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { IdNumber, generateIdNumber, idNumberCheckCharacter, maskIdNumber, maskName, validateIdNumber } from "./id-number.js";

function problemOf(value: string): string | null {
  const r = validateIdNumber(value);
  return r.valid ? null : r.problem;
}

describe("validateIdNumber", () => {
  it("accepts the standard's examples and decodes them", () => {
    expect(validateIdNumber("11010519491231002X")).toEqual({
      valid: true,
      regionCode: "110105",
      birthDate: "1949-12-31",
      sex: "FEMALE",
    });
    expect(validateIdNumber("440524188001010014")).toEqual({
      valid: true,
      regionCode: "440524",
      birthDate: "1880-01-01",
      sex: "MALE",
    });
  });

  it("computes the check characters of the examples", () => {
    expect(idNumberCheckCharacter("11010519491231002")).toBe("X");
    expect(idNumberCheckCharacter("44052418800101001")).toBe("4");
  });

  it("rejects a changed digit or check character", () => {
    expect(problemOf("11010519491231003X")).toBe("CHECK_CHARACTER");
    expect(problemOf("110105194912310021")).toBe("CHECK_CHARACTER");
    expect(problemOf("21010519491231002X")).toBe("CHECK_CHARACTER");
  });

  it("rejects wrong lengths", () => {
    expect(problemOf("")).toBe("LENGTH");
    expect(problemOf("11010519491231002")).toBe("LENGTH");
    expect(problemOf("11010519491231002XX")).toBe("LENGTH");
    expect(problemOf("110105491231002")).toBe("LENGTH");
  });

  it("rejects letters and a lowercase x", () => {
    expect(problemOf("1101051949123100AX")).toBe("CHARACTERS");
    expect(problemOf("11010519491231002x")).toBe("CHARACTERS");
    expect(problemOf("X10105194912310021")).toBe("CHARACTERS");
  });

  it("rejects birth dates that are not calendar dates or before 1800", () => {
    expect(problemOf("110105194902310020")).toBe("BIRTH_DATE");
    expect(problemOf("110105202302290020")).toBe("BIRTH_DATE");
    expect(problemOf("110105194913010020")).toBe("BIRTH_DATE");
    expect(problemOf("110105179912310020")).toBe("BIRTH_DATE");
    // 2024 is a leap year, so its 29 February is valid once the check character fits.
    expect(validateIdNumber(generateIdNumber({ regionCode: "110105", birthDate: "2024-02-29", sequence: 2 })).valid).toBe(true);
  });
});

describe("IdNumber schema", () => {
  it("trims and accepts a valid number", () => {
    expect(IdNumber.parse(" 11010519491231002X ")).toBe("11010519491231002X");
  });
  it("names the problem in the message", () => {
    const r = IdNumber.safeParse("11010519491231003X");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("CHECK_CHARACTER");
  });
});

describe("generateIdNumber", () => {
  // A small deterministic generator (mulberry32) so failures reproduce.
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("round-trips through validateIdNumber", () => {
    const next = rng(20210531);
    for (let i = 0; i < 2000; i++) {
      const regionCode = String(110000 + Math.floor(next() * 540000)).padStart(6, "0");
      const start = Date.UTC(1900, 0, 1);
      const end = Date.UTC(2030, 11, 31);
      const birthDate = new Date(start + Math.floor(next() * (end - start))).toISOString().slice(0, 10);
      const sequence = Math.floor(next() * 1000);
      const sex = next() < 0.5 ? "MALE" : "FEMALE";
      const id = generateIdNumber({ regionCode, birthDate, sequence, sex });
      expect(validateIdNumber(id)).toEqual({ valid: true, regionCode, birthDate, sex });
    }
  });

  it("adjusts the sequence parity to the sex, staying within 0..999", () => {
    expect(generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 999, sex: "MALE" }).slice(14, 17)).toBe("999");
    expect(generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 999, sex: "FEMALE" }).slice(14, 17)).toBe("998");
    expect(generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 0, sex: "MALE" }).slice(14, 17)).toBe("001");
    expect(generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 0, sex: "FEMALE" }).slice(14, 17)).toBe("000");
    expect(generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 42 }).slice(14, 17)).toBe("042");
  });

  it("regenerates the standard's example", () => {
    expect(generateIdNumber({ regionCode: "110105", birthDate: "1949-12-31", sequence: 2 })).toBe("11010519491231002X");
  });

  it("refuses bad input with coded errors", () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof DomainError ? e.code : "OTHER";
      }
      return null;
    };
    expect(codeOf(() => generateIdNumber({ regionCode: "32072", birthDate: "1990-01-01", sequence: 1 }))).toBe("INVALID_REGION_CODE");
    expect(codeOf(() => generateIdNumber({ regionCode: "320722", birthDate: "1990-02-30", sequence: 1 }))).toBe("INVALID_DATE");
    expect(codeOf(() => generateIdNumber({ regionCode: "320722", birthDate: "1990-01-01", sequence: 1000 }))).toBe("INVALID_INPUT");
  });
});

describe("masking", () => {
  it("keeps the first 6 and last 4 characters of an ID number", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105************");
    expect(maskIdNumber("32072219900101123X")).toBe("320722************");
    // With the birth date known (it is a statistical field), nothing left in the mask pins the number.
    const masked = maskIdNumber("32072219900101123X");
    const rebuilt = masked.slice(0, 6) + "19900101" + masked.slice(14);
    expect(validateIdNumber(rebuilt).valid).toBe(false);
  });
  it("keeps the first character of a name", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("李")).toBe("*");
    expect(maskName("")).toBe("");
  });
  it("counts a character outside the BMP as one, wherever it stands in the name", () => {
    // 𠀀 (U+20000) is two UTF-16 units: a mask by units would split it or count it twice.
    expect(maskName("𠀀三")).toBe("𠀀*");
    expect(maskName("张𠀀")).toBe("张*");
    expect(maskName("𠀀")).toBe("*");
  });
});
