// 备案 deadlines (备案办法 第九条): the county health commission records a filing within 5 working
// days of receiving it, and tells a non-compliant institution within 15 working days. Working
// days here are Monday to Friday: the State Council's yearly holiday and make-up-day calendar is
// not in the code tables, so a deadline across a public holiday is judged a little early.
import { addDays, compareIsoDates } from "../common/date.js";
import { ruleReason, type RuleReason } from "../common/primitives.js";
import type { Filing } from "./entities.js";

export const FILING_RECORD_WORKING_DAYS = 5;
export const NON_COMPLIANCE_NOTICE_WORKING_DAYS = 15;

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The day `n` working days after `from` (the day of receipt itself does not count). */
export function addWorkingDays(from: string, n: number): string {
  let date = from;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (isWeekday(date)) left--;
  }
  return date;
}

export type FilingState = "RECORDED" | "NOT_COMPLIANT" | "PENDING" | "OVERDUE";

/** Where a filing stands on `today`, and whether the commission kept its deadlines. */
export function filingState(filing: Pick<Filing, "submittedOn" | "recordedOn" | "nonComplianceNoticeOn">, today: string): { state: FilingState; reasons: RuleReason[] } {
  const recordBy = addWorkingDays(filing.submittedOn, FILING_RECORD_WORKING_DAYS);
  const noticeBy = addWorkingDays(filing.submittedOn, NON_COMPLIANCE_NOTICE_WORKING_DAYS);
  if (filing.nonComplianceNoticeOn !== null) {
    const inTime = compareIsoDates(filing.nonComplianceNoticeOn, noticeBy) <= 0;
    return {
      state: "NOT_COMPLIANT",
      reasons: [ruleReason("NOTICE_IN_TIME", inTime, `${filing.nonComplianceNoticeOn}告知不符合，时限${noticeBy} — non-compliance notified on ${filing.nonComplianceNoticeOn}, due by ${noticeBy}`)],
    };
  }
  if (filing.recordedOn !== null) {
    const inTime = compareIsoDates(filing.recordedOn, recordBy) <= 0;
    return {
      state: "RECORDED",
      reasons: [ruleReason("RECORDED_IN_TIME", inTime, `${filing.recordedOn}备案，时限${recordBy} — recorded on ${filing.recordedOn}, due by ${recordBy}`)],
    };
  }
  const overdue = compareIsoDates(today, recordBy) > 0;
  return {
    state: overdue ? "OVERDUE" : "PENDING",
    reasons: [ruleReason("RECORDED_IN_TIME", !overdue, `${filing.submittedOn}提交，应于${recordBy}前备案 — submitted ${filing.submittedOn}, to be recorded by ${recordBy}`)],
  };
}
