import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";

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
  },
  // Written asynchronously: a line per request written at once cost a write(2) each, 6% of a
  // write request's CPU (bench/RESULTS.md); under load the lines waiting meanwhile go out in one.
  // pino writes what is left when the process exits.
  pino.destination({ sync: false }));
}

export type { Logger };
