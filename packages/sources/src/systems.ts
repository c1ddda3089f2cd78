// The provincial information systems the gateway fronts (DESIGN.md), by stable code.
export const SYSTEMS = {
  REGION_DIRECTORY: { nameZh: "行政区划代码库", nameEn: "region directory" },
  POPULATION_REGISTRY: { nameZh: "全员人口信息系统", nameEn: "population registry" },
  BIRTH_CHANNELS: { nameZh: "出生医学证明/预防接种/公安户籍", nameEn: "birth information channels" },
  BIRTH_REGISTRATION: { nameZh: "生育登记/再生育审批", nameEn: "birth registration and re-birth approval" },
  MONITORING_STATISTICS: { nameZh: "人口监测统计", nameEn: "population monitoring statistics" },
} as const;

export type SystemCode = keyof typeof SYSTEMS;
