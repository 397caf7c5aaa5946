/**
 * Every request has a deadline (REQUEST_TIMEOUT_MS from its arrival): past it the client is
 * answered TIMEOUT, and the request's transaction, if one is open, is rolled back (see
 * src/db/postgres-guard.ts for what happens to its connection).
 */

/** What a request gets past its deadline; answered as TIMEOUT. */
export class DeadlineExceededError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The request did not finish within ${timeoutMs / 1000} s and was cancelled`);
    this.name = "DeadlineExceededError";
  }
}

/**
 * A deadline `timeoutMs` from now; `clear()` it once the request is answered (its timer goes).
 * `renew()` moves it to `timeoutMs` from now, for an answer that is sent in parts and makes
 * progress (a CSV export), unless it has passed already.
 */
export function startDeadline(timeoutMs: number): { signal: AbortSignal; clear(): void; renew(): void } {
  const controller = new AbortController();
  const start = () => {
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
    // It only ends work; it keeps no process alive.
    timer.unref();
    return timer;
  };
  let timer = start();
  return {
    signal: controller.signal,
    clear: () => clearTimeout(timer),
    renew: () => {
      if (controller.signal.aborted) return;
      clearTimeout(timer);
      timer = start();
    },
  };
}

/**
 * `work`'s outcome, or DeadlineExceededError as soon as the deadline passes (the work itself
 * goes on until it notices, or ends). Past the deadline, `work` is not started.
 */
export async function beforeDeadline<T>(deadline: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (deadline.aborted) throw deadline.reason;
  let onAbort!: () => void;
  const passed = new Promise<never>((_, reject) => {
    onAbort = () => reject(deadline.reason as Error);
    deadline.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work(), passed]).finally(() => deadline.removeEventListener("abort", onAbort));
}

/** Whether `error` is, or was caused by, a deadline passing (drizzle and the database guard wrap errors in others). */
export function deadlineExceeded(error: unknown): DeadlineExceededError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DeadlineExceededError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
