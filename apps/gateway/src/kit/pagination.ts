// Relay connections over the sources' pages: forward paging (first/after) with opaque cursors.
// A cursor, like a global ID, names a record by its surrogate key (a database id, a record id, a
// region code) and never by anything a person can be recognised by: a cursor is shown to every
// caller, unmasked and unaudited. The connection helpers take the name of a surrogate-key field,
// not a function, so a list cannot be paged by an ID number or a name; and every key is checked
// once more when it is encoded.
import { MAX_PAGE_SIZE, type Page } from "@popfam/sources";
import type { GraphQLResolveInfo } from "graphql";
import type { Types } from "../builder.js";
import { selectsAny } from "./selection.js";
import { invalidInput } from "../errors.js";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const DEFAULT_PAGE_SIZE = 20;

/** The fields a list may be paged by: records' surrogate keys (never idNumber, name, phone and the like). */
export type SurrogateKeyField = "id" | "code" | "entryId";

// Anything but printable ASCII (a name), or a whole ID number or mobile number between non-alphanumerics.
const NOT_A_SURROGATE_KEY = /[^\x21-\x7E]|(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])/;
/** The shortest run of digits NOT_A_SURROGATE_KEY can match (a mobile number). */
const SHORTEST_PERSONAL_NUMBER = 11;

/**
 * Whether the key may be shown as a surrogate key: printable ASCII and no ID number or mobile
 * number in it. Every global ID and cursor of a page is checked, so the common key (printable,
 * no run of 11 digits) is told apart in one pass; the others go through the pattern.
 */
export function isSurrogateKey(key: string): boolean {
  if (key.length === 0) return false;
  let digits = 0;
  let longest = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
    digits = c >= 0x30 && c <= 0x39 ? digits + 1 : 0;
    if (digits > longest) longest = digits;
  }
  return longest < SHORTEST_PERSONAL_NUMBER || !NOT_A_SURROGATE_KEY.test(key);
}

/**
 * The key, checked to be a surrogate key before it is put in a cursor or a global ID. A key that
 * looks like personal data is a defect of the gateway: the request fails rather than show it (the
 * error does not repeat the key).
 */
export function surrogateKey(key: string, what: string): string {
  if (!isSurrogateKey(key)) throw notASurrogateKey(what);
  return key;
}

function notASurrogateKey(what: string): Error {
  return new Error(`${what}: the key is not a surrogate key (it may hold personal data) and is not encoded`);
}

/** Base64 (RFC 4648 §4, padded) and base64url (§5, unpadded), each as a table of the 4,096 two-digit pairs (12 bits). */
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL = `${BASE64.slice(0, 62)}-_`;
const pairsOf = (digits: string) => Array.from({ length: 4096 }, (_, i) => digits[i >> 6]! + digits[i & 63]!);
const BASE64_PAIRS = pairsOf(BASE64);
const BASE64URL_PAIRS = pairsOf(BASE64URL);

/**
 * The base64 of a checked key's text: printable ASCII, one byte a character, so it is encoded from
 * its character codes. Written out rather than through a Buffer: a page's 100 global IDs through
 * Buffer.from(...).toString("base64") were 3% of its gateway time, two thirds of it the Buffer's
 * making.
 */
function encodeAscii(text: string, digits: string, pairs: readonly string[], pad: boolean): string {
  let out = "";
  const n = text.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const bits = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out += pairs[bits >> 12]! + pairs[bits & 4095]!;
  }
  if (n - i === 1) out += pairs[text.charCodeAt(i) << 4]! + (pad ? "==" : "");
  else if (n - i === 2) {
    const bits = (text.charCodeAt(i) << 10) | (text.charCodeAt(i + 1) << 2);
    out += pairs[bits >> 6]! + digits[bits & 63]! + (pad ? "=" : "");
  }
  return out;
}

const base64 = (ascii: string) => encodeAscii(ascii, BASE64, BASE64_PAIRS, true);
const base64url = (ascii: string) => encodeAscii(ascii, BASE64URL, BASE64URL_PAIRS, false);

/** A global ID: base64 of "Type:id", the id a surrogate key. */
export function encodeGlobalId(typename: string, id: string): string {
  if (!isSurrogateKey(id)) throw notASurrogateKey(`${typename} global ID`);
  return base64(`${typename}:${id}`);
}

export function encodeCursor(key: string): string {
  return base64url(`k:${surrogateKey(key, "cursor")}`);
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

/**
 * An edge of a page. Its cursor is encoded when asked for: a page is mostly asked for its nodes
 * and the end cursor, and an unasked cursor is neither shown nor checked.
 */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly key: string,
  ) {}
  get cursor(): string {
    return encodeCursor(this.key);
  }
}

export function toConnection<T extends Record<K, string>, K extends SurrogateKeyField>(page: Page<T>, key: K, extra: Record<string, unknown> = {}) {
  const edges = page.items.map((node) => new Edge(node, node[key]));
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

/**
 * A connection whose page is read only when the query asks for its edges or pageInfo (a query
 * for its `totalCount` alone reads no rows), and whose `lazy` fields (a total) are read only when
 * asked for. The page is awaited here, so a failing read fails the connection field itself.
 */
export async function connectionOf<T extends Record<K, string>, K extends SurrogateKeyField>(
  info: GraphQLResolveInfo,
  loadPage: () => Promise<Page<T>>,
  key: K,
  lazy: Record<string, () => Promise<unknown>> = {},
): Promise<ReturnType<typeof toConnection<T, K>>> {
  // Without a page the edges and pageInfo are absent: nothing in the query reads them.
  const connection = selectsAny(info, ["edges", "pageInfo"]) ? toConnection(await loadPage(), key) : ({} as ReturnType<typeof toConnection<T, K>>);
  const fields: PropertyDescriptorMap = {};
  for (const [name, load] of Object.entries(lazy)) fields[name] = { enumerable: true, get: load };
  return Object.defineProperties(connection, fields);
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
export function inMemoryPage<T extends Record<K, string>, K extends SurrogateKeyField>(
  items: readonly T[],
  key: K,
  request: { first: number; after: string | null },
): Page<T> {
  const start = request.after === null ? 0 : items.findIndex((item) => item[key] === request.after) + 1;
  if (request.after !== null && start === 0) throw invalidInput("after", "is not a cursor of this list");
  return { items: items.slice(start, start + request.first), hasNextPage: start + request.first < items.length };
}

/**
 * A connection type with `totalCount` beside its edges (the resolver returns it with
 * toConnection's `extra`): the options of `t.connection`'s connection type.
 */
export function countedConnection(
  name: string,
  description: string,
  totalCount: string,
): { name: string; description: string; fields: (c: PothosSchemaTypes.ObjectFieldBuilder<Types, unknown>) => { totalCount: ReturnType<PothosSchemaTypes.ObjectFieldBuilder<Types, unknown>["int"]> } } {
  return {
    name,
    description,
    fields: (c: PothosSchemaTypes.ObjectFieldBuilder<Types, unknown>) => ({
      // The connection type does not list the total; the resolver returns it beside the edges.
      // Where it is counted apart it is a promise: a resolver of its own waits for it (the
      // compiled executor reads a field without one in place and would not).
      totalCount: c.int({ description: totalCount, resolve: (connection) => (connection as { totalCount: number | Promise<number> }).totalCount }),
    }),
  };
}
