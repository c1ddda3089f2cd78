import { z } from "zod";
import { formatIsoDate, isCalendarDate, isIsoDate } from "../common/date.js";
import { DomainError } from "../errors.js";

/*
 * 公民身份号码 (GB 11643-1999): 18 characters
 *   6-digit region code of the hukou at first registration (地址码, GB/T 2260)
 *   8-digit birth date YYYYMMDD (出生日期码)
 *   3-digit sequence (顺序码): odd for men, even for women
 *   1 check character (校验码), ISO 7064 MOD 11-2 over the first 17 digits: 0-9 or X (= 10).
 * Only an uppercase X is accepted: the standard writes X, and accepting "x" would let two
 * spellings of one number into the registry. Callers that take free text should uppercase first.
 */

// Weight of position i is 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Check character indexed by (sum of weighted digits) mod 11.
const CHECK_CHARACTERS = "10X98765432";
// The standard's own example 440524188001010014 was born in 1880, so the floor cannot be 1900.
const MIN_BIRTH_YEAR = 1800;

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new DomainError("INVALID_ID_NUMBER", "the check character is computed over exactly 17 digits", "idNumber");
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Why an ID number was rejected. */
export type IdNumberProblem = "LENGTH" | "CHARACTERS" | "BIRTH_DATE" | "CHECK_CHARACTER";

export type IdNumberValidation =
  | { valid: true; regionCode: string; birthDate: string; sex: "MALE" | "FEMALE" }
  | { valid: false; problem: IdNumberProblem; message: string };

/** Checks an 18-character ID number and, when valid, decodes its region, birth date and sex. */
export function validateIdNumber(value: string): IdNumberValidation {
  if (value.length !== 18) {
    return { valid: false, problem: "LENGTH", message: `身份证号码应为18位 — ID number must have 18 characters, got ${value.length}` };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return {
      valid: false,
      problem: "CHARACTERS",
      message: "身份证号码前17位应为数字，末位为数字或大写X — ID number must be 17 digits followed by a digit or uppercase X",
    };
  }
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || !isCalendarDate(year, month, day)) {
    return {
      valid: false,
      problem: "BIRTH_DATE",
      message: `身份证号码中的出生日期无效 — birth date "${value.slice(6, 14)}" in the ID number is not a calendar date from ${MIN_BIRTH_YEAR} on`,
    };
  }
  const expected = idNumberCheckCharacter(value.slice(0, 17));
  if (value.charAt(17) !== expected) {
    return { valid: false, problem: "CHECK_CHARACTER", message: "身份证号码校验码错误 — ID number check character does not match" };
  }
  return {
    valid: true,
    regionCode: value.slice(0, 6),
    birthDate: formatIsoDate(year, month, day),
    sex: Number(value.charAt(16)) % 2 === 1 ? "MALE" : "FEMALE",
  };
}

/**
 * 公民身份号码 — resident ID number (GB 11643), validated including the check character.
 * Surrounding whitespace is trimmed; the value is personal data and is masked in output unless
 * the caller holds the scope to see it.
 */
export const IdNumber = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const result = validateIdNumber(value);
    if (!result.valid) {
      ctx.addIssue({ code: "custom", message: `${result.problem}: ${result.message}`, params: { problem: result.problem } });
    }
  })
  .brand<"IdNumber">()
  .describe("公民身份号码（18位，GB 11643） — resident ID number (18 characters, GB 11643)");
export type IdNumber = z.infer<typeof IdNumber>;

export type GenerateIdNumberInput = {
  /** 6-digit region code (地址码). */
  regionCode: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** 0..999; adjusted to the parity of `sex` when given. */
  sequence: number;
  sex?: "MALE" | "FEMALE";
};

/**
 * Builds a valid ID number, e.g. for synthetic data. With `sex` the sequence's last bit is set
 * (male, odd) or cleared (female, even), which keeps it within 0..999 and is deterministic.
 */
export function generateIdNumber(input: GenerateIdNumberInput): string {
  const { regionCode, birthDate, sex } = input;
  if (!/^\d{6}$/.test(regionCode)) {
    throw new DomainError("INVALID_REGION_CODE", `"${regionCode}" is not a 6-digit region code`, "regionCode");
  }
  if (!isIsoDate(birthDate) || Number(birthDate.slice(0, 4)) < MIN_BIRTH_YEAR) {
    throw new DomainError("INVALID_DATE", `"${birthDate}" is not a calendar date YYYY-MM-DD from ${MIN_BIRTH_YEAR} on`, "birthDate");
  }
  if (!Number.isInteger(input.sequence) || input.sequence < 0 || input.sequence > 999) {
    throw new DomainError("INVALID_INPUT", `sequence must be an integer in 0..999, got ${input.sequence}`, "sequence");
  }
  let sequence = input.sequence;
  if (sex === "MALE") sequence |= 1;
  else if (sex === "FEMALE") sequence &= ~1;
  const first17 = `${regionCode}${birthDate.replaceAll("-", "")}${String(sequence).padStart(3, "0")}`;
  return first17 + idNumberCheckCharacter(first17);
}

/**
 * 脱敏 — keeps the 6-digit region code only, e.g. "320722************". Birth date and sex are
 * served as statistical fields, so keeping the sequence or the check character would let anyone
 * rebuild the whole number from them.
 */
export function maskIdNumber(value: string): string {
  if (value.length <= 6) return "*".repeat(value.length);
  return value.slice(0, 6) + "*".repeat(value.length - 6);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** 姓名脱敏 — keeps the first character (the surname in most names), e.g. "张三丰" → "张**". */
export function maskName(name: string): string {
  // A name without surrogate pairs (nearly every one) is masked by its UTF-16 units; otherwise
  // code points are counted, so characters outside the BMP are not split mid-character.
  const chars = SURROGATE.test(name) ? Array.from(name) : name;
  if (chars.length <= 1) return "*".repeat(chars.length);
  return chars[0] + "*".repeat(chars.length - 1);
}
