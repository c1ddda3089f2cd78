// How every record type of a region is guarded: its jurisdiction check where a field returns it
// (for records reached through a list or a reference, e.g. Birth.mother, FORBIDDEN on that path:
// see auth/record-guard.ts) and in its node loader
// (for records fetched by global ID). By global ID, a record outside the caller's jurisdiction
// answers exactly as a record that does not exist (NOT_FOUND, same message), so that no caller can
// learn by probing which records exist elsewhere.
import type DataLoader from "dataloader";
import { canSeeRegion } from "../auth/principal.js";
import { recordRegionExtension } from "../auth/record-guard.js";
import type { Context } from "../context.js";
import { gatewayError } from "../errors.js";

/** The one answer for a global ID naming no record the caller may see, whether it exists or not. */
export const nodeNotFound = () => gatewayError("NOT_FOUND", "id: no object with this global ID is within your jurisdiction", { field: "id" });

export function guardedRecord<T>(_typeName: string, regionOf: (record: T) => string, loader: (context: Context) => DataLoader<string, T | null, unknown>) {
  return {
    extensions: recordRegionExtension(regionOf),
    loadMany: (ids: string[], context: Context) =>
      ids.map(async (id) => {
        const record = await loader(context).load(id);
        if (record === null || !canSeeRegion(context.principal, regionOf(record))) throw nodeNotFound();
        return record;
      }),
  };
}
