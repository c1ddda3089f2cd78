// 扶助标准 — the rate a beneficiary gets: the national standard plus the top-ups of their own
// region and every region above it, each component in force on the day.
import { addDays, formatIsoDate } from "../common/date.js";
import { isWithinRegion, regionLevelOf } from "../region/region.js";
import { NATIONAL_REGION_CODE, type RateComponent } from "./entities.js";
import { sumFen } from "./money.js";

export interface Rate {
  totalFen: number;
  components: RateComponent[];
}

export interface RatePeriod extends Rate {
  /** First day of the period (inclusive). */
  from: string;
  /** Last day of the period (inclusive). */
  to: string;
}

/** Whether a component set by `setBy` reaches a beneficiary registered in `regionCode`. */
function reaches(setBy: string, regionCode: string): boolean {
  // 100000 is not a province prefix of anything, so the nation is matched by code.
  return setBy === NATIONAL_REGION_CODE || isWithinRegion(regionCode, setBy);
}

const LEVEL_ORDER = { PROVINCE: 1, CITY: 2, COUNTY: 3, TOWNSHIP: 4, VILLAGE: 5 } as const;

function levelRank(code: string): number {
  return code === NATIONAL_REGION_CODE ? 0 : LEVEL_ORDER[regionLevelOf(code)];
}

// Nation first, then down the tree, so listings read the way the money flows.
function byLevel(a: RateComponent, b: RateComponent): number {
  return levelRank(a.regionCode) - levelRank(b.regionCode) || a.fundingSource.localeCompare(b.fundingSource) || a.effectiveFrom.localeCompare(b.effectiveFrom);
}

function applicable(programCode: string, regionCode: string, components: readonly RateComponent[]): RateComponent[] {
  // Validates the beneficiary's code once, with the field named, before any comparison.
  regionLevelOf(regionCode);
  return components.filter((c) => c.programCode === programCode && reaches(c.regionCode, regionCode));
}

// ISO dates from the schemas compare as strings.
const inForce = (c: RateComponent, onDate: string): boolean => c.effectiveFrom <= onDate && (c.effectiveTo === null || c.effectiveTo >= onDate);

function rateOf(components: RateComponent[]): Rate {
  const sorted = [...components].sort(byLevel);
  return { totalFen: sumFen(sorted.map((c) => c.amountFen)), components: sorted };
}

/** 适用标准 — the components of a program's rate in force on a day for a region, and their total. */
export function rateFor(programCode: string, regionCode: string, onDate: string, components: readonly RateComponent[]): Rate {
  return rateOf(applicable(programCode, regionCode, components).filter((c) => inForce(c, onDate)));
}

/**
 * 年度标准分段 — the year cut into the periods over which the rate does not change, covering
 * 1 January to 31 December (a period with no component in force has total 0), so a change
 * on any day of the year is priced on its own side.
 */
export function ratesInYear(programCode: string, regionCode: string, year: number, components: readonly RateComponent[]): RatePeriod[] {
  // A fund estimate asks this for every beneficiary of a county with the same components: each
  // program, region and year is cut once per components list.
  let cache = periodsCache.get(components);
  if (!cache) periodsCache.set(components, (cache = new Map()));
  const key = `${programCode}|${regionCode}|${year}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const periods = cutYear(programCode, regionCode, year, components);
  cache.set(key, periods);
  return periods;
}

const periodsCache = new WeakMap<readonly RateComponent[], Map<string, RatePeriod[]>>();

function cutYear(programCode: string, regionCode: string, year: number, components: readonly RateComponent[]): RatePeriod[] {
  const yearStart = formatIsoDate(year, 1, 1);
  const yearEnd = formatIsoDate(year, 12, 31);
  const relevant = applicable(programCode, regionCode, components);
  const starts = new Set<string>([yearStart]);
  for (const c of relevant) {
    if (c.effectiveFrom > yearStart && c.effectiveFrom <= yearEnd) starts.add(c.effectiveFrom);
    if (c.effectiveTo !== null && c.effectiveTo >= yearStart && c.effectiveTo < yearEnd) starts.add(addDays(c.effectiveTo, 1));
  }
  const ordered = [...starts].sort();
  return ordered.map((from, i) => {
    const next = ordered[i + 1];
    const to = next === undefined ? yearEnd : addDays(next, -1);
    return { from, to, ...rateOf(relevant.filter((c) => inForce(c, from))) };
  });
}
