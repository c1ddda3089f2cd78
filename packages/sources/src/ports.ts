import type { Database } from "@popfam/db";
import type { BirthChannelsPort } from "./birth-channels/port.js";
import { birthChannelsFromDatabase } from "./birth-channels/db-adapter.js";
import type { PopulationRegistryPort } from "./population-registry/port.js";
import { populationRegistryFromDatabase } from "./population-registry/db-adapter.js";
import type { RegionDirectoryPort } from "./regions/port.js";
import { regionDirectoryFromDatabase } from "./regions/db-adapter.js";
import type { BirthRegistrationPort } from "./registrations/port.js";
import { birthRegistrationFromDatabase } from "./registrations/db-adapter.js";
import type { MonitoringStatisticsPort } from "./statistics/port.js";
import type { Clock } from "@popfam/domain";
import { monitoringStatisticsFromDatabase, type StatisticsOptions } from "./statistics/db-adapter.js";
import { SYSTEM_CODES, type SystemCode } from "./systems.js";
import { UpstreamError } from "./errors.js";
import { portOverHttp } from "./http/adapter.js";
import { UpstreamClient, type UpstreamHealth } from "./http/client.js";
import type { UpstreamConfig } from "./http/config.js";
import type { Contract } from "./http/contract.js";
import { RecentCalls } from "./http/resilience.js";
import { regionDirectoryContract } from "./regions/contract.js";
import { populationRegistryContract } from "./population-registry/contract.js";
import { birthChannelsContract } from "./birth-channels/contract.js";
import { birthRegistrationContract } from "./registrations/contract.js";
import { monitoringStatisticsContract } from "./statistics/contract.js";
import type { AssistancePort } from "./assistance/port.js";
import { assistanceFromDatabase } from "./assistance/db-adapter.js";
import { assistanceContract } from "./assistance/contract.js";
import type { SpecialFamiliesPort } from "./special-families/port.js";
import { specialFamiliesFromDatabase } from "./special-families/db-adapter.js";
import { specialFamiliesContract } from "./special-families/contract.js";

/** One port per provincial system. A resolver reaches them only through the loaders. */
export interface Ports {
  REGION_DIRECTORY: RegionDirectoryPort;
  POPULATION_REGISTRY: PopulationRegistryPort;
  BIRTH_CHANNELS: BirthChannelsPort;
  BIRTH_REGISTRATION: BirthRegistrationPort;
  MONITORING_STATISTICS: MonitoringStatisticsPort;
  ASSISTANCE: AssistancePort;
  SPECIAL_FAMILIES: SpecialFamiliesPort;
}

export type PortsOptions = StatisticsOptions & {
  /** Today, for the date rules of writes (default: the date in China Standard Time). */
  clock?: Clock;
};

/** Each system's wire contract: what the HTTP adapters call and the simulator serves. */
export const CONTRACTS: { [System in SystemCode]: Contract<Ports[System]> } = {
  REGION_DIRECTORY: regionDirectoryContract,
  POPULATION_REGISTRY: populationRegistryContract,
  BIRTH_CHANNELS: birthChannelsContract,
  BIRTH_REGISTRATION: birthRegistrationContract,
  MONITORING_STATISTICS: monitoringStatisticsContract,
  ASSISTANCE: assistanceContract,
  SPECIAL_FAMILIES: specialFamiliesContract,
};

export function databasePorts(db: Database, options: PortsOptions): Ports {
  return {
    REGION_DIRECTORY: regionDirectoryFromDatabase(db.sql),
    POPULATION_REGISTRY: populationRegistryFromDatabase(db.sql),
    BIRTH_CHANNELS: birthChannelsFromDatabase(db.sql),
    BIRTH_REGISTRATION: birthRegistrationFromDatabase(db.sql),
    MONITORING_STATISTICS: monitoringStatisticsFromDatabase(db.sql, options),
    ASSISTANCE: assistanceFromDatabase(db.sql, { clock: options.clock }),
    SPECIAL_FAMILIES: specialFamiliesFromDatabase(db.sql, { clock: options.clock }),
  };
}

export type AdapterKind = "database" | "http";

