export * from "./entities.js";
export * from "./holidays.js";
export * from "./coverage.js";
export * from "./indicators.js";
