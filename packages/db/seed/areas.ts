// The areas of the synthetic data set, one line each, in the order they are generated and
// loaded: an area generates from what the areas above it generated (the compiler checks that it
// reads nothing from below), and its tables load after theirs. A new area is its own file and a
// line here; the generator, the loader and the seed command take everything else from this list.
import { seedAreas, type GeneratedBy } from "./area.js";
import { assistanceArea } from "./assistance.js";
import { childcareArea } from "./childcare.js";
import { populationMonitoringArea } from "./population.js";
import { specialFamiliesArea } from "./special-families.js";

export const SEED_AREAS = seedAreas()
  .add(populationMonitoringArea)
  .add(assistanceArea)
  .add(specialFamiliesArea)
  .add(childcareArea);

/** The whole synthetic data set: every area's row lists, by key. */
export type Dataset = GeneratedBy<typeof SEED_AREAS>;
