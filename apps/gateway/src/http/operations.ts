// Registered operations: a JSON file listing the GraphQL documents a deployment allows. Clients
// may send an operation's id instead of its text (`documentId`, as GraphQL Code Generator's
// persisted documents do, or the automatic persisted query format,
// `extensions.persistedQuery.sha256Hash`), by POST or, for queries, by GET; and vendor clients,
// who integrate once and then run the same operations, are held to the list: anything else is
// refused before it executes.
import type { ApolloServerPlugin } from "@apollo/server";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { isVendorClient } from "../auth/principal.js";
import type { Context } from "../context.js";
import { gatewayError } from "../errors.js";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The registered documents, by id. The file is either a JSON array of documents (each known by
 * its SHA-256) or the persisted-documents manifest GraphQL Code Generator's client preset writes
 * (`persisted-documents.json`: an object mapping each document's hash to its text); the format is
 * told by the JSON itself. A manifest's document is also known by its SHA-256, so a client may
 * send either the manifest's id or the automatic persisted query hash.
 */
export class OperationRegistry {
  private readonly byId = new Map<string, string>();
  private readonly textHashes = new Set<string>();

  constructor(documents: readonly string[] | Readonly<Record<string, string>>) {
    const entries = Array.isArray(documents) ? documents.map((text) => [sha256(text), text] as const) : Object.entries(documents);
    for (const [id, text] of entries) {
      const hash = sha256(text);
      this.byId.set(id, text);
      this.byId.set(hash, text);
      this.textHashes.add(hash);
    }
  }

  static fromFile(path: string): OperationRegistry {
    const json: unknown = JSON.parse(readFileSync(path, "utf8"));
    return new OperationRegistry(OperationsFile.parse(json));
  }

  /** How many documents are registered. */
  get size(): number {
    return this.textHashes.size;
  }

  textOf(id: string): string | undefined {
    return this.byId.get(id);
  }

  allows(query: string): boolean {
    return this.textHashes.has(sha256(query));
  }
}

const OperationsFile = z.union([z.array(z.string().min(1)), z.record(z.string().min(1), z.string().min(1))]);

type PersistedRequest = { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown> };

/** The text for a persisted request's id, or the error to answer; null when the request names no persisted document. */
function lookup(request: PersistedRequest, registry: OperationRegistry | null): { text: string } | { error: string } | null {
  const hash = request.extensions?.persistedQuery?.sha256Hash;
  const id = typeof request.documentId === "string" ? request.documentId : typeof hash === "string" ? hash : undefined;
  if (id === undefined) return null;
  const text = registry?.textOf(id);
  if (text === undefined) return { error: "PERSISTED_QUERY_NOT_FOUND" };
  if (typeof request.query === "string" && request.query !== text && sha256(request.query) !== id) return { error: "the query does not match its document id" };
  return { text };
}

/**
 * Puts the registered text in place of a document id (`documentId`, the persisted-documents
 * form) or hash (`extensions.persistedQuery.sha256Hash`, the automatic persisted query form) in a
 * POST body, so that the rest of the pipeline sees an ordinary request. Answers the standard
 * PERSISTED_QUERY_NOT_FOUND for an unknown one.
 */
export function resolvePersistedOperation(body: unknown, registry: OperationRegistry | null): { body: unknown } | { error: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { body };
  const request = body as PersistedRequest;
  const found = lookup(request, registry);
  if (found === null) return { body };
  if ("error" in found) return found;
  const { persistedQuery: _, ...extensions } = request.extensions ?? {};
  const { documentId: __, ...rest } = request;
  return { body: { ...rest, query: found.text, extensions } };
}

/**
 * The same for a GET: `?documentId=<id>&variables=…` or `?extensions={"persistedQuery":…}&variables=…`
 * becomes `?query=<text>&variables=…`. Apollo Server then runs it as any GET: queries only (a
 * mutation by GET is refused with 405), and with its CSRF prevention.
 */
export function resolvePersistedGet(search: URLSearchParams, registry: OperationRegistry | null): { search: string } | { error: string } | null {
  let extensions: PersistedRequest["extensions"];
  const rawExtensions = search.get("extensions");
  if (rawExtensions) {
    try {
      extensions = JSON.parse(rawExtensions) as PersistedRequest["extensions"];
    } catch {
      return null; // Apollo Server answers a malformed `extensions` itself.
    }
  }
  const request: PersistedRequest = { query: search.get("query") ?? undefined, documentId: search.get("documentId") ?? undefined, extensions };
  const found = lookup(request, registry);
  if (found === null) return null;
  if ("error" in found) return found;
  const next = new URLSearchParams(search);
  next.delete("documentId");
  next.set("query", found.text);
  if (extensions && typeof extensions === "object") {
    const { persistedQuery: _, ...rest } = extensions;
    if (Object.keys(rest).length > 0) next.set("extensions", JSON.stringify(rest));
    else next.delete("extensions");
  }
  return { search: `?${next.toString()}` };
}

/** Vendor clients (a vendor token, or the VENDOR role whatever the token's kind) may run registered operations only. */
export function vendorSafelistPlugin(registry: OperationRegistry): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, request }) {
          if (!isVendorClient(contextValue.principal)) return;
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
