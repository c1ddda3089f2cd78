import { z } from "zod";
import { IsoDate } from "../common/date.js";
import { RegionCode } from "../region/region.js";
import { IdNumber, validateIdNumber } from "./id-number.js";

/** 性别 — sex as recorded in the registry (男/女). */
export const Sex = z.enum(["MALE", "FEMALE"]).describe("性别（男/女） — sex");
export type Sex = z.infer<typeof Sex>;

/** 人员状态 — registry status (在册/死亡/迁出). */
export const PersonStatus = z
  .enum(["REGISTERED", "DECEASED", "MOVED_OUT"])
  .describe("人员状态（在册/死亡/迁出） — registry status");
export type PersonStatus = z.infer<typeof PersonStatus>;

/** 户口性质 — household registration type (农业/非农业). */
export const HukouType = z.enum(["RURAL", "URBAN"]).describe("户口性质（农业/非农业） — hukou type (rural/urban)");
export type HukouType = z.infer<typeof HukouType>;

/** 人员 — a person of the population registry (全员人口信息系统). */
export const Person = z
  .object({
    id: z.string().describe("人员标识 — person id"),
    idNumber: IdNumber.describe("公民身份号码 — resident ID number"),
    name: z.string().min(1).max(50).describe("姓名 — name"),
    sex: Sex.describe("性别 — sex"),
    birthDate: IsoDate.describe("出生日期 — birth date"),
    hukouRegionCode: RegionCode.describe("户籍地区划代码 — hukou region code"),
    residenceRegionCode: RegionCode.describe("现居住地区划代码 — residence region code"),
    hukouType: HukouType.describe("户口性质 — hukou type"),
    status: PersonStatus.describe("人员状态 — registry status"),
    householdId: z.string().nullable().describe("家庭户标识 — household id"),
    registeredOn: IsoDate.describe("入库日期 — date entered into the registry"),
    exitedOn: IsoDate.nullable().describe("注销日期（死亡或迁出） — date of death or moving out"),
  })
  // The ID number encodes sex and birth date; a record that disagrees with it is a data error.
  .superRefine((person, ctx) => {
    const decoded = validateIdNumber(person.idNumber);
    if (!decoded.valid) return;
    if (decoded.sex !== person.sex) {
      ctx.addIssue({
        code: "custom",
        path: ["sex"],
        message: `性别与身份证号码不符 — sex ${person.sex} disagrees with the ID number (${decoded.sex})`,
      });
    }
    if (decoded.birthDate !== person.birthDate) {
      ctx.addIssue({
        code: "custom",
        path: ["birthDate"],
        message: `出生日期与身份证号码不符 — birth date ${person.birthDate} disagrees with the ID number (${decoded.birthDate})`,
      });
    }
  })
  .describe("人员 — person in the population registry");
export type Person = z.infer<typeof Person>;

/** 家庭户 — a household. */
export const Household = z
  .object({
    id: z.string().describe("家庭户标识 — household id"),
    regionCode: RegionCode.describe("所在区划代码 — region code"),
    headPersonId: z.string().nullable().describe("户主人员标识 — head of household person id"),
    address: z.string().describe("地址 — address"),
  })
  .describe("家庭户 — household");
export type Household = z.infer<typeof Household>;
