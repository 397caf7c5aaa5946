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
  });
}

export type { Logger };
