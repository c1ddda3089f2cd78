// The bench's flags (see main.ts's header for what each one does).
import { parseArgs } from "node:util";

export interface Options {
  county: string;
  /** A township of the county for the one-township births row; its first child when not given. */
  township: string | null;
  period: string;
  /** Connections of the loaded run (--connections, or --concurrency as before). */
  connections: number;
  /** Seconds each path is loaded for, at --connections and at one connection, in each round. */
  durationS: number;
  /** When set, a fixed number of requests per run instead of --duration. */
  requests: number | null;
  /** Requests sent before each measured run (not counted). */
  warmup: number;
  /** Seconds each path is loaded for before its first round of each query (not counted): measured settled, as a server runs for days. */
  settleS: number;
  rounds: number;
  /** The provincial-systems simulator's added latency per upstream call on the README rows' http path, ms (0: no http path). */
  latency: number;
  jitter: number;
  /** Only the rows whose title contains this text (all rows when empty). */
  rows: string;
  /** Requests per path for each README row, at one connection. */
  readmeRequests: number;
  /** Skip the README rows. */
  skipReadme: boolean;
}

export const USAGE = `usage: pnpm bench -- [--rows <text>] [--duration <s>] [--rounds <n>] [--connections <n>]
       [--requests <n>] [--warmup <n>] [--settle <s>] [--county <code>] [--township <code>] [--period <p>]
       [--readme-requests <n>] [--no-readme] [--latency <ms>] [--jitter <ms>]`;

export function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    // `pnpm bench -- --flag` hands the script a literal "--" first.
    args: argv.filter((arg, i) => !(i === 0 && arg === "--")),
    options: {
      county: { type: "string", default: "320722" },
      township: { type: "string" },
      period: { type: "string", default: "2021" },
      connections: { type: "string" },
      concurrency: { type: "string" },
      duration: { type: "string", default: "5" },
      requests: { type: "string" },
      warmup: { type: "string", default: "20" },
      settle: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      latency: { type: "string", default: "3" },
      jitter: { type: "string", default: "1" },
      rows: { type: "string", default: "" },
      "readme-requests": { type: "string", default: "20" },
      "no-readme": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (flag: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be an integer of at least ${min}, not '${text}'`);
    return n;
  };
  const duration = Number(values.duration);
  const settle = Number(values.settle);
  if (!Number.isFinite(settle) || settle < 0) throw new Error(`--settle must be a number of seconds, 0 or more, not '${values.settle}'`);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`--duration must be a number of seconds above 0, not '${values.duration}'`);
  return {
    county: values.county,
    township: values.township ?? null,
    period: values.period,
    connections: count("connections", values.connections ?? values.concurrency ?? "32", 1),
    durationS: duration,
    requests: values.requests === undefined ? null : count("requests", values.requests, 1),
    warmup: count("warmup", values.warmup, 0),
    settleS: settle,
    rounds: count("rounds", values.rounds, 1),
    latency: count("latency", values.latency, 0),
    jitter: count("jitter", values.jitter, 0),
    rows: values.rows,
    readmeRequests: count("readme-requests", values["readme-requests"], 1),
    skipReadme: values["no-readme"],
  };
}
