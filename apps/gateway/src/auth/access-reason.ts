// 查询目的 — why personal data is read. The X-Access-Reason header states a purpose from the
// configured list (ACCESS_PURPOSES) and, optionally, the case it is read for:
//
//   X-Access-Reason: <purpose>[; case=<case number>]      URL-encoded as a whole (encodeURIComponent)
//
// e.g. `资格审核; case=2026-0113` → `%E8%B5%84%E6%A0%BC%E5%AE%A1%E6%A0%B8%3B%20case%3D2026-0113`.
// The purpose must be one of the list exactly; a case number is 1–40 letters, digits and
// - _ / . ( ) 〔 〕 [ ] 号 (e.g. 2026-0113, 东信〔2026〕13号). Anything else is no purpose: personal
// data stays masked and the response says why (PIPL art. 6 and 28: a specific purpose).

import { maskPersonalDataInText } from "@popfam/domain";

export type AccessReason =
  | { ok: true; purpose: string; caseNumber: string | null; text: string }
  | { ok: false; problem: string; text: string | null };

const CASE_NUMBER = /^[\p{L}\p{N}\-_/.()〔〕[\]]{1,40}$/u;
const MAX_TEXT = 200;

/** The header as the caller sent it (one value), decoded; null when absent or blank. */
export function decodeReasonHeader(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    // not encoded: take it as it is
  }
  return text.trim().slice(0, MAX_TEXT) || null;
}

export function parseAccessReason(header: string | string[] | undefined, purposes: readonly string[]): AccessReason {
  const text = decodeReasonHeader(header);
  if (text === null) return { ok: false, problem: "no X-Access-Reason was stated", text };
  const [purposePart = "", ...rest] = text.split(/[;；]/);
  const purpose = purposePart.trim();
  if (!purposes.includes(purpose)) return { ok: false, problem: `"${maskPersonalDataInText(purpose.slice(0, 40))}" is not an accepted purpose`, text };
  let caseNumber: string | null = null;
  for (const part of rest) {
    const item = part.trim();
    if (item === "") continue;
    const match = /^case\s*[=＝]\s*(.*)$/iu.exec(item);
    if (!match) return { ok: false, problem: `"${maskPersonalDataInText(item.slice(0, 40))}" is not "case=<case number>"`, text };
    if (caseNumber !== null) return { ok: false, problem: "more than one case number", text };
    const value = match[1]!.trim();
    if (!CASE_NUMBER.test(value)) return { ok: false, problem: "the case number must be 1–40 letters, digits or - _ / . ( ) 〔 〕 [ ]", text };
    caseNumber = value;
  }
  return { ok: true, purpose, caseNumber, text };
}

/** The notice of a response whose personal data stayed masked for want of a purpose. */
export function accessReasonNotice(reason: AccessReason, purposes: readonly string[]): string {
  const why = reason.ok ? "" : `${reason.problem}. `;
  return `personal data was masked: ${why}State the purpose in the X-Access-Reason header, URL-encoded, as "<purpose>" or "<purpose>; case=<case number>"; accepted purposes: ${purposes.join(", ")}`;
}
