// How every record type of a region is guarded: its jurisdiction check on the type (for records
// reached through a reference, e.g. Birth.mother) and in its node loader (for records fetched by
// global ID), so a record outside the caller's jurisdiction is FORBIDDEN on its own path.
import type DataLoader from "dataloader";
import { canSeeRegion } from "../../auth/principal.js";
import type { Context } from "../../context.js";
import { gatewayError } from "../../errors.js";

export function guardedRecord<T>(typeName: string, regionOf: (record: T) => string, loader: (context: Context) => DataLoader<string, T | null, unknown>) {
  return {
    authScopes: (record: T) => ({ jurisdiction: regionOf(record) }),
    loadMany: (ids: string[], context: Context) =>
      ids.map(async (id) => {
        const record = await loader(context).load(id);
        if (record && !canSeeRegion(context.principal, regionOf(record))) {
          throw gatewayError("FORBIDDEN", `${typeName} ${id}: outside the jurisdiction of ${context.principal.subject}`, {
            jurisdiction: context.principal.jurisdiction,
          });
        }
        return record;
      }),
  };
}
