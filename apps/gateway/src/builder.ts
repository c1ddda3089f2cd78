// The one Pothos builder of the schema, with its plugins. Modules add their types to it; schema.ts
// imports every module and builds the schema.
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import RecordGuardPlugin, { outsideJurisdiction } from "./auth/record-guard.js";
import SyncGlobalIdsPlugin from "./execution/sync-global-ids.js";
import { LocalDateResolver, SafeIntResolver } from "graphql-scalars";
import { canSeeRegion } from "./auth/principal.js";
import type { Context } from "./context.js";
import { gatewayError } from "./errors.js";
import { encodeGlobalId } from "./kit/pagination.js";

/** The most global IDs `nodes(ids:)` takes: as many as a page of a list. */
export const MAX_NODE_IDS = 100;

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: {
    /** The principal's jurisdiction covers this region code. */
    jurisdiction: string;
  };
  Scalars: {
    Date: { Input: string; Output: string };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
}>({
  // Last: the innermost wrapper of a field, so it stands in for the relay plugin's own id resolver only.
  plugins: [ScopeAuthPlugin, RecordGuardPlugin, ErrorsPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin, SyncGlobalIdsPlugin],
  // Expected failures of a field can be typed results (a union with the error types it lists).
  errors: { defaultTypes: [] },
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      jurisdiction: (regionCode: string) => canSeeRegion(context.principal, regionCode),
    }),
    unauthorizedError: (_parent, context, info) => outsideJurisdiction(info, context.principal),
  },
  relay: {
    // Global IDs are base64 of "Type:id", the id a surrogate key (never personal data: checked
    // here for every type). A malformed one is the caller's input error, not ours.
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, String(id)),
    decodeGlobalID: (globalID) => {
      const text = Buffer.from(globalID, "base64").toString("utf8");
      const separator = text.indexOf(":");
      const typename = text.slice(0, separator);
      if (separator < 1 || separator === text.length - 1 || !/^[A-Z][A-Za-z]*$/.test(typename) || !isNodeType(typename)) {
        // The value is not repeated: a caller may have put anything in it.
        throw gatewayError("INVALID_INPUT", "id: is not a global ID of this API", { field: "id", reason: "INVALID_GLOBAL_ID" });
      }
      return { typename, id: text.slice(separator + 1) };
    },
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: { description: "按全局ID取对象 — fetch any object by its global ID" },
    nodesQueryOptions: {
      description: `按全局ID批量取对象（至多${MAX_NODE_IDS}个） — fetch objects by their global IDs, at most ${MAX_NODE_IDS}`,
      // Each id is a record read: the ids multiply the cost of the fields asked of each node.
      complexity: (args: { ids?: readonly unknown[] }) => ({ field: 1, multiplier: Math.max(1, Math.min(args.ids?.length ?? 1, MAX_NODE_IDS)) }),
      resolve: (_root, args, _context, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODE_IDS) {
          throw gatewayError("INVALID_INPUT", `ids takes at most ${MAX_NODE_IDS} global IDs, not ${args.ids.length}`, { field: "ids" });
        }
        return resolveNodes(args.ids);
      },
    },
    pageInfoTypeOptions: { description: "分页信息 — Relay page info" },
    nodeTypeOptions: { description: "可按全局ID获取的对象 — an object with a global ID" },
  },
  validation: {
    validationError: (result) => {
      const issue = result.issues[0];
      const field = issue?.path?.map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".") ?? "input";
      return gatewayError("INVALID_INPUT", `${field}: ${issue?.message ?? "invalid"}`, {
        field,
        reason: "INVALID_VALUE",
        issues: result.issues.map((i) => ({ path: i.path?.map((p) => (typeof p === "object" ? p.key : p)), message: i.message })),
      });
    },
  },
  complexity: {
    defaultComplexity: 1,
    // Connections multiply by their page size (see pagination.ts); plain lists here are short.
    defaultListMultiplier: 1,
    // The fields' weights only: the bound is checked once per operation and variables, before
    // anything runs (http/query-cost.ts), not in each request's root resolvers.
    disabled: true,
  },
});

/** Whether a type name is one of the graph's Node types (loadable by global ID); type names are public. */
function isNodeType(typename: string): boolean {
  try {
    const config = builder.configStore.getTypeConfig(typename);
    const options = config.pothosOptions as { loadMany?: unknown; loadOne?: unknown };
    return config.kind === "Object" && Boolean(options.loadMany ?? options.loadOne);
  } catch {
    return false;
  }
}

/** A date as every value of the graph holds it; the domain schemas checked it for a real calendar date where it entered. */
const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

builder.addScalarType("Date", LocalDateResolver, {
  description: "日期 — an ISO 8601 calendar date, YYYY-MM-DD",
  // Input is checked in full (graphql-scalars); output of the expected shape passes as it is, as a
  // page of persons serializes hundreds of dates.
  serialize: (value) => (typeof value === "string" && ISO_DATE_SHAPE.test(value) ? value : LocalDateResolver.serialize(value)),
});
builder.addScalarType("SafeInt", SafeIntResolver, { description: "安全整数（±2^53−1） — an integer up to 2^53 − 1: money in fen" });
builder.queryType({ description: "查询 — the root of every read" });
builder.mutationType({ description: "写入 — the root of every write: validated, jurisdiction-checked, idempotent by key, audited" });
export type Types = typeof builder.$inferSchemaTypes;