/** The ports a gateway serves from: each system's adapter chosen by configuration. */
export interface Sources {
  ports: Ports;
  adapters: Record<SystemCode, AdapterKind>;
  /** The HTTP client of each system served over HTTP (its circuit, latency, errors). */
  clients: Partial<Record<SystemCode, UpstreamClient>>;
}

/** A system with settings in `upstreams` is reached over HTTP; every other one through the database. */
export function connectSources(db: Database, options: PortsOptions & { upstreams?: UpstreamConfig; fetch?: typeof fetch }): Sources {
  const fromDatabase = databasePorts(db, options);
  const ports = { ...fromDatabase } as Record<SystemCode, unknown>;
  const adapters = {} as Record<SystemCode, AdapterKind>;
  const clients: Partial<Record<SystemCode, UpstreamClient>> = {};
  for (const system of SYSTEM_CODES) {
    const settings = options.upstreams?.[system];
    adapters[system] = settings ? "http" : "database";
    if (!settings) continue;
    const client = new UpstreamClient(system, settings, options.fetch);
    clients[system] = client;
    ports[system] = portOverHttp(client, CONTRACTS[system] as Contract<unknown>);
  }
  // The assistance database checks its rosters against the registry in the same database: only
  // when the registry is that database too.
  if (adapters.ASSISTANCE === "database" && adapters.POPULATION_REGISTRY !== "database") {
    ports.ASSISTANCE = { ...fromDatabase.ASSISTANCE, rosterRegistryChecks: undefined };
  }
  // Each entry is that system's port, from one adapter or the other.
  return { ports: ports as unknown as Ports, adapters, clients };
}

export interface SystemHealth extends Partial<Omit<UpstreamHealth, "system" | "recent">> {
  adapter: AdapterKind;
  /** Calls as the loaders made them (each may be several HTTP attempts). */
  recent: ReturnType<RecentCalls["summary"]>;
}

/** Each system's state, for the health endpoint: adapter, circuit, recent latency and error rate. */
export function sourcesHealth(sources: Sources, counter: PortCallCounter): Record<SystemCode, SystemHealth> {
  const report = {} as Record<SystemCode, SystemHealth>;
  for (const system of SYSTEM_CODES) {
    const client = sources.clients[system]?.health();
    report[system] = {
      adapter: sources.adapters[system],
      recent: counter.recent(system),
      ...(client ? { url: client.url, circuit: client.circuit, inFlight: client.inFlight, queued: client.queued, lastError: client.lastError } : {}),
    };
  }
  return report;
}

/** Counts the calls made to each system, and times them, for tests, benchmarks and the health endpoint. */
export class PortCallCounter {
  private counts = new Map<string, number>();
  private readonly timings = new Map<SystemCode, RecentCalls>();

  record(system: SystemCode, method: string): void {
    const key = `${system}.${method}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  recordOutcome(system: SystemCode, ms: number, ok: boolean): void {
    let recent = this.timings.get(system);
    if (!recent) this.timings.set(system, (recent = new RecentCalls()));
    recent.record(ms, ok);
  }

  recent(system: SystemCode): ReturnType<RecentCalls["summary"]> {
    return (this.timings.get(system) ?? new RecentCalls()).summary();
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  byMethod(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

/**
 * Wraps every port so that each call is counted and a failure surfaces as an UpstreamError
 * naming its system; the ports themselves are unchanged.
 */
export function instrumentPorts(ports: Ports, counter: PortCallCounter): Ports {
  const wrapped = {} as Record<SystemCode, unknown>;
  for (const [system, port] of Object.entries(ports) as [SystemCode, object][]) {
    wrapped[system] = new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          counter.record(system, String(property));
          const started = performance.now();
          try {
            const result: unknown = await value.apply(target, args);
            counter.recordOutcome(system, performance.now() - started, true);
            return result;
          } catch (error) {
            counter.recordOutcome(system, performance.now() - started, false);
            throw error instanceof UpstreamError ? error : new UpstreamError(system, "UPSTREAM_UNAVAILABLE", { cause: error });
          }
        };
      },
    });
  }
  // Each entry is a Proxy of the same port, so the record has the Ports shape; TS cannot see it.
  return wrapped as unknown as Ports;
}
