// Coded errors: clients branch on `extensions.code`, never on the message.
import { isDomainError, type DateIssue } from "@popfam/domain";
import { GraphQLError } from "graphql";
import { ZodError } from "zod";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "REGION_NOT_FOUND"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "AUDIT_UNAVAILABLE"
  | "QUERY_TOO_COMPLEX"
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_TIMEOUT";

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

/**
 * INVALID_INPUT names the field at fault (`extensions.field`, e.g. `input.paidOn`) and a stable
 * sub-code (`extensions.reason`, e.g. DATE_IN_FUTURE); the message is for people and carries no code.
 */
export const invalidInput = (field: string, message: string, reason: string = "INVALID_VALUE", extensions: Record<string, unknown> = {}) =>
  gatewayError("INVALID_INPUT", `${field}: ${message}`, { field, reason, ...extensions });

/** The first broken date rule of a write (the domain's rules), as INVALID_INPUT under `input.`. */
export function rejectDateIssues(issues: readonly DateIssue[]): void {
  const [first] = issues;
  if (first) throw invalidInput(`input.${first.field}`, first.message, first.reason);
}

/**
 * A caller's bad argument found below the resolvers: a domain rule (DomainError, e.g. a region
 * code of the wrong shape) or a port's key schema (ZodError). Either is INVALID_INPUT naming the
 * field, never an internal error. Anything else: null.
 */
export function inputErrorOf(error: unknown): { message: string; extensions: Record<string, unknown> } | null {
  if (isDomainError(error)) {
    const field = error.field ?? "input";
    return { message: `${field}: ${error.message}`, extensions: { code: "INVALID_INPUT", field, reason: error.code } };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "input";
    return { message: `${field}: ${issue?.message ?? "invalid"}`, extensions: { code: "INVALID_INPUT", field, reason: "INVALID_VALUE" } };
  }
  return null;
}
