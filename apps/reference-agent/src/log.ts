import type { Logger as CoreLogger } from "@a2akit/server-core";
import { type Logger, pino } from "pino";

/** The app's structured logger: JSON lines on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "reference-agent" } });
}

/** Adapts pino to the `{ debug, info, warn, error }` shape the a2akit packages log through. */
export function coreLogger(log: Logger): CoreLogger {
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}
