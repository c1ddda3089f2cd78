// The GraphQL examples of the project's README, read from the README itself: the README test runs
// them, the benchmark times them and the cost test weighs them, so none keeps a copy that could
// drift from what users are shown.
import { readFileSync } from "node:fs";
import { Kind, parse, type OperationDefinitionNode } from "graphql";

export interface ReadmeExample {
  /** The line of the README the block starts on, for messages. */
  line: number;
  document: string;
  /** The block's operations in order (null for an anonymous one, which must then be alone). */
  operations: (string | null)[];
  /** A `# token: ...` comment line: the token command's flags to run the block with. */
  tokenArgs: string[] | null;
  /** A `# errors: ...` comment line: error codes the README says the block shows. */
  allowedErrors: string[];
}

export const README_PATH = new URL("../../../README.md", import.meta.url);

export function graphqlExamples(markdown: string = readFileSync(README_PATH, "utf8")): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  for (const match of markdown.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const document = match[1]!;
    const line = markdown.slice(0, match.index).split("\n").length + 1;
    const comment = (name: string) => new RegExp(`^#\\s*${name}:\\s*(.+)$`, "m").exec(document)?.[1]?.trim() ?? null;
    const tokenLine = comment("token");
    const operations = parse(document)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value ?? null);
    examples.push({ line, document, operations, tokenArgs: tokenLine ? tokenLine.split(/\s+/) : null, allowedErrors: (comment("errors") ?? "").split(/[\s,]+/).filter(Boolean) });
  }
  return examples;
}

/** The one README example whose text holds every marker given (e.g. the field names it shows): an error if not exactly one. */
export function readmeExample(...markers: string[]): ReadmeExample {
  const found = graphqlExamples().filter((e) => markers.every((m) => e.document.includes(m)));
  if (found.length !== 1) throw new Error(`README.md has ${found.length} GraphQL examples with ${markers.join(", ")}; expected one`);
  return found[0]!;
}
