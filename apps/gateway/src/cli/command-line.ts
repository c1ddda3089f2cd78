// The gateway's commands read their flags one way: `pnpm <script> -- --flag` hands a literal "--"
// first, a bad flag or a missing one prints the problem and the usage and exits 2, --help prints
// the usage and exits 0.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed flags; exits the process for --help (0) and for a flag it cannot parse (2). */
export function readFlags<const O extends Options>(usage: string, options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O }>>["values"] {
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    failUsage(usage, error instanceof Error ? error.message : String(error));
  }
}

/** Prints a problem with the flags and the usage, and exits 2. */
export function failUsage(usage: string, message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}
