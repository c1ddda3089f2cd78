import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { generateIdNumber } from "./id-number.js";
import { Person } from "./person.js";
import { RosterEntry, reconcileRoster, summariseReconciliation, type RosterEntryResult } from "./roster-reconciliation.js";

const AS_OF = "2024-06-30";
const wangFangId = generateIdNumber({ regionCode: "320722", birthDate: "1990-03-15", sequence: 123, sex: "FEMALE" });
const liQiangId = generateIdNumber({ regionCode: "320722", birthDate: "1958-11-02", sequence: 45, sex: "MALE" });
const unknownId = generateIdNumber({ regionCode: "320722", birthDate: "1975-07-07", sequence: 7, sex: "MALE" });

const wangFang = Person.parse({
  id: "p1",
  idNumber: wangFangId,
  name: "王芳",
  sex: "FEMALE",
  birthDate: "1990-03-15",
  hukouRegionCode: "320722101001",
  residenceRegionCode: "320722101",
  hukouType: "RURAL",
  status: "REGISTERED",
  householdId: "h1",
  registeredOn: "2010-01-01",
  exitedOn: null,
});
const liQiang = Person.parse({
  ...wangFang,
  id: "p2",
  idNumber: liQiangId,
  name: "李强",
  sex: "MALE",
  birthDate: "1958-11-02",
});

function registryOf(...persons: Person[]) {
  const byIdNumber = new Map<string, Person>(persons.map((p) => [p.idNumber, p]));
  const asked: string[] = [];
  const lookup = (idNumber: string) => {
    asked.push(idNumber);
    return byIdNumber.get(idNumber) ?? null;
  };
  return { lookup, asked };
}

// A plain string for the branded region code: entry() parses, so the brand is checked there.
type EntryInput = Partial<Omit<RosterEntry, "entryId" | "regionCode">> & { regionCode?: string | null };

function entry(entryId: string, fields: EntryInput = {}): RosterEntry {
  return RosterEntry.parse({ entryId, idNumber: wangFangId, name: "王芳", sex: "FEMALE", regionCode: "320722101", ...fields });
}

const reasons = (result: RosterEntryResult | undefined) => result?.mismatches.map((m) => m.reason);

describe("RosterEntry", () => {
  it("accepts an entry with unknown fields as null", () => {
    expect(RosterEntry.safeParse({ entryId: "e1", idNumber: "anything", name: null, sex: null, regionCode: null }).success).toBe(true);
  });
  it("rejects an empty entry id, an empty name and a malformed region code", () => {
    const base = { entryId: "e1", idNumber: wangFangId, name: "王芳", sex: null, regionCode: null };
    expect(RosterEntry.safeParse({ ...base, entryId: "" }).success).toBe(false);
    expect(RosterEntry.safeParse({ ...base, name: "" }).success).toBe(false);
    expect(RosterEntry.safeParse({ ...base, regionCode: "32072" }).success).toBe(false);
  });
});

