// 出生医学证明 / 预防接种 / 公安户籍 — the three birth-information channels.
import { Birth, BirthChannelRecord } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { PeriodKey, RegionCodeKey, RegionListQuery } from "../paging.js";

/** All the records of births in a region (and below it) born within a period; no paging. */
export const RegionPeriodQuery = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type RegionPeriodQuery = z.infer<typeof RegionPeriodQuery>;

export const birthChannelsContract = {
  birthsByIds: { summary: "出生（按标识） — births by id", key: z.string().min(1), value: Birth.nullable() },
  /** Births in the region (by the mother's village) born within the period. */
  birthPages: { summary: "区划内出生（分页） — a page of the births of each region", key: RegionListQuery, value: PageOf(Birth) },
  /** Every channel's records of the births of each mother (by her ID number). */
  channelRecordsByMothers: {
    summary: "母亲的各渠道出生记录 — every channel's birth records of each mother (by ID number)",
    key: z.string().min(1),
    value: z.array(BirthChannelRecord),
  },
  /** Every channel's records of births in each region and period, for linking them as a whole. */
  channelRecordsInRegions: {
    summary: "区划、周期内的各渠道出生记录 — every channel's birth records of each region and period",
    key: RegionPeriodQuery,
    value: z.array(BirthChannelRecord),
  },
} satisfies Contract;
