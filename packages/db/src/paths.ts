import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `start` that holds `marker`, or null. */
function findUp(start: string, marker: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** This package's folder, whether it runs from source (src/) or built (dist/src/). */
export const packageDir = findUp(dirname(fileURLToPath(import.meta.url)), "package.json")!;

/**
 * The embedded database's home: `.data/pglite` at the root of the workspace the command runs in
 * (git-ignored), or under the current directory outside a workspace.
 */
export function defaultDataDir(cwd = process.cwd()): string {
  return join(findUp(cwd, "pnpm-workspace.yaml") ?? cwd, ".data", "pglite");
}
