// 托育指标 — the childcare indicators, computed from counts the childcare system keeps per
// region and period (places and institutions at the period's end; what was new within it).
import { z } from "zod";
import { defineIndicatorArea, ratio, type DefinitionFields } from "../indicator/definition.js";

const Count = z.number().int().nonnegative();

export const ChildcareMeasures = z
  .object({
    places: Count.describe("期末托位数 — places at the period's end"),
    inclusivePlaces: Count.describe("其中普惠托位数 — of which 普惠"),
    residentPopulation: Count.nullable().describe("期末常住人口，未知为空 — resident population at the year's end; null when unknown"),
    institutionsOperating: Count.describe("期末运营的托育机构数 — institutions operating at the period's end"),
    institutionsFiled: Count.describe("其中已备案的 — of those, filed (recorded) by then"),
    childrenEnrolled: Count.describe("期末月在托婴幼儿数 — children enrolled in the period's last month"),
    childrenUnder3: Count.describe("期末全员人口库3岁以下婴幼儿数 — children under 3 in the registry at the period's end"),
    newInclusiveInstitutions: Count.describe("期内新认定普惠托育机构数 — institutions newly recognised as 普惠 in the period"),
    newOrExpandedInstitutions: Count.describe("期内新建或扩建（新开班）的机构数 — institutions opened, or opening a class, in the period"),
    newKindergartenClasses: Count.describe("期内新开办的幼儿园托班数 — kindergarten 托班 opened in the period"),
    newDemonstrationPoints: Count.describe("期内新命名示范点数 — demonstration points designated in the period"),
    newCityPilots: Count.describe("期内新确定市级试点数 — city-level pilots designated in the period"),
    newGuidanceCentres: Count.describe("期内新成立婴幼儿照护服务指导中心数 — guidance centres set up in the period"),
    newParentChildCentres: Count.describe("期内新成立社区亲子活动中心数 — community parent-child centres set up in the period"),
  })
  .describe("托育计数 — childcare measures of a region and period");
export type ChildcareMeasures = z.infer<typeof ChildcareMeasures>;

const FILING_SYSTEM = "托育机构备案信息系统";
const REGISTRY = "全员人口信息系统";
const STATISTICS = "统计部门常住人口 — official resident population";

/** A count of what was new in the period: its value is the count itself (numerator over 1). */
function newCount(nameZh: string, nameEn: string, numerator: string, compute: (m: ChildcareMeasures) => number): DefinitionFields & { compute: (m: ChildcareMeasures) => ReturnType<typeof ratio> } {
  return {
    nameZh, nameEn, numerator, denominator: "— (计数) — none: a count",
    factor: 1, unit: "个", goodDirection: "HIGHER", sourceSystems: [FILING_SYSTEM],
    compute: (m) => ratio(compute(m), 1, 1),
  };
}

