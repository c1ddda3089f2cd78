// The log's destination: request lines written in batches, warnings and start-up lines at once,
// and nothing lost when the process exits.
import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { batchedDestination, createLogger, lineLogger } from "../src/observability/index.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function logFile() {
  const directory = mkdtempSync(join(tmpdir(), "popfam-log-"));
  directories.push(directory);
  const path = join(directory, "gateway.log");
  const fd = openSync(path, "a");
  const messages = () =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { fd, messages };
}

/**
 * Ends a destination: it writes what it holds, stops its periodic flush and closes its file. A
 * file closed under it instead would be written to by the next periodic flush (EBADF, or another
 * file that reused the descriptor).
 */
function ended(destination: ReturnType<typeof batchedDestination>): Promise<void> {
  return new Promise((resolve) => {
    destination.once("close", () => resolve());
    destination.end();
  });
}

describe("the log's destination", () => {
  it("holds request lines back, writes warnings and start-up lines at once with what came before, and the rest within a second", async () => {
    const file = logFile();
    const destination = batchedDestination(file.fd);
    const logger = createLogger("info", destination);
    logger.info({ status: 200 }, "graphql request");
    expect(file.messages()).toEqual([]);
    lineLogger(logger)("ready in 1.0 s");
    expect(file.messages()).toEqual(["graphql request", "ready in 1.0 s"]);
    logger.info({ status: 200 }, "graphql request");
    logger.warn({ system: "POPULATION_REGISTRY" }, "upstream error");
    expect(file.messages()).toEqual(["graphql request", "ready in 1.0 s", "graphql request", "upstream error"]);
    logger.info({ status: 200 }, "graphql request");
    expect(file.messages()).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(file.messages()).toHaveLength(5);
    logger.info({ status: 200 }, "graphql request");
    await ended(destination);
    expect(file.messages()).toHaveLength(6);
  });

  it("writes a full batch without waiting, in order", async () => {
    const file = logFile();
    const destination = batchedDestination(file.fd);
    const logger = createLogger("info", destination);
    for (let n = 0; n < 100; n++) logger.info({ n }, `line ${n}`);
    const written = file.messages();
    expect(written.length).toBeGreaterThan(50);
    expect(written).toEqual(Array.from({ length: written.length }, (_, n) => `line ${n}`));
    destination.flushSync();
    expect(file.messages()).toHaveLength(100);
    await ended(destination);
  });

  it("writes what it holds when the process exits", () => {
    const logger = fileURLToPath(new URL("../src/observability/logger.ts", import.meta.url));
    const script = `import { createLogger } from ${JSON.stringify(logger)}; const log = createLogger("info"); log.info("held"); log.info("then exit"); process.exit(3);`;
    let stdout = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    } catch (error) {
      expect((error as { status: number }).status).toBe(3);
      stdout = (error as { stdout: string }).stdout;
    }
    expect(stdout.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["held", "then exit"]);
  });
});
