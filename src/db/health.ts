import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { isConnectionError } from "./errors";
import type { RoundTrips } from "./round-trips";

export interface DatabaseHealth {
  /** Readiness: a statement sent now through the shared pool is answered within `timeoutMs`. */
  answersWithin(timeoutMs: number): Promise<boolean>;
  /** Liveness: false once round trips have been wanted and none answered for `stallMs`. */
  alive(): boolean;
  stop(): void;
}

/**
 * Readiness and liveness of the database path. Liveness follows the round trips of requests
 * (RoundTrips) and of a probe sent every `probeEveryMs` while nothing else has been answered
 * that recently, so an idle service keeps a current figure, and a service whose every
 * connection is stuck (the probe too) stops being alive and is restarted.
 */
export function watchDatabase(db: Database, roundTrips: RoundTrips, { stallMs, probeEveryMs }: { stallMs: number; probeEveryMs: number }): DatabaseHealth {
  let probing: Promise<boolean> | undefined;
  /** One `select 1` at a time: a probe that hangs is not joined by more. */
  const probe = () =>
    (probing ??= (async () => {
      roundTrips.began();
      try {
        await db.execute(sql`select 1`);
        roundTrips.answered();
        return true;
      } catch (error) {
        if (!isConnectionError(error)) roundTrips.answered();
        return false;
      } finally {
        probing = undefined;
      }
    })());
  const timer = setInterval(() => {
    if (roundTrips.sinceLastAnswer() >= probeEveryMs) void probe();
  }, probeEveryMs);
  timer.unref();

  return {
    async answersWithin(timeoutMs) {
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([probe(), late]);
      } finally {
        clearTimeout(timeout);
      }
    },
    alive: () => roundTrips.stalledFor() < stallMs,
    stop: () => clearInterval(timer),
  };
}
