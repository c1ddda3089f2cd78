// The jurisdiction guard of record types (a person, a birth, a beneficiary...): every field whose
// type is such a record checks each record it returns against the caller's jurisdiction, once,
// where the record enters the answer. A record outside it answers null on that path with FORBIDDEN
// (in a list, that item alone); its fields are never resolved. The check runs in the resolver of
// the field, not in the type's `isTypeOf`, so any executor runs it the same way.
import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type PothosOutputFieldType, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";
import { gatewayError } from "../errors.js";
import { canSeeRegion, type Principal } from "./principal.js";

/** The key of a record type's GraphQL extensions that holds the region a record belongs to. */
export const RECORD_REGION = "popfamRecordRegion";

/** GraphQL extensions of a record type: the region each of its records belongs to. */
export function recordRegionExtension<T>(regionOf: (record: T) => string): Record<string, unknown> {
  return { [RECORD_REGION]: regionOf };
}

/** The refusal of a record outside the caller's jurisdiction, on the path of the field that returned it. */
export function outsideJurisdiction(info: GraphQLResolveInfo, principal: Principal): Error {
  return gatewayError("FORBIDDEN", `${info.parentType.name}.${info.fieldName}: outside the jurisdiction of ${principal.subject}`, {
    jurisdiction: principal.jurisdiction,
  });
}

const pluginName = "recordGuard";

// Pothos declares its plugins in this global namespace.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      recordGuard: RecordGuardPlugin<Types>;
    }
  }
}

export class RecordGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    const regionOf = this.recordRegionOf(fieldConfig.type);
    if (!regionOf) return resolver;
    const list = fieldConfig.type.kind === "List";
    return (parent: unknown, args: object, context: Types["Context"], info: GraphQLResolveInfo) => {
      const guard = (value: unknown): unknown => {
        const principal = (context as Context).principal;
        const refused = (record: unknown) => record != null && !(record instanceof Error) && !canSeeRegion(principal, regionOf(record));
        if (!list) {
          if (refused(value)) throw outsideJurisdiction(info, principal);
          return value;
        }
        if (!Array.isArray(value)) return value;
        // The item alone fails: an Error in a list is that item's error, at its own path.
        const item = (record: unknown): unknown =>
          isThenable(record) ? Promise.resolve(record).then(item) : refused(record) ? outsideJurisdiction(info, principal) : record;
        return value.some((record) => isThenable(record) || refused(record)) ? value.map(item) : value;
      };
      const result = resolver(parent, args, context, info);
      return isThenable(result) ? Promise.resolve(result).then(guard) : guard(result);
    };
  }

  /** The region function of the record type a field returns (itself or as the items of a list), if it is a record type. */
  private recordRegionOf(type: PothosOutputFieldType<Types>): ((record: unknown) => string) | null {
    const named = type.kind === "List" ? type.type : type;
    if (named.kind !== "Object") return null;
    const config = this.buildCache.getTypeConfig(named.ref);
    const regionOf = config.extensions?.[RECORD_REGION];
    return typeof regionOf === "function" ? (regionOf as (record: unknown) => string) : null;
  }
}

SchemaBuilder.registerPlugin(pluginName, RecordGuardPlugin);

export default pluginName;
