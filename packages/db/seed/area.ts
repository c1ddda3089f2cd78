// An area of the synthetic data set (population monitoring, rewards and assistance, special
// families, ...): the tables it fills, how it generates their rows from what the areas before it
// generated, and its line in the seed's log. The generator, the loader and the seed command know
// the areas only through their list (areas.ts), so an area is its own file and a line there.
import type { Random } from "./random.js";

/** How one of an area's row lists is written to the database. */
export interface SeedTable {
  table: string;
  /** Columns holding JSON documents (Prisma Json): loaded as documents, not as text. */
  jsonColumns?: readonly string[];
  /** A table every area may add its own rows to, under its own key (the targets of its work plans). */
  shared?: boolean;
}

/** What an area generates from. */
export interface SeedContext<Earlier> {
  seed: number;
  /** 1 = about 500,000 residents. */
  scale: number;
  /** The rows the areas before this one generated, by their keys in the data set. */
  earlier: Earlier;
  /** The seed's random stream named `label`: its own, so that draws elsewhere never shift it. */
  random(label: string): Random;
  /** Tells how far a long generation has got: `done` of `total` `units` ("villages"). */
  progress(done: number, total: number, units: string): void;
}

/**
 * An area that generates `Rows` (its row lists by their keys in the data set) from `Earlier`,
 * the part of the earlier areas' rows it reads. Both are exported types of the area's file: the
 * data set's type is made of them.
 *
 *     export const childcareArea: SeedArea<ChildcareDataset, { regions: readonly RegionRow[] }> = {
 *       name: "childcare",
 *       tables: { childcareCentres: { table: "childcare_centre" } },
 *       generate: ({ earlier, random }) => generateChildcare(random("childcare"), earlier.regions),
 *       summary: (data) => `${count(data.childcareCentres)} childcare centres`,
 *     };
 */
export interface SeedArea<Rows, Earlier = unknown> {
  /** For messages: "rewards and assistance". */
  name: string;
  /**
   * Every row list's table, in load order: a table after the tables its rows refer to. The data
   * set keeps its keys in this order too.
   */
  tables: { readonly [Key in keyof Rows]-?: SeedTable };
  // A property, not a method, so that the compiler checks `Earlier` strictly against what the
  // areas listed before this one generate (see SeedAreaList.add).
  generate: (context: SeedContext<Earlier>) => Rows;
  /** What was generated, for the log: "1,234 special families". */
  summary?: (rows: Rows) => string;
}

/** A number of rows as the log writes it: "1,234". */
export function count(rows: readonly unknown[]): string {
  return rows.length.toLocaleString("en");
}

/** Row lists by their keys in the data set, whatever the area: how the generator and the loader see them. */
export type RowLists = Record<string, readonly Record<string, unknown>[]>;

/** An area as the generator and the loader run it: its types given up for a common shape. */
export type ListedSeedArea = SeedArea<RowLists, RowLists>;

/** A table of the data set with the key of its row list, in load order. */
export interface ListedSeedTable extends SeedTable {
  key: string;
}

/** Areas in the order they are generated and loaded; `Generated` is the data set they make together. */
export interface SeedAreaList<Generated> {
  readonly areas: readonly ListedSeedArea[];
  readonly tables: readonly ListedSeedTable[];
  /** The list followed by `area`, which may read anything the areas before it generate. */
  add<Rows>(area: SeedArea<Rows, Generated>): SeedAreaList<Generated & Rows>;
}

/** The data set a list of areas generates. */
export type GeneratedBy<List> = List extends SeedAreaList<infer Generated> ? Generated : never;

/** An empty list of areas, to `add` them to in order. */
export function seedAreas(): SeedAreaList<object> {
  return listOf([]);
}

function listOf<Generated>(areas: readonly ListedSeedArea[]): SeedAreaList<Generated> {
  const tables = areas.flatMap((area) => Object.entries(area.tables).map(([key, table]) => ({ key, ...table })));
  return {
    areas,
    tables,
    add<Rows>(area: SeedArea<Rows, Generated>) {
      // Two areas writing one row list or one table would silently overwrite each other's rows.
      for (const [key, { table, shared }] of Object.entries<SeedTable>(area.tables)) {
        const taken = tables.find((t) => t.key === key || (t.table === table && !(t.shared && shared)));
        if (taken) throw new Error(`seed area "${area.name}": ${key} (${table}) is already generated as ${taken.key} (${taken.table})`);
      }
      // The compiler has checked the area against the list; from here on it is run by its keys.
      return listOf<Generated & Rows>([...areas, area as unknown as ListedSeedArea]);
    },
  };
}
