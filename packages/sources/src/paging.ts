import { parsePeriod, type ParsedPeriod } from "@popfam/domain";

/** One page of a list, fetched as `first` rows after a cursor; a list query asks for one more row to know if there is a next page. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

/** A list of records of a region (and everything below it), optionally within a period. */
export interface RegionListQuery {
  regionCode: string;
  period: string | null;
  first: number;
  /** The id of the last record of the previous page. */
  after: string | null;
}

export const MAX_PAGE_SIZE = 100;

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
