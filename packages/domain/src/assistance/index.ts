export * from "./entities.js";
export * from "./money.js";
export * from "./programs.js";
export * from "./rates.js";
export * from "./eligibility.js";
export * from "./cycle.js";
export * from "./exclusions.js";
