// The README's GraphQL examples run as printed against the data set a first start writes (the
// default seed and scale, on the embedded database): every operation of every ```graphql block,
// in the order printed, with no error but those the block says it shows.
//
// A block may open with comment lines the test reads:
//   # token: --jurisdiction 320722 --scope assistance:write   (the token command's flags: run with such a token)
//   # errors: CONFLICT                                          (error codes the README says the block shows)
// A block without a token line runs as the development principal, as a local start without a token does.
import { openMigratedDatabase, type Database } from "@popfam/db";
import { seedDatabase } from "@popfam/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTokenFlags, tokenInputOf } from "../src/cli/token-flags.js";
import { graphqlExamples } from "./readme-examples.js";
import { loadConfig } from "../src/env.js";
import { startTestGateway, type TestGateway } from "./kit.js";

const examples = graphqlExamples();

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
    // The token the token command would mint from the block's flags.
    const token = example.tokenArgs ? await gw.token(tokenInputOf(parseTokenFlags(example.tokenArgs), loadConfig({}).auth)) : undefined;
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
