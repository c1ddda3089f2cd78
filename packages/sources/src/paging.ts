import { isPeriod, isRegionCodeShape, parsePeriod, type ParsedPeriod } from "@popfam/domain";
import { z } from "zod";

/** One page of a list, fetched as `first` rows after a cursor; a list query asks for one more row to know if there is a next page. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 100;

// Keys on the wire are checked for shape, and stay plain strings in the ports' types.
export const RegionCodeKey = z.string().refine(isRegionCodeShape, { message: "region code must be 6, 9 or 12 digits" });
export const PeriodKey = z.string().refine(isPeriod, { message: 'expected a period: "2021", "2021Q2" or "2021-05"' });

/** How many rows, after which row (its id or code): a page of a list. */
export const PageWindow = {
  first: z.number().int().min(1).max(MAX_PAGE_SIZE),
  after: z.string().nullable().describe("上一页最后一条记录的标识 — the id of the last record of the previous page"),
};

/** A list of records of a region (and everything below it), optionally within a period. */
export const RegionListQuery = z.object({ regionCode: RegionCodeKey, period: PeriodKey.nullable(), ...PageWindow });
export type RegionListQuery = z.infer<typeof RegionListQuery>;

/** The range of region codes below a region, by prefix: [low, high). Works in any collation, codes being digits. */
export function regionCodeRange(prefix: string): [string, string] {
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, "0");
  return [prefix, next];
}

export function periodRange(period: string | null): [string | null, string | null] {
  if (period === null) return [null, null];
  const parsed: ParsedPeriod = parsePeriod(period);
  return [parsed.start, parsed.end];
}
