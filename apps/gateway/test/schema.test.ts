import { isObjectType } from "graphql";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeGlobalId } from "../src/kit/pagination.js";
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

  // The compiled executor reads a field without a resolver in place; a resolver costs a call, an
  // info object and its path for every value (800 of them in a page of persons).
  it("leaves a field that shows a property as it is without a resolver (t.expose, not t.field with `(p) => p.name`)", () => {
    const propertyReads: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        // A connection's total may be a promise (counted apart): its resolver makes the executor wait for it.
        if (field.name === "totalCount" && type.name.endsWith("Connection")) continue;
        const source = field.resolve?.toString().replace(/\s+/g, " ") ?? "";
        const read = /^\(?(\w+)\)? => \1\.(\w+)$/.exec(source);
        if (read && read[2] === field.name) propertyReads.push(`${type.name}.${field.name}`);
      }
    }
    expect(propertyReads).toEqual([]);
    const person = schema.getType("Person");
    if (!isObjectType(person)) throw new Error("Person is an object type");
    expect(person.getFields().sex!.resolve).toBeUndefined();
  });

  it("answers every node's global ID at once, not through a promise, as the relay plugin encodes it", () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.getInterfaces().some((i) => i.name === "Node"));
    expect(nodeTypes.length).toBeGreaterThan(5);
    for (const type of nodeTypes) {
      if (!isObjectType(type)) continue;
      const record = { id: "X0001", code: "320722" };
      const id: unknown = type.getFields().id!.resolve!(record, {}, {}, {} as never);
      expect(typeof id, type.name).toBe("string");
      expect(id).toBe(encodeGlobalId(type.name, type.name === "Region" ? "320722" : "X0001"));
    }
  });
});
