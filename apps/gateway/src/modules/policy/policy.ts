// 生育政策 — the birth policy timeline used to judge whether a birth conforms.
import { BIRTH_POLICY_TIMELINE, type BirthPolicy } from "@popfam/domain";
import { builder } from "../../builder.js";

export const BirthPolicyRef = builder.objectRef<BirthPolicy>("BirthPolicy").implement({
  description: "生育政策 — a birth policy of the timeline",
  fields: (t) => ({
    code: t.exposeString("code", { description: "政策代码 — code" }),
    name: t.exposeString("nameZh", { description: "政策名称 — name" }),
    effectiveFrom: t.expose("effectiveFrom", { type: "Date", description: "施行日期 — in force from" }),
    allowedChildren: t.exposeInt("allowedChildren", { description: "允许生育子女数 — children allowed" }),
  }),
});

builder.queryFields((t) => ({
  birthPolicies: t.field({
    type: [BirthPolicyRef],
    description: "生育政策时间线 — the birth policy timeline used to judge conformity",
    resolve: () => [...BIRTH_POLICY_TIMELINE],
  }),
}));