describe("reconcileRoster", () => {
  it("finds an entry that agrees with the registry consistent", () => {
    const { lookup } = registryOf(wangFang);
    expect(reconcileRoster([entry("e1")], lookup, AS_OF)).toEqual([
      { entryId: "e1", idNumber: wangFangId, personId: "p1", consistent: true, mismatches: [] },
    ]);
  });

  it("reports an invalid ID number alone, without looking it up", () => {
    const { lookup, asked } = registryOf(wangFang);
    const broken = `${wangFangId.slice(0, 17)}${wangFangId.endsWith("0") ? "1" : "0"}`;
    const [result] = reconcileRoster([entry("e1", { idNumber: broken, name: "别人", sex: "MALE" })], lookup, AS_OF);
    expect(asked).toEqual([]);
    expect(result).toMatchObject({ personId: null, consistent: false });
    expect(result?.mismatches).toEqual([
      {
        reason: "INVALID_ID_NUMBER",
        field: "idNumber",
        rosterValue: broken,
        registryValue: null,
        since: null,
        detail: expect.stringMatching(/^身份证号码校验码错误 — /),
      },
    ]);
  });

  it("looks up an ID number with surrounding spaces trimmed", () => {
    const { lookup, asked } = registryOf(wangFang);
    const [result] = reconcileRoster([entry("e1", { idNumber: ` ${wangFangId} ` })], lookup, AS_OF);
    expect(asked).toEqual([wangFangId]);
    expect(result).toMatchObject({ idNumber: ` ${wangFangId} `, personId: "p1", consistent: true });
  });

  it("reports a person the registry does not hold as NOT_IN_REGISTRY", () => {
    const { lookup } = registryOf(wangFang);
    const [result] = reconcileRoster([entry("e1", { idNumber: unknownId })], lookup, AS_OF);
    expect(result?.personId).toBeNull();
    expect(result?.mismatches).toEqual([expect.objectContaining({ reason: "NOT_IN_REGISTRY", field: "idNumber", rosterValue: unknownId })]);
  });

  it("reports the second and later entries of one ID number as duplicates, and still checks them", () => {
    const { lookup } = registryOf(wangFang, liQiang);
    const results = reconcileRoster(
      [entry("e1"), entry("e2", { idNumber: liQiangId, name: "李强", sex: "MALE" }), entry("e3"), entry("e4", { sex: "MALE" })],
      lookup,
      AS_OF,
    );
    expect(results.map((r) => r.entryId)).toEqual(["e1", "e2", "e3", "e4"]);
    expect(results.map(reasons)).toEqual([[], [], ["DUPLICATE_ENTRY"], ["DUPLICATE_ENTRY", "SEX_MISMATCH"]]);
    expect(results[2]?.personId).toBe("p1");
    expect(results[3]?.mismatches[0]?.detail).toContain("e1");
  });

  it("does not count repeated invalid ID numbers as duplicates", () => {
    const { lookup } = registryOf(wangFang);
    const results = reconcileRoster([entry("e1", { idNumber: "123" }), entry("e2", { idNumber: "123" })], lookup, AS_OF);
    expect(results.map(reasons)).toEqual([["INVALID_ID_NUMBER"], ["INVALID_ID_NUMBER"]]);
  });

  describe.each([
    ["DECEASED", "DECEASED"],
    ["MOVED_OUT", "MOVED_OUT"],
  ] as const)("a person whose status is %s", (status, reason) => {
    const reconcileExit = (exitedOn: string | null) => {
      const { lookup } = registryOf(Person.parse({ ...wangFang, status, exitedOn }));
      return reconcileRoster([entry("e1")], lookup, AS_OF)[0];
    };

    it(`is ${reason} when the exit is on the reference date`, () => {
      const result = reconcileExit(AS_OF);
      expect(result?.personId).toBe("p1");
      expect(result?.mismatches).toEqual([
        expect.objectContaining({ reason, field: "status", rosterValue: null, registryValue: status, since: AS_OF }),
      ]);
      expect(result?.mismatches[0]?.detail).toContain(AS_OF);
    });

    it("is consistent when the exit is the day after the reference date", () => {
      expect(reconcileExit("2024-07-01")).toMatchObject({ consistent: true, mismatches: [] });
    });

    it(`is ${reason}, since unknown, when the registry gives no exit date`, () => {
      expect(reconcileExit(null)?.mismatches).toEqual([expect.objectContaining({ reason, since: null })]);
    });
  });

  it("compares names with spaces, full-width ones too, ignored", () => {
    const { lookup } = registryOf(wangFang);
    const results = reconcileRoster(
      [entry("e1", { name: " 王芳\u3000" }), entry("e2", { name: "王\u3000芳" }), entry("e3", { name: "汪芳" })],
      lookup,
      AS_OF,
    );
    expect(results.map(reasons)).toEqual([[], ["DUPLICATE_ENTRY"], ["DUPLICATE_ENTRY", "NAME_MISMATCH"]]);
    expect(results[2]?.mismatches[1]).toMatchObject({ field: "name", rosterValue: "汪芳", registryValue: "王芳", since: null });
    // Names are personal data: they travel in the value fields, which callers mask, never in the detail.
    expect(results[2]?.mismatches[1]?.detail).not.toContain("芳");
  });

  it("reports a sex that differs, with both values", () => {
    const { lookup } = registryOf(wangFang);
    const [result] = reconcileRoster([entry("e1", { sex: "MALE" })], lookup, AS_OF);
    expect(result?.mismatches).toEqual([
      expect.objectContaining({ reason: "SEX_MISMATCH", field: "sex", rosterValue: "MALE", registryValue: "FEMALE" }),
    ]);
    expect(result?.mismatches[0]?.detail).toMatch(/^性别不一致：名册为男，库中为女 — /);
  });

  it("matches a hukou region within the roster's region and reports one outside it", () => {
    const { lookup } = registryOf(wangFang);
    const inside = ["320722101001", "320722101", "320722", "320700", "320000"];
    for (const regionCode of inside) {
      expect(reconcileRoster([entry("e1", { regionCode })], lookup, AS_OF)[0]?.consistent, regionCode).toBe(true);
    }
    const [outside] = reconcileRoster([entry("e1", { regionCode: "320722102" })], lookup, AS_OF);
    expect(outside?.mismatches).toEqual([
      expect.objectContaining({ reason: "REGION_MISMATCH", field: "regionCode", rosterValue: "320722102", registryValue: "320722101001" }),
    ]);
  });

  it("does not compare fields the roster leaves null", () => {
    const { lookup } = registryOf(wangFang);
    const [result] = reconcileRoster([entry("e1", { name: null, sex: null, regionCode: null })], lookup, AS_OF);
    expect(result).toMatchObject({ consistent: true, mismatches: [] });
  });

  it("lists every mismatch of an entry: exit, name, sex and region", () => {
    const { lookup } = registryOf(Person.parse({ ...wangFang, status: "DECEASED", exitedOn: "2023-01-05" }));
    const [result] = reconcileRoster([entry("e1", { name: "汪芳", sex: "MALE", regionCode: "110105" })], lookup, AS_OF);
    expect(reasons(result)).toEqual(["DECEASED", "NAME_MISMATCH", "SEX_MISMATCH", "REGION_MISMATCH"]);
  });

  it("refuses a reference date that is not a calendar date", () => {
    expect.assertions(2);
    try {
      reconcileRoster([], () => null, "2024-02-30");
    } catch (error) {
      expect(isDomainError(error)).toBe(true);
      expect(error).toMatchObject({ code: "INVALID_DATE", field: "asOf" });
    }
  });
});

