import type { Region } from "@popfam/domain";
import type { Page } from "../paging.js";

export interface ChildrenQuery {
  parentCode: string;
  first: number;
  after: string | null;
}

/** 行政区划代码库 — the region directory: names and the tree. */
export interface RegionDirectoryPort {
  regionsByCodes(codes: readonly string[]): Promise<(Region | null | Error)[]>;
  /** A page of children for each parent, and how many children each has. */
  childrenPages(queries: readonly ChildrenQuery[]): Promise<((Page<Region> & { totalCount: number }) | Error)[]>;
}
