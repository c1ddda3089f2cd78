// The gateway's one logger: pino, one JSON object per line on stdout, the level from LOG_LEVEL.
// No ID number or phone number reaches a line, whatever put it in a message; variables, tokens
// and request bodies are never logged.
import { maskPersonalDataInText } from "@popfam/domain";
import cluster from "node:cluster";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

/** How long a request's line may wait in the buffer before it is written. */
const LOG_FLUSH_MS = 1000;
/** A buffer of log lines is written once it holds this many bytes. */
const LOG_BATCH_BYTES = 4096;

/**
 * A file descriptor (stdout), its lines written in batches of about 4 KB and at least every second: a write is a
 * system call that wakes whoever reads the pipe, and at a thousand requests a second one for each
 * request's line was a sizeable part of a small request's cost. A line at `warn` or above and the
 * lines the gateway logs with `flush` (start-up, shutdown) are written at once, as is whatever is
 * buffered when the process exits; a process killed outright loses at most the last second's
 * request lines.
 */
export function batchedDestination(fd = 1): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest: fd, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  process.once("exit", () => {
    try {
      destination.flushSync();
    } catch {
      // Ended or closed already: it holds nothing.
    }
  });
  return destination;
}

export function createLogger(level: LoggerOptions["level"] = "info", destination: DestinationStream = batchedDestination()): Logger {
  const flush = flushOf(destination);
  const options: LoggerOptions = {
    level,
    // In a cluster (WORKERS > 1) each line names the worker process that wrote it.
    base: { service: "popfam-gateway", ...(cluster.isWorker ? { pid: process.pid } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method, level) {
        // Messages only: structured fields are chosen by the gateway and carry no personal data.
        const masked = args.map((arg) => (typeof arg === "string" ? maskPersonalDataInText(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, masked);
        // A warning or an error is out before the next statement runs, as a start-up line is (lineLogger).
        if (level >= WARN) flush();
      },
    },
  };
  return pino(options, destination);
}

const WARN = 40;

/** Writes out what a destination holds, if it buffers (a SonicBoom); nothing for a plain stream. */
function flushOf(destination: unknown): () => void {
  const buffered = destination as { flushSync?: () => void };
  return typeof buffered.flushSync === "function" ? () => buffered.flushSync!() : () => {};
}

/**
 * A function that logs a line at `info` and writes it out at once: the start-up lines show while
 * the first start seeds (long stretches of database work between event-loop turns), and the
 * shutdown lines before the process ends.
 */
export function lineLogger(logger: Logger): (line: string) => void {
  const flush = flushOf((logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym]);
  return (line) => {
    logger.info(line);
    flush();
  };
}

/** A logger that writes nothing (tests, and an embedding that brings none). */
export const silentLogger = (): Logger => pino({ level: "silent" });
