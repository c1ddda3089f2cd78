import type { Region } from "@popfam/domain";
import { z } from "zod";
import { PageWindow, RegionCodeKey, type Page } from "../paging.js";

export const ChildrenQuery = z.object({ parentCode: RegionCodeKey, ...PageWindow });
export type ChildrenQuery = z.infer<typeof ChildrenQuery>;

/** 行政区划代码库 — the region directory: names and the tree. */
export interface RegionDirectoryPort {
  regionsByCodes(codes: readonly string[]): Promise<(Region | null | Error)[]>;
  /** A page of children for each parent, and how many children each has. */
  childrenPages(queries: readonly ChildrenQuery[]): Promise<((Page<Region> & { totalCount: number }) | Error)[]>;
}