export const CHILDCARE_INDICATORS = defineIndicatorArea({
  area: "CHILDCARE",
  nameZh: "托育服务",
  nameEn: "Childcare",
  measures: ChildcareMeasures,
  order: [
    "CHILDCARE_PLACES_PER_THOUSAND",
    "CHILDCARE_INCLUSIVE_PLACE_SHARE",
    "CHILDCARE_FILING_RATE",
    "CHILDCARE_ENROLMENT_RATE",
    "CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS",
    "CHILDCARE_NEW_OR_EXPANDED_INSTITUTIONS",
    "CHILDCARE_NEW_KINDERGARTEN_CLASSES",
    "CHILDCARE_NEW_DEMONSTRATION_POINTS",
    "CHILDCARE_NEW_CITY_PILOTS",
    "CHILDCARE_NEW_GUIDANCE_CENTRES",
    "CHILDCARE_NEW_PARENT_CHILD_CENTRES",
  ],
  indicators: {
    CHILDCARE_PLACES_PER_THOUSAND: {
      nameZh: "每千人口拥有3岁以下婴幼儿托位数",
      nameEn: "Childcare places for children under 3 per 1,000 residents",
      numerator: "期末托位数 — places at the period's end",
      denominator: "期末常住人口 — resident population at the year's end",
      factor: 1000,
      unit: "个/千人",
      goodDirection: "HIGHER",
      sourceSystems: [FILING_SYSTEM, STATISTICS],
      compute: (m) => ratio(m.places, m.residentPopulation ?? 0, 1000),
    },
    CHILDCARE_INCLUSIVE_PLACE_SHARE: {
      nameZh: "普惠托位占比",
      nameEn: "Share of places that are 普惠 (subsidised)",
      numerator: "普惠托位数 — 普惠 places",
      denominator: "托位数 — places",
      factor: 100,
      unit: "%",
      goodDirection: "HIGHER",
      sourceSystems: [FILING_SYSTEM],
      compute: (m) => ratio(m.inclusivePlaces, m.places, 100),
    },
    CHILDCARE_FILING_RATE: {
      nameZh: "托育机构备案率",
      nameEn: "Childcare institution filing rate",
      numerator: "期末已备案的运营机构数 — operating institutions filed (recorded) by the period's end",
      denominator: "期末运营的托育机构数 — institutions operating at the period's end",
      factor: 100,
      unit: "%",
      goodDirection: "HIGHER",
      sourceSystems: [FILING_SYSTEM],
      compute: (m) => ratio(m.institutionsFiled, m.institutionsOperating, 100),
    },
    CHILDCARE_ENROLMENT_RATE: {
      nameZh: "婴幼儿入托率",
      nameEn: "Enrolment rate of children under 3",
      numerator: "期末月在托婴幼儿数 — children enrolled in the period's last month",
      denominator: "期末全员人口库3岁以下婴幼儿数 — children under 3 in the registry at the period's end",
      factor: 100,
      unit: "%",
      goodDirection: "HIGHER",
      sourceSystems: [FILING_SYSTEM, REGISTRY],
      compute: (m) => ratio(m.childrenEnrolled, m.childrenUnder3, 100),
    },
    CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS: newCount("新增普惠托育机构数", "New 普惠 childcare institutions", "期内新认定普惠的机构 — institutions recognised as 普惠 in the period", (m) => m.newInclusiveInstitutions),
    CHILDCARE_NEW_OR_EXPANDED_INSTITUTIONS: newCount("新建、改扩建托育机构数", "New or expanded childcare institutions", "期内开业或新开班的机构 — institutions opened, or opening a class, in the period", (m) => m.newOrExpandedInstitutions),
    CHILDCARE_NEW_KINDERGARTEN_CLASSES: newCount("新开办幼儿园托班数", "New kindergarten 托班", "期内开办的幼儿园托班 — kindergarten 托班 opened in the period", (m) => m.newKindergartenClasses),
    CHILDCARE_NEW_DEMONSTRATION_POINTS: newCount("新命名婴幼儿照护服务示范点数", "New childcare demonstration points", "期内命名的示范点 — demonstration points designated in the period", (m) => m.newDemonstrationPoints),
    CHILDCARE_NEW_CITY_PILOTS: newCount("新确定市级托育机构试点数", "New city-level childcare pilots", "期内确定的市级试点 — city-level pilots designated in the period", (m) => m.newCityPilots),
    CHILDCARE_NEW_GUIDANCE_CENTRES: newCount("新成立婴幼儿照护服务指导中心数", "New childcare guidance centres", "期内成立的指导中心 — guidance centres set up in the period", (m) => m.newGuidanceCentres),
    CHILDCARE_NEW_PARENT_CHILD_CENTRES: newCount("新成立社区亲子活动中心数", "New community parent-child centres", "期内成立的社区亲子活动中心 — parent-child centres set up in the period", (m) => m.newParentChildCentres),
  },
});

/** 托育指标代码. */
export const ChildcareIndicatorCode = z.enum(CHILDCARE_INDICATORS.codes).describe("托育指标代码 — childcare indicator code");
export type ChildcareIndicatorCode = z.infer<typeof ChildcareIndicatorCode>;
