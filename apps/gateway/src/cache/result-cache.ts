// Results computed from the rollups (an area's measures of a region and period) and from the
// linkage of a region's births, and the port reads whose tables are all versioned (regions,
// counts, targets), kept under the data version: rollup_version() grows with every committed
// transaction that changes a rollup, the resident population, a target, a region, or what the
// linkage reads (channel records, birth registrations, persons). A request reads the version
// once, before it reads anything else (a read shared with the requests arriving with it, see
// VersionReads), and stores what it computed under that version; a write makes the next request
// read a new version and miss, so a cached answer is never older than the data it is served for.
// Whole answers made of such reads are kept under the same version too (response-cache.ts).
// Shared by the replicas through Redis when REDIS_URL is set, held in-process otherwise; Redis
// unreachable turns the cache into misses, never into failed queries.
import type { ApolloServerPlugin } from "@apollo/server";
import type { SqlClient } from "@popfam/db";
import { cacheKey, wrapPorts, type BatchMethod, type Ports, type SystemCode } from "@popfam/sources";
import DataLoader from "dataloader";
import { Redis } from "ioredis";
import { deepFreeze } from "./frozen.js";
import { LruMap } from "./lru.js";
import { ResponseCache } from "./response-cache.js";

/** Where cached results are kept: JSON text by key. */
export interface ResultStore {
  readonly kind: "memory" | "redis";
  get(keys: readonly string[]): Promise<(string | null)[]>;
  set(entries: readonly (readonly [string, string])[]): Promise<void>;
  /** In-process only: a kept value itself, at once (see MemoryResultStore.peek); undefined when not held. */
  peek?(key: string): unknown;
  close(): Promise<void>;
}

/** In-process: the most recently used `capacity` entries. */
export class MemoryResultStore implements ResultStore {
  readonly kind = "memory";
  private readonly entries: LruMap<{ text: string; value?: unknown }>;
  constructor(capacity: number) {
    this.entries = new LruMap(capacity);
  }

  async get(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.entries.get(key)?.text ?? null);
  }

  async set(entries: readonly (readonly [string, string])[]): Promise<void> {
    for (const [key, text] of entries) this.entries.set(key, { text });
  }

  /**
   * A kept value, parsed the first time it is peeked at and then shared by every request that
   * peeks at it (frozen, so none can change it for the others); undefined when not held.
   */
  peek(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!("value" in entry)) entry.value = deepFreeze(JSON.parse(entry.text));
    return entry.value;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/** In Redis, shared by every gateway pointed at it; entries expire after `ttlSeconds` (old versions are never read again). */
export class RedisResultStore implements ResultStore {
  readonly kind = "redis";
  private readonly redis: Redis;
  private reported = false;
  constructor(url: string, private readonly ttlSeconds: number, private readonly log: (line: string) => void) {
    // Short timeouts, no retries: a slow or absent Redis costs a miss, not the request's time.
    this.redis = new Redis(url, { maxRetriesPerRequest: 0, commandTimeout: 200 });
    this.redis.on("error", (error: Error) => this.report(error));
    this.redis.on("ready", () => (this.reported = false));
  }

  private report(error: unknown): void {
    if (!this.reported) this.log(`result cache: Redis unreachable, counting without the cache: ${error instanceof Error ? error.message : String(error)}`);
    this.reported = true;
  }

  /**
   * Commands wait for the first connection (a request right after start-up); once Redis has gone
   * away, lookups are misses at once instead of waiting in the queue for a reconnection.
   */
  private usable(): boolean {
    return this.redis.status === "ready" || this.redis.status === "connecting" || this.redis.status === "connect";
  }

