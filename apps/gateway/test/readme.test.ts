// The README's GraphQL examples run as printed against the data set a first start writes (the
// default seed and scale, on the embedded database): every operation of every ```graphql block,
// in the order printed, with no error but those the block says it shows.
//
// A block may open with comment lines the test reads:
//   # token: --jurisdiction 320722 --scope assistance:write   (the token command's flags: run with such a token)
//   # errors: CONFLICT                                          (error codes the README says the block shows)
// A block without a token line runs as the development principal, as a local start without a token does.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openMigratedDatabase, type Database } from "@popfam/db";
import { seedDatabase } from "@popfam/db/seed";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role, Scope } from "../src/auth/principal.js";
import { loadConfig } from "../src/env.js";
import { startTestGateway, type TestGateway } from "./kit.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

interface Example {
  /** Where it is in the README, for the failure message. */
  line: number;
  document: string;
  operations: (string | null)[];
  tokenArgs: string[] | null;
  allowedErrors: string[];
}

export function graphqlExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const match of markdown.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const document = match[1]!;
    const line = markdown.slice(0, match.index).split("\n").length + 1;
    const comment = (name: string) => new RegExp(`^#\\s*${name}:\\s*(.+)$`, "m").exec(document)?.[1]?.trim() ?? null;
    const tokenLine = comment("token");
    const parsed = parse(document);
    const operations = parsed.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value ?? null);
    examples.push({
      line,
      document,
      operations,
      tokenArgs: tokenLine ? tokenLine.split(/\s+/) : null,
      allowedErrors: (comment("errors") ?? "").split(/[\s,]+/).filter(Boolean),
    });
  }
  return examples;
}

const examples = graphqlExamples(readme);

describe("the README's GraphQL examples", () => {
  let db: Database;
  let gw: TestGateway;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await seedDatabase(db, loadConfig({}).seed);
    gw = await startTestGateway({ db });
  }, 600_000);

  afterAll(async () => {
    await gw?.close();
    await db?.close();
  });

  it("are all found, and a block of several operations names each one (an anonymous one must be alone)", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const example of examples) {
      if (example.operations.length > 1) expect(example.operations, `README line ${example.line}`).not.toContain(null);
    }
  });

  it.each(examples.map((e) => [e.line, e] as const))("the block at README line %i runs as printed", async (_line, example) => {
    const token = example.tokenArgs ? await gw.token(tokenInput(example.tokenArgs)) : undefined;
    for (const operationName of example.operations) {
      const response = await fetch(gw.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: example.document, operationName }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      const unexpected = (body.errors ?? []).filter((e) => !example.allowedErrors.includes(String(e.extensions?.code)));
      expect(unexpected, `README line ${example.line}, operation ${operationName ?? "(anonymous)"}`).toEqual([]);
      expect(response.status).toBe(200);
      expect(body.data).toBeTruthy();
    }
  });
});

/** The token command's flags, as a README block gives them, into a test token's claims. */
function tokenInput(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      subject: { type: "string", default: "readme" },
      kind: { type: "string", default: "staff" },
      role: { type: "string", default: "OFFICER" },
      jurisdiction: { type: "string" },
      scope: { type: "string", multiple: true, default: [] },
    },
  });
  return {
    subject: values.subject,
    kind: values.kind === "vendor" ? ("vendor" as const) : ("staff" as const),
    role: values.role as Role,
    jurisdiction: values.jurisdiction ?? "*",
    scopes: values.scope as Scope[],
  };
}
