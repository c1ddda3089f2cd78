// The project's test command: typecheck and lint every package, then run every test (vitest), and end
// with one plain summary line ("N passed, N failed, N skipped").
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const bin = (name) => join(import.meta.dirname, "..", "node_modules", ".bin", name);

// The build too: the tests of the built gateway and of the packed SDK then find it in turbo's cache.
const checks = spawnSync(bin("turbo"), ["run", "typecheck", "lint", "build", "--output-logs=errors-only"], { stdio: "inherit", env });
if (checks.status !== 0) {
  console.error("typecheck, lint or build failed");
  process.exit(checks.status ?? 1);
}

const dir = mkdtempSync(join(tmpdir(), "popfam-test-"));
const results = join(dir, "results.json");
const vitest = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}`, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
try {
  const summary = JSON.parse(readFileSync(results, "utf8"));
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests + summary.numTodoTests} skipped`);
  if (vitest.status !== 0 && summary.numFailedTests === 0) console.log("the run failed outside the tests: see the errors above");
} catch {
  console.log("\ntests: the test run did not finish");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(vitest.status ?? 1);
