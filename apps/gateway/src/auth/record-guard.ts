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
const RECORD_REGION = "popfamRecordRegion";

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
    const guard = fieldConfig.type.kind === "List" ? guardList : guardRecord;
    return (parent: unknown, args: object, context: Types["Context"], info: GraphQLResolveInfo) => {
      const result = resolver(parent, args, context, info);
      return isThenable(result)
        ? Promise.resolve(result).then((value) => guard(value, regionOf, context as Context, info))
        : guard(result, regionOf, context as Context, info);
    };
  }

  /** The region function of the record type a field returns (itself or as the items of a list), if it is a record type. */
  private recordRegionOf(type: PothosOutputFieldType<Types>): RegionOf | null {
    const named = type.kind === "List" ? type.type : type;
    if (named.kind !== "Object") return null;
    const config = this.buildCache.getTypeConfig(named.ref);
    const regionOf = config.extensions?.[RECORD_REGION];
    return typeof regionOf === "function" ? (regionOf as RegionOf) : null;
  }
}

type RegionOf = (record: unknown) => string;

const refused = (record: unknown, regionOf: RegionOf, context: Context) =>
  record != null && !(record instanceof Error) && !canSeeRegion(context.principal, regionOf(record));

function guardRecord(value: unknown, regionOf: RegionOf, context: Context, info: GraphQLResolveInfo): unknown {
  if (refused(value, regionOf, context)) throw outsideJurisdiction(info, context.principal);
  return value;
}

/** The list with each record outside the jurisdiction replaced by its error: that item alone fails, at its own path. */
function guardList(value: unknown, regionOf: RegionOf, context: Context, info: GraphQLResolveInfo): unknown {
  if (!Array.isArray(value) || !value.some((record) => isThenable(record) || refused(record, regionOf, context))) return value;
  const item = (record: unknown): unknown =>
    isThenable(record)
      ? Promise.resolve(record).then(item)
      : refused(record, regionOf, context)
        ? outsideJurisdiction(info, context.principal)
        : record;
  return value.map(item);
}

SchemaBuilder.registerPlugin(pluginName, RecordGuardPlugin);

export default pluginName;
