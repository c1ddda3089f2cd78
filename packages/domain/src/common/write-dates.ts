// 写入日期的合理区间 — the one place the date rules of every write are declared. A date a write
// records lies in a plausible window: not after today (plus FUTURE_TOLERANCE_DAYS), not before
// the record it belongs to (the family's entry in the archive, the program year, the person's
// birth). The gateway checks what it can without stored records; the system of record checks
// the rest inside the transaction that writes. "Today" is always a parameter: the caller's clock.
import { addDays, formatIsoDate } from "./date.js";

/**
 * Days after today a date may still lie: a clerk in UTC+8 enters "today" while a server's clock
 * (or a clock a minute slow) is still on the day before. One day, never more.
 */
export const FUTURE_TOLERANCE_DAYS = 1;

/** A decision for a year may be taken from the 1st of January of the year before (资格确认 starts the autumn before). */
export const DECISION_LEAD_YEARS = 1;

/** A family-doctor contract runs for at most this many years (一年一签, some places three). */
export const CONTRACT_MAX_TERM_YEARS = 3;

/** Today's date as YYYY-MM-DD: injected, so tests and replays are deterministic. */
export type Clock = () => string;

export type DateRuleReason =
  /** After today plus the tolerance. */
  | "DATE_IN_FUTURE"
  /** Before the record the date belongs to (archive entry, birth, start of eligibility, signing). */
  | "DATE_BEFORE_RECORD"
  /** A payment before its program year, a decision more than DECISION_LEAD_YEARS before its year. */
  | "DATE_BEFORE_PROGRAM_YEAR"
  /** An end date too far after its start. */
  | "DATE_RANGE_TOO_LONG";

/** One broken rule: the input field, a stable reason, and a message free of personal data. */
export interface DateIssue {
  field: string;
  reason: DateRuleReason;
  message: string;
}

/** The latest date a write accepts today. */
export function latestAcceptedDate(today: string): string {
  return addDays(today, FUTURE_TOLERANCE_DAYS);
}

/** A bound below a date: the date may equal it, not precede it. */
export interface LowerBound {
  date: string | null | undefined;
  /** What the bound is, for the message ("the family's entry in the archive"). */
  what: string;
  reason?: DateRuleReason;
  /** Whether the message may show the bound's date: never for a record about a person (a birth date is personal data). */
  disclose?: boolean;
}

/** The first broken rule of one date: in the future, or before one of its lower bounds. */
export function dateIssue(field: string, value: string, today: string, bounds: readonly LowerBound[] = []): DateIssue | null {
  const latest = latestAcceptedDate(today);
  if (value > latest) {
    return { field, reason: "DATE_IN_FUTURE", message: `${value} is after today (${today}, plus ${FUTURE_TOLERANCE_DAYS} day of tolerance)` };
  }
  for (const bound of bounds) {
    if (bound.date && value < bound.date) {
      const shown = bound.disclose ? ` (${bound.date})` : "";
      return { field, reason: bound.reason ?? "DATE_BEFORE_RECORD", message: `${value} is before ${bound.what}${shown}` };
    }
  }
  return null;
}

const issues = (...found: (DateIssue | null)[]): DateIssue[] => found.filter((i): i is DateIssue => i !== null);
const yearStart = (year: number) => formatIsoDate(year, 1, 1);

/** 发放日期: not in the future, inside or after the program year. */
export function paymentDateIssues(payment: { paidOn: string; year: number }, today: string): DateIssue[] {
  return issues(
    dateIssue("paidOn", payment.paidOn, today, [
      { date: yearStart(payment.year), what: `the start of the program year ${payment.year}`, reason: "DATE_BEFORE_PROGRAM_YEAR", disclose: true },
    ]),
  );
}

/** 确认日期: not in the future, at most DECISION_LEAD_YEARS before its year, not before the applicant's birth. */
export function decisionDateIssues(
  decision: { decidedOn: string; year: number },
  today: string,
  records: { applicantBirthDate?: string | null } = {},
): DateIssue[] {
  return issues(
    dateIssue("decidedOn", decision.decidedOn, today, [
      {
        date: yearStart(decision.year - DECISION_LEAD_YEARS),
        what: `the decision window of the program year ${decision.year}`,
        reason: "DATE_BEFORE_PROGRAM_YEAR",
        disclose: true,
      },
      { date: records.applicantBirthDate, what: "the applicant's birth" },
    ]),
  );
}

/** 退出日期: not in the future, not before eligibility started nor the person's birth. */
export function exitDateIssues(exit: { exitedOn: string }, today: string, records: { eligibleFrom?: string | null; birthDate?: string | null } = {}): DateIssue[] {
  return issues(
    dateIssue("exitedOn", exit.exitedOn, today, [
      { date: records.birthDate, what: "the person's birth" },
      { date: records.eligibleFrom, what: "the start of eligibility" },
    ]),
  );
}

/** 走访日期: not in the future, not before the family's entry in the archive. */
export function visitDateIssues(visit: { visitedOn: string }, today: string, records: { registeredOn?: string | null } = {}): DateIssue[] {
  return issues(dateIssue("visitedOn", visit.visitedOn, today, [{ date: records.registeredOn, what: "the family's entry in the archive" }]));
}

/** 签约: signed not in the future nor before the archive entry or the member's birth; valid from signing for at most CONTRACT_MAX_TERM_YEARS. */
export function contractDateIssues(
  contract: { signedOn: string; validUntil: string },
  today: string,
  records: { registeredOn?: string | null; memberBirthDate?: string | null } = {},
): DateIssue[] {
  const signed = dateIssue("signedOn", contract.signedOn, today, [
    { date: records.registeredOn, what: "the family's entry in the archive" },
    { date: records.memberBirthDate, what: "the member's birth" },
  ]);
  let until: DateIssue | null = null;
  if (contract.validUntil < contract.signedOn) {
    until = { field: "validUntil", reason: "DATE_BEFORE_RECORD", message: `${contract.validUntil} is before signedOn ${contract.signedOn}` };
  } else {
    const [y, m, d] = contract.signedOn.split("-").map(Number) as [number, number, number];
    const longest = formatIsoDate(y + CONTRACT_MAX_TERM_YEARS, m, m === 2 && d === 29 ? 28 : d);
    if (contract.validUntil > longest) {
      until = {
        field: "validUntil",
        reason: "DATE_RANGE_TOO_LONG",
        message: `${contract.validUntil} is more than ${CONTRACT_MAX_TERM_YEARS} years after the signing (${contract.signedOn})`,
      };
    }
  }
  return issues(signed, until);
}
