// The audit's Apollo plugin: before a response leaves, it writes what the request revealed (no
// audit, no data), adds the notice of personal data kept masked for want of an accepted purpose,
// and hands every refusal in the response (UNAUTHENTICATED, FORBIDDEN, ACCESS_REASON_REQUIRED) to
// the refusal log. Refusals before a request reaches Apollo's operation (a bad token: the context
// is never built) are recorded by the HTTP layer through `recordUnauthenticated`.
import type { ApolloServerPlugin } from "@apollo/server";
import type { Database } from "@popfam/db";
import { GraphQLError } from "graphql";
import type { IncomingMessage } from "node:http";
import type { Context } from "../context.js";
import { accessReasonNotice } from "./access-reason.js";
import { operationNameOf } from "../http/body.js";
import { REFUSAL_CODES, type RefusalLog } from "./refusals.js";

export function auditPlugin(db: Database, refusals: RefusalLog, purposes: readonly string[], log: (line: string) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          const audit = contextValue.audit;
          if (audit?.maskedForMissingReason && response.body.kind === "single") {
            const notice = new GraphQLError(accessReasonNotice(audit.reason, purposes), {
              extensions: { code: "ACCESS_REASON_REQUIRED", purposes },
            }).toJSON();
            response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), notice];
          }
          if (response.body.kind === "single" && response.body.singleResult.errors) {
            const byCode = new Map<string, { paths: string[]; reasons: string[] }>();
            for (const error of response.body.singleResult.errors) {
              const code = error.extensions?.code;
              if (typeof code !== "string" || !REFUSAL_CODES.has(code)) continue;
              const entry = byCode.get(code) ?? { paths: [], reasons: [] };
              if (error.path) entry.paths.push(error.path.filter((p) => typeof p === "string").join("."));
              for (const key of ["reason", "scope", "field"]) {
                const value = error.extensions?.[key];
                if (typeof value === "string") entry.reasons.push(`${key}:${value}`);
              }
              byCode.set(code, entry);
            }
            for (const [code, { paths, reasons }] of byCode) {
              refusals.record({
                code, paths, reasons,
                principal: contextValue.principal ?? null,
                operation: operationName ?? null,
                client: audit?.client ?? null,
                accessReason: code === "ACCESS_REASON_REQUIRED" ? audit?.reason.text : null,
              });
            }
          }
          if (!audit || audit.size === 0) return;
          try {
            await audit.flush(db, operationName ?? null);
          } catch (error) {
            log(`audit write failed, response withheld: ${String(error)}`);
            if (response.body.kind === "single") {
              response.body.singleResult = {
                errors: [new GraphQLError("the access could not be audited; no personal data was returned", { extensions: { code: "AUDIT_UNAVAILABLE" } }).toJSON()],
              };
            }
          }
        },
      };
    },
  };
}

/** The network address a request came from. */
export const clientAddress = (request: IncomingMessage): string | null => request.socket.remoteAddress ?? null;

/** A request refused before its operation ran: no or a bad token. Records it, then rethrows. */
export function recordUnauthenticated(refusals: RefusalLog, request: IncomingMessage, body: unknown, error: unknown): never {
  const header = request.headers.authorization;
  const token = header ? (/^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? "") : null;
  const operationName = operationNameOf(body);
  refusals.record({ code: "UNAUTHENTICATED", principal: null, token, paths: [], operation: operationName, client: clientAddress(request) });
  throw error;
}
