// Cursors and global IDs hold surrogate keys only: the connection helpers are typed to take a
// surrogate-key field, and any key that looks like personal data is refused when it is encoded.
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, inMemoryPage, surrogateKey, toConnection } from "../src/kit/pagination.js";

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
});