describe("summariseReconciliation", () => {
  it("counts entries, consistent and mismatched ones, and entries per reason", () => {
    const { lookup } = registryOf(wangFang, Person.parse({ ...liQiang, status: "MOVED_OUT", exitedOn: "2024-01-01" }));
    const results = reconcileRoster(
      [
        entry("e1"),
        entry("e2", { sex: "MALE" }),
        entry("e3", { idNumber: liQiangId, name: "李强", sex: "MALE" }),
        entry("e4", { idNumber: unknownId }),
        entry("e5", { idNumber: "not a number" }),
      ],
      lookup,
      AS_OF,
    );
    expect(summariseReconciliation(results)).toEqual({
      entries: 5,
      consistent: 1,
      mismatched: 4,
      byReason: {
        INVALID_ID_NUMBER: 1,
        DUPLICATE_ENTRY: 1,
        NOT_IN_REGISTRY: 1,
        DECEASED: 0,
        MOVED_OUT: 1,
        NAME_MISMATCH: 0,
        SEX_MISMATCH: 1,
        REGION_MISMATCH: 0,
      },
    });
  });

  it("counts an empty roster as all zeros", () => {
    const summary = summariseReconciliation([]);
    expect(summary).toMatchObject({ entries: 0, consistent: 0, mismatched: 0 });
    expect(Object.values(summary.byReason)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
