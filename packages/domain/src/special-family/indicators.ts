// 计生特殊家庭指标 — the coverage indicators of the special-family work (三个/四个全覆盖),
// computed from the counts of specialFamilyMeasures.
import { z } from "zod";
import { defineIndicatorArea, ratio, type DefinitionFields } from "../indicator/definition.js";
import { SpecialFamilyMeasures } from "./coverage.js";

const SPECIAL_FAMILY_ARCHIVE = "计生特殊家庭电子档案";
const FAMILIES_AT_END =
  "期末在档计生特殊家庭数（建档不晚于期末且未销档） — special families in the archive at the period's end (archived by then and not closed)";

/** 特殊家庭覆盖率 — families covered / families × 100 (the work plans aim at 100%, "全覆盖"). */
function coverageRate(
  text: Pick<DefinitionFields, "nameZh" | "nameEn" | "numerator" | "denominator">,
  compute: (m: SpecialFamilyMeasures) => ReturnType<typeof ratio>,
): DefinitionFields & { compute: (m: SpecialFamilyMeasures) => ReturnType<typeof ratio> } {
  return { ...text, factor: 100, unit: "%", goodDirection: "HIGHER", sourceSystems: [SPECIAL_FAMILY_ARCHIVE], compute };
}

export const SPECIAL_FAMILY_INDICATORS = defineIndicatorArea({
  area: "SPECIAL_FAMILY",
  nameZh: "计生特殊家庭",
  nameEn: "Special families",
  measures: SpecialFamilyMeasures,
  // The four arrangements, then holiday visits.
  order: [
    "SPECIAL_FAMILY_CONTACT_COVERAGE_RATE",
    "SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE",
    "SPECIAL_FAMILY_GREEN_CHANNEL_RATE",
    "SPECIAL_FAMILY_MENTAL_HEALTH_RATE",
    "SPECIAL_FAMILY_HOLIDAY_VISIT_RATE",
  ],
  indicators: {
  // The four arrangements are judged at the period's end (see specialFamilyMeasures).
  SPECIAL_FAMILY_CONTACT_COVERAGE_RATE: coverageRate(
    {
      nameZh: "特殊家庭联系人覆盖率",
      nameEn: "Special family contact person coverage rate",
      numerator: "期末有联系人的特殊家庭数 — special families with a contact person assigned and not ended at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withContactPerson, m.families, 100),
  ),
  SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE: coverageRate(
    {
      nameZh: "家庭医生签约覆盖率",
      nameEn: "Family doctor contract coverage rate of special families",
      numerator: "期末有成员家庭医生签约在有效期内的特殊家庭数 — special families with a member's family-doctor contract valid at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withDoctorContract, m.families, 100),
  ),
  SPECIAL_FAMILY_GREEN_CHANNEL_RATE: coverageRate(
    {
      nameZh: "就医绿色通道覆盖率",
      nameEn: "Medical green channel coverage rate of special families",
      numerator: "期末开通就医绿色通道的特殊家庭数 — special families with a medical green channel open at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withGreenChannel, m.families, 100),
  ),
  SPECIAL_FAMILY_MENTAL_HEALTH_RATE: coverageRate(
    {
      nameZh: "心理健康服务覆盖率",
      nameEn: "Mental health service coverage rate of special families",
      numerator: "期末接受心理健康服务的特殊家庭数 — special families with a mental-health service ongoing at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withMentalHealthService, m.families, 100),
  ),
  SPECIAL_FAMILY_HOLIDAY_VISIT_RATE: coverageRate(
    {
      nameZh: "重大节日走访慰问覆盖率",
      nameEn: "Major holiday visit coverage rate of special families",
      numerator:
        "每个在档节日均在慰问窗口内走访的家庭数 — of those, families visited within the window of every festival of the period on whose day they were in the archive",
      denominator:
        "周期内至少一个重大节日（春节/中秋/重阳）当天在档的特殊家庭数；无节日的周期为0 — special families in the archive on the day of at least one major holiday (Spring Festival, Mid-Autumn, Double Ninth) of the period; 0 for a period without one",
    },
    (m) => ratio(m.holidayVisited, m.holidayVisitable, 100),
  ),
  },
});

/** 计生特殊家庭指标代码 — indicators computed from the special-family measures. */
export const SpecialFamilyIndicatorCode = z.enum(SPECIAL_FAMILY_INDICATORS.codes).describe("计生特殊家庭指标代码 — special-family indicator code");
export type SpecialFamilyIndicatorCode = z.infer<typeof SpecialFamilyIndicatorCode>;

/** The special-family indicators, in display order. */
export const SPECIAL_FAMILY_INDICATOR_CODES = SPECIAL_FAMILY_INDICATORS.codes;
