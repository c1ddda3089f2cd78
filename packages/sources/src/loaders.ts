// DataLoaders over the ports, created fresh for every request so that nothing cached outlives
// it (jurisdiction and masking differ between callers). Each loader turns all the keys asked for
// in one tick into one port call. There is one for every read of every system's contract,
// `loaders.<system key>.<method>`, taking the method's key; writes have none.
import DataLoader from "dataloader";
import type { z } from "zod";
import type { DatabaseOnlyOperation, SystemDefinition } from "./define-system.js";
import type { BatchMethod, Contract, Operation, ReadMethodOf } from "./http/contract.js";
import type { Ports } from "./ports.js";
import { SYSTEMS, type System, type SystemCode } from "./systems.js";

const DEFAULT_MAX_BATCH_SIZE = 500;

export interface LoaderOptions {
  /**
   * false turns batching and caching off: every key becomes its own port call. Only for
   * measuring what the loaders save (the benchmarks' naive path); never in production.
   */
  batching?: boolean;
  /** Keys per port call at most: one number for every system, or per system (the HTTP upstreams' settings). */
  maxBatchSize?: number | Partial<Record<SystemCode, number>>;
}

/** A method's loader: its key as the contract takes it, its value as the contract gives it. */
type LoaderOf<O extends Operation | DatabaseOnlyOperation> = DataLoader<z.input<O["key"]>, z.output<O["value"]>, string>;

/** The loaders of one system: one per read, and one per database-only read, null where the port lacks it. */
export type SystemLoaders<S extends SystemDefinition> = {
  [Method in ReadMethodOf<S["contract"]>]: LoaderOf<S["contract"][Method]>;
} & {
  [Method in keyof S["databaseOnly"]]: LoaderOf<S["databaseOnly"][Method]> | null;
};

export type Loaders = { [S in System as S["key"]]: SystemLoaders<S> };

export function createLoaders(ports: Ports, options: LoaderOptions = {}): Loaders {
  const batching = options.batching ?? true;
  const loaders: Record<string, LoaderSet> = {};
  for (const { system, LoaderSet } of LOADER_SETS) {
    const settings = { batch: batching, cache: batching, maxBatchSize: maxBatchSize(system.code, options), cacheKeyFn: cacheKey };
    loaders[system.key] = new LoaderSet(ports, system.code, settings);
  }
  // Each system's entry has a loader for each of its reads, as the Loaders type says; TS cannot see it.
  return loaders as unknown as Loaders;
}

type PortMethods = Record<string, BatchMethod<unknown, unknown> | undefined>;
type LoaderSettings = DataLoader.Options<unknown, unknown, string>;

// Symbols, so that a set's own keys are its methods alone.
const PORTS = Symbol("ports");
const SYSTEM = Symbol("system");
const SETTINGS = Symbol("settings");

/**
 * One request's loaders of one system: the port they call and how they batch. The port is taken
 * from the request's ports when a first loader is made, so a system nothing asks for is never
 * touched (the request's ports are wrapped system by system as they are asked for).
 */
abstract class LoaderSet {
  readonly [PORTS]: Ports;
  readonly [SYSTEM]: SystemCode;
  readonly [SETTINGS]: LoaderSettings;
  constructor(ports: Ports, system: SystemCode, settings: LoaderSettings) {
    this[PORTS] = ports;
    this[SYSTEM] = system;
    this[SETTINGS] = settings;
  }
}

/**
 * Per system, made once: a LoaderSet whose methods are its reads and database-only reads. A
 * request builds a method's loader the first time it asks for it (a request uses a few of the
 * graph's loaders; building them all was a tenth of a small query's time), and keeps it. A
 * database-only read the port lacks (its system over HTTP) is null.
 */
const LOADER_SETS = SYSTEMS.map((system) => {
  const reads = Object.entries(system.contract as Contract).filter(([, operation]) => !operation.write).map(([method]) => method);
  const SystemLoaderSet = class extends LoaderSet {};
  const optional = new Set(Object.keys(system.databaseOnly));
  for (const method of [...reads, ...optional]) {
    Object.defineProperty(SystemLoaderSet.prototype, method, {
      enumerable: true,
      get(this: LoaderSet) {
        const port = this[PORTS][this[SYSTEM]] as unknown as PortMethods;
        // A port answers each key with its value or an Error; an Error fails that key's load only.
        const loader = !optional.has(method) || port[method] ? new DataLoader<unknown, unknown, string>((keys) => port[method]!(keys), this[SETTINGS]) : null;
        Object.defineProperty(this, method, { value: loader, enumerable: true });
        return loader;
      },
    });
  }
  return { system, LoaderSet: SystemLoaderSet };
});

function maxBatchSize(system: SystemCode, options: LoaderOptions): number {
  return (typeof options.maxBatchSize === "number" ? options.maxBatchSize : options.maxBatchSize?.[system]) ?? DEFAULT_MAX_BATCH_SIZE;
}

/** A string key is its own cache key; an object key is its JSON with the fields sorted, so that field order does not matter. */
export function cacheKey(key: unknown): string {
  if (typeof key === "string") return key;
  // The common key, an object of strings, numbers and nulls, without JSON.stringify's replacer
  // (a dashboard makes hundreds of loads a request).
  if (key !== null && typeof key === "object" && !Array.isArray(key)) {
    const fields = Object.keys(key).sort();
    let text = "";
    for (const field of fields) {
      const value: unknown = (key as Record<string, unknown>)[field];
      if (value !== null && typeof value === "object") return JSON.stringify(key, sortedFields);
      text += `${field}=${typeof value === "string" ? JSON.stringify(value) : String(value)};`;
    }
    return text;
  }
  return JSON.stringify(key, sortedFields);
}

function sortedFields(_field: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
