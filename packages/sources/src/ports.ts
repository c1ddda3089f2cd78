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
import { monitoringStatisticsFromDatabase, type StatisticsOptions } from "./statistics/db-adapter.js";
import type { SystemCode } from "./systems.js";
import { UpstreamError } from "./errors.js";

/** One port per provincial system. A resolver reaches them only through the loaders. */
export interface Ports {
  REGION_DIRECTORY: RegionDirectoryPort;
  POPULATION_REGISTRY: PopulationRegistryPort;
  BIRTH_CHANNELS: BirthChannelsPort;
  BIRTH_REGISTRATION: BirthRegistrationPort;
  MONITORING_STATISTICS: MonitoringStatisticsPort;
}

export type PortsOptions = StatisticsOptions;

export function databasePorts(db: Database, options: PortsOptions): Ports {
  return {
    REGION_DIRECTORY: regionDirectoryFromDatabase(db.sql),
    POPULATION_REGISTRY: populationRegistryFromDatabase(db.sql),
    BIRTH_CHANNELS: birthChannelsFromDatabase(db.sql),
    BIRTH_REGISTRATION: birthRegistrationFromDatabase(db.sql),
    MONITORING_STATISTICS: monitoringStatisticsFromDatabase(db.sql, options),
  };
}

/** Counts the calls made to each system, for tests, benchmarks and the health endpoint. */
export class PortCallCounter {
  private counts = new Map<string, number>();

  record(system: SystemCode, method: string): void {
    const key = `${system}.${method}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
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
        return (...args: unknown[]) => {
          counter.record(system, String(property));
          return Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
            throw error instanceof UpstreamError ? error : new UpstreamError(system, "UPSTREAM_UNAVAILABLE", { cause: error });
          });
        };
      },
    });
  }
  // Each entry is a Proxy of the same port, so the record has the Ports shape; TS cannot see it.
  return wrapped as unknown as Ports;
}
