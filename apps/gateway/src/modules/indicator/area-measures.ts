// How each area's measures of a region and period are counted. An area's module registers its
// counter here (countMeasuresWith); the indicators field loads the areas of the codes asked for
// and nothing else, so adding an area is its own module, not an edit of the indicators field.
import type { IndicatorArea, IndicatorMeasures, ParsedPeriod } from "@popfam/domain";
import { INDICATOR_AREAS } from "@popfam/domain";
import type { Context } from "../../context.js";

export type MeasuresCounter<Area extends IndicatorArea> = (
  context: Context,
  regionCode: string,
  period: ParsedPeriod,
) => Promise<NonNullable<IndicatorMeasures[Area]>>;

const counters = new Map<IndicatorArea, MeasuresCounter<IndicatorArea>>();

/** Registers how an area's measures are counted (once per area). */
export function countMeasuresWith<Area extends IndicatorArea>(area: Area, counter: MeasuresCounter<Area>): void {
  if (counters.has(area)) throw new Error(`the ${area} measures are already counted by another module`);
  counters.set(area, counter as MeasuresCounter<IndicatorArea>);
}

/** The measures of the given areas for one region and period, loaded side by side (each through its batching loaders). */
export async function measuresOf(context: Context, regionCode: string, period: ParsedPeriod, areas: Iterable<IndicatorArea>): Promise<IndicatorMeasures> {
  const wanted = [...new Set(areas)];
  const loaded = await Promise.all(
    wanted.map((area) => {
      const counter = counters.get(area);
      if (!counter) throw new Error(`no module counts the ${area} measures`);
      return counter(context, regionCode, period);
    }),
  );
  return Object.fromEntries(wanted.map((area, i) => [area, loaded[i]]));
}

/** The areas of the domain's indicator list that no module counts: the schema refuses to build with any. */
export function uncountedAreas(): IndicatorArea[] {
  return INDICATOR_AREAS.map((a) => a.area).filter((area) => !counters.has(area));
}