  async get(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0 || !this.usable()) return keys.map(() => null);
    try {
      return await this.redis.mget(...keys);
    } catch (error) {
      this.report(error);
      return keys.map(() => null);
    }
  }

  async set(entries: readonly (readonly [string, string])[]): Promise<void> {
    if (entries.length === 0 || !this.usable()) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const [key, value] of entries) pipeline.set(key, value, "EX", this.ttlSeconds);
      await pipeline.exec();
    } catch (error) {
      this.report(error);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export interface ResultCacheOptions {
  store: ResultStore;
  /** The systems read from this database: only what is counted from them follows its version. */
  systems: ReadonlySet<string>;
  /** Prefixes every key: the deployment's Redis prefix and whatever configuration changes results (the report window). */
  namespace: string;
}

/** Lookups since start, for /metrics. */
export interface ResultCacheStats {
  hits: number;
  misses: number;
}

/**
 * The process-wide cache. `forRequest` gives one request its view: the version read once (the
 * first time the request needs it) and lookups and stores under it.
 */
export class ResultCache {
  readonly stats: ResultCacheStats = { hits: 0, misses: 0 };
  private readonly versions: VersionReads;
  constructor(
    sql: SqlClient,
    private readonly options: ResultCacheOptions,
    /** Whole answers kept under the same version; null when RESPONSE_CACHE_MB=0. */
    readonly responses: ResponseCache | null = null,
  ) {
    this.versions = new VersionReads(sql);
  }

  get kind(): ResultStore["kind"] {
    return this.options.store.kind;
  }

  forRequest(): RequestResultCache {
    return new RequestResultCache(this.versions, this.options, this.stats);
  }

  async close(): Promise<void> {
    await this.options.store.close();
    await this.responses?.close();
  }
}

/** The cache the configuration asks for: in Redis with REDIS_URL, else in-process; null when INDICATOR_CACHE=off. */
export function resultCacheFor(
  sql: SqlClient,
  config: {
    redis: { url: string; keyPrefix: string } | undefined;
    indicatorCache: { entries: number; ttlSeconds: number; responseMegabytes: number } | null;
    birthReportWindowDays: number;
  },
  databaseSystems: Iterable<string>,
  log: (line: string) => void,
): ResultCache | null {
  const cache = config.indicatorCache;
  if (!cache) return null;
  const store = config.redis ? new RedisResultStore(config.redis.url, cache.ttlSeconds, log) : new MemoryResultStore(cache.entries);
  // The report window changes the population measures: replicas configured apart keep apart.
  const namespace = `${config.redis?.keyPrefix ?? ""}results:w${config.birthReportWindowDays}:`;
  // Answers share Redis with the results; in-process they are kept apart, bounded by their size.
  const responses = cache.responseMegabytes === 0 ? null : new ResponseCache(store.kind === "redis" ? store : cache.responseMegabytes * 1_048_576, namespace);
  return new ResultCache(sql, { store, systems: new Set(databaseSystems), namespace }, responses);
}

/**
 * Reads of the version shared by the requests that ask at about the same time. A caller gets a
 * read sent after it asked, so it sees every write committed before it asked, as a read of its
 * own would. At most one read is in flight: whoever asks meanwhile joins the next one, sent when
 * the one in flight has answered. Under load, one statement then serves many requests instead of
 * one each; alone, a request waits for no one.
 */
export class VersionReads {
  private inFlight: Promise<unknown> | null = null;
  private next: Promise<string> | null = null;
  constructor(private readonly sql: SqlClient) {}

  read(): Promise<string> {
    if (this.next) return this.next;
    const send = (): Promise<string> => {
      this.next = null;
      const read = this.sql.query<{ v: string }>(`SELECT rollup_version()::text AS v`).then((rows) => rows[0]!.v);
      const settled = read.then(
        () => undefined,
        () => undefined,
      );
      this.inFlight = settled;
      void settled.then(() => {
        if (this.inFlight === settled) this.inFlight = null;
      });
      return read;
    };
    if (!this.inFlight) return send();
    this.next = this.inFlight.then(send);
    return this.next;
  }
}

export class RequestResultCache {
  private version: Promise<string> | null = null;
  /** The version once its read has answered: lookups that need no wait (peek). */
  private versionRead: string | null = null;
  /** Set for a mutation: what it writes bumps the version mid-request, so it reads and keeps nothing here. */
  private bypassed = false;
  /** Set once the request reads what the version does not follow (a page of persons, a system over HTTP). */
  private readUnversioned = false;
  /** The key of a whole answer the HTTP front looked up for this request and did not find: Apollo's plugin does not ask again. */
  answerMissed: string | null = null;
  /**
   * What peekVersioned found, by system, method and key (a string or number): a page asks the
   * same few regions a hundred times, and each look-up in the store built its key and moved the
   * entry in the LRU.
   */
  private readonly peeked = new Map<SystemCode, Map<string, Map<unknown, unknown>>>();
  constructor(
    private readonly versions: VersionReads,
    private readonly options: ResultCacheOptions,
    private readonly stats: ResultCacheStats,
  ) {}

  /** Whether results counted from this system are cached (it is read from the database whose version keys them). */
  covers(system: string): boolean {
    return this.options.systems.has(system);
  }

  /**
   * Turns the cache off for the rest of the request: a mutation's payload must show what it wrote,
   * and a version read before its write (a region looked up to check the input) would serve the
   * payload from before it.
   */
  bypass(): void {
    this.bypassed = true;
  }

  /** Records a read the version does not follow: what the request answers cannot be kept under it. */
  markUnversioned(): void {
    this.readUnversioned = true;
  }

  /** Whether everything the request has read so far is kept under the version (and nothing was written). */
  get onlyVersionedReads(): boolean {
    return !this.readUnversioned && !this.bypassed;
  }

  /** The rollups' version as this request first saw it: read before any result the request computes. */
  versionOnce(): Promise<string> {
    return (this.version ??= this.versions.read().then((version) => (this.versionRead = version)));
  }

  /**
   * A versioned port read's value for one key (see withVersionedReads), when it can be had at
   * once: the request has read the version already and the value is kept in-process under it.
   * Undefined otherwise (Redis, the version not read yet, a miss): the caller goes through its
   * loader. A page of records asks each record's region; answered here, no promise is made per record.
   */
  peekVersioned<T>(system: SystemCode, method: string, key: unknown): T | undefined {
    const store = this.options.store;
    if (this.bypassed || this.versionRead === null || !store.peek || !this.covers(system) || !VERSIONED_READS[system]?.includes(method)) return undefined;
    const found = typeof key === "string" || typeof key === "number" ? this.peekedOf(system, method) : null;
    if (found?.has(key)) {
      this.stats.hits++;
      return found.get(key) as T;
    }
    const value = store.peek(`${this.options.namespace}${this.versionRead}:${versionedKey(system, method, key)}`);
    if (value === undefined) return undefined;
    this.stats.hits++;
    found?.set(key, value);
    return value as T;
  }

  private peekedOf(system: SystemCode, method: string): Map<unknown, unknown> {
    let methods = this.peeked.get(system);
    if (!methods) this.peeked.set(system, (methods = new Map()));
    let keys = methods.get(method);
    if (!keys) methods.set(method, (keys = new Map()));
    return keys;
  }

  /**
   * The values of the keys: cached ones from the store, the others computed by `compute` (for
   * those keys only, in one call) and stored. A key that fails to compute gets its error and is not stored.
   */
  async resolve<T>(keys: readonly string[], compute: (missing: readonly string[]) => Promise<readonly (T | Error)[]>): Promise<(T | Error)[]> {
    if (this.bypassed) return [...(await compute(keys))];
    const version = await this.versionOnce();
    const storeKeys = keys.map((key) => `${this.options.namespace}${version}:${key}`);
    const cached = await this.options.store.get(storeKeys);
    const values: (T | Error | undefined)[] = cached.map((text) => (text === null ? undefined : (JSON.parse(text) as T)));
    const missing = keys.flatMap((_, i) => (values[i] === undefined ? [i] : []));
    this.stats.hits += keys.length - missing.length;
    this.stats.misses += missing.length;
    if (missing.length > 0) {
      const computed = await compute(missing.map((i) => keys[i]!));
      const stored: [string, string][] = [];
      missing.forEach((index, j) => {
        const value = computed[j]!;
        values[index] = value;
        if (!(value instanceof Error)) stored.push([storeKeys[index]!, JSON.stringify(value)]);
      });
      await this.options.store.set(stored);
    }
    return values as (T | Error)[];
  }
}

const requestLoaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * The request's loader `name` of JSON values by string key: each batch's keys from the cache
 * where it covers every system the values are computed from (each read from this database), the
 * others computed by `compute` (once a batch, for the missing keys) and stored; without a cache,
 * all computed. One loader per request and name (`request` is the request's context).
 */
export function cachedLoader<T>(
  request: object,
  results: RequestResultCache | null,
  name: string,
  systems: string | readonly string[],
  compute: (keys: readonly string[]) => Promise<readonly (T | Error)[]>,
): DataLoader<string, T> {
  let loaders = requestLoaders.get(request);
  if (!loaders) requestLoaders.set(request, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, T> | undefined;
  if (!loader) {
    const cached = results && (typeof systems === "string" ? [systems] : systems).every((system) => results.covers(system)) ? results : null;
    loader = new DataLoader<string, T>((keys) => (cached ? cached.resolve(keys.map((key) => `${name}:${key}`), (missing) => compute(missing.map((k) => k.slice(name.length + 1)))) : compute(keys)) as Promise<(T | Error)[]>);
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

/**
 * Port reads whose every table bumps rollup_version() (the rollups; the target table; the region
 * table since migration 20261126100000_region_version), so that their answers can be kept under
 * it like the results: a region, its children, a count along the region tree, a region's targets.
 */
const VERSIONED_READS: Partial<Record<SystemCode, readonly string[]>> = {
  REGION_DIRECTORY: ["regionsByCodes", "childrenPages"],
  MONITORING_STATISTICS: ["eventCounts", "targets"],
};

/**
 * The request's ports with the versioned reads answered from the cache where it covers their
 * system: a cached key costs no port call (a count or a dashboard then reads the version alone).
 * Hits are not upstream calls; a miss is the port's call, for the missing keys only. Every other
 * read is noted on the request (RequestResultCache.markUnversioned).
 */
export function withVersionedReads(ports: Ports, results: RequestResultCache | null): Ports {
  if (!results) return ports;
  return wrapPorts(ports, (system, target) => {
    const port = target as Record<string, BatchMethod<unknown, unknown>>;
    const versioned = results.covers(system) ? (VERSIONED_READS[system] ?? []) : [];
    const methods = new Map<PropertyKey, BatchMethod<unknown, unknown>>();
    const methodOf = (property: string): BatchMethod<unknown, unknown> =>
      versioned.includes(property)
        ? (keys, options) => {
            const texts = keys.map((key) => versionedKey(system, property, key));
            const keyOf = new Map(texts.map((text, i) => [text, keys[i]]));
            return results.resolve(texts, (missing) => port[property]!(missing.map((text) => keyOf.get(text)), options));
          }
        : (keys, options) => {
            results.markUnversioned();
            return port[property]!(keys, options);
          };
    return new Proxy(port, {
      get: (inner, property, receiver) => {
        const value: unknown = Reflect.get(inner, property, receiver);
        if (typeof value !== "function" || typeof property !== "string") return value;
        let method = methods.get(property);
        if (!method) methods.set(property, (method = methodOf(property)));
        return method;
      },
    });
  });
}

/** The cache key of a versioned port read's value for one key. */
const versionedKey = (system: SystemCode, method: string, key: unknown) => `${system}.${method}:${cacheKey(key)}`;

/** Mutations bypass the result cache (see RequestResultCache.bypass): known once the operation is resolved, before anything runs. */
export const mutationsBypassResultCache: ApolloServerPlugin<{ results: RequestResultCache | null }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (operation?.operation === "mutation") contextValue.results?.bypass();
      },
    };
  },
};
