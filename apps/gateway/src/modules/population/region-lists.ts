// The lists of records under a region (persons, births, deaths, registrations, approvals): one
// shape for all, each page through a batching loader, jurisdiction-checked on the region.
import { Period, type Region } from "@popfam/domain";
import type { Page, RegionListQuery } from "@popfam/sources";
import type DataLoader from "dataloader";
import type { ObjectRef } from "@pothos/core";
import { z } from "zod";
import { builder, type Types } from "../../builder.js";
import type { Context } from "../../context.js";
import { connectionComplexity, countedConnection, connectionOf, pageRequest } from "../../kit/pagination.js";
import { RegionRef } from "../region/region.js";

export function addRegionList<T extends { id: string }>(options: {
  field: string;
  type: ObjectRef<Types, T>;
  description: string;
  periodMeaning: string;
  loader: (context: Context) => DataLoader<RegionListQuery, Page<T>, unknown>;
  /**
   * The list's length as the rollups count it (one key read, whatever the number of rows): the
   * connection then has `totalCount`, and a query for the count alone reads no rows.
   */
  count?: { connectionName: string; description: string; load: (context: Context, query: { regionCode: string; period: string | null }) => Promise<number> };
}) {
  const count = options.count;
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
      resolve: (region, args, context, info) => {
        const query = { regionCode: region.code, period: args.period ?? null };
        const page = pageRequest(args);
        const count = options.count;
        return connectionOf(info, () => options.loader(context).load({ ...query, ...page }), "id", count ? { totalCount: () => count.load(context, query) } : {});
      },
    },
    count
      ? countedConnection(count.connectionName, `${options.description}（分页） — a page of them`, count.description)
      : { description: `${options.description}（分页） — a page of them` },
    { description: `${options.description}（一项） — one of them` },
    ),
  );
}
