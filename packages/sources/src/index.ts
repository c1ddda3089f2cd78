export { SYSTEMS, type SystemCode } from "./systems.js";
export { MAX_PAGE_SIZE, regionCodeRange, type Page, type RegionListQuery } from "./paging.js";
export { databasePorts, countPortCalls, PortCallCounter, type Ports, type PortsOptions } from "./ports.js";
export { createLoaders, type Loaders, type LoaderOptions } from "./loaders.js";
export type { RegionDirectoryPort, ChildrenQuery } from "./regions/port.js";
export type { PopulationRegistryPort } from "./population-registry/port.js";
export type { BirthChannelsPort } from "./birth-channels/port.js";
export type { BirthRegistrationPort } from "./registrations/port.js";
export type { MonitoringStatisticsPort, MeasuresKey, TargetsKey } from "./statistics/port.js";
