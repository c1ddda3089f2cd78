import type { Birth, BirthChannelRecord } from "@popfam/domain";
import { z } from "zod";
import { PeriodKey, RegionCodeKey, type Page, type RegionListQuery } from "../paging.js";

/** All the records of births in a region (and below it) born within a period; no paging. */
export const RegionPeriodQuery = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type RegionPeriodQuery = z.infer<typeof RegionPeriodQuery>;

/** 出生医学证明 / 预防接种 / 公安户籍 — the three birth-information channels. */
export interface BirthChannelsPort {
  birthsByIds(ids: readonly string[]): Promise<(Birth | null | Error)[]>;
  /** Births in the region (by the mother's village) born within the period. */
  birthPages(queries: readonly RegionListQuery[]): Promise<(Page<Birth> | Error)[]>;
  /** Every channel's records of the births of each mother (by her ID number). */
  channelRecordsByMothers(motherIdNumbers: readonly string[]): Promise<(BirthChannelRecord[] | Error)[]>;
  /** Every channel's records of births in each region and period, for linking them as a whole. */
  channelRecordsInRegions(queries: readonly RegionPeriodQuery[]): Promise<(BirthChannelRecord[] | Error)[]>;
}
