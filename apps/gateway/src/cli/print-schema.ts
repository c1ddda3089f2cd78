// Writes the printed schema to apps/gateway/schema.graphql (committed; a test fails when it drifts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printedSchema } from "../schema.js";

const target = fileURLToPath(new URL("../../schema.graphql", import.meta.url));
writeFileSync(target, printedSchema() + "\n");
console.log(`wrote ${target}`);
