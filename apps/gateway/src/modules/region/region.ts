// 行政区划 — regions and the tree: the spine every other area hangs on.
import type { RegionLevel} from "@popfam/domain";
import { ancestorCodesOf, RegionCode, type Region } from "@popfam/domain";
import { z } from "zod";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { gatewayError } from "../../errors.js";
import { connectionComplexity, countedConnection, pageRequest, toConnection } from "../../kit/pagination.js";
import { nodeNotFound } from "../../kit/records.js";

export const RegionLevelEnum = builder.enumType("RegionLevel", {
  description: "行政区划层级 — region level",
  values: {
    PROVINCE: { description: "省级 — province" },
    CITY: { description: "地市级 — city (prefecture)" },
    COUNTY: { description: "县级（县/区/县级市） — county or district" },
    TOWNSHIP: { description: "乡级（乡/镇/街道） — township or street" },
    VILLAGE: { description: "村级（村/社区） — village or community" },
  } satisfies Record<RegionLevel, unknown>,
});

export const RegionRef = builder.objectRef<Region>("Region");

/**
 * The region a record names by its code, or null where the code names none. Answered at once
 * from the regions kept under the request's version when it can (a page of 100 persons asks 100
 * times, and a promise each was a sizeable part of the page), else through the request's loader.
 */
export function regionByCode(context: Context, code: string): Region | null | Promise<Region | null> {
  const kept = context.results?.peekVersioned<Region | null>("REGION_DIRECTORY", "regionsByCodes", code);
  return kept !== undefined ? kept : context.loaders.regionDirectory.regionsByCodes.load(code);
}

builder.node(RegionRef, {
  description: "行政区划 — a region: province, city, county, township or village",
  id: { resolve: (region) => region.code },
  // Regions are public; a code that names none answers as any other global ID naming nothing.
  loadMany: (codes: string[], context) =>
    codes.map(async (key) => {
      const region = await context.loaders.regionDirectory.regionsByCodes.load(key);
      if (region === null) throw nodeNotFound();
      return region;
    }),
  fields: (t) => ({
    code: t.exposeString("code", {
      description: "区划代码（县级及以上6位GB/T 2260，乡级9位，村级12位） — region code (6, 9 or 12 digits)",
    }),
    name: t.exposeString("name", { description: "名称 — name" }),
    level: t.expose("level", { type: RegionLevelEnum, description: "层级 — level" }),
    parent: t.field({
      type: RegionRef,
      nullable: true,
      description: "上级区划 — the parent region",
      resolve: (region, _args, context) => (region.parentCode ? regionByCode(context, region.parentCode) : null),
    }),
    ancestors: t.field({
      type: [RegionRef],
      nullable: true,
      description: "全部上级区划（由省到上一级） — all ancestors, province first",
      resolve: async (region, _args, context) => {
        const found = await context.loaders.regionDirectory.regionsByCodes.loadMany(ancestorCodesOf(region.code));
        return found.filter((r): r is Region => r !== null && !(r instanceof Error));
      },
    }),
    children: t.connection(
      {
        type: RegionRef,
        nullable: true,
        description: "下级区划 — the regions directly below, by code",
        authScopes: (region) => ({ jurisdiction: region.code }),
        complexity: connectionComplexity,
        resolve: async (region, args, context) => {
          const page = await context.loaders.regionDirectory.childrenPages.load({ parentCode: region.code, ...pageRequest(args) });
          return toConnection(page, "code", { totalCount: page.totalCount });
        },
      },
      countedConnection("RegionChildrenConnection", "下级区划列表 — a page of child regions", "下级区划总数 — number of children"),
      { description: "下级区划 — a child region" },
    ),
  }),
});

builder.queryFields((t) => ({
  region: t.field({
    type: RegionRef,
    // Nullable so that one unknown code (or the directory down) fails its own alias only.
    nullable: true,
    description: "按代码取行政区划 — a region by its code; REGION_NOT_FOUND when the code is not in the region table",
    args: {
      code: t.arg.string({
        required: true,
        description: "区划代码 — region code (6, 9 or 12 digits)",
        validate: z.string().pipe(RegionCode),
      }),
    },
    resolve: async (_root, { code }, context) => {
      const region = await context.loaders.regionDirectory.regionsByCodes.load(code);
      if (!region) throw gatewayError("REGION_NOT_FOUND", `code: no region has the code ${code}`, { field: "code" });
      return region;
    },
  }),
}));
