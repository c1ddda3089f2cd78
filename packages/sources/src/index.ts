export { SYSTEM_BY_CODE, SYSTEM_CODES, SYSTEMS, type System, type SystemCode } from "./systems.js";
export { defineSystem, type DatabaseOnlyContract, type DatabaseOnlyOperation, type PortsOptions, type SystemDefinition, type SystemPort } from "./define-system.js";
export { MAX_PAGE_SIZE, regionCodeRange, type Page, type RegionListQuery } from "./paging.js";
export {
  CONTRACTS, connectSources, databasePorts, instrumentPorts, PortCallCounter, sourcesHealth, wrapPorts,
  type AdapterKind, type PortCall, type PortCallScope, type Ports, type Sources, type SystemHealth,
} from "./ports.js";
export { parseUpstreamConfig, UpstreamSettings, type UpstreamConfig } from "./http/config.js";
export { UpstreamClient, type UpstreamHealth } from "./http/client.js";
export {
  BatchRequest, encodeResults, MAX_KEYS_PER_CALL, type BatchMethod, type CallOptions, type Contract, type Operation, type PortOf, type ReadMethodOf,
} from "./http/contract.js";
export type { CircuitState } from "./http/resilience.js";
export { CommandRejected, UpstreamError, type RejectionCode, type UpstreamErrorCode } from "./errors.js";
export { cacheKey, createLoaders, type Loaders, type LoaderOptions, type SystemLoaders } from "./loaders.js";
export type { RegionDirectoryPort } from "./regions/system.js";
export type { PopulationRegistryPort } from "./population-registry/system.js";
export type { BirthChannelsPort } from "./birth-channels/system.js";
export type { BirthRegistrationPort } from "./registrations/system.js";
export type { MonitoringStatisticsPort } from "./statistics/system.js";
export type { AssistancePort } from "./assistance/system.js";
export type { SpecialFamiliesPort } from "./special-families/system.js";
export type { ChildrenQuery } from "./regions/contract.js";
export type { HouseholdMembersQuery } from "./population-registry/contract.js";
export type { RegionPeriodQuery } from "./birth-channels/contract.js";
export type { CountedEvent, EventCountKey, MeasuresKey, TargetsKey } from "./statistics/contract.js";
export { readJsonBody } from "./http/json-body.js";
export { reconcileCheckedRoster, reconcileRosterWithRegistry } from "./reconciliation.js";
export type * from "./assistance/contract.js";
export type * from "./special-families/contract.js";
export {
  AssessmentQuery, AssistanceListQuery, ConfirmEligibilityCommand, RatesKey, RecordExitCommand, RecordPaymentBatchCommand, RegionYearKey, RosterKey,
} from "./assistance/contract.js";
export { RecordVisitCommand, SignContractCommand } from "./special-families/contract.js";
export { chinaClock, idempotentCommand, type MutationName } from "./commands.js";
