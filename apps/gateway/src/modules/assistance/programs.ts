// 扶助项目与标准 — the programs in force for a region, each program's rate (national standard
// plus every top-up above the region, with who pays what), and the year's fund estimate (资金测算).
import { scanCost } from "../cost.js";
import {
  amountDue,
  childcareMonthsByChild,
  DEFAULT_RULE_PARAMETERS,
  EligibilityRule,
  estimateFundsOfGroups,
  FundingSource,
  NATIONAL_REGION_CODE,
  PaymentSchedule,
  rateFor,
  sumFen,
  Year,
  type AssistanceProgram,
  type Beneficiary,
  type DueGroup,
  type RateComponent,
  type Region,
} from "@popfam/domain";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { enumFrom } from "../../kit/enums.js";
import { MoneyRef } from "../../kit/money.js";
import { RegionRef, regionByCode } from "../region/region.js";

export const YearArg = Year;

export const EligibilityRuleEnum = enumFrom("EligibilityRule", EligibilityRule, "资格规则 — eligibility rule family", {
  RURAL_REWARD: "农村部分计划生育家庭奖励扶助 — rural family-planning reward",
  SPECIAL_ASSISTANCE_DISABILITY: "计划生育家庭特别扶助（伤残） — special assistance: disabled only child",
  SPECIAL_ASSISTANCE_DEATH: "计划生育家庭特别扶助（死亡） — special assistance: deceased only child",
  RETIREE_ONE_TIME_REWARD: "持证退休职工一次性奖励 — one-time reward to certificate-holding retirees",
  ONLY_CHILD_PARENT_OLD_AGE_REWARD: "独生子女父母年老一次性奖励费 — one-time old-age reward to only-child parents",
  ONLY_CHILD_ACCIDENT_GRANT: "独生子女意外伤残死亡一次性补助 — one-time grant on an only child's disability or death",
  CHILDCARE_SUBSIDY: "育儿补贴 — childcare subsidy for children under three",
});
const ScheduleEnum = enumFrom("PaymentSchedule", PaymentSchedule, "发放方式 — payment schedule", { ANNUAL: "按年发放 — every year while eligible", ONE_TIME: "一次性发放 — once" });
export const FundingSourceEnum = enumFrom("FundingSource", FundingSource, "资金来源 — funding source", {
  CENTRAL: "中央财政 — central government",
  PROVINCIAL: "省级财政 — province",
  CITY: "市级财政 — city",
  COUNTY: "县级财政 — county",
});

const RateComponentRef = builder.objectRef<RateComponent>("RateComponent").implement({
  description: "扶助标准组成 — one part of a rate: the national standard or a region's top-up",
  fields: (t) => ({
    national: t.boolean({ resolve: (c) => c.regionCode === NATIONAL_REGION_CODE, description: "国家标准 — the national standard" }),
    setBy: t.field({
      type: RegionRef,
      nullable: true,
      description: "提标地区（国家标准为空） — the region that set this top-up (null for the national standard)",
      resolve: (c, _a, ctx) => (c.regionCode === NATIONAL_REGION_CODE ? null : regionByCode(ctx, c.regionCode)),
    }),
    fundingSource: t.expose("fundingSource", { type: FundingSourceEnum, description: "资金来源 — who pays it" }),
    amount: t.field({ type: MoneyRef, resolve: (c) => c.amountFen, description: "金额（按年项目为每人每年） — amount (per person per year for annual programs)" }),
    effectiveFrom: t.expose("effectiveFrom", { type: "Date", description: "执行日期 — in force from" }),
    effectiveTo: t.expose("effectiveTo", { type: "Date", nullable: true, description: "停止日期 — in force until" }),
  }),
});

const RateRef = builder.objectRef<{ totalFen: number; components: RateComponent[] }>("AssistanceRate").implement({
  description: "扶助标准 — a program's rate for a region on a day",
  fields: (t) => ({
    total: t.field({ type: MoneyRef, resolve: (r) => r.totalFen, description: "合计 — total" }),
    components: t.expose("components", { type: [RateComponentRef], description: "组成（国家标准、各级提标） — the parts" }),
  }),
});

