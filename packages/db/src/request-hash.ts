// The fingerprint of a write command, stored beside its idempotency key: a retry with the same key
// and the same command answers the first write; the same key with another command is a conflict.
// Whoever writes a command row (the adapters, the generator) computes it here, so they agree.
import { createHash } from "node:crypto";

export function requestHash(command: Record<string, unknown>): string {
  const { idempotencyKey: _, ...rest } = command;
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}

/** JSON with object keys sorted and undefined fields left out: equal commands, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
