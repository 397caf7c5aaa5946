import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "drizzle-orm";

/**
 * Counts the SQL statements a request sends, so tests and the benchmark can prove that
 * batching holds (round trips must not grow with page size). Near zero cost.
 */
interface StatementCount {
  statements: number;
}

const current = new AsyncLocalStorage<StatementCount>();

export const queryCountingLogger: Logger = {
  logQuery() {
    const count = current.getStore();
    if (count) count.statements += 1;
  },
};

/** Runs `fn` (and all it starts) with a fresh statement counter. */
export function countStatements<T>(fn: () => T): T {
  return current.run({ statements: 0 }, fn);
}

/** Statements sent so far inside the current `countStatements`; 0 outside one. */
export function statementsSoFar(): number {
  return current.getStore()?.statements ?? 0;
}

/** Runs `fn` (and all it starts) outside any request's count: work a request merely set off (the event feed's reads). */
export function uncounted<T>(fn: () => T): T {
  return current.exit(fn);
}
