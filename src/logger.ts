import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";

/**
 * Lines are written to stdout once 4 KiB have gathered, and at least every quarter second: a
 * write per line (the access log's, one per request) cost ~0.09 ms of the process's CPU per
 * request, 8% of a status change's (bench/RESULTS.md, "The write"). Pending lines are written
 * on exit too (pino flushes its destination then).
 */
const LOG_BATCH = { minLength: 4096, periodicFlush: 250 };

/**
 * Structured JSON logs. Tokens and secrets never reach them: authorization headers, cookies
 * and anything named like a secret or token are redacted wherever they appear.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: "mobility-plan" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "*.headers.authorization",
        "*.headers.cookie",
        "*.token",
        "*.secret",
        "*.jwtSecret",
        "*.password",
        "*.databaseUrl",
      ],
      censor: "[redacted]",
    },
  }, pino.destination({ dest: 1, ...LOG_BATCH }));
}

export type { Logger };
