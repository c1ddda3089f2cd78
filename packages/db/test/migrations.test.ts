import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { listMigrations, migrate } from "../src/migrate.js";
import { testDatabaseTargets } from "../testing/index.js";

describe.each(testDatabaseTargets())("migrations on $name", (target) => {
  it("applies every migration once, records it as Prisma does, and applies nothing the second time", async () => {
    const db = await target.open();
    try {
      const applied = await db.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(applied.map((m) => m.migration_name)).toEqual(listMigrations().map((m) => m.name));
      expect(applied.map((m) => m.checksum)).toEqual(listMigrations().map((m) => m.checksum));
      expect(await migrate(db.sql)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const db = await target.open();
    try {
      const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(migrate(db.sql, edited)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await db.close();
    }
  });

  it("rolls a failing migration back whole and does not record it", async () => {
    const db = await target.open();
    try {
      const broken = { name: "99999999999999_broken", sql: "CREATE TABLE half_done (id int); SELECT no_such_function();", checksum: "f".repeat(64) };
      await expect(migrate(db.sql, [...listMigrations(), broken])).rejects.toThrow();
      const tables = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
      expect(tables).toHaveLength(0);
      const recorded = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken.name]);
      expect(recorded).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});

describe("the migration history", () => {
  it("matches prisma/schema.prisma: no schema change is missing a migration", () => {
    const result = spawnSync(
      process.execPath,
      ["scripts/prisma.mjs", "migrate", "diff", "--from-schema-datamodel", "prisma/migrations/schema.snapshot.prisma", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      { cwd: new URL("..", import.meta.url).pathname, encoding: "utf8" },
    );
    // --exit-code: 0 = no difference, 2 = a difference (a migration is missing), 1 = error
    expect(result.stderr + result.stdout).not.toMatch(/Error/);
    expect(result.status).toBe(0);
  });
});

describe.each(testDatabaseTargets())("the client on $name", (target) => {
  it.skipIf(target.name !== "postgres")("survives the server dropping its idle connections", async () => {
    const db = await target.open();
    try {
      await db.prisma.region.create({ data: { code: "320000", name: "江苏省", level: "PROVINCE" } });
      // Another session ends every connection of this database, as a server restart would.
      const name = (await db.sql.query<{ name: string }>(`SELECT current_database() AS name`))[0]!.name;
      const killer = new (await import("pg")).default.Client({ connectionString: process.env.DATABASE_URL });
      await killer.connect();
      await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      await killer.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(db.prisma.region.findMany({ where: { code: "320000" } })).resolves.toHaveLength(1);
      await expect(db.sql.query(`SELECT 1 AS one`)).resolves.toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
