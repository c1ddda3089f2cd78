// Relay connections over the sources' pages: forward paging (first/after) with opaque cursors.
import { MAX_PAGE_SIZE, type Page } from "@popfam/sources";
import { invalidInput } from "../errors.js";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`).toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith("k:")) throw invalidInput("after", "is not a cursor given by this API");
  return text.slice(2);
}

/** The page asked for, checked: 1..100 rows, forward only. */
export function pageRequest(args: ConnectionArgs): { first: number; after: string | null } {
  if (args.last != null || args.before != null) {
    throw invalidInput(args.last != null ? "last" : "before", "backward paging is not supported; use first and after");
  }
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw invalidInput("first", `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { first, after: args.after ? decodeCursor(args.after) : null };
}

export function toConnection<T>(page: Page<T>, keyOf: (item: T) => string, extra: Record<string, unknown> = {}) {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    ...extra,
  };
}

/** Complexity of a connection field: its own cost plus its nodes' times the page size. */
export const connectionComplexity = (args: ConnectionArgs) => ({
  field: 2,
  multiplier: Math.max(1, Math.min(MAX_PAGE_SIZE, args.first ?? DEFAULT_PAGE_SIZE)),
});

/**
 * A page of a list already in memory (a region's special families, a linkage's flagged births):
 * the items after the one whose key is the cursor. A cursor that names no item is an input error.
 */
export function inMemoryPage<T>(items: readonly T[], keyOf: (item: T) => string, request: { first: number; after: string | null }): Page<T> {
  const start = request.after === null ? 0 : items.findIndex((item) => keyOf(item) === request.after) + 1;
  if (request.after !== null && start === 0) throw invalidInput("after", "is not a cursor of this list");
  return { items: items.slice(start, start + request.first), hasNextPage: start + request.first < items.length };
}
