import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDatabase, type Database } from "../src/client.js";
import { UnboundedQueryError } from "../src/guard-rails.js";

describe("guard rails on the Prisma client", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("refuses bulk reads and writes with an empty where", async () => {
    await expect(db.prisma.person.findMany()).rejects.toBeInstanceOf(UnboundedQueryError);
    await expect(db.prisma.person.deleteMany({ where: {} })).rejects.toBeInstanceOf(UnboundedQueryError);
    await expect(db.prisma.person.updateMany({ data: { name: "x" } })).rejects.toBeInstanceOf(UnboundedQueryError);
  });

  it("allows them with a filter, or a findMany with an explicit take", async () => {
    await expect(db.prisma.person.findMany({ where: { residenceRegionCode: "320722101001" } })).resolves.toEqual([]);
    await expect(db.prisma.person.findMany({ take: 5 })).resolves.toEqual([]);
  });
});
