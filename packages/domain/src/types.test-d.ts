// Pins what the SDK's consumers rely on at the type level: inferred shapes, and that branded
// identifiers cannot be forged from a plain string.
import { describe, expectTypeOf, it } from "vitest";
import type { Birth, IdNumber, IndicatorCode, IndicatorResult, Person, RegionCode, RegionLevel, RegistryFacts, Target } from "./index.js";
import { IdNumber as IdNumberSchema, parsePeriod, RegionCode as RegionCodeSchema } from "./index.js";

describe("SDK types", () => {
  it("brand ID numbers and region codes: only a parse makes one", () => {
    expectTypeOf<string>().not.toMatchTypeOf<IdNumber>();
    expectTypeOf<string>().not.toMatchTypeOf<RegionCode>();
    expectTypeOf(IdNumberSchema.parse("11010519491231002X")).toEqualTypeOf<IdNumber>();
    expectTypeOf(RegionCodeSchema.parse("320722")).toEqualTypeOf<RegionCode>();
    expectTypeOf<IdNumber>().toMatchTypeOf<string>();
  });

  it("infer entity shapes from the zod schemas", () => {
    expectTypeOf<Person["sex"]>().toEqualTypeOf<"MALE" | "FEMALE">();
    expectTypeOf<Person["exitedOn"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Birth["keyItemsMatch"]>().toEqualTypeOf<boolean | null>();
    expectTypeOf<Birth["channel"]>().toEqualTypeOf<"BIRTH_CERTIFICATE" | "VACCINATION" | "HOUSEHOLD_REGISTRATION">();
    expectTypeOf<RegionLevel>().toEqualTypeOf<"PROVINCE" | "CITY" | "COUNTY" | "TOWNSHIP" | "VILLAGE">();
    // A registry's Person is what a roster reconciliation reads of it.
    expectTypeOf<Pick<Person, keyof RegistryFacts>>().toEqualTypeOf<RegistryFacts>();
  });

  it("never promise a number where there may be none", () => {
    expectTypeOf<IndicatorResult["value"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Target["upperThreshold"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Target["indicatorCode"]>().toEqualTypeOf<IndicatorCode>();
    expectTypeOf(parsePeriod("2021Q2").quarter).toEqualTypeOf<number | null>();
  });
});
