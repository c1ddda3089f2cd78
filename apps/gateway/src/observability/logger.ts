// The gateway's one logger: pino, one JSON object per line on stdout, the level from LOG_LEVEL.
// No ID number or phone number reaches a line, whatever put it in a message; variables, tokens
// and request bodies are never logged.
import { maskPersonalDataInText } from "@popfam/domain";
import cluster from "node:cluster";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

export function createLogger(level: LoggerOptions["level"] = "info", destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    // In a cluster (WORKERS > 1) each line names the worker process that wrote it.
    base: { service: "popfam-gateway", ...(cluster.isWorker ? { pid: process.pid } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        // Messages only: structured fields are chosen by the gateway and carry no personal data.
        const masked = args.map((arg) => (typeof arg === "string" ? maskPersonalDataInText(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  // Written synchronously, as console.log writes to a pipe or a file: a line is out before the
  // next statement runs, so the start-up lines show while the first start seeds (long stretches
  // of database work between event-loop turns) and nothing is lost if the process dies.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

/** A logger that writes nothing (tests, and an embedding that brings none). */
export const silentLogger = (): Logger => pino({ level: "silent" });
