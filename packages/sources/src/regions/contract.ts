import { Region } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { RegionCodeKey } from "../paging.js";
import { ChildrenQuery, type RegionDirectoryPort } from "./port.js";

export const regionDirectoryContract: Contract<RegionDirectoryPort> = {
  regionsByCodes: { summary: "区划（按代码） — regions by code", key: RegionCodeKey, value: Region.nullable() },
  childrenPages: {
    summary: "下级区划（分页，含总数） — a page of each region's children, with their count",
    key: ChildrenQuery,
    value: PageOf(Region).extend({ totalCount: z.number().int().nonnegative() }),
  },
};
