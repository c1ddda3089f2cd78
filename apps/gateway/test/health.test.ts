// /livez and /readyz: ready only when the database answers and has every shipped migration.
import { testDatabaseTargets } from "@popfam/db/testing";
import { describe, expect, it } from "vitest";
import { startTestGateway } from "./kit.js";

describe.each(testDatabaseTargets())("the probes on $name", (target) => {
  it("/livez is 200; /readyz is 200 when migrated, 503 naming the missing migration, 503 while draining", async () => {
    const db = await target.open();
    const test = await startTestGateway({ db });
    const base = test.gateway.url.replace(/\/graphql$/, "");
    try {
      const live = await fetch(`${base}/livez`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", database: target.name });

      // The database lacks the latest migration (as after deploying a build before `migrate`).
      const [last] = await db.sql.query<{ migration_name: string }>(
        `DELETE FROM "_prisma_migrations" WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations") RETURNING migration_name`,
      );
      const missing = await fetch(`${base}/readyz`);
      expect(missing.status).toBe(503);
      expect(await missing.json()).toMatchObject({ status: "unavailable", reason: "migrations pending: run migrate", migrations: { pending: [last!.migration_name] } });

      test.gateway.health.draining = true;
      const draining = await fetch(`${base}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ reason: "shutting down" });
      expect((await fetch(`${base}/livez`)).status).toBe(200);
    } finally {
      await test.close();
      await db.close();
    }
  });
});
