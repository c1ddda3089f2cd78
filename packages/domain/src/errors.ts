/**
 * Stable codes for expected domain failures. Callers (the gateway, the data layer) map these to
 * GraphQL `extensions.code` and assert on them in tests, so never rename an existing code.
 */
export type DomainErrorCode =
  | "INVALID_ID_NUMBER"
  | "INVALID_REGION_CODE"
  | "INVALID_PERIOD"
  | "INVALID_DATE"
  | "INVALID_INPUT";

/** 领域错误 — a refusal with a stable code and, when known, the offending field. */
export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
