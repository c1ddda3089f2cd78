import { SYSTEM_BY_CODE, type SystemCode } from "./systems.js";

export type UpstreamErrorCode = "UPSTREAM_UNAVAILABLE" | "UPSTREAM_TIMEOUT" | "UPSTREAM_INVALID_DATA";

const WHAT: Record<UpstreamErrorCode, string> = {
  UPSTREAM_UNAVAILABLE: "is unavailable",
  UPSTREAM_TIMEOUT: "did not answer in time",
  UPSTREAM_INVALID_DATA: "returned a record that is not valid",
};

/**
 * A provincial system failed to answer, or answered with a record that breaks the domain's
 * rules; the graph reports it on the affected paths only.
 *
 * The message is what a caller sees: the system and a category (`reason`: "circuit open",
 * "connection failed", "HTTP 503", …), never an address, a socket error or an upstream's own
 * text. `detail` keeps those for the log only.
 */
export class UpstreamError extends Error {
  /** What went wrong in full (socket errors, addresses, an upstream's answer): for the log, never for a caller. */
  public readonly detail: string | undefined;

  constructor(
    public readonly system: SystemCode,
    public readonly code: UpstreamErrorCode,
    options: { cause?: unknown; reason?: string; detail?: string } = {},
  ) {
    super(`${SYSTEM_BY_CODE[system].nameZh} (${system}) ${WHAT[code]}${options.reason ? `: ${options.reason}` : ""}`, { cause: options.cause });
    this.name = "UpstreamError";
    this.detail = options.detail ?? causeText(options.cause);
  }
}

function causeText(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return String(cause);
  return cause.cause instanceof Error ? `${cause.message}: ${cause.cause.message}` : cause.message;
}

/** A record that failed its schema: the error for its key, never a failed batch. */
export function invalidRecord(system: SystemCode, what: string, issues: readonly { path: PropertyKey[]; message: string }[]): UpstreamError {
  const detail = issues.map((i) => `${i.path.map(String).join(".") || "record"} ${i.message}`).join("; ");
  return new UpstreamError(system, "UPSTREAM_INVALID_DATA", { reason: `${what}: ${detail}` });
}

export type RejectionCode = "CONFLICT" | "INVALID_INPUT" | "NOT_FOUND";

/**
 * A system refused a write for a reason of the command itself (not its own failure): a reused
 * idempotency key, a fact that does not hold, a record that does not exist. Nothing was written.
 * `field` names the input field at fault (e.g. `lines.3.beneficiaryId`), when there is one;
 * `reason` is a stable sub-code (DATE_IN_FUTURE, ALREADY_DECIDED, IDEMPOTENCY_CONFLICT, …) that
 * clients branch on, never a prefix of the message.
 */
export class CommandRejected extends Error {
  constructor(
    public readonly code: RejectionCode,
    message: string,
    public readonly field: string | null = null,
    public readonly reason: string | null = null,
  ) {
    super(message);
    this.name = "CommandRejected";
  }
}

/** A refusal with its stable sub-code (INVALID_PAYMENT, ALREADY_DECIDED, DATE_IN_FUTURE, …). */
export function rejectCommand(code: RejectionCode, reason: string, message: string, field: string | null = null): CommandRejected {
  return new CommandRejected(code, message, field, reason);
}

/**
 * An idempotency key already used for a different command (another mutation, or the same one with
 * other values): nothing is written. The message names neither the other command nor its record.
 */
export function idempotencyConflict(key: string, what: "another mutation" | "another command"): CommandRejected {
  return rejectCommand("CONFLICT", "IDEMPOTENCY_CONFLICT", `the idempotency key ${key} was already used for ${what}`, "idempotencyKey");
}
