// Coded errors: clients branch on `extensions.code`, never on the message.
import { GraphQLError } from "graphql";

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

export const invalidInput = (field: string, message: string) =>
  gatewayError("INVALID_INPUT", `${field}: ${message}`, { field });
