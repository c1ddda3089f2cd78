// The real places of the seed documents (GB/T 2260 codes and names) above synthetic townships
// and villages. `share` is each county's part of the residents; `townships` and `villages` fix
// the shape of the tree, which does not change with the scale.
export interface PlaceRegion {
  code: string;
  name: string;
}

export interface SeedCounty extends PlaceRegion {
  share: number;
  townships: number;
  villagesPerTownship: number;
  /** Share of residents with a rural household registration. */
  rural: number;
}

export const SEED_PROVINCES_AND_CITIES: readonly PlaceRegion[] = [
  { code: "320000", name: "江苏省" },
  { code: "320700", name: "连云港市" },
  { code: "320400", name: "常州市" },
  { code: "310000", name: "上海市" },
  { code: "310100", name: "市辖区" },
  { code: "360000", name: "江西省" },
  { code: "360100", name: "南昌市" },
  { code: "450000", name: "广西壮族自治区" },
  { code: "450100", name: "南宁市" },
];

export const SEED_COUNTIES: readonly SeedCounty[] = [
  { code: "320722", name: "东海县", share: 0.24, townships: 18, villagesPerTownship: 12, rural: 0.7 },
  { code: "320404", name: "钟楼区", share: 0.12, townships: 8, villagesPerTownship: 10, rural: 0.15 },
  { code: "310116", name: "金山区", share: 0.16, townships: 11, villagesPerTownship: 12, rural: 0.35 },
  { code: "360102", name: "东湖区", share: 0.02, townships: 10, villagesPerTownship: 8, rural: 0.05 },
  { code: "360103", name: "西湖区", share: 0.02, townships: 10, villagesPerTownship: 8, rural: 0.05 },
  { code: "360104", name: "青云谱区", share: 0.02, townships: 6, villagesPerTownship: 8, rural: 0.1 },
  { code: "360111", name: "青山湖区", share: 0.025, townships: 8, villagesPerTownship: 8, rural: 0.15 },
  { code: "360112", name: "新建区", share: 0.03, townships: 12, villagesPerTownship: 10, rural: 0.6 },
  { code: "360113", name: "红谷滩区", share: 0.02, townships: 6, villagesPerTownship: 8, rural: 0.1 },
  { code: "360121", name: "南昌县", share: 0.04, townships: 14, villagesPerTownship: 10, rural: 0.65 },
  { code: "360123", name: "安义县", share: 0.015, townships: 10, villagesPerTownship: 8, rural: 0.75 },
  { code: "360124", name: "进贤县", share: 0.03, townships: 16, villagesPerTownship: 10, rural: 0.75 },
  { code: "450103", name: "青秀区", share: 0.12, townships: 8, villagesPerTownship: 10, rural: 0.3 },
];

// Township name stems; the code block says what kind it is: 001-099 街道, 100-199 镇, 200-299 乡.
const STEMS = [
  "东湖", "西山", "南塘", "北河", "石桥", "白塔", "青松", "黄川", "牛山", "桃林", "安峰", "平明",
  "双店", "洪庄", "李埝", "温泉", "曲阳", "张湾", "驼峰", "山左", "横沟", "房山", "马陵", "长青",
];
const VILLAGE_STEMS = [
  "新村", "幸福", "和平", "团结", "光明", "前进", "红星", "向阳", "友谊", "胜利", "兴旺", "丰收",
  "建设", "富民", "永安", "长乐",
];

export interface GeneratedRegion {
  code: string;
  name: string;
  level: "PROVINCE" | "CITY" | "COUNTY" | "TOWNSHIP" | "VILLAGE";
  parentCode: string | null;
  synthetic: boolean;
}

/** The synthetic townships and villages of one county. */
export function townshipsAndVillages(county: SeedCounty): GeneratedRegion[] {
  const regions: GeneratedRegion[] = [];
  const streets = Math.max(1, Math.round(county.townships * (1 - county.rural)));
  for (let t = 0; t < county.townships; t++) {
    const isStreet = t < streets;
    const suffix = isStreet ? "街道" : t % 4 === 3 ? "乡" : "镇";
    const block = isStreet ? 1 + t : suffix === "镇" ? 100 + (t - streets) : 200 + (t - streets);
    const code = county.code + String(block).padStart(3, "0");
    const stem = STEMS[(t + Number(county.code.slice(-2))) % STEMS.length]!;
    regions.push({ code, name: stem + suffix, level: "TOWNSHIP", parentCode: county.code, synthetic: true });
    for (let v = 0; v < county.villagesPerTownship; v++) {
      // 001-199 居委会 (社区), 200-399 村委会 (村), as the statistical division code does.
      const community = isStreet || v < 2;
      const villageCode = code + String(community ? 1 + v : 200 + v).padStart(3, "0");
      const villageName = VILLAGE_STEMS[v % VILLAGE_STEMS.length]! + (community ? "社区" : "村");
      regions.push({ code: villageCode, name: villageName, level: "VILLAGE", parentCode: code, synthetic: true });
    }
  }
  return regions;
}
