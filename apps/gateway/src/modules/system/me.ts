// 当前调用方 — the caller as the gateway sees it.
import { builder } from "../../builder.js";
import type { Principal } from "../../auth/principal.js";

const PrincipalRef = builder.objectRef<Principal>("Principal").implement({
  description: "调用方 — the calling principal",
  fields: (t) => ({
    subject: t.exposeString("subject", { description: "主体标识 — subject" }),
    kind: t.exposeString("kind", { description: "类型（staff/vendor/development） — kind" }),
    role: t.exposeString("role", { description: "角色 — role" }),
    jurisdiction: t.exposeString("jurisdiction", { nullable: true, description: "管辖区划代码（全国为空） — jurisdiction; null when nationwide" }),
    scopes: t.stringList({ resolve: (p) => [...p.scopes], description: "权限范围 — scopes" }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({ type: PrincipalRef, description: "当前调用方 — who is calling", resolve: (_r, _a, context) => context.principal }),
}));
