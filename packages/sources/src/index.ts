export { SYSTEM_CODES, SYSTEMS, type SystemCode } from "./systems.js";
export { MAX_PAGE_SIZE, regionCodeRange, type Page, type RegionListQuery } from "./paging.js";
export {
  CONTRACTS, connectSources, databasePorts, instrumentPorts, PortCallCounter, sourcesHealth,
  type AdapterKind, type Ports, type PortsOptions, type Sources, type SystemHealth,
} from "./ports.js";
export { parseUpstreamConfig, UpstreamSettings, type UpstreamConfig } from "./http/config.js";
export { UpstreamClient, type UpstreamHealth } from "./http/client.js";
export { BatchRequest, encodeResults, MAX_KEYS_PER_CALL, type Contract, type Operation } from "./http/contract.js";
export { CircuitBreaker, Semaphore, type CircuitState } from "./http/resilience.js";
export { CommandRejected, UpstreamError, type RejectionCode, type UpstreamErrorCode } from "./errors.js";
export { createLoaders, type Loaders, type LoaderOptions } from "./loaders.js";
export type { RegionDirectoryPort, ChildrenQuery } from "./regions/port.js";
export type { PopulationRegistryPort, HouseholdMembersQuery } from "./population-registry/port.js";
export type { BirthChannelsPort, RegionPeriodQuery } from "./birth-channels/port.js";
export type { BirthRegistrationPort } from "./registrations/port.js";
export type { MonitoringStatisticsPort, MeasuresKey, TargetsKey } from "./statistics/port.js";
export { readJsonBody } from "./http/json-body.js";
export { reconcileCheckedRoster, reconcileRosterWithRegistry } from "./reconciliation.js";
export type * from "./assistance/port.js";
export type * from "./special-families/port.js";
export {
  AssessmentQuery, AssistanceListQuery, ConfirmEligibilityCommand, RatesKey, RecordExitCommand, RecordPaymentBatchCommand, RegionYearKey, RosterKey,
} from "./assistance/port.js";
export { RecordVisitCommand, SignContractCommand } from "./special-families/port.js";
export { chinaClock, idempotentCommand, type MutationName } from "./commands.js";
