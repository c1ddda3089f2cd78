// A GraphQL enum from a domain zod enum: the values come from the domain (one source), each with
// its description (Chinese first), and a value without one does not compile.
import { builder } from "../builder.js";

export function enumFrom<const Value extends string>(
  name: string,
  schema: { options: readonly Value[] },
  description: string,
  descriptions: Record<Value, string>,
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(schema.options.map((value) => [value, { description: descriptions[value] }])) as Record<Value, { description: string }>,
  });
}
