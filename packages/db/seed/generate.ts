// Generates the synthetic data set area by area (areas.ts), each from what the areas before it
// generated. The same seed and scale give the same rows: every area draws from random streams of
// its own, named from the seed. Everything in it is marked synthetic.
import type { RowLists } from "./area.js";
import { SEED_AREAS, type Dataset } from "./areas.js";
import { Random } from "./random.js";

export interface GenerateOptions {
  seed: number;
  /** 1 = about 500,000 residents; the region tree is the same at every scale. */
  scale: number;
  /** How far a long generation has got: `done` of `total` `units` ("villages"). */
  onProgress?: (done: number, total: number, units: string) => void;
}

export function generateDataset(options: GenerateOptions): Dataset {
  const root = new Random(options.seed);
  const dataset: RowLists = {};
  for (const area of SEED_AREAS.areas) {
    const rows = area.generate({
      seed: options.seed,
      scale: options.scale,
      earlier: { ...dataset },
      random: (label) => root.fork(label),
      progress: (done, total, units) => options.onProgress?.(done, total, units),
    });
    // Key by key in the order of the area's tables, so that the data set lists its rows in load order.
    for (const key of Object.keys(area.tables)) {
      const list = rows[key];
      if (!list) throw new Error(`seed area "${area.name}" generated no ${key}`);
      dataset[key] = list;
    }
  }
  return dataset as Dataset;
}

/** Each area's line about what it generated: "1,234 special families". */
export function summarizeDataset(data: Dataset): string[] {
  return SEED_AREAS.areas.flatMap((area) => area.summary?.(data as RowLists) ?? []);
}
