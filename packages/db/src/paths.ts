import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The embedded database's home: `.data/pglite` at the repository root (git-ignored). */
export const defaultDataDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", ".data", "pglite");
