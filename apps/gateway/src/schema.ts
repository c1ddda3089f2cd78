// Every module adds its types to the one builder; importing them here builds the whole graph.
import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "./modules/region/region.js";
import "./modules/indicator/indicator.js";
import "./modules/policy/policy.js";
import "./modules/population/measures.js";
import "./modules/population/person.js";
import "./modules/population/registration.js";
import "./modules/population/birth.js";
import "./modules/population/death.js";
import "./modules/population/linkage.js";
import "./modules/assistance/programs.js";
import "./modules/assistance/eligibility.js";
import "./modules/assistance/beneficiaries.js";
import "./modules/assistance/payments.js";
import "./modules/special-family/special-family.js";
import "./modules/childcare/index.js";
import "./modules/population/id-number.js";
import "./modules/system/me.js";

import { uncountedAreas } from "./modules/indicator/area-measures.js";

// An indicator area without a module counting its measures would answer with an error at run time.
if (uncountedAreas().length > 0) throw new Error(`no module counts the measures of: ${uncountedAreas().join(", ")}`);

export const schema = builder.toSchema();

export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}
