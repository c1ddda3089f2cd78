import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printedSchema, schema } from "../src/schema.js";

describe("the schema", () => {
  it("is the committed schema.graphql (run `pnpm --filter @popfam/gateway print-schema` after a change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printedSchema() + "\n").toBe(committed);
  });

  it("describes every type and field, Chinese first", () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ("getFields" in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description && !["edges", "node", "cursor", "pageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "id"].includes(field.name)) {
            missing.push(`${type.name}.${field.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
