// What the hash chain costs: single-row audit inserts with the chain trigger and without it, and
// verify-audit over N rows. On the embedded database, or on a scratch database of DATABASE_URL.
//   npx tsx packages/db/bench/audit-chain.bench.ts [rows to verify, default 100000]
import { verifyAuditChain, type Database } from "../src/index.js";
import { testDatabaseTargets } from "../testing/index.js";

const verifyRows = Number(process.argv[2] ?? 100_000);
const row = (i: number) => ({ subject: `bench-${i % 50}`, role: "OFFICER", action: "READ_UNMASKED", entityType: "Person", entityId: `P${i}`, fields: ["idNumber", "name"], reason: "入户核查", purpose: "入户核查", operation: "Bench" });

async function insertCost(db: Database, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await db.prisma.auditLog.create({ data: row(i) });
  return ((performance.now() - started) / n) * 1000;
}

for (const target of testDatabaseTargets()) {
  const db = await target.open();
  try {
    await insertCost(db, 200); // warm-up
    const chained = await insertCost(db, 2000);
    await db.sql.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`);
    const plain = await insertCost(db, 2000);
    await db.sql.exec(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain`);
    console.log(`${target.name}: one audit insert ${chained.toFixed(0)} µs with the chain, ${plain.toFixed(0)} µs without`);
    // A fresh database for the walk (the rows above without the chain would break it).
    const walk = await target.open();
    try {
      for (let done = 0; done < verifyRows; done += 5000) {
        await walk.prisma.auditLog.createMany({ data: Array.from({ length: Math.min(5000, verifyRows - done) }, (_, i) => row(done + i)) });
      }
      const started = performance.now();
      const result = await verifyAuditChain(walk.sql);
      console.log(`${target.name}: verify-audit over ${result.rows} rows: ${((performance.now() - started) / 1000).toFixed(2)} s (${result.ok ? "intact" : "broken"})`);
    } finally {
      await walk.close();
    }
  } finally {
    await db.close();
  }
}
