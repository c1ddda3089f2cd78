// 死亡 — deaths reported to the population registry.
import type { Death } from "@popfam/domain";
import { builder } from "../../builder.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { PersonRef } from "./person.js";
import { addRegionList } from "./region-lists.js";

export const DeathRef = builder.objectRef<Death>("Death");

builder.node(DeathRef, {
  description: "死亡 — a death",
  id: { resolve: (death) => death.id },
  ...guardedRecord<Death>("Death", (record) => record.regionCode, (context) => context.loaders.populationRegistry.deathsByIds),
  fields: (t) => ({
    deathDate: t.expose("deathDate", { type: "Date", description: "死亡日期 — date of death" }),
    reportedOn: t.expose("reportedOn", { type: "Date", description: "上报日期 — reported on" }),
    person: t.field({ type: PersonRef, nullable: true, description: "人员 — the person", resolve: (d, _a, c) => c.loaders.populationRegistry.personsByIds.load(d.personId) }),
    region: t.field({ type: RegionRef, nullable: true, description: "区划 — region", resolve: (d, _a, c) => regionByCode(c, d.regionCode) }),
  }),
});

addRegionList({
  field: "deaths",
  type: DeathRef,
  description: "本区划（含下级）的死亡 — deaths in this region or below",
  periodMeaning: "统计周期：死亡日期在期内 — died within the period",
  loader: (context) => context.loaders.populationRegistry.deathPages,
  count: {
    connectionName: "RegionDeathsConnection",
    description: "死亡数（监测统计计数，含下级） — how many deaths, as the monitoring statistics count them",
    load: (context, query) => context.loaders.monitoringStatistics.eventCounts.load({ ...query, event: "DEATHS" }),
  },
});
