// Registered operations: hashes instead of text for any client, and vendors held to the list.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/http/operations.js";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const dashboard = `query VendorDashboard($code: String!) { region(code: $code) { name indicators(period: "2024", codes: [BIRTH_RATE]) { value } } }`;

describe("registered operations", () => {
  let t: TestGateway;
  const dir = mkdtempSync(join(tmpdir(), "popfam-operations-"));
  beforeAll(async () => {
    const file = join(dir, "operations.json");
    writeFileSync(file, JSON.stringify([dashboard]));
    t = await startTestGateway({ env: { OPERATIONS_FILE: file } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown, token?: string) =>
    fetch(t.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] } }));

  it("let a vendor run a registered operation by its hash alone", async () => {
    const token = await t.token({ kind: "vendor", role: "VENDOR", subject: "tuoyu-app", jurisdiction: "320722" });
    const response = await post({ variables: { code: "320722" }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(dashboard) } } }, token);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.region.name).toBe("东海县");
  });

  it("refuse a vendor any other operation before it runs", async () => {
    const token = await t.token({ kind: "vendor", role: "VENDOR", subject: "tuoyu-app", jurisdiction: "320722" });
    t.gateway.portCalls.reset();
    const response = await t.query(`{ region(code: "320722") { persons(first: 100) { edges { node { id } } } } }`, { token });
    expect(response.status).toBe(403);
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe("OPERATION_NOT_REGISTERED");
    expect(t.gateway.portCalls.total).toBe(0);
  });

  it("leave staff free to write their own queries, and answer an unknown hash with PERSISTED_QUERY_NOT_FOUND", async () => {
    const staff = await t.token({ jurisdiction: "320722" });
    const own = await t.query(`{ region(code: "320722") { code } }`, { token: staff });
    expect(own.body.data).toEqual({ region: { code: "320722" } });
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, staff);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});
