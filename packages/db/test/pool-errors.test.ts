// The server ending a session the pool has lent out (a restart, a failover, an administrator's
// terminate) fails the query it breaks, never the process; the next query gets a new session.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/client.js";

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("a PostgreSQL session ended by the server", () => {
  it("fails the work it was doing, leaves the process alive and the pool serving", async () => {
    const db = await openDatabase({ url });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", record);
    try {
      await expect(
        db.sql.transaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
          await admin.query("SELECT pg_terminate_backend($1)", [row!.pid]);
          // The server's notice arrives while the connection is lent out and idle.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.query("SELECT 1");
        }),
      ).rejects.toThrow();
      const [answer] = await db.sql.query<{ ok: number }>("SELECT 1 AS ok");
      expect(answer!.ok).toBe(1);
    } finally {
      process.off("uncaughtException", record);
      await admin.end();
      await db.close();
    }
    expect(uncaught).toEqual([]);
  });
});
