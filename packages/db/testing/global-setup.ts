// The test run's global setup (the workspace's vitest.config.ts names it): a folder for the
// seeded-database snapshots of this run (snapshots.ts), named to the test workers in
// POPFAM_TEST_SNAPSHOTS; the teardown drops the run's template databases and the folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropTemplates, SNAPSHOT_DIR_ENV } from "./snapshots.js";

export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "popfam-snapshots-"));
  const previous = process.env[SNAPSHOT_DIR_ENV];
  process.env[SNAPSHOT_DIR_ENV] = dir;
  return async () => {
    try {
      await dropTemplates(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete process.env[SNAPSHOT_DIR_ENV];
      else process.env[SNAPSHOT_DIR_ENV] = previous;
    }
  };
}
