import { Birth, BirthChannelRecord } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { RegionListQuery } from "../paging.js";
import { RegionPeriodQuery, type BirthChannelsPort } from "./port.js";

export const birthChannelsContract: Contract<BirthChannelsPort> = {
  birthsByIds: { summary: "出生（按标识） — births by id", key: z.string().min(1), value: Birth.nullable() },
  birthPages: { summary: "区划内出生（分页） — a page of the births of each region", key: RegionListQuery, value: PageOf(Birth) },
  channelRecordsByMothers: {
    summary: "母亲的各渠道出生记录 — every channel's birth records of each mother (by ID number)",
    key: z.string().min(1),
    value: z.array(BirthChannelRecord),
  },
  channelRecordsInRegions: {
    summary: "区划、周期内的各渠道出生记录 — every channel's birth records of each region and period",
    key: RegionPeriodQuery,
    value: z.array(BirthChannelRecord),
  },
};
