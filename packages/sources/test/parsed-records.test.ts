// A row read again unchanged gives the record parsed before; any change is parsed afresh, and an
// invalid row fails every time it is read.
import { describe, expect, it } from "vitest";
import { personTable } from "../src/population-registry/db-adapter.js";
import { parseRecord, parseRecordJson } from "../src/table.js";

// A person as the registry's statement reads it (ID number, sex and birth date agree).
const row = () => ({
  id: "P-PARSED-1", idNumber: "320722195411042613", name: "张三", sex: "MALE", birthDate: "1954-11-04",
  hukouRegionCode: "320722101001", residenceRegionCode: "320722101001", hukouType: "RURAL", status: "REGISTERED",
  householdId: null, registeredOn: "2010-01-01", exitedOn: null,
});

describe("parsed records", () => {
  it("hands out the record parsed before for a row with the same values", () => {
    const first = parseRecord(personTable, row());
    const again = parseRecord(personTable, row());
    expect(first).not.toBeInstanceOf(Error);
    expect(again).toBe(first);
  });

  it("parses a row again when any value changed, or a column came or went", () => {
    const first = parseRecord(personTable, row());
    const moved = parseRecord(personTable, { ...row(), residenceRegionCode: "320722102001" });
    expect(moved).not.toBe(first);
    expect(moved).toMatchObject({ residenceRegionCode: "320722102001" });
    const extra = parseRecord(personTable, { ...row(), residenceRegionCode: "320722102001", note: "x" });
    expect(extra).not.toBe(moved);
  });

  it("fails an invalid row each time it is read, though the same id was valid before", () => {
    expect(parseRecord(personTable, row())).not.toBeInstanceOf(Error);
    for (let i = 0; i < 2; i++) {
      const wrongSex = parseRecord(personTable, { ...row(), sex: "FEMALE" });
      expect(wrongSex).toBeInstanceOf(Error);
      expect((wrongSex as Error).message).toContain("P-PARSED-1");
    }
    expect(parseRecord(personTable, row())).toMatchObject({ sex: "MALE" });
  });

  it("parses a row read as one JSON text as the same row of columns, and hands it out again for the same text", () => {
    const fields = row();
    const text = JSON.stringify(Object.values(fields));
    const fromJson = parseRecordJson(personTable, { query_index: 1, id: fields.id, record_json: text });
    expect(fromJson).toEqual(parseRecord(personTable, row()));
    expect(parseRecordJson(personTable, { query_index: 2, id: fields.id, record_json: text })).toBe(fromJson);
    const moved = parseRecordJson(personTable, { id: fields.id, record_json: JSON.stringify(Object.values({ ...fields, residenceRegionCode: "320722102001" })) });
    expect(moved).not.toBe(fromJson);
    expect(moved).toMatchObject({ residenceRegionCode: "320722102001" });
    const wrongSex = parseRecordJson(personTable, { id: fields.id, record_json: JSON.stringify(Object.values({ ...fields, sex: "FEMALE" })) });
    expect(wrongSex).toBeInstanceOf(Error);
    expect((wrongSex as Error).message).toContain("P-PARSED-1");
  });
});
