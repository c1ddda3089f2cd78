// The seed writes its data set in chunks (generateChunks) so that its memory stays flat: the chunks
// together must be exactly the data set generateDataset gives, list by list and in order, and a
// chunk's rows may refer only to rows written before them (in its chunk, in load order, or in an
// earlier chunk), or the foreign keys refuse the load.
import { describe, expect, it } from "vitest";
import type { RowLists } from "../seed/area.js";
import { SEED_AREAS } from "../seed/areas.js";
import { generateChunks, generateDataset } from "../seed/generate.js";
import { IdNumberSet } from "../seed/population.js";

describe("the data set in chunks", () => {
  const options = { seed: 11, scale: 0.05 };
  const chunks = [...generateChunks({ ...options, chunkRows: 5_000 })];

  it("is the data set generateDataset gives, every list in the same order", () => {
    const whole = generateDataset(options) as unknown as RowLists;
    expect(chunks.length).toBeGreaterThan(5);
    const joined: Record<string, unknown[]> = {};
    for (const chunk of chunks) for (const [key, rows] of Object.entries(chunk)) (joined[key] ??= []).push(...rows);
    expect(Object.keys(joined).sort()).toEqual(Object.keys(whole).filter((key) => whole[key]!.length > 0).sort());
    for (const key of Object.keys(whole)) expect(joined[key] ?? [], key).toEqual(whole[key]);
  });

  it("refers only to rows written before, in its own chunk or an earlier one", () => {
    // The references that cross areas or come late in the data set: (row list, column, row list referred to).
    const references: [string, string, string][] = [
      ["persons", "householdId", "households"],
      ["births", "childPersonId", "persons"],
      ["deaths", "personId", "persons"],
      ["fpFamilies", "motherPersonId", "persons"],
      ["assessments", "familyId", "fpFamilies"],
      ["decisions", "familyId", "fpFamilies"],
      ["beneficiaries", "decisionId", "decisions"],
      ["beneficiaryExits", "beneficiaryId", "beneficiaries"],
      ["paymentLines", "beneficiaryId", "beneficiaries"],
      ["paymentLines", "batchId", "paymentBatches"],
      ["specialFamilyMembers", "personId", "persons"],
      ["childcareEnrolments", "childPersonId", "persons"],
      ["childcareEnrolments", "classId", "childcareClasses"],
      ["childcareDesignations", "institutionId", "childcareInstitutions"],
    ];
    const written = new Map<string, Set<unknown>>();
    let checked = 0;
    for (const chunk of chunks) {
      for (const { key } of SEED_AREAS.tables) {
        const rows = chunk[key] ?? [];
        for (const [from, column, to] of references) {
          if (from !== key) continue;
          for (const row of rows) {
            if (row[column] === null) continue;
            expect(written.get(to)?.has(row[column]), `${from}.${column} → ${to}`).toBe(true);
            checked++;
          }
        }
        const ids = written.get(key) ?? new Set<unknown>();
        for (const row of rows) ids.add(row.id);
        written.set(key, ids);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe("the payment ledger in chunks", () => {
  it("is handed over a county's batches at a time, never a whole year held at once", () => {
    const small = [...generateChunks({ seed: 11, scale: 0.05, chunkRows: 500 })];
    const batches = small.flatMap((chunk) => (chunk.paymentBatches ?? []) as { id: string; year: number }[]);
    const yearOf = new Map(batches.map((b) => [b.id, b.year]));
    const linesByYear = new Map<number, number>();
    for (const chunk of small) for (const line of (chunk.paymentLines ?? []) as { batchId: string }[]) {
      const year = yearOf.get(line.batchId)!;
      linesByYear.set(year, (linesByYear.get(year) ?? 0) + 1);
    }
    const largestYear = Math.max(...linesByYear.values());
    const largestChunk = Math.max(...small.map((chunk) => chunk.paymentLines?.length ?? 0));
    expect(largestYear).toBeGreaterThan(1_000);
    expect(largestChunk).toBeLessThan(largestYear);
  });
});

describe("the set of ID numbers", () => {
  it("holds what was added, and nothing else, whatever its region", () => {
    const set = new IdNumberSet();
    const numbers = Array.from({ length: 70 }, (_, region) => [
      `${String(100_000 + region)}19800101001X`, `${String(100_000 + region)}20251231998X`, `${String(100_000 + region)}19000229000X`,
    ]).flat();
    for (const [i, value] of numbers.entries()) if (i % 2 === 0) set.add(value);
    for (const [i, value] of numbers.entries()) expect(set.has(value), value).toBe(i % 2 === 0);
    // Far more than the first table holds: it grows.
    const many = new IdNumberSet();
    for (let i = 0; i < 200_000; i++) many.add(`320722${String(19000101 + (i % 1000))}${String(i % 1000).padStart(3, "0")}0`);
    expect(many.has("320722190001010000")).toBe(true);
    expect(many.has("320722190001010010")).toBe(false);
  });
});
