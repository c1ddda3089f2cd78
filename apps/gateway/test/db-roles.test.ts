// Least privilege on PostgreSQL (skipped without DATABASE_URL): after `roles`, the gateway runs
// as the runtime role and answers queries and writes, while the audit log and the payment ledger
// refuse it UPDATE, DELETE, TRUNCATE and ALTER TABLE … DISABLE TRIGGER. Roles are cluster-wide:
// each run makes its own and drops them after.
import { randomBytes } from "node:crypto";
import { migrate, openDatabase, rolesSql, verifyAuditChain, type Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

const serverUrl = process.env.DATABASE_URL;

describe.runIf(serverUrl)("the gateway as the runtime role on PostgreSQL", () => {
  const suffix = randomBytes(4).toString("hex");
  const owner = `popfam_owner_${suffix}`;
  const runtime = `popfam_gateway_${suffix}`;
  let admin: Database;
  let runtimeDb: Database;
  let ownerDb: Database;
  let t: TestGateway;
  let runtimeUrl: string;

  const urlAs = (user: string, database: string) => {
    const url = new URL(serverUrl!);
    url.username = user;
    url.password = "";
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    admin = await openSeededTestDatabase(testDatabaseTargets().find((target) => target.name === "postgres")!);
    const [{ name }] = (await admin.sql.query<{ name: string }>(`SELECT current_database() AS name`)) as [{ name: string }];
    await admin.sql.exec(rolesSql({ owner, runtime, database: name }));
    // Idempotent: a second run changes nothing and fails on nothing.
    await admin.sql.exec(rolesSql({ owner, runtime, database: name }));
    runtimeUrl = urlAs(runtime, name);
    runtimeDb = await openDatabase({ url: runtimeUrl });
    ownerDb = await openDatabase({ url: urlAs(owner, name) });
    t = await startTestGateway({ db: runtimeDb });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await runtimeDb?.close();
    await ownerDb?.close();
    await admin?.close();
    const server = await openDatabase({ url: serverUrl! });
    try {
      for (const role of [runtime, owner]) await server.sql.exec(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await server.close();
    }
  });

  it("answers queries, audits unmasked reads and refusals, and writes", async () => {
    const token = await t.token({ subject: "least-privilege", jurisdiction: "320722", scopes: ["pii:read", "special-family:write"] });
    const read = await t.query(`{ region(code: "320722") { persons(first: 2) { edges { node { idNumber } } }
        specialFamilies(period: "2024", first: 1) { edges { node { id } } } indicators(period: "2021", codes: [BIRTH_RATE]) { value } } }`,
    { token, headers: { "x-access-reason": encodeURIComponent("特殊家庭帮扶; case=SF-2026-01") } });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.region.persons.edges[0].node.idNumber).toMatch(/^\d{17}[\dX]$/);
    const familyId = read.body.data!.region.specialFamilies.edges[0].node.id;
    const write = await t.query(`mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`, {
      token, variables: { input: { idempotencyKey: `roles-visit-${suffix}`, familyId, visitedOn: "2025-01-21", visitor: "志愿者", kind: "HOLIDAY" } },
    });
    expect(write.body.errors).toBeUndefined();
    expect(write.body.data?.recordVisit.id).toBeTruthy();
    const forbidden = await t.query(`{ region(code: "320000") { indicators(period: "2021", codes: [BIRTH_RATE]) { value } } }`, { token });
    expect(codesOf(forbidden)).toEqual(["FORBIDDEN"]);
    let refused: unknown[] = [];
    for (let i = 0; i < 50 && refused.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await runtimeDb.sql.query(`SELECT 1 FROM audit_log WHERE subject = 'least-privilege' AND action = 'REFUSED'`);
    }
    expect(refused).toHaveLength(1);
    const audited = await runtimeDb.sql.query<{ action: string }>(`SELECT DISTINCT action FROM audit_log WHERE subject = 'least-privilege' ORDER BY action`);
    expect(audited.map((r) => r.action)).toEqual(["READ_UNMASKED", "RECORD_VISIT", "REFUSED"]);
    // The runtime role can verify the chain (it reads the log, the archive records and the head).
    expect((await verifyAuditChain(runtimeDb.sql)).ok).toBe(true);
  });

  it("refuses the runtime role UPDATE, DELETE, TRUNCATE and DISABLE TRIGGER on the audit log and the ledger", async () => {
    const client = runtimeDb.sql;
    const refused = async (statement: string, message: RegExp) => {
      await expect(client.query(statement), statement).rejects.toThrow(message);
    };
    {
      for (const table of ["audit_log", "payment_batch", "payment_line"]) {
        await refused(`UPDATE ${table} SET id = id WHERE false`, /permission denied/);
        await refused(`DELETE FROM ${table} WHERE false`, /permission denied/);
        await refused(`TRUNCATE ${table}`, /permission denied/);
        await refused(`ALTER TABLE ${table} DISABLE TRIGGER USER`, /must be owner/);
        await refused(`ALTER TABLE ${table} DISABLE TRIGGER ALL`, /must be owner/);
      }
      await refused(`UPDATE audit_chain_head SET last_hash = 'x'`, /permission denied/);
      await refused(`INSERT INTO audit_archive (through_id, last_hash, rows, cutoff, file) VALUES (999999, 'x', 0, now(), 'f')`, /permission denied/);
      await refused(`SELECT audit_log_archive(1, 'x', now() - interval '1 year', 'f')`, /permission denied/);
      await refused(`DROP TABLE audit_log`, /must be owner/);
      await refused(`CREATE TABLE sneaky (id int)`, /permission denied/);
      // It may insert: the database chains the row whatever it sends.
      await client.query(`INSERT INTO audit_log (subject, role, action, entity_type, entity_id, fields, reason, hash) VALUES ('rt', 'R', 'A', 'E', 'X', '{}', '', 'forged')`);
      const [row] = await client.query<{ hash: string }>(`SELECT hash FROM audit_log WHERE subject = 'rt'`);
      expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("leaves migrations to the owner role", async () => {
    expect(await migrate(ownerDb.sql)).toEqual([]);
    // The runtime role may start the gateway on an up-to-date database (nothing to apply, nothing created).
    expect(await migrate(runtimeDb.sql)).toEqual([]);
    const [{ owner: tableOwner }] = (await admin.sql.query<{ owner: string }>(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'audit_log'`)) as [{ owner: string }];
    expect(tableOwner).toBe(owner);
    await ownerDb.sql.exec(`CREATE TABLE roles_probe (id int); INSERT INTO roles_probe VALUES (1)`);
    // A table the owner adds later is the runtime role's to use (default privileges).
    expect(await runtimeDb.sql.query(`SELECT id FROM roles_probe`)).toEqual([{ id: 1 }]);
  });
});
