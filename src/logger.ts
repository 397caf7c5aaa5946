import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";

/**
 * Structured JSON logs. Tokens and secrets never reach them: authorization headers, cookies
 * and anything named like a secret or token are redacted wherever they appear.
 *
 * Lines are written to stdout asynchronously: a synchronous write per line (pino's default)
 * is a system call per request on the event loop, ~4% of the CPU of a small query
 * (bench/RESULTS.md); written from libuv's thread pool, lines logged meanwhile go out together.
 * pino flushes what is pending when the process exits, a fatal error's exit included.
 */
export function createLogger(level: LogLevel): Logger {
  const options: pino.LoggerOptions = {
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
  };
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

export type { Logger };