export const ProgramRef = builder.objectRef<AssistanceProgram>("AssistanceProgram").implement({
  description: "扶助项目 — a reward or assistance program, national or local (local programs are data)",
  fields: (t) => ({
    code: t.exposeString("code", { description: "项目代码 — code" }),
    name: t.exposeString("nameZh", { description: "项目名称 — name" }),
    nameEn: t.exposeString("nameEn", { description: "英文名称 — English name" }),
    rule: t.expose("rule", { type: EligibilityRuleEnum, description: "资格规则 — rule family" }),
    schedule: t.expose("schedule", { type: ScheduleEnum, description: "发放方式 — schedule" }),
    national: t.boolean({ resolve: (p) => p.definedBy === NATIONAL_REGION_CODE, description: "国家项目 — a national program" }),
    definedBy: t.field({
      type: RegionRef,
      nullable: true,
      description: "设立地区（国家项目为空） — the region that set it up (null for national programs)",
      resolve: (p, _a, c) => (p.definedBy === NATIONAL_REGION_CODE ? null : regionByCode(c, p.definedBy)),
    }),
    parameters: t.string({ resolve: (p) => JSON.stringify(p.parameters), description: "规则参数（JSON） — rule parameters as JSON" }),
    effectiveFrom: t.expose("effectiveFrom", { type: "Date", description: "施行日期 — in force from" }),
    effectiveTo: t.expose("effectiveTo", { type: "Date", nullable: true, description: "废止日期 — in force until" }),
    rate: t.field({
      type: RateRef,
      description: "某地某日的扶助标准 — the rate for a region on a day",
      args: {
        regionCode: t.arg.string({ required: true, description: "区划代码 — region code" }),
        on: t.arg({ type: "Date", required: true, description: "日期 — date" }),
      },
      resolve: async (p, { regionCode, on }, c) => {
        const components = await c.loaders.assistance.rateComponents.load({ programCode: p.code, regionCode, year: Number(on.slice(0, 4)) });
        return rateFor(p.code, regionCode, on, components);
      },
    }),
  }),
});

builder.objectField(RegionRef, "assistancePrograms", (t) =>
  t.field({
    type: [ProgramRef],
    description: "本区划某年适用的扶助项目（国家及上级、本级设立） — the programs in force here in a year",
    args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
    resolve: (region: Region, { year }, c) => c.loaders.assistance.programsInForce.load({ regionCode: region.code, year }),
  }),
);

/** 资金测算 rows: by program, county and funding source. */
interface FundRow {
  programCode: string;
  regionCode: string;
  fundingSource: FundingSource;
  beneficiaries: number;
  amountFen: number;
}

const FundRowRef = builder.objectRef<FundRow>("FundEstimateRow").implement({
  description: "资金测算（按项目、县、资金来源） — one row of the fund estimate",
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (r, _a, c) => c.loaders.assistance.programsByCodes.load(r.programCode), description: "项目 — program" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (r, _a, c) => regionByCode(c, r.regionCode), description: "县（区） — county" }),
    fundingSource: t.expose("fundingSource", { type: FundingSourceEnum, description: "资金来源 — funding source" }),
    beneficiaries: t.exposeInt("beneficiaries", { description: "对象人数 — beneficiaries" }),
    amount: t.field({ type: MoneyRef, resolve: (r) => r.amountFen, description: "测算金额 — amount" }),
  }),
});

const FundEstimateRef = builder.objectRef<{ year: number; rows: FundRow[] }>("FundEstimate").implement({
  description: "资金测算 — what the year's roster costs, by program, county and funding source",
  fields: (t) => ({
    year: t.exposeInt("year", { description: "年度 — year" }),
    total: t.field({ type: MoneyRef, resolve: (e) => sumFen(e.rows.map((r) => r.amountFen)), description: "合计 — total" }),
    rows: t.expose("rows", { type: [FundRowRef], description: "明细 — rows" }),
  }),
});

/**
 * 育儿补贴 is due per child-month: the months of each childcare beneficiary's children under the
 * program's age, from their family records (one batched call for the whole roster).
 */
export async function childcareMonthsOf(
  context: Context,
  programs: readonly AssistanceProgram[],
  beneficiaries: readonly Beneficiary[],
  year: number,
): Promise<Map<string, number[]>> {
  const childcare = new Map(programs.filter((p) => p.rule === "CHILDCARE_SUBSIDY").map((p) => [p.code, p]));
  const on = beneficiaries.filter((b) => childcare.has(b.programCode));
  const families = await Promise.all(on.map((b) => context.loaders.assistance.familiesByIds.load(b.familyId)));
  const months = new Map<string, number[]>();
  on.forEach((b, i) => {
    const family = families[i];
    const below = childcare.get(b.programCode)!.parameters.childAgeBelow ?? DEFAULT_RULE_PARAMETERS.childAgeBelow;
    months.set(b.id, family ? childcareMonthsByChild(family, year, below).flatMap((c) => c.months) : []);
  });
  return months;
}

