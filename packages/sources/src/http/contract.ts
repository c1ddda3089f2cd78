// The wire contract of a provincial system: every port method is one batch endpoint,
//   POST <system URL>/<method>   { "keys": [...] }
//   200 { "results": [ { "value": ... } | { "error": { "code", "message" } }, ... ] }  (one per key, in order)
// A contract gives each method's key and value schemas (the domain's zod schemas), so the
// adapter checks what comes back, the simulator checks what comes in, and both describe the
// API (OpenAPI) from the same source. The contract is the source of the port's type too
// (PortOf): a database adapter that disagrees with its schemas does not compile.
import { z } from "zod";
import { CommandRejected, invalidRecord, UpstreamError } from "../errors.js";
import type { SystemCode } from "../systems.js";

export interface Operation<Key extends z.ZodType = z.ZodType, Value extends z.ZodType = z.ZodType> {
  /** What the endpoint answers, Chinese first. */
  summary: string;
  key: Key;
  value: Value;
  /** A write (a command): the gateway sends it itself, so it has no loader. */
  write?: true;
}

/** Each method of a system by name. */
export type Contract = Record<string, Operation>;

/** One method of a port: many keys in, one value or error per key out, in the order asked. */
/** What a call carries beside its keys: the deadline of the request it is made for (a call over HTTP fails when it aborts). */
export interface CallOptions {
  signal?: AbortSignal;
}

export type BatchMethod<Key, Value> = (keys: readonly Key[], options?: CallOptions) => Promise<(Value | Error)[]>;

/**
 * The port a contract describes: a method takes keys as its key schema accepts them (input) and
 * answers values as its value schema gives them (output). The key schemas transform nothing, so
 * the database adapter sees the same keys from the gateway and from the simulator (which parses them).
 */
export type PortOf<C extends Contract> = { [Method in keyof C]: BatchMethod<z.input<C[Method]["key"]>, z.output<C[Method]["value"]>> };

/** The methods of a contract that read (not writes). */
export type ReadMethodOf<C extends Contract> = { [Method in keyof C]: C[Method] extends { write: true } ? never : Method }[keyof C];

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
      // The system's own words go to the log only: the caller learns the system and the code.
      return new UpstreamError(system, code, { detail: result.error.message });
    }
    const parsed = schema.safeParse(result.value);
    if (parsed.success) return parsed.data;
    return invalidRecord(system, `${method} key ${index}`, parsed.error.issues);
  });
}
