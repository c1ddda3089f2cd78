// 出生 — births as linked across the three channels, with their quality flags.
import { daysBetween, policyInForceOn, type Birth } from "@popfam/domain";
import { BirthPolicyRef } from "../policy/policy.js";
import { builder } from "../../builder.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { PersonRef, SexEnum } from "./person.js";
import { personalData } from "../../kit/personal-data.js";
import { addRegionList } from "./region-lists.js";
import { BirthRegistrationRef, RebirthApprovalRef } from "./registration.js";

export const BirthChannelEnum = builder.enumType("BirthChannel", {
  description: "出生信息渠道 — birth information channel",
  values: {
    BIRTH_CERTIFICATE: { description: "出生医学证明 — birth medical certificate" },
    VACCINATION: { description: "预防接种 — vaccination record" },
    HOUSEHOLD_REGISTRATION: { description: "公安户籍 — household registration (public security)" },
  },
});

export const BirthRef = builder.objectRef<Birth>("Birth");

builder.node(BirthRef, {
  description: "出生 — a birth, linked across 出生医学证明, 预防接种 and 公安户籍",
  id: { resolve: (birth) => birth.id },
  ...guardedRecord<Birth>("Birth", (record) => record.regionCode, (context) => context.loaders.birthChannels.birthsByIds),
  fields: (t) => ({
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期 — date of birth" }),
    sex: t.expose("sex", { type: SexEnum, description: "性别 — sex" }),
    birthOrder: t.exposeInt("birthOrder", { description: "孩次 — birth order" }),
    channel: t.expose("channel", { type: BirthChannelEnum, description: "首报渠道 — channel that first reported it" }),
    reportedOn: t.expose("reportedOn", { type: "Date", description: "上报日期 — reported on" }),
    reportDelayDays: t.int({ resolve: (b) => daysBetween(b.birthDate, b.reportedOn), description: "上报延迟天数 — days from birth to report" }),
    keyItemsChecked: t.exposeBoolean("keyItemsChecked", { description: "已核对主要数据项 — key items checked against the authoritative channel" }),
    keyItemsMatch: t.exposeBoolean("keyItemsMatch", { nullable: true, description: "主要数据项一致 — key items match (null when not checked)" }),
    policyConforming: t.exposeBoolean("policyConforming", { description: "符合政策生育 — conforms to the policy in force (or approved)" }),
    policyInForce: t.field({ type: BirthPolicyRef, resolve: (b) => policyInForceOn(b.birthDate), description: "出生时施行的生育政策 — policy in force at birth" }),
    motherIdNumber: t.string({
      nullable: true,
      description: "母亲身份号码（无pii:read时脱敏） — mother's ID number, masked without pii:read",
      resolve: (b, _a, context) => personalData(context, "idNumber", b.motherIdNumber, { entityType: "Birth", entityId: b.id, field: "motherIdNumber" }),
    }),
    childIdNumber: t.string({
      nullable: true,
      description: "婴儿身份号码（无pii:read时脱敏） — child's ID number, masked without pii:read",
      resolve: (b, _a, context) => personalData(context, "idNumber", b.childIdNumber, { entityType: "Birth", entityId: b.id, field: "childIdNumber" }),
    }),
    region: t.field({ type: RegionRef, nullable: true, description: "区划（母亲居住地） — region (mother's residence)", resolve: (b, _a, c) => regionByCode(c, b.regionCode) }),
    mother: t.field({ type: PersonRef, nullable: true, description: "母亲 — mother", resolve: (b, _a, c) => (b.motherPersonId ? c.loaders.populationRegistry.personsByIds.load(b.motherPersonId) : null) }),
    child: t.field({ type: PersonRef, nullable: true, description: "婴儿 — the child's registry record", resolve: (b, _a, c) => (b.childPersonId ? c.loaders.populationRegistry.personsByIds.load(b.childPersonId) : null) }),
    registration: t.field({
      type: BirthRegistrationRef,
      nullable: true,
      description: "生育登记（未登记为空） — birth registration, null when unregistered",
      resolve: (b, _a, c) => (b.registrationId ? c.loaders.birthRegistration.registrationsByIds.load(b.registrationId) : null),
    }),
    rebirthApproval: t.field({
      type: RebirthApprovalRef,
      nullable: true,
      description: "再生育审批 — re-birth approval",
      resolve: (b, _a, c) => (b.rebirthApprovalId ? c.loaders.birthRegistration.approvalsByIds.load(b.rebirthApprovalId) : null),
    }),
  }),
});

addRegionList({
  field: "births",
  type: BirthRef,
  description: "本区划（含下级）的出生 — births in this region or below",
  periodMeaning: "统计周期：出生日期在期内 — born within the period",
  loader: (context) => context.loaders.birthChannels.birthPages,
  count: {
    connectionName: "RegionBirthsConnection",
    description: "出生数（监测统计计数，含下级） — how many births, as the monitoring statistics count them",
    load: (context, query) => context.loaders.monitoringStatistics.eventCounts.load({ ...query, event: "BIRTHS" }),
  },
});
