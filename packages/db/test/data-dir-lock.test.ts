import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/client.js";
import { DataDirInUseError } from "../src/data-dir-lock.js";

const scratch = mkdtempSync(join(tmpdir(), "popfam-lock-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the embedded database's data directory", () => {
  it("is held by one process at a time and released on close", async () => {
    const dataDir = join(scratch, "a");
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by process/);
    await first.close();
    const reopened = await openDatabase({ dataDir });
    await reopened.close();
    // Another process's lock: its pid in the lock file.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(`${dataDir}.lock`, String(other.pid));
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const dataDir = join(scratch, "b");
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    writeFileSync(`${dataDir}.lock`, String(gone.pid));
    const db = await openDatabase({ dataDir });
    await db.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });
});
