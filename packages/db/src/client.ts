// The one place that opens a database: an embedded PGlite (a data directory on disk, or memory)
// by default, a PostgreSQL server when a URL is given. Both get the same migrations and the same
// Prisma client; only the driver adapter differs.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { mkdirSync } from "node:fs";
import { PrismaClient } from "./generated/prisma/client.js";
import { lockDataDir } from "./data-dir-lock.js";
import { guardRails } from "./guard-rails.js";
import { migrate } from "./migrate.js";
import { pgliteClient, postgresClient, type DatabaseKind, type SqlClient } from "./sql.js";

export type DatabaseOptions =
  | { url: string; dataDir?: undefined }
  | { url?: undefined; /** a directory, or undefined for an in-memory database */ dataDir?: string };

export function createPrismaClient(adapter: PrismaPGlite | PrismaPg) {
  return new PrismaClient({ adapter }).$extends(guardRails);
}
export type Prisma = ReturnType<typeof createPrismaClient>;

export interface Database {
  readonly kind: DatabaseKind;
  /** Where the data lives, with no credentials: for logs and the health endpoint. */
  readonly location: string;
  readonly prisma: Prisma;
  readonly sql: SqlClient;
  /** Connections now (for metrics): a PostgreSQL pool's, or PGlite's one embedded connection. */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Open connections, the idle among them, and queries waiting for one (null where no pool queues them). */
  total: number;
  idle: number | null;
  waiting: number | null;
  max: number;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    // One pool serves Prisma and the SQL client alike.
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection that the server drops (a restart, a failover) is removed by the pool and
    // the next query opens a new one; without a listener the pool's error would end the process.
    pool.on("error", () => {});
    const prisma = createPrismaClient(new PrismaPg(pool));
    const location = redactUrl(options.url);
    return {
      kind: "postgres",
      location,
      prisma,
      sql: postgresClient(pool),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  const lite = new PGlite(options.dataDir ?? "memory://");
  try {
    await lite.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const prisma = createPrismaClient(new PrismaPGlite(lite));
  return {
    kind: "pglite",
    location: options.dataDir ?? "memory",
    prisma,
    sql: pgliteClient(lite),
    // One in-process connection that runs one query at a time; nothing to count beyond it.
    poolStats: () => ({ total: 1, idle: null, waiting: null, max: 1 }),
    async close() {
      await prisma.$disconnect();
      await lite.close();
      unlock();
    },
  };
}

/** Opens and brings the schema up to date. */
export async function openMigratedDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const db = await openDatabase(options);
  await migrate(db.sql);
  return db;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? "***" : "";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
