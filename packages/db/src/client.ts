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
import { pgliteClient, postgresClient, withPostgresAdvisoryLock, type DatabaseKind, type SqlClient } from "./sql.js";

export type DatabaseOptions =
  | { url: string; dataDir?: undefined; loadDataDir?: undefined; /** connections in the pool at most (pg.Pool max; default 10) */ poolSize?: number }
  | {
      url?: undefined;
      /** a directory, or undefined for an in-memory database */
      dataDir?: string;
      /**
       * An in-memory database that starts as a copy of another one: a PGlite `dumpDataDir()`
       * tarball. The test kit opens its seeded databases this way (testing/snapshots.ts).
       */
      loadDataDir?: Blob;
      poolSize?: undefined;
    };

/** Advisory-lock keys: one per thing that processes sharing a server must do one at a time. */
export const ADVISORY_LOCKS = { migrate: 72_710_001, seed: 72_710_002 } as const;

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
  /**
   * Runs `work` holding a PostgreSQL advisory lock on a session of its own (`work` gets a client
   * on that session), so that processes sharing the server do it one at a time; on the embedded
   * database (one process per data directory) it just runs `work` with `sql`.
   */
  withAdvisoryLock<T>(key: number, work: (session: SqlClient) => Promise<T>): Promise<T>;
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
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection that the server drops (a restart, a failover) is removed by the pool and
    // the next query opens a new one; without a listener the pool's error would end the process.
    pool.on("error", () => {});
    // A connection checked out (a transaction, a session lock, Prisma's queries) has no pool
    // listener while it is out, nor once given back to be closed: the server ending its session
    // then would emit an error nobody handles and end the process. Each connection gets a
    // listener of its own for its life; the error still fails the query it breaks.
    pool.on("connect", (client) => client.on("error", () => {}));
    const prisma = createPrismaClient(new PrismaPg(pool));
    const location = redactUrl(options.url);
    return {
      kind: "postgres",
      location,
      prisma,
      sql: postgresClient(pool),
      withAdvisoryLock: (key, work) => withPostgresAdvisoryLock(pool, key, work),
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
  if (options.loadDataDir && options.dataDir) throw new Error("loadDataDir starts an in-memory database: give no dataDir with it");
  const lite = new PGlite(options.dataDir ?? "memory://", options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  try {
    await lite.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const prisma = createPrismaClient(new PrismaPGlite(lite));
  const sql = pgliteClient(lite);
  return {
    kind: "pglite",
    location: options.dataDir ?? "memory",
    prisma,
    sql,
    withAdvisoryLock: (_key, work) => work(sql),
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
  try {
    await migrateDatabase(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Applies the pending migrations holding the migration lock, so that replicas starting together
 * on one server migrate one after the other (the later ones find nothing to do). Returns the
 * names applied.
 */
export function migrateDatabase(db: Database): Promise<string[]> {
  return db.withAdvisoryLock(ADVISORY_LOCKS.migrate, (session) => migrate(session));
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
