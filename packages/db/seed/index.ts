export { generateDataset, seedTargets, RESIDENTS_AT_SCALE_1, FIRST_YEAR, LAST_YEAR } from "./generate.js";
export type { Dataset, GenerateOptions } from "./generate.js";
export { loadDataset, loadRows } from "./load.js";
export { seedDatabase, isSeeded } from "./seed.js";
export type { SeedOptions } from "./seed.js";
export { SEED_COUNTIES, SEED_PROVINCES_AND_CITIES } from "./places.js";
export type * from "./rows.js";
