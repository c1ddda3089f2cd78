// popfam seed: writes the synthetic data set into the embedded database (or DATABASE_URL).
//   npx -y pnpm@10.34.8 seed -- --scale 0.1 --seed 7 [--data-dir .data/pglite] [--reset]
import { parseArgs } from "node:util";
import { rmSync } from "node:fs";
import { ADVISORY_LOCKS, openMigratedDatabase } from "../src/client.js";
import { defaultDataDir } from "../src/paths.js";
import { isSeeded, seedDatabase } from "./seed.js";

const USAGE = `Writes the synthetic data set into the embedded database (or the PostgreSQL server of DATABASE_URL).

usage: seed -- [--scale <n>] [--seed <n>] [--data-dir <dir>] [--reset]

  --scale <n>        size: 1 is about 500,000 residents (default 1, at most 20)
  --seed <n>         the random seed; the same seed and scale give the same data (default 20211)
  --data-dir <dir>   the embedded database's directory (default .data/pglite)
  --reset            delete the embedded database first and write it anew
  --help             this text`;

const { values } = parseArgs({
  // `pnpm <script> -- --flag` hands the script a literal "--" first.
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--")),
  options: {
    help: { type: "boolean", short: "h", default: false },
    scale: { type: "string", default: "1" },
    seed: { type: "string", default: "20211" },
    "data-dir": { type: "string" },
    reset: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const scale = Number(values.scale);
const seed = Number(values.seed);
if (!Number.isFinite(scale) || scale <= 0 || scale > 20) throw new Error("--scale must be a number in (0, 20]");
if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");

const url = process.env.DATABASE_URL;
const dataDir = values["data-dir"] ?? defaultDataDir();
if (!url && values.reset) rmSync(dataDir, { recursive: true, force: true });
const db = await openMigratedDatabase(url ? { url } : { dataDir });
try {
  // On a server, two seeds started together (or a seed beside a simulator's first start) take
  // turns: the second finds the data set written and leaves it.
  await db.withAdvisoryLock(ADVISORY_LOCKS.seed, async () => {
    if (await isSeeded(db)) {
      console.log(`already seeded (${db.location}); pass --reset to start again`);
    } else {
      await seedDatabase(db, { seed, scale, log: (line) => console.log(line) });
    }
  });
} finally {
  await db.close();
}
