// A rule's reason (code, met, detail), as every area's checks answer it.
import type { RuleReason } from "@popfam/domain";
import { builder } from "../builder.js";

export const RuleReasonRef = builder.objectRef<RuleReason>("RuleReason").implement({
  description: "规则判定 — one condition of a rule: whether it is met, and why",
  fields: (t) => ({
    code: t.exposeString("code", { description: "条件代码 — condition code" }),
    met: t.exposeBoolean("met", { description: "是否满足 — met" }),
    detail: t.exposeString("detail", { description: "说明（中文在前） — detail, Chinese first" }),
  }),
});
