// What every mutation does around its write: the scope and the jurisdiction first (nothing is
// sent to a system on a refusal), then one command to the system's port, whose refusal comes back
// as a coded error naming the field, and an audit entry for what was written.
import { CommandRejected } from "@popfam/sources";
import type { AuditedWrite } from "../auth/audit.js";
import { canSeeRegion, type Scope } from "../auth/principal.js";
import type { Context } from "../context.js";
import { gatewayError } from "../errors.js";

/** The scope first, before anything is looked up: a caller without it learns nothing about ids. */
export function requireScope(context: Context, scope: Scope, what: string): void {
  if (!context.principal.scopes.has(scope)) {
    throw gatewayError("FORBIDDEN", `${what}: the token lacks the ${scope} scope`, { scope });
  }
}

/** A region the caller names in its input (a payment batch's region): FORBIDDEN outside the jurisdiction. */
export function authorizeWrite(context: Context, scope: Scope, regionCode: string, what: string, field = "input.regionCode"): void {
  requireScope(context, scope, what);
  if (!canSeeRegion(context.principal, regionCode)) {
    throw gatewayError("FORBIDDEN", `${what}: ${field} is outside the caller's jurisdiction`, { field, jurisdiction: context.principal.jurisdiction });
  }
}

/**
 * The record a write is about, by the id the caller sent: one outside the caller's jurisdiction
 * answers exactly as one that does not exist (NOT_FOUND naming the input field), so a refusal
 * reveals nothing the caller may not see (no region, no name, not even that it exists).
 */
export async function targetOfWrite<T>(
  context: Context,
  scope: Scope,
  what: string,
  load: Promise<T | null>,
  regionOf: (record: T) => string,
  field: string,
  kind: string,
): Promise<T> {
  requireScope(context, scope, what);
  const record = await load;
  if (record === null || !canSeeRegion(context.principal, regionOf(record))) throw notFound(field, kind);
  return record;
}

const notFound = (field: string, kind: string) => gatewayError("NOT_FOUND", `input.${field}: no ${kind} has this id`, { field: `input.${field}` });

/**
 * Sends one command, after its audit entry is written (named by the idempotency key, which the
 * record keeps): if the audit log cannot be written, nothing is sent. A refusal becomes CONFLICT /
 * INVALID_INPUT / NOT_FOUND with the field, under `input.`.
 */
export async function sendCommand<Command extends { idempotencyKey: string }, Result>(
  context: Context,
  audit: Omit<AuditedWrite, "entityId">,
  write: (commands: readonly Command[]) => Promise<(Result | Error)[]>,
  command: Command,
): Promise<Result> {
  try {
    await context.audit.recordWrite({ ...audit, entityId: command.idempotencyKey });
  } catch {
    throw gatewayError("AUDIT_UNAVAILABLE", "the write could not be audited, so it was not made; send it again with the same idempotency key");
  }
  const [result] = await write([command]);
  if (result instanceof CommandRejected) {
    const field = result.field ? `input.${result.field}` : undefined;
    const message = field && !result.message.startsWith(`${result.field}`) ? `${field}: ${result.message}` : field ? `input.${result.message}` : result.message;
    throw gatewayError(result.code, message, { ...(field ? { field } : {}), ...(result.reason ? { reason: result.reason } : {}) });
  }
  if (result instanceof Error) throw result;
  if (result === undefined) throw new Error("the system answered no result for the command");
  return result;
}

/** Loads the record a write is about; NOT_FOUND naming the input field when there is none. */
export async function existing<T>(load: Promise<T | null>, field: string, what: string): Promise<T> {
  const record = await load;
  if (record === null) throw notFound(field, what);
  return record;
}
