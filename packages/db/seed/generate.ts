// Generates the synthetic data set area by area (areas.ts), each from what the areas before it
// generated. The same seed and scale give the same rows: every area draws from random streams of
// its own, named from the seed. Everything in it is marked synthetic.
import type { RowLists } from "./area.js";
import { SEED_AREAS, type Dataset } from "./areas.js";
import { AssistanceGenerator } from "./assistance.js";
import { ChildcareGenerator } from "./childcare.js";
import { PopulationGenerator, seedRegions, seedTargets, type PersonRow } from "./population.js";
import { Random } from "./random.js";
import { SpecialFamiliesGenerator } from "./special-families.js";

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

/** Rows held before a chunk is handed over, unless a village or a county's payments of a program and year are more. */
export const CHUNK_ROWS = 50_000;

/**
 * The same data set as `generateDataset`, in chunks of about `chunkRows` rows that can be written
 * and dropped one after the other: memory stays flat whatever the scale. Every row list of a chunk
 * keeps the data set's order, and a row refers only to rows of its own chunk (in load order, see
 * SEED_AREAS.tables) or of chunks before it. The registry goes village by village, and the areas
 * derived from it follow each village (the childcare filing system each county); what looks at the
 * whole data set comes last: the population base, the assistance roster (its exits and deliberate
 * disagreements) and its payments, the childcare designations. Each area draws from its random
 * streams in the same order as when it generates from the whole registry, so the rows are the same.
 */
export function* generateChunks(options: GenerateOptions & { chunkRows?: number }): Generator<RowLists> {
  const { seed, scale } = options;
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const root = new Random(seed);
  const random = (label: string) => root.fork(label);
  const buffer = new ChunkBuffer();
  const regions = seedRegions();
  const population = new PopulationGenerator(scale, random, (done, total, units) => options.onProgress?.(done, total, units));
  const assistance = new AssistanceGenerator(seed);
  const specialFamilies = new SpecialFamiliesGenerator(seed, new Map(regions.map((r) => [r.code, r.name])));
  const childcare = new ChildcareGenerator(random("childcare"), scale, regions, (code, year) => population.residents(code, year));
  buffer.add({ regions });
  buffer.add(assistance.programsAndRates());
  let children: PersonRow[] = [];
  for (const { county, rows, lastOfCounty } of population.villages()) {
    buffer.add(rows);
    const families = assistance.add(rows);
    buffer.add(families);
    buffer.add(specialFamilies.add(families.fpFamilies, rows.persons));
    for (const person of rows.persons) if (ChildcareGenerator.enrols(person)) children.push(person);
    if (lastOfCounty) {
      buffer.add(childcare.addCounty(county.code, children));
      children = [];
    }
    if (buffer.rows >= chunkRows) yield buffer.take();
  }
  buffer.add({ populationBase: population.populationBase(), targets: seedTargets() });
  buffer.add(assistance.finishRoster());
  for (const batches of assistance.payments()) {
    buffer.add(batches);
    if (buffer.rows >= chunkRows) yield buffer.take();
  }
  buffer.add(childcare.finish());
  if (buffer.rows > 0) yield buffer.take();
}

/** Row lists being gathered into a chunk. */
class ChunkBuffer {
  private lists: Record<string, Record<string, unknown>[]> = {};
  rows = 0;

  add(part: object): void {
    for (const [key, rows] of Object.entries(part as RowLists)) {
      if (rows.length === 0) continue;
      const list = (this.lists[key] ??= []);
      for (const row of rows) list.push(row);
      this.rows += rows.length;
    }
  }

  take(): RowLists {
    const lists = this.lists;
    this.lists = {};
    this.rows = 0;
    return lists;
  }
}

/** Each area's line about what it generated: "1,234 special families". */
export function summarizeDataset(data: Dataset): string[] {
  return SEED_AREAS.areas.flatMap((area) => area.summary?.(data as RowLists) ?? []);
}
