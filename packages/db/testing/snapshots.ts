// Seeded test databases made once per test run and copied, instead of generated and loaded again
// by every test file: a PGlite copy starts from a `dumpDataDir()` tarball of a seeded database,
// a PostgreSQL copy is `CREATE DATABASE … TEMPLATE` of a seeded template database. Each copy is
// the seeded database byte for byte (the same rows in the same order, the same statistics), so a
// test sees what seeding would have given it.
//
// The test run's global setup (global-setup.ts) makes a folder for the run and names it in
// POPFAM_TEST_SNAPSHOTS; without it (a test run without the workspace's vitest config) every
// seeded database is seeded from scratch as before. The first test that needs a seed and scale
// on a target builds its snapshot while the others that need the same one wait (a lock folder,
// so worker processes agree); the global teardown drops the templates and removes the folder.
// A snapshot is named by a hash of everything that decides its contents (migrations, schema,
// generator, loader, domain rules, the lockfile and the Node.js version) with the seed and
// scale, so a watch-mode run that edits any of them builds a new one.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { migrate } from "../src/migrate.js";
import { packageDir } from "../src/paths.js";
import { pgliteClient } from "../src/sql.js";
import { openMigratedDatabase, type Database } from "../src/client.js";
import { seedDatabase } from "../seed/seed.js";

/** The environment variable naming the test run's snapshot folder. */
export const SNAPSHOT_DIR_ENV = "POPFAM_TEST_SNAPSHOTS";

export interface SeedParameters {
  seed: number;
  scale: number;
}

/** The test run's snapshot folder, or null when the run has none (then nothing is cached). */
export function snapshotDir(env: Record<string, string | undefined> = process.env): string | null {
  const dir = env[SNAPSHOT_DIR_ENV];
  return dir && existsSync(dir) ? dir : null;
}

let sourceKey: string | undefined;

/** A hash of every source file that decides what a seeded database holds. */
export function seedSourceKey(): string {
  if (sourceKey) return sourceKey;
  const hash = createHash("sha256");
  const roots = [
    join(packageDir, "prisma"),
    join(packageDir, "seed"),
    join(packageDir, "src"),
    join(packageDir, "testing"),
    join(packageDir, "..", "domain", "src"),
    join(packageDir, "..", "..", "pnpm-lock.yaml"),
  ];
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry === "generated" || entry === "node_modules" || /\.test(-d)?\.ts$/.test(entry)) continue;
        add(join(path, entry));
      }
    } else {
      hash.update(`${path}\0`).update(readFileSync(path)).update("\0");
    }
  };
  for (const root of roots) if (existsSync(root)) add(root);
  hash.update(process.version);
  sourceKey = hash.digest("hex");
  return sourceKey;
}

/** A short name for one seed and scale of the current sources, usable in file and database names. */
export function snapshotName(seed: SeedParameters): string {
  return createHash("sha256").update(`${seedSourceKey()}:${seed.seed}:${seed.scale}`).digest("hex").slice(0, 16);
}

/**
 * Returns `dir/file` once it exists, building it first when no other process is: `build(path)`
 * must create the file at `path` (write elsewhere and rename, so no one reads half of it).
 */
async function once(dir: string, file: string, build: (path: string) => Promise<void>): Promise<string> {
  const path = join(dir, file);
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(path)) return path;
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      await sleep(200);
      continue;
    }
    try {
      if (!existsSync(path)) await build(path);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

const tarballs = new Map<string, Promise<Blob>>();

/** The tarball of a PGlite database migrated and seeded with `seed`, or null without a snapshot folder. */
export async function pgliteSnapshot(seed: SeedParameters): Promise<Blob | null> {
  const dir = snapshotDir();
  if (!dir) return null;
  const file = `pglite-${snapshotName(seed)}.tar`;
  let tarball = tarballs.get(file);
  if (!tarball) {
    tarball = once(dir, file, async (path) => {
      const lite = new PGlite();
      try {
        const sql = pgliteClient(lite);
        await migrate(sql);
        await seedDatabase({ kind: "pglite", sql } as Database, seed);
        // Every page written to the data files, so that a copy starts without replaying the WAL.
        await lite.exec("CHECKPOINT");
        const dump = await lite.dumpDataDir("none");
        writeFileSync(`${path}.tmp`, new Uint8Array(await dump.arrayBuffer()));
        renameSync(`${path}.tmp`, path);
      } finally {
        await lite.close();
      }
    }).then((path) => new Blob([readFileSync(path)]));
    tarballs.set(file, tarball);
    tarball.catch(() => tarballs.delete(file));
  }
  return tarball;
}

/** The prefix of every template database a test run with this snapshot folder makes. */
export function templatePrefix(dir: string): string {
  return `popfam_seed_${createHash("sha256").update(dir).digest("hex").slice(0, 8)}_`;
}

/**
 * The name of a template database on the server of `serverUrl`, migrated and seeded with `seed`
 * (closed to connections: it is only copied), or null without a snapshot folder.
 */
export async function postgresTemplate(serverUrl: string, seed: SeedParameters): Promise<string | null> {
  const dir = snapshotDir();
  if (!dir) return null;
  const url = new URL(serverUrl);
  const server = createHash("sha256").update(`${url.host}${url.pathname}`).digest("hex").slice(0, 8);
  const template = `${templatePrefix(dir)}${snapshotName(seed)}`;
  const marker = await once(dir, `postgres-${server}-${snapshotName(seed)}`, async (path) => {
    await adminQuery(serverUrl, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`, `CREATE DATABASE ${template}`]);
    try {
      url.pathname = `/${template}`;
      const db = await openMigratedDatabase({ url: url.toString() });
      try {
        await seedDatabase(db, seed);
      } finally {
        await db.close();
      }
      await adminQuery(serverUrl, [`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false`]);
    } catch (error) {
      await adminQuery(serverUrl, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`]).catch(() => {});
      throw error;
    }
    writeFileSync(`${path}.tmp`, `${serverUrl}\n${template}\n`);
    renameSync(`${path}.tmp`, path);
  });
  return readFileSync(marker, "utf8").split("\n")[1]!;
}

/** Drops the template databases a test run made (its global teardown calls this). */
export async function dropTemplates(dir: string): Promise<void> {
  for (const file of readdirSync(dir)) {
    if (!/^postgres-[0-9a-f]+-[0-9a-f]+$/.test(file)) continue;
    const [serverUrl, template] = readFileSync(join(dir, file), "utf8").split("\n");
    if (!serverUrl || !template) continue;
    await adminQuery(serverUrl, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`]);
  }
}

export async function adminQuery(serverUrl: string, statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}
