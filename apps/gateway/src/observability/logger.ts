// The gateway's one logger: pino, one JSON object per line on stdout, the level from LOG_LEVEL.
// No ID number or phone number reaches a line, whatever put it in a message; variables, tokens
// and request bodies are never logged.
import { maskPersonalDataInText } from "@popfam/domain";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

export function createLogger(level: LoggerOptions["level"] = "info", destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: "popfam-gateway" },
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
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (tests, and an embedding that brings none). */
export const silentLogger = (): Logger => pino({ level: "silent" });
