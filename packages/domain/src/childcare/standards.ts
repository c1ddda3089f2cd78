// The national childcare standards the rules judge by, as data with their sources (DOMAIN-FACTS
// §1.4–1.7): a province with stricter rules passes its own table to the rules instead. Where no
// national figure exists the row says so (LOCAL_CHOICE) rather than pretending one.
import type { SourceStatus } from "../common/primitives.js";
import type { ClassType } from "./entities.js";

export interface ClassStandard {
  classType: ClassType;
  /** Youngest age in months the class takes (inclusive). */
  minMonths: number;
  /** Age in months the class no longer takes (exclusive); null for no upper bound. */
  belowMonths: number | null;
  maxChildren: number;
  /** At least one 保育人员 for every `childrenPerCarer` children. */
  childrenPerCarer: number;
  source: string;
  status: SourceStatus;
}

const SETTING_STANDARD = "托育机构设置标准（试行）（国卫人口发〔2019〕58号）第19–21条";

export const NATIONAL_CLASS_STANDARDS: readonly ClassStandard[] = [
  { classType: "INFANT", minMonths: 6, belowMonths: 12, maxChildren: 10, childrenPerCarer: 3, source: `${SETTING_STANDARD}: 乳儿班 6–12个月, 10人以下, 1:3`, status: "SECONDARY" },
  { classType: "TODDLER", minMonths: 12, belowMonths: 24, maxChildren: 15, childrenPerCarer: 5, source: `${SETTING_STANDARD}: 托小班 12–24个月, 15人以下, 1:5`, status: "SECONDARY" },
  { classType: "PRESCHOOL", minMonths: 24, belowMonths: 36, maxChildren: 20, childrenPerCarer: 7, source: `${SETTING_STANDARD}: 托大班 24–36个月, 20人以下, 1:7`, status: "SECONDARY" },
  {
    classType: "MIXED", minMonths: 18, belowMonths: 36, maxChildren: 18, childrenPerCarer: 5,
    source: `${SETTING_STANDARD}: 混合编班 18个月以上, 18人以下; the standard states no ratio: 1:5, the strictest of the classes it mixes, is a local choice`,
    status: "LOCAL_CHOICE",
  },
];

export interface ChildcareRules {
  classes: readonly ClassStandard[];
  /** 家庭托育点: at most this many children, one carer for at most `homePointChildrenPerCarer`. */
  homePointMaxChildren: number;
  homePointChildrenPerCarer: number;
  /** A leased premises' lease runs at least this many years. */
  minLeaseYears: number;
  /** Children's rooms on this floor or lower, never below ground (floor < 1). */
  highestChildFloor: number;
  /** From this many children a full-time 保健人员 is required. */
  fullTimeHealthWorkerFrom: number;
  sources: Readonly<Record<"homePoint" | "lease" | "floor" | "healthWorker", { source: string; status: SourceStatus }>>;
}

export const NATIONAL_CHILDCARE_RULES: ChildcareRules = {
  classes: NATIONAL_CLASS_STANDARDS,
  homePointMaxChildren: 5,
  homePointChildrenPerCarer: 3,
  minLeaseYears: 3,
  highestChildFloor: 3,
  fullTimeHealthWorkerFrom: 150,
  sources: {
    homePoint: { source: "家庭托育点管理办法（试行）（国卫人口发〔2023〕28号）: ≤5名婴幼儿, 照护人员与婴幼儿 1:3以下", status: "VERIFIED" },
    lease: { source: "托育机构设置标准 第11条; 家庭托育点管理办法: 租赁期不少于3年", status: "VERIFIED" },
    floor: { source: "WS/T 821—2023: 生活用房设在三层及以下, 不得设在地下室或半地下室", status: "VERIFIED" },
    healthWorker: { source: "托儿所幼儿园卫生保健管理办法（卫生部 教育部令第76号）第12条, through 设置标准 第21条: 150名以上至少1名专职保健人员", status: "SECONDARY" },
  },
};
