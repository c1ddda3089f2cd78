// What a write through the rollup triggers costs: per fact kind (birth, death, person), the
// database's CPU time per row of a single-row INSERT (one statement, one transaction, as the gateway
// writes) and of a 1,000-row INSERT, as rows accumulate (the rows between two levels are written
// through the triggers too, 1,000 a statement, so dead rollup row versions pile up as in use).
// "rollups" is the part of it the rollup triggers take: the same writes with `popfam.bulk_load`
// on (the triggers return at once) subtracted. Then rollup_rebuild() at the last level.
// CPU time, not the clock: on a shared machine the clock counts the other processes' turns too.
// The embedded database runs in this process (its CPU time is the process's, the bench's own
// JavaScript included); a server's is its backend process's (/proc/<pid>/stat, 10 ms ticks, so
// many statements are timed together).
// On the embedded database, and on a scratch database of DATABASE_URL when it is set.
//   pnpm --filter @popfam/db bench:writes [levels, default 0,10000,50000] [single-row writes per level, default 300]
import { readFileSync } from "node:fs";
import type { SqlClient } from "../src/index.js";
import { testDatabaseTargets } from "../testing/index.js";

const levels = (process.argv[2] ?? "0,10000,50000").split(",").map(Number);
const singles = Number(process.argv[3] ?? 300);
const BATCH = 1000;

// 3 provinces × 4 cities × 5 counties × 4 townships × 5 villages = 1,200 villages.
const villages: string[] = [];
for (const p of ["32", "33", "34"]) for (let c = 1; c <= 4; c++) for (let k = 1; k <= 5; k++) for (let t = 1; t <= 4; t++) for (let v = 1; v <= 5; v++) {
  villages.push(`${p}${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}${String(100 + t)}${String(v).padStart(3, "0")}`);
}
// A deterministic spread of regions and days.
const village = (i: number) => villages[(i * 7919) % villages.length]!;
const day = (i: number, fromYear = 2019) => {
  const d = new Date(Date.UTC(fromYear, 0, 1) + ((i * 104729) % (6 * 365)) * 86_400_000);
  return d.toISOString().slice(0, 10);
};

interface Kind {
  name: "birth" | "death" | "person";
  columns: string;
  values(i: number): string;
}
const q = (s: string) => `'${s}'`;
const kinds: Kind[] = [
  {
    name: "birth",
    columns: "id, mother_id_number, sex, birth_date, birth_order, region_code, channel, reported_on, key_items_checked, key_items_match, registration_id, policy_conforming",
    values: (i) =>
      `(${q(`B${i}`)}, ${q(`M${i}`)}, ${q(i % 2 ? "MALE" : "FEMALE")}, ${q(day(i))}, 1, ${q(village(i))}, 'BIRTH_CERTIFICATE', (${q(day(i))}::date + ${i % 40}), ${i % 3 > 0}, ${i % 5 > 0}, ${i % 4 ? q(`R${i}`) : "NULL"}, ${i % 9 > 0})`,
  },
  {
    name: "death",
    columns: "id, person_id, region_code, death_date, reported_on",
    values: (i) => `(${q(`D${i}`)}, ${q(`P${i}`)}, ${q(village(i))}, ${q(day(i))}, (${q(day(i))}::date + 3))`,
  },
  {
    name: "person",
    columns: "id, id_number, name, sex, birth_date, hukou_region_code, residence_region_code, hukou_type, status, registered_on, exited_on",
    values: (i) => {
      // A fifth of them children born in the window (counted under three), a tenth moved away.
      const born = i % 5 === 0 ? day(i) : day(i, 1950);
      const exited = i % 10 === 3;
      return `(${q(`P${i}`)}, ${q(`ID${i}`)}, '某某', ${q(i % 2 ? "MALE" : "FEMALE")}, ${q(born)}, ${q(village(i))}, ${q(village(i + 1))}, 'RURAL', ${q(exited ? "MOVED_OUT" : "REGISTERED")}, ${q(born)}, ${exited ? `(${q(born)}::date + 400)` : "NULL"})`;
    },
  },
];

const insert = (kind: Kind, from: number, n: number) =>
  `INSERT INTO ${kind.name} (${kind.columns}) VALUES ${Array.from({ length: n }, (_, j) => kind.values(from + j)).join(", ")}`;

/** Milliseconds of CPU the database has used so far. */
type CpuClock = () => number;
const processCpu: CpuClock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
function backendCpu(pid: number): CpuClock {
  const ticks = 100; // USER_HZ
  return () => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks; // utime, stime
  };
}
let cpu: CpuClock = processCpu;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = cpu();
  await work();
  return cpu() - started;
}

/** µs per row: `count` single-row statements from `next`, and one 1,000-row statement. */
async function measure(session: SqlClient, kind: Kind, next: { i: number }, bulkLoad: boolean) {
  await session.query(`SELECT set_config('popfam.bulk_load', $1, false)`, [bulkLoad ? "on" : "off"]);
  let single = 0;
  for (let j = 0; j < singles; j++) single += await timed(() => session.query(insert(kind, next.i++, 1)));
  const batch = await timed(() => session.query(insert(kind, next.i, BATCH)));
  next.i += BATCH;
  await session.query(`SELECT set_config('popfam.bulk_load', 'off', false)`);
  return { single: (single / singles) * 1000, batch: (batch / BATCH) * 1000 };
}

const fmt = (us: number) => `${us.toFixed(0)} µs`.padStart(9);

for (const target of testDatabaseTargets()) {
  const db = await target.open();
  try {
    await db.withAdvisoryLock(0x5e11, async (session) => {
      // On a server, the commit's wait for the disk is no part of what the triggers cost.
      if (target.name === "postgres") await session.query(`SET synchronous_commit = off`);
      cpu = processCpu;
      if (target.name === "postgres") {
        const [{ pid }] = (await session.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }];
        cpu = backendCpu(pid);
      }
      console.log(`\n${target.name}: µs of database CPU time per row written (single-row statements: mean of ${singles}; then one ${BATCH}-row statement)`);
      console.log(`kind    rows before  single-row  (rollups)   ${BATCH}-row  (rollups)  rollup rows`);
      for (const kind of kinds) {
        const next = { i: 0 };
        await measure(session, kind, next, false); // warm-up
        for (const level of levels) {
          // Fill up to the level through the triggers, 1,000 rows a statement.
          while (next.i < level) {
            const n = Math.min(BATCH, level - next.i);
            await session.query(insert(kind, next.i, n));
            next.i += n;
          }
          const rowsBefore = next.i;
          const on = await measure(session, kind, next, false);
          const off = await measure(session, kind, next, true);
          const rollupRows = (await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM region_rollup`))[0]!.n;
          console.log(
            `${kind.name.padEnd(7)} ${String(rowsBefore).padStart(11)} ${fmt(on.single)} ${fmt(on.single - off.single)}  ${fmt(on.batch)} ${fmt(on.batch - off.batch)} ${String(rollupRows).padStart(12)}`,
          );
        }
      }
      const rebuild = await timed(() => session.query(`SELECT rollup_rebuild()`));
      const facts = (await session.query<{ n: number }>(`SELECT (SELECT count(*) FROM birth) + (SELECT count(*) FROM death) + (SELECT count(*) FROM person) AS n`))[0]!.n;
      console.log(`rollup_rebuild() over ${facts} births, deaths and persons: ${(rebuild / 1000).toFixed(2)} s of CPU`);
    });
  } finally {
    await db.close();
  }
}
