import type { Database } from "@popfam/db";
import type { PortsOptions, SystemPort } from "./define-system.js";
import type { CallOptions } from "./http/contract.js";
import { UpstreamError } from "./errors.js";
import { portOverHttp } from "./http/adapter.js";
import { UpstreamClient, type UpstreamHealth } from "./http/client.js";
import type { UpstreamConfig } from "./http/config.js";
import { RecentCalls } from "./http/resilience.js";
import { SYSTEM_CODES, SYSTEMS, type System, type SystemCode } from "./systems.js";

/** One port per provincial system, by code. A resolver reaches them only through the loaders. */
export type Ports = { [S in System as S["code"]]: SystemPort<S> };

/** Each system's wire contract: what the HTTP adapters call and the simulator serves. */
export const CONTRACTS = Object.fromEntries(SYSTEMS.map((system) => [system.code, system.contract])) as {
  [S in System as S["code"]]: S["contract"];
};

export function databasePorts(db: Database, options: PortsOptions): Ports {
  // Each entry is its system's database adapter, so the record has the Ports shape; TS cannot see it.
  return Object.fromEntries(SYSTEMS.map((system) => [system.code, system.fromDatabase(db, options)])) as unknown as Ports;
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
  const adapterOf = (system: SystemCode): AdapterKind => (options.upstreams?.[system] ? "http" : "database");
  const adapters = Object.fromEntries(SYSTEM_CODES.map((system) => [system, adapterOf(system)])) as Record<SystemCode, AdapterKind>;
  const ports = {} as Record<SystemCode, unknown>;
  const clients: Partial<Record<SystemCode, UpstreamClient>> = {};
  for (const system of SYSTEMS) {
    const settings = options.upstreams?.[system.code];
    if (settings) {
      const client = new UpstreamClient(system.code, settings, options.fetch);
      clients[system.code] = client;
      ports[system.code] = portOverHttp(client, system.contract);
    } else {
      ports[system.code] = withoutUnreachableReads(system, system.fromDatabase(db, options), adapters);
    }
  }
  // Each entry is that system's port, from one adapter or the other.
  return { ports: ports as unknown as Ports, adapters, clients };
}

/**
 * A database adapter without the database-only reads that need a system served over HTTP: the
 * tables those read are not the ones that system answers from.
 */
function withoutUnreachableReads(system: System, port: object, adapters: Record<SystemCode, AdapterKind>): object {
  const unreachable = Object.entries(system.databaseOnly)
    .filter(([, operation]) => operation.alsoReads.some((other) => adapters[other as SystemCode] !== "database"))
    .map(([method]) => method);
  if (unreachable.length === 0) return port;
  return Object.fromEntries(Object.entries(port).filter(([method]) => !unreachable.includes(method)));
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

/** One finished port call, as a listener of the counter sees it (for metrics and the request log). */
export interface PortCall {
  system: SystemCode;
  method: string;
  ms: number;
  /** The failure's code (UPSTREAM_UNAVAILABLE, …), or null for a call that answered. */
  error: string | null;
}

/** Counts the calls made to each system, and times them, for tests, benchmarks and the health endpoint. */
export class PortCallCounter {
  private counts = new Map<string, number>();
  private readonly timings = new Map<SystemCode, RecentCalls>();
  private readonly listeners: ((call: PortCall) => void)[] = [];

  /** Calls `listener` after every call (the gateway's metrics); a request's own calls reach its PortCallScope. */
  onCall(listener: (call: PortCall) => void): void {
    this.listeners.push(listener);
  }

  finished(call: PortCall): void {
    this.recordOutcome(call.system, call.ms, call.error === null);
    for (const listener of this.listeners) listener(call);
  }

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
export interface PortCallScope {
  /**
   * The deadline of the request the calls are made for: each call is handed it. Read when a call
   * asks for it (a getter may make it then: a system read from the database never does).
   */
  readonly signal?: AbortSignal;
  /** Told of each finished call of the request (its upstream calls, for its log line). */
  onCall?: (call: PortCall) => void;
}

/**
 * The ports with every call counted and timed. With a scope (one per request), each call is also
 * handed the request's deadline and reported to it: the request is passed along explicitly, so
 * no async-context lookup runs on the hot path.
 */
export function instrumentPorts(ports: Ports, counter: PortCallCounter, scope: PortCallScope = {}): Ports {
  const options: CallOptions = {
    get signal() {
      return scope.signal;
    },
  };
  const finished = (call: PortCall) => {
    counter.finished(call);
    scope.onCall?.(call);
  };
  return wrapPorts(ports, (system, port) =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return async (keys: readonly unknown[]) => {
          const method = String(property);
          counter.record(system, method);
          const started = performance.now();
          try {
            const result: unknown = await value.call(target, keys, options);
            finished({ system, method, ms: performance.now() - started, error: null });
            return result;
          } catch (error) {
            const failure = error instanceof UpstreamError ? error : new UpstreamError(system, "UPSTREAM_UNAVAILABLE", { cause: error });
            finished({ system, method, ms: performance.now() - started, error: failure.code });
            throw failure;
          }
        };
      },
    }),
  );
}

/**
 * The ports with each system's port replaced by `wrap`'s, made when the system is first asked
 * for: a request reads from a few of the systems, and wrapping all of them at every request was
 * a measurable part of a small query's time. Keys and enumeration are the ports' own.
 */
export function wrapPorts(ports: Ports, wrap: (system: SystemCode, port: object) => object): Ports {
  const made = new Map<PropertyKey, object>();
  return new Proxy(ports, {
    get(target, property, receiver) {
      const port: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || port === null || typeof port !== "object") return port;
      let wrapped = made.get(property);
      if (!wrapped) made.set(property, (wrapped = wrap(property as SystemCode, port)));
      return wrapped;
    },
  });
}
