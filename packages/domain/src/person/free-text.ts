// 自由文本脱敏 — free text (a visit's notes, an institution or a name typed by a clerk) may hold a
// resident ID number or a phone number. These are masked inside the text as the fields that hold
// them are: an ID number keeps its six-digit region code, a phone number its first three and last
// four digits. Names in free text cannot be told from other words and are not recognised.

/** 18-character numbers (GB 11643) and the older 15-digit ones, also typed in 6-8-4 groups. */
const ID_NUMBER = /(?<!\d)(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{15})(?![\dXx])/g;
/** Mobile numbers (1[3-9] and nine more digits, optionally after +86, in 3-4-4 groups), and landlines with an area code. */
const PHONE = /(?<![\d+])(?:\+?86[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]\d{7,8}|0\d{9,11})(?!\d)/g;

/** Replaces every digit (and a final X) after the first `keep` digits and before the last `tail`, leaving separators as typed. */
function maskDigits(text: string, keep: number, tail: number): string {
  const digits = [...text].filter((c) => /[\dXx]/.test(c)).length;
  let seen = 0;
  return [...text]
    .map((c) => {
      if (!/[\dXx]/.test(c)) return c;
      seen += 1;
      return seen <= keep || seen > digits - tail ? c : "*";
    })
    .join("");
}

/** The text with every ID number and phone number in it masked; any other text is unchanged. */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(ID_NUMBER, (found) => maskDigits(found, 6, 0))
    .replace(PHONE, (found) => {
      // The country code is not part of what is kept.
      const prefix = /^\+?86[ -]?/.exec(found)?.[0] ?? "";
      return prefix + maskDigits(found.slice(prefix.length), 3, 4);
    });
}

/** Whether the text holds an ID number or a phone number. */
export function holdsPersonalData(text: string): boolean {
  return maskPersonalDataInText(text) !== text;
}
