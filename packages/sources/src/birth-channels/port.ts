import type { Birth } from "@popfam/domain";
import type { Page, RegionListQuery } from "../paging.js";

/** 出生医学证明 / 预防接种 / 公安户籍 — the three birth-information channels, as linked births. */
export interface BirthChannelsPort {
  birthsByIds(ids: readonly string[]): Promise<(Birth | null | Error)[]>;
  /** Births in the region (by the mother's village) born within the period. */
  birthPages(queries: readonly RegionListQuery[]): Promise<(Page<Birth> | Error)[]>;
}
