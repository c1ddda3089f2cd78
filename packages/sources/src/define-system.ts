// A provincial system is defined once, in src/<system>/system.ts: its names, its wire contract
// and its database adapter. Everything else follows from the list of definitions in systems.ts:
// the port types, the HTTP adapters, the loaders, the simulator's endpoints and OpenAPI, health.
import type { Database } from "@popfam/db";
import type { Clock } from "@popfam/domain";
import type { Contract, Operation, PortOf } from "./http/contract.js";

/** What the database adapters are made with. */
export interface PortsOptions {
  /** 上报及时 — a birth reported within this many days of the birth is timely (0..30); the statistics count by it. */
  birthReportWindowDays: number;
  /** Today, for the date rules of writes (default: the date in China Standard Time). */
  clock?: Clock;
}

/**
 * A read that only the database adapter has: it is not on the wire (no endpoint, no OpenAPI), and
 * it reads other systems' tables besides its own, so a gateway has it only where those systems
 * are read from the same database too. Its loader is null where the gateway does not have it.
 */
export interface DatabaseOnlyOperation extends Omit<Operation, "write"> {
  /** The codes of the other systems whose tables it reads. */
  alsoReads: readonly string[];
}

export type DatabaseOnlyContract = Record<string, DatabaseOnlyOperation>;

type NoOperations = Record<never, never>;

interface SystemFields<Code extends string, Key extends string, C extends Contract, Extras extends DatabaseOnlyContract> {
  /** The stable code: configuration (UPSTREAM_<CODE>_URL), errors and health name the system by it. */
  code: Code;
  /** camelCase: the system's loaders are `loaders.<key>.<method>`. */
  key: Key;
  nameZh: string;
  nameEn: string;
  /** Where the system's API lives under a provincial base URL (and under the simulator's). */
  path: string;
  /** Every method on the wire, reads and writes: the port's type is derived from it. */
  contract: C;
  /** The database adapter, with every method of the contract and of `databaseOnly`. */
  fromDatabase: (db: Database, options: PortsOptions) => NoInfer<PortOf<C> & PortOf<Extras>>;
}

export interface SystemDefinition<
  Code extends string = string,
  Key extends string = string,
  C extends Contract = Contract,
  Extras extends DatabaseOnlyContract = DatabaseOnlyContract,
> extends SystemFields<Code, Key, C, Extras> {
  databaseOnly: Extras;
}

export function defineSystem<const Code extends string, const Key extends string, C extends Contract, Extras extends DatabaseOnlyContract = NoOperations>(
  definition: SystemFields<Code, Key, C, Extras> & { databaseOnly?: Extras },
): SystemDefinition<Code, Key, C, Extras> {
  return { ...definition, databaseOnly: definition.databaseOnly ?? ({} as Extras) };
}

/**
 * The port of a system as a gateway has it: every method of the contract, and the database-only
 * ones where they are available (see DatabaseOnlyOperation).
 */
export type SystemPort<System extends SystemDefinition> = PortOf<System["contract"]> & Partial<PortOf<System["databaseOnly"]>>;
