// The lists of records under a region (persons, births, deaths, registrations, approvals): one
// shape for all, each page through a batching loader, jurisdiction-checked on the region.
import { Period, type Region } from "@popfam/domain";
import type { Page, RegionListQuery } from "@popfam/sources";
import type DataLoader from "dataloader";
import type { ObjectRef } from "@pothos/core";
import { z } from "zod";
import { builder, type Types } from "../../builder.js";
import type { Context } from "../../context.js";
import { connectionComplexity, pageRequest, toConnection } from "../../kit/pagination.js";
import { RegionRef } from "../region/region.js";

export function addRegionList<T extends { id: string }>(options: {
  field: string;
  type: ObjectRef<Types, T>;
  description: string;
  periodMeaning: string;
  loader: (context: Context) => DataLoader<RegionListQuery, Page<T>, unknown>;
}) {
  builder.objectField(RegionRef, options.field, (t) =>
    t.connection(
    {
      type: options.type,
      nullable: true,
      description: options.description,
      authScopes: (region: Region) => ({ jurisdiction: region.code }),
      complexity: connectionComplexity,
      args: {
        period: t.arg.string({ required: false, description: options.periodMeaning, validate: z.string().pipe(Period) }),
      },
      resolve: async (region, args, context) => {
        const page = await options.loader(context).load({ regionCode: region.code, period: args.period ?? null, ...pageRequest(args) });
        return toConnection(page, "id");
      },
    },
    { description: `${options.description}（分页） — a page of them` },
    { description: `${options.description}（一项） — one of them` },
    ),
  );
}
