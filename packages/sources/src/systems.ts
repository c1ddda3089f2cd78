// The provincial information systems the gateway fronts (DESIGN.md), each defined once in its
// folder (src/<system>/system.ts). This list is the only place that names them all: the ports,
// the HTTP adapters, the loaders, health and the simulator's endpoints are derived from it, in
// its order.
import { assistance } from "./assistance/system.js";
import { birthChannels } from "./birth-channels/system.js";
import { childcare } from "./childcare/system.js";
import { populationRegistry } from "./population-registry/system.js";
import { regionDirectory } from "./regions/system.js";
import { birthRegistration } from "./registrations/system.js";
import { specialFamilies } from "./special-families/system.js";
import { monitoringStatistics } from "./statistics/system.js";

export const SYSTEMS = [
  regionDirectory,
  populationRegistry,
  birthChannels,
  birthRegistration,
  monitoringStatistics,
  assistance,
  specialFamilies,
  childcare,
] as const;

export type System = (typeof SYSTEMS)[number];
export type SystemCode = System["code"];

export const SYSTEM_CODES: SystemCode[] = SYSTEMS.map((system) => system.code);

/** Each system's definition by its code. */
export const SYSTEM_BY_CODE = Object.fromEntries(SYSTEMS.map((system) => [system.code, system])) as {
  [Code in SystemCode]: Extract<System, { code: Code }>;
};
