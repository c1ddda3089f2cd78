import type { Database } from "../src/client.js";
import { generateDataset, summarizeDataset } from "./generate.js";
import { loadDataset } from "./load.js";

export interface SeedOptions {
  seed?: number;
  scale?: number;
  /** Called with a line of progress to show; long runs show where they are. */
  log?: (line: string) => void;
}

export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM seed_run`);
  return (rows[0]?.n ?? 0) > 0;
}

/** Generates the synthetic data set and writes it; the database must be migrated and empty. */
export async function seedDatabase(db: Database, options: SeedOptions = {}): Promise<{ residents: number; births: number; seconds: number }> {
  const seed = options.seed ?? 20211;
  const scale = options.scale ?? 1;
  const log = options.log ?? (() => {});
  const started = performance.now();
  // The last percentage shown, by what is counted: a line every tenth of the way.
  const shown = new Map<string, number>();
  const data = generateDataset({
    seed,
    scale,
    onProgress(done, total, units) {
      const percent = Math.floor((done / total) * 100);
      if (percent >= (shown.get(units) ?? -1) + 10) {
        shown.set(units, percent);
        log(`generating synthetic data: ${percent}% of ${units}`);
      }
    },
  });
  for (const summary of summarizeDataset(data)) log(`generated ${summary}`);
  await loadDataset(db.sql, data, (table, rows) => {
    log(rows >= 0 ? `loaded ${table}: ${rows.toLocaleString("en")} rows` : `rebuilt ${table}`);
  });
  await db.sql.query(`INSERT INTO seed_run (seed, scale, residents) VALUES ($1, $2, $3)`, [seed, scale, data.persons.length]);
  const seconds = (performance.now() - started) / 1000;
  log(`seeded in ${seconds.toFixed(1)} s`);
  return { residents: data.persons.length, births: data.births.length, seconds };
}
