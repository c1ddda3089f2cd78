// 全员人口 — persons and households of the population registry.
import { type Household, type Person } from "@popfam/domain";
import { builder } from "../../builder.js";
import { guardedRecord } from "../../kit/records.js";
import { connectionComplexity, pageRequest, toConnection } from "../../kit/pagination.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { personalData } from "../../kit/personal-data.js";
import { addRegionList } from "./region-lists.js";

export const SexEnum = builder.enumType("Sex", {
  description: "性别 — sex",
  values: { MALE: { description: "男 — male" }, FEMALE: { description: "女 — female" } },
});

const PersonStatusEnum = builder.enumType("PersonStatus", {
  description: "人员状态 — registry status",
  values: {
    REGISTERED: { description: "在册 — in the registry" },
    DECEASED: { description: "死亡 — deceased" },
    MOVED_OUT: { description: "迁出 — moved away" },
  },
});

const HukouTypeEnum = builder.enumType("HukouType", {
  description: "户口性质 — household registration type",
  values: { RURAL: { description: "农业户口 — rural" }, URBAN: { description: "非农业户口 — urban" } },
});

export const PersonRef = builder.objectRef<Person>("Person");
export const HouseholdRef = builder.objectRef<Household>("Household");

builder.node(PersonRef, {
  description: "人员 — a person record of the population registry (全员人口信息系统)",
  id: { resolve: (person) => person.id },
  ...guardedRecord<Person>("Person", (record) => record.residenceRegionCode, (context) => context.loaders.populationRegistry.personsByIds),
  fields: (t) => ({
    idNumber: t.string({
      nullable: true,
      description: "公民身份号码（无pii:read时脱敏） — resident ID number, masked without pii:read",
      resolve: (p, _a, context) => personalData(context, "idNumber", p.idNumber, { entityType: "Person", entityId: p.id, field: "idNumber" }),
    }),
    name: t.string({
      nullable: true,
      description: "姓名（无pii:read时脱敏） — name, masked without pii:read",
      resolve: (p, _a, context) => personalData(context, "name", p.name, { entityType: "Person", entityId: p.id, field: "name" }),
    }),
    sex: t.expose("sex", { type: SexEnum, description: "性别 — sex" }),
    birthDate: t.expose("birthDate", { type: "Date", description: "出生日期 — date of birth" }),
    hukouType: t.expose("hukouType", { type: HukouTypeEnum, description: "户口性质 — hukou type" }),
    status: t.expose("status", { type: PersonStatusEnum, description: "人员状态 — status" }),
    registeredOn: t.expose("registeredOn", { type: "Date", description: "入库日期 — entered the registry on" }),
    exitedOn: t.expose("exitedOn", { type: "Date", nullable: true, description: "注销日期（死亡/迁出） — left the registry on" }),
    residenceRegion: t.field({
      type: RegionRef,
      nullable: true,
      description: "居住地 — region of residence",
      resolve: (p, _a, context) => regionByCode(context, p.residenceRegionCode),
    }),
    hukouRegion: t.field({
      type: RegionRef,
      nullable: true,
      description: "户籍地 — region of household registration",
      resolve: (p, _a, context) => regionByCode(context, p.hukouRegionCode),
    }),
    household: t.field({
      type: HouseholdRef,
      nullable: true,
      description: "所在家庭户 — household",
      resolve: (p, _a, context) => (p.householdId ? context.loaders.populationRegistry.householdsByIds.load(p.householdId) : null),
    }),
  }),
});

builder.node(HouseholdRef, {
  description: "家庭户 — a household",
  id: { resolve: (household) => household.id },
  ...guardedRecord<Household>("Household", (record) => record.regionCode, (context) => context.loaders.populationRegistry.householdsByIds),
  fields: (t) => ({
    address: t.string({
      nullable: true,
      description: "地址（无pii:read时脱敏） — address, masked without pii:read",
      resolve: (h, _a, context) => personalData(context, "address", h.address, { entityType: "Household", entityId: h.id, field: "address" }),
    }),
    region: t.field({
      type: RegionRef,
      nullable: true,
      description: "所在区划 — region",
      resolve: (h, _a, context) => regionByCode(context, h.regionCode),
    }),
    head: t.field({
      type: PersonRef,
      nullable: true,
      description: "户主 — head of household",
      resolve: (h, _a, context) => (h.headPersonId ? context.loaders.populationRegistry.personsByIds.load(h.headPersonId) : null),
    }),
    members: t.connection(
      {
        type: PersonRef,
        nullable: true,
        description: "家庭成员（含已注销） — the persons of the household, those who left the registry included",
        complexity: connectionComplexity,
        resolve: async (h, args, context) => {
          const page = await context.loaders.populationRegistry.householdMemberPages.load({ householdId: h.id, ...pageRequest(args) });
          return toConnection(page, "id");
        },
      },
      { description: "家庭成员（分页） — a page of household members" },
      { description: "家庭成员（一项） — one household member" },
    ),
  }),
});

addRegionList({
  field: "persons",
  type: PersonRef,
  description: "居住在本区划（含下级）的人员 — persons living in this region or below",
  periodMeaning: "统计周期：期间内在册的人员 — those in the registry at some time within the period",
  loader: (context) => context.loaders.populationRegistry.personPages,
});
