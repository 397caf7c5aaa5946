import type postgres from "postgres";
import { isConnectionError } from "./errors";
import type { RoundTrips } from "./round-trips";
import { takeStatementDeadline } from "./statement-deadline";

/** What drizzle calls on a postgres.js client: `unsafe`, and `begin` on the pool or `savepoint` in a transaction. */
export interface Scope {
  unsafe: postgres.Sql["unsafe"];
  begin?: unknown;
  savepoint?: unknown;
}
type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * The parts of a postgres.js 3.4 query this relies on: the driver settles it through its own
 * `resolve` and `reject`, and gives it its connection's backend (`state`) once it is sent.
 */
interface DriverQuery {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  state: { pid: number | null } | null;
}

export interface GuardHooks {
  roundTrips: RoundTrips;
  /** Ends a backend from outside (pg_terminate_backend): PostgreSQL rolls its transaction back and closes its connection. */
  terminate(pid: number): Promise<void>;
}

/** Thrown at a statement sent through a transaction that has ended or lost its connection. */
export class TransactionEndedError extends Error {
  constructor(readonly cause: unknown) {
    super("The transaction has ended; its statement was not sent");
    this.name = "TransactionEndedError";
  }
}

/** A promise that never settles: a callback that returns it leaves postgres.js no COMMIT or ROLLBACK to send. */
const NEVER = new Promise<never>(() => {});

/**
 * Puts every statement through `hooks.roundTrips`, and every transaction behind a fence.
 *
 * postgres.js 3.4 keeps a transaction's connection object after that connection has closed,
 * and the pool reconnects and hands out the same object again (porsager/postgres#1216, #1186).
 * When a backend was terminated under load, a request's transaction callback went on sending
 * its statements (and then postgres.js its COMMIT or ROLLBACK) down a connection that now served
 * another request's transaction: statements ran in the wrong transaction, the two requests'
 * replies crossed, and backends were left "active, ClientRead" inside open transactions, waiting
 * for a message that never came, while the driver waited for their answers. The fence:
 * - once a transaction has ended, or its connection is lost, nothing more is sent through it;
 *   statements still queued on a lost connection fail at once instead of waiting forever;
 * - after a lost connection the callback never returns to postgres.js, so the driver sends no
 *   COMMIT or ROLLBACK down a connection object that may already serve someone else;
 * - a callback that gives up while its statements are still out (a request past its deadline)
 *   has its backend ended (`hooks.terminate`): PostgreSQL rolls the transaction back and closes
 *   the connection, which the pool replaces. It is never handed out again half-way.
 */
export function guarded(target: Scope, hooks: GuardHooks): Scope {
  return {
    unsafe: (text, parameters, options) => tracked(target.unsafe(text, parameters, options), hooks.roundTrips),
    begin: (...args: unknown[]) => {
      const fn = args.pop() as (sql: Scope) => Promise<unknown>;
      const transaction = new GuardedTransaction(hooks);
      const done = (target.begin as Call)(...args, (sql: Scope) => transaction.run(sql, fn));
      // postgres.js rejects the transaction when its connection closes, whatever the callback is doing.
      done.catch((error: unknown) => isConnectionError(error) && transaction.lose(error));
      return done;
    },
  };
}

class GuardedTransaction {
  /** Why nothing more may be sent (TransactionEndedError's cause); undefined while the transaction is open. */
  private ended: { cause: unknown } | undefined;
  private lost = false;
  private readonly inFlight = new Set<DriverQuery>();
  /** The backend's pid, once a statement has been sent. */
  private pid: number | null = null;

  constructor(private readonly hooks: GuardHooks) {}

  async run(sql: Scope, fn: (sql: Scope) => Promise<unknown>): Promise<unknown> {
    let result: unknown;
    try {
      result = await fn(this.scope(sql));
    } catch (error) {
      if (this.lost) return NEVER;
      if (this.inFlight.size > 0 && this.abandon(error)) return NEVER;
      this.ended ??= { cause: error };
      throw error;
    }
    if (this.lost) return NEVER;
    this.ended ??= { cause: undefined };
    return result;
  }

  /** The connection is gone: fail what is still out, and send nothing more. */
  lose(error: unknown): void {
    if (this.lost) return;
    this.lost = true;
    this.ended ??= { cause: error };
    for (const query of this.inFlight) query.reject(error);
  }

  /**
   * The callback failed with statements still out: the backend is ended rather than the
   * ROLLBACK queued behind them (they may wait on a lock, or on a connection that will never
   * answer). Gives false when no statement has reached a connection yet: the driver's ROLLBACK
   * then follows them, on a connection that is sound.
   */
  private abandon(reason: unknown): boolean {
    const pid = this.pid ?? [...this.inFlight].map((query) => query.state?.pid).find((known) => known != null);
    if (pid == null) return false;
    this.ended ??= { cause: reason };
    void this.hooks.terminate(pid).catch(() => {
      // PostgreSQL ends the session itself after idle_in_transaction_session_timeout.
    });
    return true;
  }

  /** The transaction's (or a savepoint's) client, as drizzle gets it. */
  private scope(sql: Scope): Scope {
    return {
      unsafe: (text, parameters, options) => {
        if (this.ended) return refused(new TransactionEndedError(this.ended.cause));
        return this.send(sql.unsafe(text, parameters, options));
      },
      savepoint: (...args: unknown[]) => {
        if (this.ended) return Promise.reject(new TransactionEndedError(this.ended.cause));
        const fn = args.pop() as (sql: Scope) => Promise<unknown>;
        return (sql.savepoint as Call)(...args, (inner: Scope) => fn(this.scope(inner)));
      },
    };
  }

  private send<Q>(query: Q): Q {
    const driven = query as unknown as DriverQuery;
    const { resolve, reject } = driven;
    this.inFlight.add(driven);
    this.hooks.roundTrips.began();
    driven.resolve = (value) => {
      this.inFlight.delete(driven);
      this.pid ??= driven.state?.pid ?? null;
      this.hooks.roundTrips.answered();
      resolve(value);
    };
    driven.reject = (error) => {
      this.inFlight.delete(driven);
      if (isConnectionError(error)) this.lose(error);
      else this.hooks.roundTrips.answered();
      reject(error);
    };
    return query;
  }
}

/**
 * A statement outside a transaction: counted, and cancelled if it is still out at its deadline
 * (sendBefore). PostgreSQL then rolls back what it did. (Should it end in the
 * moment the cancel is on its way, the cancel may reach the next statement of that connection.)
 */
function tracked<Q>(query: Q, roundTrips: RoundTrips): Q {
  const driven = query as unknown as DriverQuery & { cancel(): unknown };
  const { resolve, reject } = driven;
  const deadline = takeStatementDeadline();
  const cancel = () => void driven.cancel();
  deadline?.addEventListener("abort", cancel, { once: true });
  roundTrips.began();
  driven.resolve = (value) => {
    deadline?.removeEventListener("abort", cancel);
    roundTrips.answered();
    resolve(value);
  };
  driven.reject = (error) => {
    deadline?.removeEventListener("abort", cancel);
    if (!isConnectionError(error)) roundTrips.answered();
    reject(error);
  };
  return query;
}

/** What `unsafe` gives for a statement that is not sent: drizzle calls `.values()` on it, then awaits it. */
function refused<Q>(error: Error): Q {
  const query = {
    values: () => query,
    then: (onFulfilled?: (value: never) => unknown, onRejected?: (reason: unknown) => unknown) =>
      Promise.reject(error).then(onFulfilled, onRejected),
  };
  return query as unknown as Q;
}
