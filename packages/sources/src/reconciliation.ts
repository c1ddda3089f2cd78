// 库册一致 — a roster (名册) against the population registry: the registry records of every entry
// in one batched lookup, then the domain's pure reconciliation. The assistance area reconciles its
// beneficiary rosters with this; any roster of ID numbers can be.
import { reconcileRoster, validateIdNumber, type Person, type RosterEntry, type RosterEntryResult } from "@popfam/domain";
import type { Loaders } from "./loaders.js";

export async function reconcileRosterWithRegistry(
  loaders: Pick<Loaders, "personByIdNumber">,
  entries: readonly RosterEntry[],
  asOf: string,
): Promise<RosterEntryResult[]> {
  // Only well-formed ID numbers are looked up; the others are reported as such without a call.
  const idNumbers = [...new Set(entries.map((e) => e.idNumber.trim()).filter((id) => validateIdNumber(id).valid))];
  const found = await loaders.personByIdNumber.loadMany(idNumbers);
  const registry = new Map<string, Person | null>();
  for (const [index, result] of found.entries()) {
    // A failed lookup is not "not in the registry": the whole reconciliation fails with its error.
    if (result instanceof Error) throw result;
    registry.set(idNumbers[index]!, result);
  }
  return reconcileRoster(entries, (idNumber) => registry.get(idNumber.trim()) ?? null, asOf);
}
