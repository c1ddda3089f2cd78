// 行政区划代码库 — the region directory: names and the tree.
import { Region } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { PageWindow, RegionCodeKey } from "../paging.js";

export const ChildrenQuery = z.object({ parentCode: RegionCodeKey, ...PageWindow });
export type ChildrenQuery = z.infer<typeof ChildrenQuery>;

export const regionDirectoryContract = {
  regionsByCodes: { summary: "区划（按代码） — regions by code", key: RegionCodeKey, value: Region.nullable() },
  /** A page of children for each parent, and how many children each has. */
  childrenPages: {
    summary: "下级区划（分页，含总数） — a page of each region's children, with their count",
    key: ChildrenQuery,
    value: PageOf(Region).extend({ totalCount: z.number().int().nonnegative() }),
  },
} satisfies Contract;
