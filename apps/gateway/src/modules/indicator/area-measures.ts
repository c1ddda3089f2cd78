// How each area's measures of a region and period are counted. An area's module registers its
// counter here (countMeasuresWith), naming the system it counts from; the indicators field loads
// the areas of the codes asked for and nothing else, so adding an area is its own module, not an
// edit of the indicators field. Measures counted from a database-backed system are kept in the
// result cache under the rollups' version (see cache/result-cache.ts); those from a system over
// HTTP are counted afresh by every request (its data changes without our version knowing).
import type { IndicatorArea, IndicatorMeasures, ParsedPeriod } from "@popfam/domain";
import { INDICATOR_AREAS, parsePeriod } from "@popfam/domain";
import type { SystemCode } from "@popfam/sources";
import type DataLoader from "dataloader";
import { cachedLoader } from "../../cache/result-cache.js";
import type { Context } from "../../context.js";

export type MeasuresCounter<Area extends IndicatorArea> = (
  context: Context,
  regionCode: string,
  period: ParsedPeriod,
) => Promise<NonNullable<IndicatorMeasures[Area]>>;

const counters = new Map<IndicatorArea, { system: SystemCode; count: MeasuresCounter<IndicatorArea> }>();

/** Registers how an area's measures are counted, and from which system (once per area). */
export function countMeasuresWith<Area extends IndicatorArea>(area: Area, system: SystemCode, counter: MeasuresCounter<Area>): void {
  if (counters.has(area)) throw new Error(`the ${area} measures are already counted by another module`);
  counters.set(area, { system, count: counter as MeasuresCounter<IndicatorArea> });
}

/** The measures of the given areas for one region and period, loaded side by side (one batch for every region of a drill-down). */
export async function measuresOf(context: Context, regionCode: string, period: ParsedPeriod, areas: Iterable<IndicatorArea>): Promise<IndicatorMeasures> {
  const wanted = [...new Set(areas)];
  const loaded = await Promise.all(wanted.map((area) => measuresLoader(context, area).load(`${regionCode}|${period.key}`)));
  return Object.fromEntries(wanted.map((area, i) => [area, loaded[i]]));
}

/** The areas of the domain's indicator list that no module counts: the schema refuses to build with any. */
export function uncountedAreas(): IndicatorArea[] {
  return INDICATOR_AREAS.map((a) => a.area).filter((area) => !counters.has(area));
}

/** The area's measures of a region and period (`region|period`), cached where the cache covers the area's system. */
function measuresLoader(context: Context, area: IndicatorArea): DataLoader<string, unknown> {
  const counter = counters.get(area);
  if (!counter) throw new Error(`no module counts the ${area} measures`);
  return cachedLoader<unknown>(context, context.results, `measures:${area}`, counter.system, (keys) =>
    // All in the same tick, so the system's loader batches them; a failure is that key's error.
    Promise.all(
      keys.map((key) => {
        const [regionCode, period] = key.split("|") as [string, string];
        return counter.count(context, regionCode, parsePeriod(period)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      }),
    ),
  );
}
