export * from "./entities.js";
export * from "./standards.js";
export * from "./rules.js";
export * from "./filing.js";
export * from "./indicators.js";
export * from "./writes.js";