/** What each beneficiary is due in a year (child-months included), by id. */
export async function dueByBeneficiary(context: Context, program: AssistanceProgram, beneficiaries: readonly Beneficiary[], year: number, components: readonly RateComponent[]) {
  const months = await childcareMonthsOf(context, [program], beneficiaries, year);
  return new Map(
    beneficiaries.map((b) => {
      const childcareMonths = months.get(b.id);
      return [b.id, amountDue(program, b, year, components, childcareMonths ? { childcareMonths } : {}).totalFen] as const;
    }),
  );
}

/** The roster of every program in force in a region and year, with the rates that reach each county of it. */
export async function rostersWithRates(context: Context, regionCode: string, year: number) {
  const programs = await context.loaders.assistance.programsInForce.load({ regionCode, year });
  const rosters = await Promise.all(programs.map((p) => context.loaders.assistance.rosters.load({ regionCode, programCode: p.code, year })));
  const beneficiaries = rosters.flat() as Beneficiary[];
  const components = await componentsReaching(context, programs, beneficiaries.map((b) => b.regionCode), year);
  return { programs, beneficiaries, components };
}

/** The rate components of every program that reach the counties of the given regions in a year. */
async function componentsReaching(context: Context, programs: readonly AssistanceProgram[], regionCodes: readonly string[], year: number) {
  const counties = new Set(regionCodes.map((code) => code.slice(0, 6)));
  const componentLists = await Promise.all(
    programs.flatMap((p) => [...counties].map((county) => context.loaders.assistance.rateComponents.load({ programCode: p.code, regionCode: county, year }))),
  );
  return dedupeComponents(componentLists.flat());
}

function dedupeComponents(components: RateComponent[]): RateComponent[] {
  const seen = new Map<string, RateComponent>();
  for (const c of components) seen.set(`${c.programCode}|${c.regionCode}|${c.fundingSource}|${c.effectiveFrom}`, c);
  return [...seen.values()];
}

builder.objectField(RegionRef, "fundEstimate", (t) =>
  t.field({
    type: FundEstimateRef,
    nullable: true,
    description: "资金测算：年度花名册按标准测算的资金 — the year's fund estimate from the roster and the rates",
    authScopes: (region: Region) => ({ jurisdiction: region.code }),
    complexity: scanCost("fundEstimate"),
    args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
    resolve: async (region, { year }, context) => {
      // The childcare subsidy is due per child-month, from each beneficiary's family: its roster
      // is read beneficiary by beneficiary. Every other program is due by region and dates alone:
      // its roster is read counted by those (rosterGroups), each group priced once.
      const programs = await context.loaders.assistance.programsInForce.load({ regionCode: region.code, year });
      const byChild = (p: AssistanceProgram) => p.rule === "CHILDCARE_SUBSIDY";
      const key = (p: AssistanceProgram) => ({ regionCode: region.code, programCode: p.code, year });
      const [rosters, groupLists] = await Promise.all([
        Promise.all(programs.filter(byChild).map((p) => context.loaders.assistance.rosters.load(key(p)))),
        Promise.all(programs.filter((p) => !byChild(p)).map((p) => context.loaders.assistance.rosterGroups.load(key(p)).then((groups) => ({ program: p, groups })))),
      ]);
      const beneficiaries = rosters.flat() as Beneficiary[];
      const groups: DueGroup[] = beneficiaries.map((b) => ({ id: b.id, programCode: b.programCode, regionCode: b.regionCode, eligibleFrom: b.eligibleFrom, exitedOn: b.exitedOn, count: 1 }));
      for (const { program, groups: counted } of groupLists) {
        counted.forEach((g, i) => groups.push({ id: `${program.code}#${i}`, programCode: program.code, regionCode: g.regionCode, eligibleFrom: g.eligibleFrom, exitedOn: g.exitedOn, count: g.beneficiaries }));
      }
      const components = await componentsReaching(context, programs, groups.map((g) => g.regionCode), year);
      const childcareMonths = await childcareMonthsOf(context, programs, beneficiaries, year);
      return { year, rows: estimateFundsOfGroups(programs, groups, components, year, { childcareMonths }) };
    },
  }),
);
