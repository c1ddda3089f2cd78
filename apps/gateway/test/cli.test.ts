// The commands a user runs: the gateway's start (first start migrates and seeds) and the token CLI.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyToken } from "../src/auth/tokens.js";
import { loadConfig } from "../src/env.js";

const gatewayDir = new URL("..", import.meta.url).pathname;
const tsx = join(gatewayDir, "..", "..", "node_modules", ".bin", "tsx");
// Workspace packages from their sources, as `pnpm start` runs them.
const tsxFlags = ["--conditions=@popfam/source"];
const scratch = mkdtempSync(join(tmpdir(), "popfam-cli-"));
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts the gateway, waits for it to print its URL, and returns the lines and the URL. */
async function startGatewayProcess(env: Record<string, string>) {
  const child = spawn(tsx, [...tsxFlags, "src/main.ts"], { cwd: gatewayDir, env: { ...baseEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${lines.join("\n")}`)), 90_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        lines.push(line);
        // The start-up lines are JSON log lines: the URL ends at the closing quote of the message.
        const match = /GraphQL endpoint and GraphiQL: ([^\s"]+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${lines.join("\n")}`)));
  });
  const stop = () => new Promise<void>((resolve) => { child.once("exit", () => resolve()); child.kill("SIGTERM"); });
  return { url, lines, stop };
}

describe("pnpm start", () => {
  it("migrates and seeds the embedded database on first start, then serves the graph; later starts reuse it", async () => {
    const env = { DATA_DIR: join(scratch, "pglite"), SEED_SCALE: "0.01", PORT: "0", HOST: "127.0.0.1" };
    const first = await startGatewayProcess(env);
    try {
      expect(first.lines.join("\n")).toMatch(/first start: writing the synthetic data set/);
      expect(first.lines.join("\n")).toMatch(/seeded in/);
      const response = await fetch(first.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ region(code: "310116") { name indicators(period: "2025", codes: [BIRTH_RATE]) { value } } }` }),
      });
      const body = (await response.json()) as { data: { region: { name: string; indicators: { value: number }[] } } };
      expect(body.data.region.name).toBe("金山区");
      expect(body.data.region.indicators[0]!.value).toBeGreaterThan(0);
    } finally {
      await first.stop();
    }
    const second = await startGatewayProcess(env);
    await second.stop();
    expect(second.lines.join("\n")).not.toMatch(/first start/);
  }, 180_000);

  it("refuses to start in production without a JWT secret, naming the variable", () => {
    const result = spawnSync(tsx, [...tsxFlags, "src/main.ts"], {
      cwd: gatewayDir,
      env: { ...baseEnv, NODE_ENV: "production", DATA_DIR: join(scratch, "never"), PORT: "0" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/JWT_SECRET: is required in production/);
  });
});

describe("the token CLI", () => {
  it("mints a token the gateway accepts, carrying the jurisdiction and scopes", async () => {
    const result = spawnSync(tsx, [...tsxFlags, "src/cli/token.ts", "--subject", "alice", "--jurisdiction", "320722101", "--scope", "pii:read"], {
      cwd: gatewayDir,
      env: baseEnv,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const principal = await verifyToken(loadConfig({}).auth, result.stdout.trim());
    expect(principal).toMatchObject({ subject: "alice", role: "OFFICER", jurisdiction: "320722101" });
    expect([...principal.scopes]).toEqual(["pii:read"]);
  });

  it("prints its usage for --help, and names a bad option instead of minting", () => {
    const help = spawnSync(tsx, [...tsxFlags, "src/cli/token.ts", "--", "--help"], { cwd: gatewayDir, env: baseEnv, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--jurisdiction <code>/);
    expect(help.stdout).toMatch(/pii:read/);
    for (const [args, message] of [
      [["--jurisdiction", "32072"], /--jurisdiction must be/],
      [["--jurisdiction", "320722", "--role", "KING"], /--role must be one of/],
      [["--jurisdiction", "320722", "--scope", "all"], /--scope must be one of/],
      [["--jurisdiction", "320722", "--colour", "red"], /Unknown option '--colour'/],
    ] as const) {
      const result = spawnSync(tsx, [...tsxFlags, "src/cli/token.ts", ...args], { cwd: gatewayDir, env: baseEnv, encoding: "utf8" });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
  });
});

describe("the seed command", () => {
  it("prints its usage for --help without touching a database", () => {
    const result = spawnSync(tsx, [...tsxFlags, "../../packages/db/seed/cli.ts", "--", "--help"], { cwd: gatewayDir, env: { ...baseEnv, DATA_DIR: join(scratch, "untouched") }, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--scale <n>/);
    expect(result.stdout).toMatch(/--reset/);
  });
});
