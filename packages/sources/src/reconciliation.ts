// 库册一致 — a roster (名册) against the population registry: the registry records of every entry
// in one batched lookup, then the domain's pure reconciliation. The assistance area reconciles its
// beneficiary rosters with this; any roster of ID numbers can be.
import { reconcileRoster, validateIdNumber, type Person, type RegistryFacts, type RosterEntry, type RosterEntryResult } from "@popfam/domain";
import type { RosterRegistryCheck } from "./assistance/port.js";
import type { Loaders } from "./loaders.js";

export function reconcileRosterWithRegistry(
  loaders: Pick<Loaders, "personByIdNumber">,
  entries: readonly RosterEntry[],
  asOf: string,
): Promise<RosterEntryResult[]> {
  return reconcileWithLookups(loaders, entries, new Map(), asOf);
}

/**
 * The same reconciliation over a roster the system has checked against the registry itself
 * (rosterRegistryChecks): an entry it found registered under its ID number, name and hukou region
 * needs no lookup; the others (not found, not registered, recorded otherwise) are looked up in the
 * registry as above, and the domain compares every entry alike.
 */
export function reconcileCheckedRoster(
  loaders: Pick<Loaders, "personByIdNumber">,
  checks: readonly RosterRegistryCheck[],
  asOf: string,
): Promise<RosterEntryResult[]> {
  const known = new Map<string, RegistryFacts>();
  for (const check of checks) if (check.registered) known.set(check.entry.idNumber.trim(), check.registered);
  return reconcileWithLookups(loaders, checks.map((c) => c.entry), known, asOf);
}

async function reconcileWithLookups(
  loaders: Pick<Loaders, "personByIdNumber">,
  entries: readonly RosterEntry[],
  known: ReadonlyMap<string, RegistryFacts>,
  asOf: string,
): Promise<RosterEntryResult[]> {
  // Only well-formed ID numbers are looked up; the others are reported as such without a call.
  const idNumbers = [...new Set(entries.map((e) => e.idNumber.trim()).filter((id) => !known.has(id) && validateIdNumber(id).valid))];
  const found = await loaders.personByIdNumber.loadMany(idNumbers);
  const registry = new Map<string, RegistryFacts | null>(known);
  for (const [index, result] of found.entries()) {
    // A failed lookup is not "not in the registry": the whole reconciliation fails with its error.
    if (result instanceof Error) throw result;
    registry.set(idNumbers[index]!, result as Person | null);
  }
  return reconcileRoster(entries, (idNumber) => registry.get(idNumber.trim()) ?? null, asOf);
}
