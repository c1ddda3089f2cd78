// What a county officer asks of a region's childcare: the institutions operating (or operating
// unfiled) on a day, the classes that break the class standards in a month, the incidents of a
// period. Each is one batched call for any number of regions.
import { parsePeriod } from "@popfam/domain";
import { builder } from "../../builder.js";
import { MonthArg, PeriodArg } from "../../kit/args.js";
import { connectionComplexity, countedConnection, inMemoryPage, pageRequest, toConnection } from "../../kit/pagination.js";
import { RegionRef } from "../region/region.js";
import { ClassCheckRef, IncidentRef, InstitutionRef, judge, type ClassCheck } from "./types.js";

builder.objectField(RegionRef, "childcareInstitutions", (t) =>
  t.connection(
    {
      type: InstitutionRef,
      nullable: true,
      description: "本区划（含下级）某日运营的托育机构；可只列未备案的 — the institutions operating in this region and below on a day; only the unfiled ones when asked",
      authScopes: (region) => ({ jurisdiction: region.code }),
      complexity: connectionComplexity,
      args: {
        on: t.arg({ type: "Date", required: false, description: "日期（缺省今日） — day (default today)" }),
        unfiledOnly: t.arg.boolean({ required: false, defaultValue: false, description: "只列未备案的（无已出具回执的首次备案） — only those with no first filing recorded by the day" }),
        operatorId: t.arg.string({ required: false, description: "只列该运营方的 — only those this operator runs" }),
      },
      resolve: async (region, args, context) => {
        const page = await context.loaders.childcare.institutionPages.load({
          regionCode: region.code,
          on: args.on ?? context.clock(),
          unfiledOnly: args.unfiledOnly ?? false,
          operatorId: args.operatorId ?? null,
          ...pageRequest(args),
        });
        return toConnection(page, "id");
      },
    },
    { name: "RegionChildcareInstitutionsConnection", description: "托育机构（分页） — a page of institutions" },
    { name: "RegionChildcareInstitutionsEdge", description: "托育机构 — an institution" },
  ),
);

builder.objectField(RegionRef, "childcareClassChecks", (t) =>
  t.connection(
    {
      type: ClassCheckRef,
      nullable: true,
      description: "本区划（含下级）各班级某月核查（班额、月龄、保育人员配比），缺省只列不符合的 — the classes of this region and below in a month against the class standards; by default only those breaking one",
      authScopes: (region) => ({ jurisdiction: region.code }),
      complexity: connectionComplexity,
      args: {
        month: t.arg.string({ required: true, validate: MonthArg, description: "月份 YYYY-MM — month" }),
        failingOnly: t.arg.boolean({ required: false, defaultValue: true, description: "只列不符合的 — only the classes breaking a rule" }),
      },
      resolve: async (region, args, context) => {
        const loads = await context.loaders.childcare.classLoads.load({ regionCode: region.code, month: args.month });
        const checks: ClassCheck[] = loads.map((load) => ({ id: load.classId, load }));
        const listed = args.failingOnly === false ? checks : checks.filter((c) => judge(c.load).some((r) => !r.met));
        return toConnection(inMemoryPage(listed, "id", pageRequest(args)), "id", { totalCount: listed.length });
      },
    },
    countedConnection("RegionChildcareClassChecksConnection", "班级核查（分页） — a page of class checks", "符合条件的班级数 — classes listed"),
    { name: "RegionChildcareClassChecksEdge", description: "班级核查 — a class check" },
  ),
);

builder.objectField(RegionRef, "childcareIncidents", (t) =>
  t.connection(
    {
      type: IncidentRef,
      nullable: true,
      description: "本区划（含下级）期间内的托育安全事件 — the childcare safety incidents of this region and below in a period",
      authScopes: (region) => ({ jurisdiction: region.code }),
      complexity: connectionComplexity,
      args: {
        period: t.arg.string({ required: true, validate: PeriodArg, description: "统计周期 — period" }),
        majorOnly: t.arg.boolean({ required: false, defaultValue: false, description: "只列重大安全事故 — only major incidents" }),
      },
      resolve: async (region, args, context) => {
        const incidents = await context.loaders.childcare.incidentsInRegions.load({ regionCode: region.code, period: parsePeriod(args.period).key });
        const listed = args.majorOnly ? incidents.filter((i) => i.major) : incidents;
        return toConnection(inMemoryPage(listed, "id", pageRequest(args)), "id", { totalCount: listed.length });
      },
    },
    countedConnection("RegionChildcareIncidentsConnection", "安全事件（分页） — a page of incidents", "事件数 — incidents listed"),
    { name: "RegionChildcareIncidentsEdge", description: "安全事件 — an incident" },
  ),
);
