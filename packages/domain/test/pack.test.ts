// The SDK as another repository gets it: `pnpm pack` (publishConfig applied, workspace: replaced),
// installed with plain npm into a fresh project without the registry (zod, its peer, is packed from
// the workspace's copy), compiled strict with moduleResolution node16 and bundler by the
// workspace's tsc, and run with node.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const domainDir = new URL("..", import.meta.url).pathname;
const rootDir = join(domainDir, "..", "..");
const tsc = join(rootDir, "node_modules", "typescript", "bin", "tsc");
const work = mkdtempSync(join(tmpdir(), "popfam-sdk-"));
const consumer = join(work, "consumer");
let tarball = "";

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s: ${command.split("/").pop()} ${args.slice(0, 3).join(" ")}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

beforeAll(() => {
  run("npx", ["-y", "pnpm@10.34.8", "exec", "turbo", "run", "build", "--filter=@popfam/domain", "--output-logs=errors-only"], {
    cwd: rootDir,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  run("npx", ["-y", "pnpm@10.34.8", "pack", "--pack-destination", work], { cwd: domainDir });
  tarball = join(work, readdirSync(work).find((name) => name.endsWith(".tgz"))!);
  // zod from the workspace, packed as npm would fetch it: the install needs no registry.
  const zodDir = realpathSync(join(domainDir, "node_modules", "zod"));
  const stage = join(work, "zod-stage");
  cpSync(zodDir, join(stage, "package"), { recursive: true, dereference: true });
  const zodTarball = join(work, "zod.tgz");
  run("tar", ["czf", zodTarball, "-C", stage, "package"]);

  mkdirSync(join(consumer, "src"), { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "sdk-consumer", private: true, type: "module" }));
  writeFileSync(
    join(consumer, "src", "index.ts"),
    `import { IdNumber, parsePeriod, validateIdNumber } from "@popfam/domain";
import { z } from "zod";

const Request = z.object({ idNumber: IdNumber, period: z.string() });
const request = Request.parse({ idNumber: "11010519491231002X", period: "2024Q2" });
const check = validateIdNumber("11010519491231002X");
const wrong = validateIdNumber("110105194912310021");
const problem: string | undefined = wrong.valid ? undefined : wrong.problem;
console.log(JSON.stringify({ valid: check.valid, problem, period: parsePeriod(request.period).kind }));
`,
  );
  const strict = { strict: true, noUncheckedIndexedAccess: true, skipLibCheck: false, types: [], lib: ["ES2022", "DOM"], outDir: "out" };
  writeFileSync(join(consumer, "tsconfig.node16.json"), JSON.stringify({ compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", target: "ES2022" }, include: ["src"] }));
  // The node16 build also checks the SDK's declaration files themselves (skipLibCheck off); the
  // bundler one checks that resolution, the consumer's half of it.
  writeFileSync(
    join(consumer, "tsconfig.bundler.json"),
    JSON.stringify({ compilerOptions: { ...strict, skipLibCheck: true, module: "preserve", moduleResolution: "bundler", target: "ES2022", noEmit: true }, include: ["src"] }),
  );
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, zodTarball], { cwd: consumer });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed @popfam/domain", () => {
  it("ships its build and no workspace references; zod is a peer", () => {
    const manifest = JSON.parse(readFileSync(join(consumer, "node_modules", "@popfam", "domain", "package.json"), "utf8"));
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
    expect(manifest.peerDependencies).toEqual({ zod: expect.any(String) });
    expect(manifest.dependencies ?? {}).not.toHaveProperty("zod");
    const targets = Object.values(manifest.exports as Record<string, Record<string, string>>).flatMap((entry) => Object.values(entry));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target).toMatch(/^\.\/dist\//);
      expect(existsSync(join(consumer, "node_modules", "@popfam", "domain", target))).toBe(true);
    }
    // Nothing with a database came along.
    const installed = readdirSync(join(consumer, "node_modules")).filter((name) => !name.startsWith("."));
    expect(installed.sort()).toEqual(["@popfam", "zod"]);
  });

  it.each(["node16", "bundler"])("type-checks a strict consumer with moduleResolution %s", (resolution) => {
    run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], { cwd: consumer });
  }, 240_000); // 15–35 s on a quiet 2-core machine (the node16 run checks zod's declarations too)

  it("runs under node", () => {
    const output = run(process.execPath, ["out/index.js"], { cwd: consumer });
    expect(JSON.parse(output)).toEqual({ valid: true, problem: "CHECK_CHARACTER", period: "QUARTER" });
  });
});
