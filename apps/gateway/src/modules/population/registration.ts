// 生育登记 / 再生育审批 — birth registrations and re-birth approvals.
import type { BirthRegistration, RebirthApproval } from "@popfam/domain";
import { builder } from "../../builder.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { freeText, personalData } from "../../kit/personal-data.js";
import { addRegionList } from "./region-lists.js";

const RegistrationModeEnum = builder.enumType("RegistrationMode", {
  description: "登记方式 — registration mode",
  values: { ONLINE: { description: "网上办理 — online" }, OFFLINE: { description: "线下办理 — at a service counter" } },
});

export const BirthRegistrationRef = builder.objectRef<BirthRegistration>("BirthRegistration");
export const RebirthApprovalRef = builder.objectRef<RebirthApproval>("RebirthApproval");

builder.node(BirthRegistrationRef, {
  description: "生育登记 — a birth registration (一孩/二孩/三孩)",
  id: { resolve: (r) => r.id },
  ...guardedRecord<BirthRegistration>("BirthRegistration", (record) => record.regionCode, (context) => context.loaders.birthRegistration.registrationsByIds),
  fields: (t) => ({
    childOrder: t.exposeInt("childOrder", { description: "登记孩次 — child order registered" }),
    mode: t.expose("mode", { type: RegistrationModeEnum, description: "登记方式 — mode" }),
    registeredOn: t.expose("registeredOn", { type: "Date", description: "登记日期 — registered on" }),
    motherIdNumber: t.string({
      nullable: true,
      description: "母亲身份号码（无pii:read时脱敏） — mother's ID number, masked without pii:read",
      resolve: (r, _a, c) => personalData(c, "idNumber", r.motherIdNumber, { entityType: "BirthRegistration", entityId: r.id, field: "motherIdNumber" }),
    }),
    region: t.field({ type: RegionRef, nullable: true, description: "区划 — region", resolve: (r, _a, c) => regionByCode(c, r.regionCode) }),
  }),
});

builder.node(RebirthApprovalRef, {
  description: "再生育审批 — a re-birth approval",
  id: { resolve: (a) => a.id },
  ...guardedRecord<RebirthApproval>("RebirthApproval", (record) => record.regionCode, (context) => context.loaders.birthRegistration.approvalsByIds),
  fields: (t) => ({
    childOrder: t.exposeInt("childOrder", { description: "批准孩次 — child order approved" }),
    approvedOn: t.expose("approvedOn", { type: "Date", description: "审批日期 — approved on" }),
    reason: t.string({
      description: "审批情形 — grounds",
      resolve: (a, _x, c) => freeText(c, a.reason, { entityType: "RebirthApproval", entityId: a.id, field: "reason" }),
    }),
    motherIdNumber: t.string({
      nullable: true,
      description: "母亲身份号码（无pii:read时脱敏） — mother's ID number, masked without pii:read",
      resolve: (a, _x, c) => personalData(c, "idNumber", a.motherIdNumber, { entityType: "RebirthApproval", entityId: a.id, field: "motherIdNumber" }),
    }),
    region: t.field({ type: RegionRef, nullable: true, description: "区划 — region", resolve: (a, _x, c) => regionByCode(c, a.regionCode) }),
  }),
});

addRegionList({
  field: "birthRegistrations",
  type: BirthRegistrationRef,
  description: "本区划（含下级）的生育登记 — birth registrations in this region or below",
  periodMeaning: "统计周期：登记日期在期内 — registered within the period",
  loader: (context) => context.loaders.birthRegistration.registrationPages,
});

addRegionList({
  field: "rebirthApprovals",
  type: RebirthApprovalRef,
  description: "本区划（含下级）的再生育审批 — re-birth approvals in this region or below",
  periodMeaning: "统计周期：审批日期在期内 — approved within the period",
  loader: (context) => context.loaders.birthRegistration.approvalPages,
});
