// The gateway as operators run it: built (tsc to dist/) and started with plain node, no loader.
// Two replicas on one empty PostgreSQL database both come up (the migration lock), and SIGTERM
// drains: the request in flight finishes, new connections are refused, the process exits 0
// within SHUTDOWN_TIMEOUT_MS.
import { listMigrations, openDatabase, openMigratedDatabase } from "@popfam/db";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const gatewayDir = new URL("..", import.meta.url).pathname;
const rootDir = join(gatewayDir, "..", "..");
const serverUrl = process.env.DATABASE_URL;
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;
const scratch = mkdtempSync(join(tmpdir(), "popfam-built-"));
const children: ChildProcess[] = [];
const databases: string[] = [];

beforeAll(() => {
  // The gateway and what it needs, built as `pnpm build` builds them; turbo's cache makes this a
  // restore when nothing changed since the last build (`pnpm test` builds before the tests).
  const started = performance.now();
  const build = spawnSync("npx", ["-y", "pnpm@10.34.8", "exec", "turbo", "run", "build", "--filter=@popfam/gateway...", "--output-logs=errors-only"], {
    cwd: rootDir,
    encoding: "utf8",
    env: { ...baseEnv, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (serverUrl) {
    for (const name of databases) await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  rmSync(scratch, { recursive: true, force: true });
});

interface BuiltGateway {
  child: ChildProcess;
  base: string;
  lines: string[];
  exited: Promise<{ code: number | null; at: number }>;
}

/** `node dist/main.js` on an ephemeral port; resolves when it prints its URL. */
async function startBuilt(env: Record<string, string>): Promise<BuiltGateway> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: gatewayDir,
    env: { ...baseEnv, NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: performance.now() })));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 45 s:\n${lines.join("\n")}`)), 45_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        lines.push(line);
        const match = /GraphiQL: (http:\/\/\S+)\/graphql/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${lines.join("\n")}`));
    });
  });
  return { child, base, lines, exited };
}

async function onServer<Row>(url: string, statement: string): Promise<Row[]> {
  const db = await openDatabase({ url, poolSize: 2 });
  try {
    return await db.sql.query<Row>(statement);
  } finally {
    await db.close();
  }
}

