// Registered operations: a JSON file listing the GraphQL documents a deployment allows. Clients
// may send an operation's SHA-256 instead of its text (the automatic persisted query format,
// `extensions.persistedQuery.sha256Hash`), and vendor clients, who integrate once and then run
// the same operations, are held to the list: anything else is refused before it executes.
import type { ApolloServerPlugin } from "@apollo/server";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Context } from "../context.js";
import { gatewayError } from "../errors.js";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class OperationRegistry {
  private readonly byHash: Map<string, string>;

  constructor(documents: readonly string[]) {
    this.byHash = new Map(documents.map((document) => [sha256(document), document]));
  }

  static fromFile(path: string): OperationRegistry {
    const documents = z.array(z.string().min(1)).parse(JSON.parse(readFileSync(path, "utf8")));
    return new OperationRegistry(documents);
  }

  get size(): number {
    return this.byHash.size;
  }

  textOf(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  allows(query: string): boolean {
    return this.byHash.has(sha256(query));
  }
}

/**
 * Puts the registered text in place of a hash in a POST body, so that the rest of the pipeline
 * sees an ordinary request. Answers the standard PERSISTED_QUERY_NOT_FOUND for an unknown hash.
 */
export function resolvePersistedOperation(body: unknown, registry: OperationRegistry | null): { body: unknown } | { error: string } {
  if (typeof body !== "object" || body === null) return { body };
  const request = body as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
  const hash = request.extensions?.persistedQuery?.sha256Hash;
  if (typeof hash !== "string") return { body };
  const text = registry?.textOf(hash);
  if (text === undefined) return { error: "PERSISTED_QUERY_NOT_FOUND" };
  if (typeof request.query === "string" && sha256(request.query) !== hash) return { error: "the query does not match its sha256Hash" };
  const { persistedQuery: _, ...extensions } = request.extensions ?? {};
  return { body: { ...request, query: text, extensions } };
}

/** Vendor principals may run registered operations only. */
export function vendorSafelistPlugin(registry: OperationRegistry): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, request }) {
          if (contextValue.principal.kind !== "vendor") return;
          if (!request.query || !registry.allows(request.query)) {
            throw gatewayError("FORBIDDEN", "this client may run registered operations only; ask for the operation to be registered", {
              reason: "OPERATION_NOT_REGISTERED",
              http: { status: 403 },
            });
          }
        },
      };
    },
  };
}
