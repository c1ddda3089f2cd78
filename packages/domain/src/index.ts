/**
 * @popfam/domain — the domain SDK of population monitoring and family development
 * (人口监测与家庭发展): zod schemas, types, code tables, validators and indicator formulas.
 * Pure: no I/O, no clock.
 */
export * from "./errors.js";
export * from "./common/date.js";
export * from "./common/primitives.js";
export * from "./common/write-dates.js";
export * from "./region/region.js";
export * from "./person/id-number.js";
export * from "./person/free-text.js";
export * from "./person/person.js";
export * from "./person/roster-reconciliation.js";
export * from "./period/period.js";
export * from "./population/events.js";
export * from "./population/linkage.js";
export * from "./policy/timeline.js";
export * from "./indicator/definition.js";
export * from "./indicator/areas.js";
export * from "./population/indicators.js";
export * from "./assistance/index.js";
export * from "./special-family/index.js";
export * from "./childcare/index.js";
