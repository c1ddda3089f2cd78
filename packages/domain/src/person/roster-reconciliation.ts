// 库册一致 — reconciles a beneficiary roster (名册) against the population registry (库): is each
// person on the roster in the registry, alive and still registered there, and recorded the same
// way? Pure: the caller supplies the registry lookup and the reference date.
import { z } from "zod";
import { compareIsoDates, IsoDate, isIsoDate } from "../common/date.js";
import { DomainError } from "../errors.js";
import { RegionCode, isWithinRegion } from "../region/region.js";
import { validateIdNumber } from "./id-number.js";
import { PersonStatus, Sex } from "./person.js";

/**
 * 名册条目 — one entry of a roster as the roster holds it. The ID number is kept as written so an
 * invalid one is reported rather than refused; null fields are not compared.
 */
export const RosterEntry = z
  .object({
    entryId: z.string().min(1).describe("名册条目标识 — roster entry id"),
    idNumber: z.string().describe("公民身份号码（按名册原样） — resident ID number as written on the roster"),
    name: z.string().min(1).nullable().describe("姓名 — name"),
    sex: Sex.nullable().describe("性别 — sex"),
    regionCode: RegionCode.nullable().describe(
      "户籍地区划代码（库中户籍地应在其内） — hukou region; the registry's hukou region must lie within it",
    ),
  })
  .describe("名册条目 — roster entry");
export type RosterEntry = z.infer<typeof RosterEntry>;

/** 库册不一致原因 — why a roster entry disagrees with the registry. */
export const RosterMismatchReason = z
  .enum([
    "INVALID_ID_NUMBER",
    "DUPLICATE_ENTRY",
    "NOT_IN_REGISTRY",
    "DECEASED",
    "MOVED_OUT",
    "NAME_MISMATCH",
    "SEX_MISMATCH",
    "REGION_MISMATCH",
  ])
  .describe("库册不一致原因 — roster mismatch reason");
export type RosterMismatchReason = z.infer<typeof RosterMismatchReason>;

/** 库册不一致 — one way an entry disagrees with the registry. */
export interface RosterMismatch {
  reason: RosterMismatchReason;
  /** The roster field concerned, or null when the disagreement is about the person as a whole. */
  field: string | null;
  rosterValue: string | null;
  registryValue: string | null;
  /** Date of death or of moving out; null for other reasons. */
  since: string | null;
  /** A sentence a clerk can act on, Chinese first. Names stay out of it: they are personal data. */
  detail: string;
}

export interface RosterEntryResult {
  entryId: string;
  /** As written on the roster. */
  idNumber: string;
  /** The registry person the entry resolved to, or null. */
  personId: string | null;
  consistent: boolean;
  mismatches: RosterMismatch[];
}

export interface RosterReconciliationSummary {
  entries: number;
  consistent: number;
  mismatched: number;
  /** Entries with at least one mismatch of each reason. */
  byReason: Record<RosterMismatchReason, number>;
}

/**
 * What the reconciliation reads of a registry record: who it is, name, sex, hukou region and
 * status. A full Person is one; a registry that compared the rest itself may answer just these.
 */
export const RegistryFacts = z
  .object({
    id: z.string().describe("人员标识 — person id"),
    name: z.string().min(1).max(50).describe("姓名 — name"),
    sex: Sex,
    hukouRegionCode: RegionCode.describe("户籍地区划代码 — hukou region code"),
    status: PersonStatus,
    exitedOn: IsoDate.nullable().describe("注销日期 — date of death or moving out"),
  })
  .describe("库中登记事实 — what a reconciliation reads of a registry record");
export type RegistryFacts = z.infer<typeof RegistryFacts>;

const SEX_ZH: Record<Sex, string> = { MALE: "男", FEMALE: "女" };

// Rosters pad two-character names to align columns ("王\u3000芳"), often with a full-width space;
// JavaScript's \s covers U+3000, so every such space is dropped before comparing.
function normaliseName(name: string): string {
  return name.replace(/\s+/g, "");
}

function mismatch(reason: RosterMismatchReason, fields: Partial<Omit<RosterMismatch, "reason">> & { detail: string }): RosterMismatch {
  return { reason, field: null, rosterValue: null, registryValue: null, since: null, ...fields };
}

/** Death or moving out on or before `asOf`; a later exit is not yet a mismatch. */
function exitMismatch(person: RegistryFacts, asOf: string): RosterMismatch | null {
  if (person.status === "REGISTERED") return null;
  // A registry that marks the exit without a date is still believed: the person has left it.
  if (person.exitedOn !== null && compareIsoDates(person.exitedOn, asOf) > 0) return null;
  const since = person.exitedOn;
  const when = since ?? "日期不详";
  const whenEn = since ?? "an unknown date";
  return person.status === "DECEASED"
    ? mismatch("DECEASED", {
        field: "status",
        registryValue: person.status,
        since,
        detail: `库中登记已于${when}死亡 — recorded in the registry as deceased on ${whenEn}`,
      })
    : mismatch("MOVED_OUT", {
        field: "status",
        registryValue: person.status,
        since,
        detail: `库中登记已于${when}迁出 — recorded in the registry as moved out on ${whenEn}`,
      });
}

