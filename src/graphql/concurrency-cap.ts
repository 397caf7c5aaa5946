import { rateLimited } from "./rate-limit";

/**
 * At most `max` operations of one principal (see principalOf) run at once on this instance, so
 * one client can never hold every database connection while everyone else waits. One over the
 * cap is refused at once with 429 RATE_LIMITED rather than queued: by then it holds an
 * admission slot, the very thing the cap protects.
 */
export function concurrencyCap(max: number) {
  // Only principals with an operation running: an entry goes when its count is back to 0.
  const running = new Map<string, number>();
  return {
    /** Takes one of the principal's slots, or throws RATE_LIMITED; gives back a release that frees it (once). */
    enter(principal: string): () => void {
      const count = running.get(principal) ?? 0;
      if (count >= max) {
        throw rateLimited(`Too many requests at once: at most ${max} operations of one client run at a time; try again in 1 s`, 1);
      }
      running.set(principal, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = running.get(principal)! - 1;
        if (left === 0) running.delete(principal);
        else running.set(principal, left);
      };
    },
  };
}
