// The rules of the childcare filing system's writes, pure: each answers the broken rules of a
// command as issues naming the input field, so the system of record refuses it inside the
// transaction that would write it, and the caller learns which field to correct.
import { fullMonthsBetween, lastDayOfMonth } from "../common/date.js";
import { dateIssue, type DateIssue } from "../common/write-dates.js";
import { validateIdNumber } from "../person/id-number.js";
import { isWithinRegion, regionLevelOf } from "../region/region.js";
import type { ChildcareClass, ChildcareInstitution, Premises } from "./entities.js";
import { checkClass, checkHomePoint, checkPremises, classTypesFor } from "./rules.js";
import { NATIONAL_CHILDCARE_RULES, type ChildcareRules } from "./standards.js";

/** One broken rule of a command: the input field, a stable reason, a message free of personal data. */
export interface CommandIssue {
  field: string;
  reason: string;
  message: string;
}

const dated = (issue: DateIssue | null): CommandIssue[] => (issue ? [issue] : []);

/** Where a premises rule points in the input. */
const PREMISES_FIELD: Record<string, string> = { LEASE_TERM: "premises.leaseEndsOn", CHILD_ROOM_FLOOR: "premises.lowestChildFloor" };

/** 场地: a lease of its full term, children's rooms above ground and low enough (the premises rules), a lease that ends after it starts. */
export function premisesIssues(premises: Premises, rules: ChildcareRules = NATIONAL_CHILDCARE_RULES): CommandIssue[] {
  const found: CommandIssue[] = [];
  if (premises.lowestChildFloor > premises.highestChildFloor) {
    found.push({ field: "premises.highestChildFloor", reason: "FLOOR_RANGE", message: "the highest floor of the children's rooms is below the lowest" });
  }
  if (premises.leaseStartsOn !== null && premises.leaseEndsOn !== null && premises.leaseEndsOn < premises.leaseStartsOn) {
    found.push({ field: "premises.leaseEndsOn", reason: "LEASE_RANGE", message: "the lease ends before it starts" });
  }
  for (const reason of checkPremises(premises, rules)) {
    if (!reason.met) found.push({ field: PREMISES_FIELD[reason.code] ?? "premises", reason: reason.code, message: reason.detail });
  }
  return found;
}

/** 首次备案: dates not in the future, the premises rules. */
export function institutionFilingIssues(
  filing: { openedOn: string; submittedOn: string; premises: Premises },
  today: string,
  rules: ChildcareRules = NATIONAL_CHILDCARE_RULES,
): CommandIssue[] {
  return [
    ...dated(dateIssue("openedOn", filing.openedOn, today)),
    ...dated(dateIssue("submittedOn", filing.submittedOn, today)),
    ...premisesIssues(filing.premises, rules),
  ];
}

/** 变更、注销备案: submitted not in the future nor before the institution opened; a 注销 closes it on a day not before it opened. */
export function changeFilingIssues(
  change: { kind: "CHANGE" | "CANCELLATION"; submittedOn: string; closedOn: string | null; premises: Premises | null },
  institution: Pick<ChildcareInstitution, "openedOn" | "closedOn">,
  today: string,
  rules: ChildcareRules = NATIONAL_CHILDCARE_RULES,
): CommandIssue[] {
  const found: CommandIssue[] = [...dated(dateIssue("submittedOn", change.submittedOn, today, [{ date: institution.openedOn, what: "the institution's opening", disclose: true }]))];
  if (institution.closedOn !== null) found.push({ field: "institutionId", reason: "INSTITUTION_CLOSED", message: `the institution closed on ${institution.closedOn}` });
  if (change.kind === "CANCELLATION") {
    if (change.closedOn === null) found.push({ field: "closedOn", reason: "CLOSED_ON_REQUIRED", message: "a cancellation (注销) needs the day the institution closes" });
    else found.push(...dated(dateIssue("closedOn", change.closedOn, today, [{ date: institution.openedOn, what: "the institution's opening", disclose: true }])));
  } else if (change.closedOn !== null) {
    found.push({ field: "closedOn", reason: "CLOSED_ON_ONLY_FOR_CANCELLATION", message: "only a cancellation (注销) closes an institution" });
  }
  if (change.premises) found.push(...premisesIssues(change.premises, rules));
  return found;
}

