// The lists of the assistance system under a region (decisions, beneficiaries, payment batches):
// one shape for all, a page of one year and, optionally, one program, through a batching loader.
import { AssistanceProgramCode, type Region } from "@popfam/domain";
import type { AssistanceListQuery, Page } from "@popfam/sources";
import type { ObjectRef } from "@pothos/core";
import type DataLoader from "dataloader";
import { builder, type Types } from "../../builder.js";
import type { Context } from "../../context.js";
import { connectionComplexity, pageRequest, toConnection } from "../../kit/pagination.js";
import { RegionRef } from "../region/region.js";
import { YearArg } from "./programs.js";

export function addAssistanceList<T extends { id: string }>(options: {
  field: string;
  type: ObjectRef<Types, T>;
  /** The connection's type name stem, e.g. "RegionBeneficiaries". */
  typeName: string;
  description: string;
  loader: (context: Context) => DataLoader<AssistanceListQuery, Page<T>, unknown>;
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
          year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }),
          programCode: t.arg.string({ required: false, validate: AssistanceProgramCode, description: "项目代码 — program" }),
        },
        resolve: async (region, args, context) => {
          const page = await options.loader(context).load({ regionCode: region.code, year: args.year, programCode: args.programCode ?? null, ...pageRequest(args) });
          return toConnection(page, "id");
        },
      },
      { name: `${options.typeName}Connection`, description: `${options.description}（分页） — a page of them` },
      { name: `${options.typeName}Edge`, description: `${options.description}（一项） — one of them` },
    ),
  );
}
