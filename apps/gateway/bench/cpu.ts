// CPU time by process, from /proc (Linux): the server under test (a child process and its workers), the
// PostgreSQL server's processes (every process named `postgres`: the backends connected to the
// measured database, whoever opened them, and the server's own background processes; backends of
// other databases on a shared server are left out) and the load generator (its own process.cpuUsage() over the run, see generator.ts).
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms, or 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU ms of a process and of every process under it (a gateway's cluster workers), or 0 when it is gone. */
export function processTreeCpuMs(pid: number): number {
  return [pid, ...descendantsOf(pid)].reduce((total, p) => total + processCpuMs(p), 0);
}

/** Every process under `pid` (its children, theirs, ...), from /proc/<pid>/task/<tid>/children. */
export function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** A backend's process title: `postgres: [cluster: ]<user> <database> <client>(<port>) <state>`. */
const BACKEND_TITLE = /^postgres: (?:\S+: )?\S+ (\S+) (?:\[local\]|\S+\(\d+\))/;

/** CPU ms of the `postgres` processes that serve `database` (its backends and the server's background processes), by pid. */
function postgresCpu(database: string): Map<number, number> {
  const cpu = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return cpu;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      const backend = BACKEND_TITLE.exec(readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "));
      if (backend && backend[1] !== database) continue;
    } catch {
      continue;
    }
    cpu.set(Number(entry), processCpuMs(Number(entry)));
  }
  return cpu;
}

export interface CpuSplit {
  /** CPU ms of the server process (null when the path has none: statements run from the generator). */
  serverMs: number | null;
  /** CPU ms of the database server's processes (null on PGlite: it runs inside the gateway). */
  databaseMs: number | null;
  generatorMs: number;
  wallMs: number;
}

/** Starts counting (`database`: the PostgreSQL database whose backends count, or null: none); `stop(generatorMs)` gives each part's CPU time since, the generator's as it measured it. */
export function cpuMeter(serverPid: number | null, database: string | null): { stop(generatorMs: number): CpuSplit } {
  const server0 = serverPid === null ? 0 : processTreeCpuMs(serverPid);
  const db0 = database !== null ? postgresCpu(database) : new Map<number, number>();
  const wall0 = performance.now();
  return {
    stop(generatorMs) {
      const wallMs = performance.now() - wall0;
      let databaseMs: number | null = null;
      if (database !== null) {
        databaseMs = 0;
        // A process that started during the run counts from zero; one that ended is lost (the pools keep theirs open).
        for (const [pid, ms] of postgresCpu(database)) databaseMs += ms - (db0.get(pid) ?? 0);
      }
      return {
        serverMs: serverPid === null ? null : processTreeCpuMs(serverPid) - server0,
        databaseMs,
        generatorMs,
        wallMs,
      };
    },
  };
}
