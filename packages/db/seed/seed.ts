import type { Database } from "../src/client.js";
import type { RowLists } from "./area.js";
import type { Dataset } from "./areas.js";
import { SEED_AREAS } from "./areas.js";
import { generateChunks, summarizeDataset } from "./generate.js";
import { writeChunks } from "./load.js";

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

/**
 * Generates the synthetic data set and writes it; the database must be migrated and empty. The
 * rows are generated and written in chunks (generateChunks), so memory stays flat as the scale
 * grows; the log tells each phase's time and the process's peak memory.
 */
export async function seedDatabase(db: Database, options: SeedOptions = {}): Promise<{ residents: number; births: number; seconds: number }> {
  const seed = options.seed ?? 20211;
  const scale = options.scale ?? 1;
  const log = options.log ?? (() => {});
  const started = performance.now();
  // The last percentage shown, by what is counted: a line every tenth of the way.
  const shown = new Map<string, number>();
  const chunks = generateChunks({
    seed,
    scale,
    onProgress(done, total, units) {
      const percent = Math.floor((done / total) * 100);
      if (percent >= (shown.get(units) ?? -1) + 10) {
        shown.set(units, percent);
        log(`generating and loading synthetic data: ${percent}% of ${units}`);
      }
    },
  });
  const report = await writeChunks(db.sql, chunks, log);
  const counted = (key: string) => report.rows.get(key) ?? 0;
  // The areas' summaries read only how many rows each list has.
  const sizes = Object.fromEntries(SEED_AREAS.tables.map(({ key }) => [key, { length: counted(key) }])) as unknown as RowLists;
  for (const summary of summarizeDataset(sizes as unknown as Dataset)) log(`generated ${summary}`);
  for (const { key, table } of SEED_AREAS.tables) log(`loaded ${table}: ${counted(key).toLocaleString("en")} rows`);
  const residents = counted("persons");
  await db.sql.query(`INSERT INTO seed_run (seed, scale, residents) VALUES ($1, $2, $3)`, [seed, scale, residents]);
  const seconds = (performance.now() - started) / 1000;
  const phases = [
    `generating ${report.generateSeconds.toFixed(1)} s`,
    `loading ${report.loadSeconds.toFixed(1)} s`,
    `indexes ${report.indexSeconds.toFixed(1)} s`,
    `ANALYZE ${(report.analyzeSeconds + report.finalAnalyzeSeconds).toFixed(1)} s`,
    `rollup_rebuild() ${report.rollupSeconds.toFixed(1)} s`,
  ];
  const peakMb = process.resourceUsage().maxRSS / 1024;
  log(`seeded in ${seconds.toFixed(1)} s (${phases.join(", ")}); peak RSS ${peakMb.toFixed(0)} MB`);
  return { residents, births: counted("births"), seconds };
}
