// 库册一致 — a roster (名册) against the population registry: the registry records of every entry
// in one batched lookup, then the domain's pure reconciliation. The assistance area reconciles its
// beneficiary rosters with this; any roster of ID numbers can be.
import { reconcileRoster, validateIdNumber, type Person, type RegistryFacts, type RosterEntry, type RosterEntryResult } from "@popfam/domain";
import type { RosterRegistryCheck } from "./assistance/contract.js";
import type { Loaders } from "./loaders.js";

/** The one loader a reconciliation uses: the registry's persons by ID number. */
type RegistryLookups = { populationRegistry: Pick<Loaders["populationRegistry"], "personsByIdNumbers"> };

export function reconcileRosterWithRegistry(
  loaders: RegistryLookups,
  entries: readonly RosterEntry[],
  asOf: string,
): Promise<RosterEntryResult[]> {
  return reconcileWithLookups(loaders, entries, new Map(), asOf);
}

/**
 * The same reconciliation over a roster the system has checked against the registry itself
 * (rosterRegistryChecks, which found each entry's person or none by the ID number as written): no
 * lookup but for an ID number written with stray spaces, looked up trimmed as above; the domain
 * compares every entry alike.
 */
export function reconcileCheckedRoster(
  loaders: RegistryLookups,
  checks: readonly RosterRegistryCheck[],
  asOf: string,
): Promise<RosterEntryResult[]> {
  const known = new Map<string, RegistryFacts | null>();
  for (const check of checks) if (check.entry.idNumber === check.entry.idNumber.trim()) known.set(check.entry.idNumber, check.registered);
  return reconcileWithLookups(loaders, checks.map((c) => c.entry), known, asOf);
}

async function reconcileWithLookups(
  loaders: RegistryLookups,
  entries: readonly RosterEntry[],
  known: ReadonlyMap<string, RegistryFacts | null>,
  asOf: string,
): Promise<RosterEntryResult[]> {
  // Only well-formed ID numbers are looked up; the others are reported as such without a call.
  const idNumbers = [...new Set(entries.map((e) => e.idNumber.trim()).filter((id) => !known.has(id) && validateIdNumber(id).valid))];
  const found = await loaders.populationRegistry.personsByIdNumbers.loadMany(idNumbers);
  const registry = new Map<string, RegistryFacts | null>(known);
  for (const [index, result] of found.entries()) {
    // A failed lookup is not "not in the registry": the whole reconciliation fails with its error.
    if (result instanceof Error) throw result;
    registry.set(idNumbers[index]!, result as Person | null);
  }
  return reconcileRoster(entries, (idNumber) => registry.get(idNumber.trim()) ?? null, asOf);
}