async function scratchDatabase(): Promise<string> {
  const name = `popfam_built_${randomBytes(5).toString("hex")}`;
  await onServer(serverUrl!, `CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A migrated database the gateway starts on at once: a scratch PostgreSQL one, or an embedded one marked seeded. */
async function preparedDatabase(): Promise<Record<string, string>> {
  if (serverUrl) return { DATABASE_URL: await scratchDatabase() };
  const dataDir = join(scratch, `pglite-${randomBytes(3).toString("hex")}`);
  const db = await openMigratedDatabase({ dataDir });
  await db.sql.query(`INSERT INTO seed_run (seed, scale, residents) VALUES (1, 0, 0)`);
  await db.close();
  return { DATA_DIR: dataDir };
}

async function pollReady(base: string, deadlineMs: number): Promise<{ status: number; body: any }> {
  const until = performance.now() + deadlineMs;
  let last: { status: number; body: any } = { status: 0, body: null };
  while (performance.now() < until) {
    try {
      const response = await fetch(`${base}/readyz`);
      last = { status: response.status, body: await response.json() };
      if (response.status === 200) return last;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

/** True when a new TCP connection to the address is refused. */
function refused(base: string): Promise<boolean> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

describe.skipIf(!serverUrl)("two replicas from the build on one empty PostgreSQL database", () => {
  it("both become ready, and the migrations are applied once", async () => {
    const url = await scratchDatabase();
    const [a, b] = await Promise.all([startBuilt({ DATABASE_URL: url }), startBuilt({ DATABASE_URL: url })]);
    const [readyA, readyB] = await Promise.all([pollReady(a.base, 20_000), pollReady(b.base, 20_000)]);
    expect(readyA.status).toBe(200);
    expect(readyB.status).toBe(200);
    const shipped = listMigrations().map((m) => m.name);
    expect(readyA.body.migrations).toEqual({ shipped: shipped.length, applied: shipped.length });

    const rows = await onServer<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((row) => row.migration_name)).toEqual(shipped);
    // One replica migrated; the other waited on the lock and found nothing to do.
    const logs = [a.lines.join("\n"), b.lines.join("\n")];
    expect(logs.filter((log) => log.includes("migrations applied:"))).toHaveLength(1);
    expect(logs.filter((log) => log.includes("migrations: up to date"))).toHaveLength(1);

    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  });
});

describe.skipIf(!serverUrl)("WORKERS=2: one gateway per core on one port", () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const requestLines = (lines: string[]) => lines.filter((l) => l.includes('"msg":"graphql request"')).map((l) => JSON.parse(l) as { pid?: number });
  const until = async (check: () => boolean, ms: number) => {
    const end = performance.now() + ms;
    while (!check() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    return check();
  };

  it("migrates once, serves from both workers, sums their metrics, replaces a dead one, and drains on SIGTERM", async () => {
    const url = await scratchDatabase();
    const gateway = await startBuilt({ DATABASE_URL: url, WORKERS: "2" });
    expect(await until(() => gateway.lines.filter((l) => l.includes("GraphiQL: ")).length === 2, 20_000)).toBe(true);
    // Both workers listen on the one port the primary holds.
    expect(new Set(gateway.lines.filter((l) => l.includes("GraphiQL: ")).map((l) => /GraphiQL: (\S+)"/.exec(l)?.[1])).size).toBe(1);
    expect(gateway.lines.filter((l) => l.includes("migrations applied:"))).toHaveLength(1);

    // A new connection for each request: the primary hands them to the workers in turn.
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${gateway.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", connection: "close" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.status).toBe(200);
    }
    expect(await until(() => requestLines(gateway.lines).length === 20, 5_000)).toBe(true);
    const pids = [...new Set(requestLines(gateway.lines).map((l) => l.pid!))];
    expect(pids).toHaveLength(2);

    // Whichever worker a scrape reaches, it reports both workers' requests.
    for (let i = 0; i < 2; i++) {
      const metrics = await (await fetch(`${gateway.base}/metrics`, { headers: { connection: "close" } })).text();
      const counted = [...metrics.matchAll(/^popfam_graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(counted).toBe(20);
    }

    // A worker that dies is replaced.
    process.kill(pids[0]!, "SIGKILL");
    expect(await until(() => gateway.lines.some((l) => l.includes("exited (SIGKILL): starting another")), 5_000)).toBe(true);
    expect(await until(() => gateway.lines.filter((l) => l.includes("GraphiQL: ")).length === 3, 20_000)).toBe(true);
    expect((await pollReady(gateway.base, 5_000)).status).toBe(200);

    gateway.child.kill("SIGTERM");
    expect((await gateway.exited).code).toBe(0);
    const workers = [...new Set(gateway.lines.filter((l) => l.includes("GraphiQL: ")).map((l) => (JSON.parse(l) as { pid: number }).pid))];
    expect(workers).toHaveLength(3);
    expect(workers.filter(alive)).toEqual([]);
  }, 90_000);
});

describe("SIGTERM on the built gateway", () => {
  let upstream: Server;
  let upstreamUrl = "";
  let received = 0;
  let delayMs = 0;

  beforeAll(async () => {
    // A provincial system that answers slowly (an error, after `delayMs`): the request that
    // waits on it is the one in flight when the signal comes.
    upstream = createServer((request, response) => {
      received++;
      request.resume();
      setTimeout(() => {
        response.statusCode = 503;
        response.end("busy");
      }, delayMs);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  const slowEnv = () => ({
    UPSTREAM_URL: upstreamUrl,
    UPSTREAM_SYSTEMS: "REGION_DIRECTORY",
    UPSTREAM_RETRIES: "0",
    UPSTREAM_TIMEOUT_MS: "20000",
  });
  const slowQuery = (base: string) =>
    fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ region(code: "320722") { name } }` }),
    });

  async function untilReceived(count: number) {
    while (received < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it("lets the request in flight finish, refuses new connections, and exits 0 within the deadline", async () => {
    delayMs = 2_000;
    const gateway = await startBuilt({ ...(await preparedDatabase()), ...slowEnv(), SHUTDOWN_TIMEOUT_MS: "8000" });
    expect((await pollReady(gateway.base, 10_000)).status).toBe(200);
    const before = received;
    const inFlight = slowQuery(gateway.base);
    await untilReceived(before + 1);
    const signalled = performance.now();
    gateway.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refused(gateway.base)).toBe(true);

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toMatch(/^UPSTREAM_/);
    const { code, at } = await gateway.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(8_000);
    expect(gateway.lines.join("\n")).toMatch(/drained in \d+ ms/);
  });

  it("cuts a request still running at the deadline, and still exits 0 on time", async () => {
    delayMs = 30_000;
    const gateway = await startBuilt({ ...(await preparedDatabase()), ...slowEnv(), SHUTDOWN_TIMEOUT_MS: "1000" });
    expect((await pollReady(gateway.base, 10_000)).status).toBe(200);
    const before = received;
    const inFlight = slowQuery(gateway.base).then(
      () => "answered",
      () => "cut",
    );
    await untilReceived(before + 1);
    const signalled = performance.now();
    gateway.child.kill("SIGTERM");
    const { code, at } = await gateway.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeGreaterThanOrEqual(900);
    expect(at - signalled).toBeLessThan(5_000);
    expect(await inFlight).toBe("cut");
    expect(gateway.lines.join("\n")).toContain("deadline reached: 1 request(s) cut");
  });
});
