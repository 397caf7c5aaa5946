import type { Database } from "./client";

/**
 * The deadline of a statement sent alone, outside a transaction: if it is still out when the
 * deadline passes, it is cancelled (on PostgreSQL, src/db/postgres-guard.ts), so that it neither
 * waits on behind a lock, holding a connection of the pool, nor commits after its client was
 * answered TIMEOUT. (Handed over beside the call rather than through AsyncLocalStorage: on Node
 * 20, one AsyncLocalStorage in use puts a hook on every promise of the process.)
 */
let deadlineOfNextStatement: AbortSignal | undefined;

/**
 * Calls `send`, whose statement reaches the driver synchronously (drizzle's `execute` calls
 * the driver before its first await), with `deadline` as that statement's.
 */
export function sendBefore<T>(deadline: AbortSignal, send: () => T): T {
  deadlineOfNextStatement = deadline;
  try {
    return send();
  } finally {
    deadlineOfNextStatement = undefined;
  }
}

/** The deadline of the statement being sent (sendBefore), taken once. */
export function takeStatementDeadline(): AbortSignal | undefined {
  const deadline = deadlineOfNextStatement;
  deadlineOfNextStatement = undefined;
  return deadline;
}

/**
 * The handles that cancel a lone statement at its deadline (PostgreSQL's). PGlite cannot: a
 * statement queued behind another's transaction runs once its turn comes, so work that must not
 * outlive its deadline runs there in a transaction, which is given up (rolled back) at the deadline.
 */
export const cancelsLoneStatements = new WeakSet<Database>();
