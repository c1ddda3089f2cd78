// 公民身份号码核验 — checks a resident ID number (GB 11643) for a vendor's form: what it encodes,
// or a typed result naming the problem. The number itself is never echoed unmasked.
import { maskIdNumber, validateIdNumber, type IdNumberProblem, type Sex } from "@popfam/domain";
import { builder } from "../../builder.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { SexEnum } from "./person.js";

export class InvalidIdNumberError extends Error {
  constructor(
    public readonly problem: IdNumberProblem,
    message: string,
  ) {
    super(message);
    this.name = "InvalidIdNumberError";
  }
}

const IdNumberProblemEnum = builder.enumType("IdNumberProblem", {
  description: "身份号码问题 — what is wrong with an ID number",
  values: {
    LENGTH: { description: "长度不是18位 — not 18 characters" },
    CHARACTERS: { description: "含非法字符（末位仅可为数字或大写X） — characters other than digits and a final X" },
    BIRTH_DATE: { description: "出生日期不存在 — the birth date is not a calendar date" },
    CHECK_CHARACTER: { description: "校验码不符（ISO 7064 MOD 11-2） — the check character does not match" },
  } satisfies Record<IdNumberProblem, unknown>,
});

builder.objectType(InvalidIdNumberError, {
  name: "InvalidIdNumber",
  description: "身份号码无效 — the ID number is not valid",
  fields: (t) => ({
    problem: t.expose("problem", { type: IdNumberProblemEnum, description: "问题 — the problem" }),
    message: t.exposeString("message", { description: "说明 — explanation" }),
  }),
});

interface IdNumberInfo {
  masked: string;
  regionCode: string;
  birthDate: string;
  sex: Sex;
}

const IdNumberInfoRef = builder.objectRef<IdNumberInfo>("IdNumberInfo").implement({
  description: "身份号码信息 — what a valid ID number encodes",
  fields: (t) => ({
    masked: t.exposeString("masked", { description: "脱敏号码 — the number, masked" }),
    regionCode: t.exposeString("regionCode", { description: "地址码（签发时的县级区划） — region code at issue" }),
    region: t.field({
      type: RegionRef,
      nullable: true,
      description: "地址码对应区划（不在区划库时为空） — that region, when it is in the region table",
      resolve: (info, _args, context) => regionByCode(context, info.regionCode),
    }),
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期 — date of birth" }),
    sex: t.expose("sex", { type: SexEnum, description: "性别（顺序码奇男偶女） — sex (odd sequence male)" }),
  }),
});

builder.queryField("checkIdNumber", (t) =>
  t.field({
    type: IdNumberInfoRef,
    description: "核验公民身份号码 — check a resident ID number: what it encodes, or why it is invalid",
    errors: { types: [InvalidIdNumberError], directResult: true, union: { name: "IdNumberCheck", description: "核验结果 — the result of a check" } },
    args: { value: t.arg.string({ required: true, description: "身份号码 — the ID number" }) },
    resolve: (_root, { value }) => {
      const result = validateIdNumber(value.trim());
      if (!result.valid) throw new InvalidIdNumberError(result.problem, result.message);
      return { masked: maskIdNumber(value.trim()), regionCode: result.regionCode, birthDate: result.birthDate, sex: result.sex };
    },
  }),
);
