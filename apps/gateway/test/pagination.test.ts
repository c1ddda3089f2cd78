// Cursors and global IDs hold surrogate keys only: the connection helpers are typed to take a
// surrogate-key field, and any key that looks like personal data is refused when it is encoded.
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, encodeGlobalId, inMemoryPage, isSurrogateKey, surrogateKey, toConnection } from "../src/kit/pagination.js";

interface Row {
  id: string;
  idNumber: string;
  name: string;
  phone: string;
}

const rows: Row[] = [
  { id: "P00000001", idNumber: "32072219650130699X", name: "张伟", phone: "13912345678" },
  { id: "P00000002", idNumber: "320722196501306998", name: "王芳", phone: "13812345678" },
];

describe("connections", () => {
  it("page by a surrogate-key field and give cursors that decode to it", () => {
    const page = inMemoryPage(rows, "id", { first: 1, after: null });
    const connection = toConnection(page, "id");
    expect(connection.edges.map((e) => decodeCursor(e.cursor))).toEqual(["P00000001"]);
    expect(inMemoryPage(rows, "id", { first: 1, after: "P00000001" }).items).toEqual([rows[1]]);
  });

  it("do not compile with a personal-data field as the key", () => {
    const page = { items: rows, hasNextPage: false };
    // @ts-expect-error an ID number is not a surrogate key
    expect(() => toConnection(page, "idNumber")).toThrow(/not a surrogate key/);
    // @ts-expect-error nor is a name
    const byName = inMemoryPage(rows, "name", { first: 2, after: null });
    // @ts-expect-error nor is a name
    expect(() => toConnection(byName, "name")).toThrow(/not a surrogate key/);
    // @ts-expect-error nor a phone number
    expect(() => toConnection(page, "phone")).toThrow(/not a surrogate key/);
  });

  it("refuse to encode a key that looks like personal data, without repeating it", () => {
    for (const key of ["32072219650130699X", "320722650130123", "13912345678", "张伟", "k|320722196501306998|2022-02-14", ""]) {
      expect(() => encodeCursor(key)).toThrow(/not a surrogate key/);
      try {
        surrogateKey(key, "cursor");
      } catch (error) {
        if (key) expect((error as Error).message).not.toContain(key);
      }
    }
    for (const key of ["P00000001", "320722101001", "BF-3f1c2d4e-0a13-4b8e-9c5d-138123456789", "c1#2"]) expect(surrogateKey(key, "cursor")).toBe(key);
  });

  it("tell surrogate keys apart as the pattern does, and encode them as a UTF-8 buffer would", () => {
    // The pattern the one-pass check stands in for (it runs only on keys with a run of 11 digits).
    const personal = /[^\x21-\x7E]|(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])/;
    const alphabet = "0123456789013456789XxPk-_:|#/+= 张é\t";
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let refused = 0;
    for (let n = 0; n < 20_000; n++) {
      // Mostly digits, so that runs of 11, 15, 17 and 18 digits come up next to letters and separators.
      const length = 1 + Math.floor(next() * 30);
      const key = Array.from({ length }, () => alphabet[next() < 0.7 ? Math.floor(next() * 10) : Math.floor(next() * alphabet.length)]).join("");
      expect(isSurrogateKey(key), key).toBe(!personal.test(key));
      if (!isSurrogateKey(key)) {
        refused++;
        continue;
      }
      expect(encodeGlobalId("Person", key)).toBe(Buffer.from(`Person:${key}`).toString("base64"));
      expect(encodeCursor(key)).toBe(Buffer.from(`k:${key}`).toString("base64url"));
      expect(decodeCursor(encodeCursor(key))).toBe(key);
    }
    // Both kinds came up often.
    expect(refused).toBeGreaterThan(2_000);
    expect(refused).toBeLessThan(18_000);
    expect(() => encodeGlobalId("Person", "13912345678")).toThrow(/Person global ID: the key is not a surrogate key/);
  });

  it("encode an edge's cursor when it is asked for, and check its key then", () => {
    const page = { items: [rows[0]!, { ...rows[1]!, id: "13912345678" }, { ...rows[1]!, id: "P00000003" }], hasNextPage: true };
    const connection = toConnection(page, "id");
    expect(connection.pageInfo).toMatchObject({ startCursor: encodeCursor("P00000001"), endCursor: encodeCursor("P00000003") });
    expect(connection.edges.map((edge) => edge.node.id)).toEqual(["P00000001", "13912345678", "P00000003"]);
    expect(() => connection.edges[1]!.cursor).toThrow(/not a surrogate key/);
  });
});
