// The provincial information systems the gateway fronts (DESIGN.md), by stable code. `path` is
// where each system's API lives under a provincial base URL (and under the simulator's).
export const SYSTEMS = {
  REGION_DIRECTORY: { nameZh: "行政区划代码库", nameEn: "region directory", path: "region-directory" },
  POPULATION_REGISTRY: { nameZh: "全员人口信息系统", nameEn: "population registry", path: "population-registry" },
  BIRTH_CHANNELS: { nameZh: "出生医学证明/预防接种/公安户籍", nameEn: "birth information channels", path: "birth-channels" },
  BIRTH_REGISTRATION: { nameZh: "生育登记/再生育审批", nameEn: "birth registration and re-birth approval", path: "birth-registration" },
  MONITORING_STATISTICS: { nameZh: "人口监测统计", nameEn: "population monitoring statistics", path: "monitoring-statistics" },
  ASSISTANCE: { nameZh: "奖励扶助信息系统", nameEn: "rewards and assistance", path: "assistance" },
  SPECIAL_FAMILIES: { nameZh: "计生特殊家庭电子档案", nameEn: "special-family archive", path: "special-families" },
} as const;

export type SystemCode = keyof typeof SYSTEMS;

export const SYSTEM_CODES = Object.keys(SYSTEMS) as SystemCode[];
