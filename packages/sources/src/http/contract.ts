// The wire contract of a provincial system: every port method is one batch endpoint,
//   POST <system URL>/<method>   { "keys": [...] }
//   200 { "results": [ { "value": ... } | { "error": { "code", "message" } }, ... ] }  (one per key, in order)
// A contract gives each method's key and value schemas (the domain's zod schemas), so the
// adapter checks what comes back, the simulator checks what comes in, and both describe the
// API (OpenAPI) from the same source. The mapped type ties a contract to its port: a schema that
// disagrees with the port's types does not compile.
import { z } from "zod";
import { CommandRejected, invalidRecord, UpstreamError } from "../errors.js";
import type { SystemCode } from "../systems.js";

type KeyOf<Method> = Method extends (keys: readonly (infer Key)[]) => Promise<unknown> ? Key : never;
type ValueOf<Method> = Method extends (keys: never) => Promise<(infer Value)[]> ? Exclude<Value, Error> : never;

export interface Operation<Key, Value> {
  /** What the endpoint answers, Chinese first. */
  summary: string;
  key: z.ZodType<Key>;
  value: z.ZodType<Value>;
}

export type Contract<Port> = { [Method in keyof Port]: Operation<KeyOf<Port[Method]>, ValueOf<Port[Method]>> };

export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), hasNextPage: z.boolean() });

/** Keys per call at most, on both sides of the wire. */
export const MAX_KEYS_PER_CALL = 1000;

export const BatchRequest = z.object({ keys: z.array(z.unknown()).max(MAX_KEYS_PER_CALL) });

const WireError = z.object({ code: z.string(), message: z.string(), field: z.string().nullable().optional(), reason: z.string().nullable().optional() });
const REJECTED = "REJECTED:";
export const BatchResponse = z.object({
  results: z.array(z.union([z.object({ value: z.unknown() }), z.object({ error: WireError })])),
});
export type BatchResponse = z.infer<typeof BatchResponse>;
export type WireResult = BatchResponse["results"][number];

/** The simulator's side: a port's answers as wire results. */
export function encodeResults(values: readonly unknown[]): WireResult[] {
  return values.map((value) =>
    value instanceof CommandRejected
      ? { error: { code: `${REJECTED}${value.code}`, message: value.message, field: value.field, reason: value.reason } }
      : value instanceof UpstreamError
      ? { error: { code: value.code, message: value.message } }
      : value instanceof Error
        ? { error: { code: "UPSTREAM_UNAVAILABLE", message: value.message } }
        : { value: value ?? null },
  );
}

/**
 * The adapter's side: each wire result checked against the value schema. A record that fails
 * it, or a key the system reports as failed, becomes that key's error; the others stand.
 */
export function decodeResults<Value>(system: SystemCode, method: string, schema: z.ZodType<Value>, results: readonly WireResult[]): (Value | Error)[] {
  return results.map((result, index) => {
    if ("error" in result) {
      if (result.error.code.startsWith(REJECTED)) {
        const code = result.error.code.slice(REJECTED.length);
        if (code === "CONFLICT" || code === "INVALID_INPUT" || code === "NOT_FOUND") {
          return new CommandRejected(code, result.error.message, result.error.field ?? null, result.error.reason ?? null);
        }
      }
      const code = result.error.code === "UPSTREAM_INVALID_DATA" ? "UPSTREAM_INVALID_DATA" : "UPSTREAM_UNAVAILABLE";
      return new UpstreamError(system, code, { detail: result.error.message });
    }
    const parsed = schema.safeParse(result.value);
    if (parsed.success) return parsed.data;
    return invalidRecord(system, `${method} key ${index}`, parsed.error.issues);
  });
}