function fieldMismatches(entry: RosterEntry, person: RegistryFacts): RosterMismatch[] {
  const found: RosterMismatch[] = [];
  if (entry.name !== null && normaliseName(entry.name) !== normaliseName(person.name)) {
    found.push(
      mismatch("NAME_MISMATCH", {
        field: "name",
        rosterValue: entry.name,
        registryValue: person.name,
        detail: "姓名与库中不一致 — name differs from the registry",
      }),
    );
  }
  if (entry.sex !== null && entry.sex !== person.sex) {
    found.push(
      mismatch("SEX_MISMATCH", {
        field: "sex",
        rosterValue: entry.sex,
        registryValue: person.sex,
        detail: `性别不一致：名册为${SEX_ZH[entry.sex]}，库中为${SEX_ZH[person.sex]} — sex differs: roster ${entry.sex}, registry ${person.sex}`,
      }),
    );
  }
  if (entry.regionCode !== null && !isWithinRegion(person.hukouRegionCode, entry.regionCode)) {
    found.push(
      mismatch("REGION_MISMATCH", {
        field: "regionCode",
        rosterValue: entry.regionCode,
        registryValue: person.hukouRegionCode,
        detail:
          `库中户籍地${person.hukouRegionCode}不在名册所列区划${entry.regionCode}内 — ` +
          `hukou region ${person.hukouRegionCode} in the registry is not within the roster's region ${entry.regionCode}`,
      }),
    );
  }
  return found;
}

/**
 * 库册比对 — checks each roster entry against the registry as of `asOf`, in input order:
 * - an invalid ID number is reported alone (there is nothing to look up);
 * - the second and later entries with one ID number are DUPLICATE_ENTRY, and are checked as well;
 * - no person is NOT_IN_REGISTRY; a death or moving out on or before `asOf` is DECEASED/MOVED_OUT;
 * - name (whitespace ignored), sex and region (the registry's hukou region within the roster's)
 *   are compared where the roster gives them.
 */
export function reconcileRoster(
  entries: readonly RosterEntry[],
  lookup: (idNumber: string) => RegistryFacts | null,
  asOf: string,
): RosterEntryResult[] {
  if (!isIsoDate(asOf)) {
    throw new DomainError("INVALID_DATE", `"${asOf}" is not a calendar date in the form YYYY-MM-DD`, "asOf");
  }
  const firstEntryOf = new Map<string, string>();
  return entries.map((entry) => {
    const result = (personId: string | null, mismatches: RosterMismatch[]): RosterEntryResult => ({
      entryId: entry.entryId,
      idNumber: entry.idNumber,
      personId,
      consistent: mismatches.length === 0,
      mismatches,
    });
    // Trimmed as the IdNumber schema trims, so a stray space is not taken for a different person.
    const idNumber = entry.idNumber.trim();
    const validation = validateIdNumber(idNumber);
    if (!validation.valid) {
      return result(null, [mismatch("INVALID_ID_NUMBER", { field: "idNumber", rosterValue: entry.idNumber, detail: validation.message })]);
    }

    const mismatches: RosterMismatch[] = [];
    const firstEntryId = firstEntryOf.get(idNumber);
    if (firstEntryId === undefined) firstEntryOf.set(idNumber, entry.entryId);
    else {
      mismatches.push(
        mismatch("DUPLICATE_ENTRY", {
          field: "idNumber",
          rosterValue: entry.idNumber,
          detail: `名册重复：与条目${firstEntryId}身份证号码相同 — duplicate: same ID number as entry ${firstEntryId}`,
        }),
      );
    }

    const person = lookup(idNumber);
    if (person === null) {
      mismatches.push(mismatch("NOT_IN_REGISTRY", { field: "idNumber", rosterValue: entry.idNumber, detail: "库中无此人 — no person with this ID number in the registry" }));
      return result(null, mismatches);
    }
    const exited = exitMismatch(person, asOf);
    if (exited) mismatches.push(exited);
    mismatches.push(...fieldMismatches(entry, person));
    return result(person.id, mismatches);
  });
}

/** Counts of a reconciliation: entries, consistent and mismatched ones, and entries per reason. */
export function summariseReconciliation(results: readonly RosterEntryResult[]): RosterReconciliationSummary {
  const byReason = Object.fromEntries(RosterMismatchReason.options.map((r) => [r, 0])) as Record<RosterMismatchReason, number>;
  for (const result of results) {
    for (const reason of new Set(result.mismatches.map((m) => m.reason))) byReason[reason] += 1;
  }
  const consistent = results.filter((r) => r.consistent).length;
  return { entries: results.length, consistent, mismatched: results.length - consistent, byReason };
}