export interface ReportedChild {
  idNumber: string;
  classId: string;
}

/**
 * 在托月报: the month not after the current one and while the institution operated; each child
 * once, by a valid ID number, in one of the institution's classes open that month, of an age in
 * months (at the month's end) the class type takes; each class within its size and places; a
 * 家庭托育点 within its number of children. The ages come from the ID numbers: answered with the
 * issues so that the system writes them.
 */
export function enrolmentReportIssues(
  report: { month: string; children: readonly ReportedChild[] },
  facts: { today: string; institution: Pick<ChildcareInstitution, "kind" | "openedOn" | "closedOn">; classes: readonly ChildcareClass[] },
  rules: ChildcareRules = NATIONAL_CHILDCARE_RULES,
): { issues: CommandIssue[]; agesInMonths: number[] } {
  const monthEnd = lastDayOfMonth(report.month);
  const monthStart = `${report.month}-01`;
  const found: CommandIssue[] = [];
  if (report.month > facts.today.slice(0, 7)) found.push({ field: "month", reason: "DATE_IN_FUTURE", message: `${report.month} is after the current month` });
  if (monthEnd < facts.institution.openedOn || (facts.institution.closedOn !== null && facts.institution.closedOn <= monthStart)) {
    found.push({ field: "month", reason: "INSTITUTION_NOT_OPERATING", message: `the institution did not operate in ${report.month}` });
  }
  const classes = new Map(facts.classes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const agesByClass = new Map<string, number[]>();
  const agesInMonths: number[] = [];
  report.children.forEach((child, i) => {
    const field = `children[${i}]`;
    const id = validateIdNumber(child.idNumber);
    if (!id.valid) {
      found.push({ field: `${field}.idNumber`, reason: "INVALID_ID_NUMBER", message: `not a valid ID number (${id.problem})` });
      agesInMonths.push(0);
      return;
    }
    if (seen.has(child.idNumber)) found.push({ field: `${field}.idNumber`, reason: "DUPLICATE_CHILD", message: "the child is reported twice in the month" });
    seen.add(child.idNumber);
    const months = id.birthDate > monthEnd ? -1 : fullMonthsBetween(id.birthDate, monthEnd);
    agesInMonths.push(Math.max(0, months));
    const klass = classes.get(child.classId);
    if (!klass || klass.openedOn > monthEnd || (klass.closedOn !== null && klass.closedOn <= monthStart)) {
      found.push({ field: `${field}.classId`, reason: "CLASS_NOT_OPEN", message: `${child.classId} is no class of the institution open in ${report.month}` });
      return;
    }
    if (months < 0) {
      found.push({ field: `${field}.idNumber`, reason: "NOT_YET_BORN", message: `the child was born after ${report.month}` });
      return;
    }
    if (!classTypesFor(months, rules).includes(klass.type)) {
      found.push({ field: `${field}.classId`, reason: "AGE_FITS_CLASS", message: `a child of ${months} months does not fit the class type ${klass.type} (fits ${classTypesFor(months, rules).join(", ") || "no class"})` });
    }
    agesByClass.set(klass.id, [...(agesByClass.get(klass.id) ?? []), months]);
  });
  for (const [classId, ages] of agesByClass) {
    const size = checkClass(classes.get(classId)!, ages, Number.MAX_SAFE_INTEGER, rules).find((r) => r.code === "CLASS_SIZE")!;
    if (!size.met) found.push({ field: "children", reason: "CLASS_SIZE", message: `${classId}: ${size.detail}` });
  }
  if (facts.institution.kind === "HOME_CHILDCARE_POINT") {
    const size = checkHomePoint(report.children.length, Number.MAX_SAFE_INTEGER, rules).find((r) => r.code === "HOME_POINT_SIZE")!;
    if (!size.met) found.push({ field: "children", reason: "HOME_POINT_SIZE", message: size.detail });
  }
  return { issues: found, agesInMonths };
}

/** 安全事件: not in the future, not before the institution opened; a MAJOR severity is a major incident. */
export function incidentIssues(incident: { occurredOn: string; severity: string; major: boolean }, institution: Pick<ChildcareInstitution, "openedOn">, today: string): CommandIssue[] {
  const found = dated(dateIssue("occurredOn", incident.occurredOn, today, [{ date: institution.openedOn, what: "the institution's opening", disclose: true }]));
  if (incident.severity === "MAJOR" && !incident.major) found.push({ field: "major", reason: "MAJOR_SEVERITY", message: "an incident of MAJOR severity is a major incident" });
  return found;
}

/** 监督检查 and 普惠认定: on a day not in the future, not before the institution opened. */
export function supervisionDateIssues(field: string, day: string, institution: Pick<ChildcareInstitution, "openedOn">, today: string): CommandIssue[] {
  return dated(dateIssue(field, day, today, [{ date: institution.openedOn, what: "the institution's opening", disclose: true }]));
}

/**
 * 普惠认定 (1477号 一): by a county or higher health commission over the institution's region;
 * PUBLIC for a publicly owned one, KINDERGARTEN_CLASS for a kindergarten's 托班; not while an
 * earlier recognition stands.
 */
export function recognitionIssues(
  recognition: { basis: string; recognisedBy: string; recognisedOn: string },
  institution: Pick<ChildcareInstitution, "kind" | "ownership" | "regionCode" | "openedOn">,
  standing: boolean,
  today: string,
): CommandIssue[] {
  const found = supervisionDateIssues("recognisedOn", recognition.recognisedOn, institution, today);
  const level = regionLevelOf(recognition.recognisedBy);
  if (!(level === "PROVINCE" || level === "CITY" || level === "COUNTY") || !isWithinRegion(institution.regionCode, recognition.recognisedBy)) {
    found.push({ field: "recognisedBy", reason: "RECOGNISER_NOT_OVER_INSTITUTION", message: `${recognition.recognisedBy} is no county or higher region over the institution` });
  }
  if (recognition.basis === "PUBLIC" && !(institution.ownership === "PUBLIC" || institution.ownership === "PUBLIC_PRIVATELY_RUN")) {
    found.push({ field: "basis", reason: "BASIS_NOT_PUBLIC", message: `the institution's ownership is ${institution.ownership}, not public` });
  }
  if (recognition.basis === "KINDERGARTEN_CLASS" && institution.kind !== "KINDERGARTEN_CLASS") {
    found.push({ field: "basis", reason: "BASIS_NOT_KINDERGARTEN_CLASS", message: `the institution is a ${institution.kind}, not a kindergarten's 托班` });
  }
  if (standing) found.push({ field: "institutionId", reason: "ALREADY_RECOGNISED", message: "the institution's earlier recognition still stands" });
  return found;
}

/**
 * 备案回执 or 不符合告知: the county decides a filing once, on a day not in the future nor before
 * it was submitted; a record carries its receipt number.
 */
export function filingDecisionIssues(
  decision: { outcome: "RECORDED" | "NOT_COMPLIANT"; decidedOn: string; receiptNumber: string | null },
  filing: { submittedOn: string; recordedOn: string | null; nonComplianceNoticeOn: string | null },
  today: string,
): CommandIssue[] {
  const found = dated(dateIssue("decidedOn", decision.decidedOn, today, [{ date: filing.submittedOn, what: "the filing's submission", disclose: true }]));
  if (filing.recordedOn !== null || filing.nonComplianceNoticeOn !== null) {
    found.push({ field: "filingId", reason: "FILING_ALREADY_DECIDED", message: `the filing was decided on ${filing.recordedOn ?? filing.nonComplianceNoticeOn}` });
  }
  if (decision.outcome === "RECORDED" && decision.receiptNumber === null) {
    found.push({ field: "receiptNumber", reason: "RECEIPT_NUMBER_REQUIRED", message: "a recorded filing carries its receipt number (回执编号)" });
  }
  if (decision.outcome === "NOT_COMPLIANT" && decision.receiptNumber !== null) {
    found.push({ field: "receiptNumber", reason: "RECEIPT_ONLY_WHEN_RECORDED", message: "only a recorded filing has a receipt number" });
  }
  return found;
}
