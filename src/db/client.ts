import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations, SQLWrapper } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import postgres from "postgres";
import { BoundedCache, registerCache, stringBytes } from "../lib/bounded-cache";
import { lockDataDirectory } from "./pglite-lock";
import { isConnectionError } from "./errors";
import { guarded, type Scope } from "./postgres-guard";
import { queryCountingLogger } from "./query-counter";
import { RoundTrips } from "./round-trips";
import { cancelsLoneStatements } from "./statement-deadline";

/** What both drivers have in common; features are written against this, never a driver. */
export type Database = PgDatabase<PgQueryResultHKT>;
export type Transaction = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/**
 * A function that works inside or outside a transaction takes an `Executor`.
 * Service functions that hand a query to GraphQL are `async`: a drizzle query is a thenable
 * that runs again each time it is awaited, and GraphQL plugins may await a result twice.
 */
export type Executor = Database | Transaction;

/**
 * Runs hand-written SQL and returns its rows. The drivers answer `execute` differently
 * (postgres.js: an array; PGlite: `{ rows }`); cast columns in SQL (::int, ::text) so both
 * give the same types.
 */
export async function selectRows<Row>(db: Executor, query: SQLWrapper | string): Promise<Row[]> {
  return rowsOf<Row>(await db.execute(query));
}

/** A raw result's rows, whichever driver gave it (postgres.js: an array; PGlite: `{ rows }`). */
export const rowsOf = <Row>(result: unknown): Row[] => (Array.isArray(result) ? result : (result as { rows: Row[] }).rows);

/** A json column's value: PGlite hands json over as text, postgres.js already parsed. */
export const jsonValue = <T>(value: string | T): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Where the data lives, for the start-up line; never includes a password. */
  description: string;
  close(): Promise<void>;
  /**
   * PostgreSQL only: swap in a fresh connection pool, for when postgres.js has left one of its
   * connections unusable (see `isPostgresJsWriteAfterClose`). Queries already running finish
   * on the old pool, which is then closed.
   */
  replacePool?(): void;
  /** Round trips to the database, for liveness (PostgreSQL: every statement; PGlite: none, probes only). */
  roundTrips: RoundTrips;
  /** LISTEN on a channel (see Listen). */
  listen: Listen;
}

/**
 * LISTEN on `channel`: `onNotify` gets each notification's payload, `onListening` is called once
 * listening starts and again after every reconnection (notifications sent in between are lost:
 * whoever listens must then look for itself). Gives the function that stops listening.
 * PostgreSQL: on a connection of its own, apart from the pool, which postgres.js re-establishes.
 */
export type Listen = (channel: string, onNotify: (payload: string) => void, onListening: () => void) => Promise<() => Promise<void>>;

/** Pool, timeouts and prepared statements for PostgreSQL; defaults suit tests and scripts. */
export interface PostgresOptions {
  poolMax: number;
  statementTimeoutMs: number;
  /** False behind a pooler that cannot keep a connection's prepared statements (PgBouncer before 1.21). */
  preparedStatements?: boolean;
  /** PostgreSQL ends a session left idle inside a transaction this long (no request outlives its deadline). */
  idleInTransactionTimeoutMs?: number;
}

export function openPostgres(
  url: string,
  options: PostgresOptions = { poolMax: 10, statementTimeoutMs: 30_000 },
): DatabaseHandle {
  const connect = () =>
    postgres(url, {
      max: options.poolMax,
      // Fail a connection attempt after 2 s instead of waiting for the OS: requests must fail fast.
      connect_timeout: 2,
      // Between attempts to reconnect: postgres.js's default backs off to 10-20 s, and queues
      // queries behind that wait, so requests hung 15 s and more while PostgreSQL was down and
      // for up to 9 s after it was back (test/faults/postgres-kill.fault.ts). At most 1 s here.
      backoff: reconnectBackoff,
      idle_timeout: 60,
      // Probe an idle socket after 10 s (postgres.js: 60 s), so a peer that vanished is noticed sooner.
      keep_alive: 10,
      connection: {
        // The server cancels runaway statements (SQLSTATE 57014, answered as TIMEOUT).
        statement_timeout: options.statementTimeoutMs,
        ...serverSideGuards(options.idleInTransactionTimeoutMs ?? 30_000),
        // Prepared statements are planned once per connection. In its default mode PostgreSQL
        // re-plans a statement on every execution whenever a plan for the values at hand looks
        // cheaper than the generic one, which `id = any($1)` with a single id always does:
        // planning then cost 3× the execution (0.17 of 0.23 ms for a measure with its history)
        // for the same index scans. Our statements are index lookups by id, keyset pages and
        // aggregates, whose plans do not hinge on the values (bench/RESULTS.md).
        plan_cache_mode: "force_generic_plan",
      },
      onnotice: () => {},
    });
  const first = connect();
  let client = first;
  const retiring = new Set<Promise<void>>();
  // drizzle keeps the client it was built with; it gets this stand-in, which hands each query
  // and transaction to the current pool, so that replacePool() can swap the pool under it.
  // drizzle uses nothing else of the client (and sets its value parsers once, on `options`).
  const policy = preparedStatementPolicy(MAX_PREPARED_STATEMENTS);
  const prepare = options.preparedStatements === false ? () => false : (text: string, asked: boolean) => asked || policy(text);
  const roundTrips = new RoundTrips();
  const control = backendControl(url);
  const current = {
    options: first.options,
    ...guarded(preparing(() => client, prepare), { roundTrips, terminate: control.terminate }),
  } as unknown as postgres.Sql;
  const db = drizzlePostgres({ client: current, logger: queryCountingLogger, casing: "snake_case" });
  cancelsLoneStatements.add(db);
  const { host, pathname } = new URL(url);
  let listener: postgres.Sql | undefined;
  return {
    db,
    kind: "postgres",
    description: `PostgreSQL at ${host}${pathname}`,
    roundTrips,
    async listen(channel, onNotify, onListening) {
      listener ??= postgres(url, { max: 1, connect_timeout: 2, backoff: reconnectBackoff, keep_alive: 10, onnotice: () => {} });
      const { unlisten } = await listener.listen(channel, onNotify, onListening);
      return unlisten;
    },
    replacePool() {
      const old = client;
      client = connect();
      Object.assign(client.options.parsers, first.options.parsers);
      Object.assign(client.options.serializers, first.options.serializers);
      const ended = old.end({ timeout: 5 }).catch(() => {});
      retiring.add(ended);
      void ended.then(() => retiring.delete(ended));
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), control.end(), listener?.end({ timeout: 2 }), ...retiring]);
    },
  };
}

/** Seconds before reconnecting, by attempt: at most 1 s (see openPostgres). */
const reconnectBackoff = (attempt: number) => (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** attempt, 1);

/** Statement texts each connection may keep prepared (see preparedStatementPolicy). */
const MAX_PREPARED_STATEMENTS = 200;

type Call = (...args: unknown[]) => unknown;

/**
 * Settings by which PostgreSQL itself ends what a client left behind: a session idle inside a
 * transaction (its locks held) past `idleInTransactionMs`, and one whose client has vanished
 * (keepalives on the server's side, and a check every 5 s while a statement runs).
 */
function serverSideGuards(idleInTransactionMs: number) {
  return {
    idle_in_transaction_session_timeout: idleInTransactionMs,
    tcp_keepalives_idle: 10,
    tcp_keepalives_interval: 5,
    tcp_keepalives_count: 3,
    client_connection_check_interval: 5000,
  };
}

/**
 * A connection of its own, apart from the pool (which may be the thing that is stuck), to end
 * backends of the pool from outside: opened when first needed, closed when idle.
 */
function backendControl(url: string) {
  let control: postgres.Sql | undefined;
  return {
    async terminate(pid: number): Promise<void> {
      control ??= postgres(url, { max: 1, connect_timeout: 2, idle_timeout: 10, onnotice: () => {}, connection: { statement_timeout: 2000 } });
      await control`select pg_terminate_backend(pid) from pg_stat_activity where pid = ${pid} and datname = current_database()`;
    },
    end: async () => {
      await control?.end({ timeout: 2 });
    },
  };
}

/**
 * drizzle asks postgres.js for unnamed statements unless a query is given a name, so each one
 * is sent as Parse/Describe, then (after a round trip) Bind/Execute, and parsed and planned
 * every time. This passes drizzle's statements on to `target()` (the pool, or a transaction's
 * connection, and so on down savepoints) as prepared ones when `prepare` says so (given the
 * text and whether drizzle asked, for a named query): sent once per connection, then
 * Bind/Execute alone.
 */
function preparing(target: () => Scope, prepare: (text: string, asked: boolean) => boolean): Scope {
  // A transaction's or savepoint's callback gets its connection wrapped the same way.
  const inScope = (args: unknown[]) =>
    args.map((arg) => (typeof arg === "function" ? (sql: Scope) => arg(preparing(() => sql, prepare)) : arg));
  return {
    unsafe: (text, parameters, options) => target().unsafe(text, parameters, { ...options, prepare: prepare(text, options?.prepare === true) }),
    begin: (...args: unknown[]) => (target().begin as Call)(...inScope(args)),
    savepoint: (...args: unknown[]) => (target().savepoint as Call)(...inScope(args)),
  };
}

/**
 * Which statement texts to prepare. postgres.js keeps a connection's prepared statements (and
 * PostgreSQL their plans) until the connection closes, so texts that vary per request (filter
 * shapes, lists of values as parameters, groupings) must not all be: a text is prepared from
 * its second use on, and at most `max` texts (of at most `max` × 16 KB) ever are; the rest are
 * sent unnamed, as before. (The DataLoader batch queries are named, see batchQuery, and always
 * prepared: their texts are constant, one per loader.) The texts seen once are the 10 × `max`
 * most recent.
 */
export function preparedStatementPolicy(max: number): (text: string) => boolean {
  const prepared = new Set<string>();
  const maxBytes = max * 16 * 1024;
  let bytes = 0;
  const seenOnce = new BoundedCache<string, true>("statement-texts-seen-once", { maxEntries: 10 * max, maxBytes: 10 * maxBytes }, stringBytes);
  // Never evicted: postgres.js would keep a forgotten text's statements on its connections anyway.
  registerCache({
    name: "prepared-statement-texts",
    stats: () => ({ name: "prepared-statement-texts", entries: prepared.size, bytes, maxEntries: max, maxBytes, evictions: 0 }),
  });
  return (text) => {
    if (prepared.has(text)) return true;
    if (prepared.size >= max || bytes + stringBytes(text) > maxBytes) return false;
    if (seenOnce.delete(text)) {
      prepared.add(text);
      bytes += stringBytes(text);
      return true;
    }
    seenOnce.set(text, true);
    return false;
  };
}

/**
 * postgres.js 3.4 has a bug that throws from a timer, where nothing can catch it: when a
 * connection dies inside a transaction, the transaction's ROLLBACK is written to the socket the
 * driver has already dropped (porsager/postgres#1208), and the process would end with this
 * TypeError. That connection can never send again, so whoever handles it must replacePool().
 */
export function isPostgresJsWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /\(reading 'write'\)/.test(error.message) &&
    /at (?:Immediate\.)?nextWrite \(.*[\\/]node_modules[\\/]postgres[\\/]/.test(error.stack ?? "")
  );
}

/**
 * postgres.js 3.4 reads the server's array types on each new connection in an async function
 * whose promise nobody holds (fetchArrayTypes): when the backend is terminated at that moment,
 * the rejection is unhandled and would end the process (seen in 1 of 3 runs of
 * test/faults/terminate-backends.fault.ts). The connection's own queries have failed already;
 * there is nothing left to do but let the pool reconnect.
 */
export function isPostgresJsOrphanedRejection(error: unknown): boolean {
  return isConnectionError(error) && /[\\/]node_modules[\\/]postgres[\\/]/.test((error as Error).stack ?? "");
}

/**
 * PGlite and drizzle's driver for it, loaded only when the embedded database is opened: a server
 * on PostgreSQL never needs them.
 */
const pgliteModules = () => ({
  PGlite: (require("@electric-sql/pglite") as typeof import("@electric-sql/pglite")).PGlite,
  drizzlePglite: (require("drizzle-orm/pglite") as typeof import("drizzle-orm/pglite")).drizzle,
});

/**
 * The embedded database. `source` is a data directory on disk, or an already opened
 * PGlite (tests open one from a migrated template kept in memory).
 */
export function openPglite(source: string | PGlite): DatabaseHandle {
  const { PGlite, drizzlePglite } = pgliteModules();
  let client: PGlite;
  let unlock = () => {};
  if (typeof source === "string") {
    mkdirSync(source, { recursive: true });
    unlock = lockDataDirectory(source);
    client = new PGlite(source);
  } else {
    client = source;
  }
  const db = drizzlePglite({ client, logger: queryCountingLogger, casing: "snake_case" });
  return {
    db,
    kind: "pglite",
    roundTrips: new RoundTrips(),
    description: typeof source === "string" ? `embedded PGlite in ${source}` : "embedded PGlite in memory",
    // One connection, in this process: it never drops, so listening starts once.
    async listen(channel, onNotify, onListening) {
      const unlisten = await client.listen(channel, onNotify);
      onListening();
      return unlisten;
    },
    // Idempotent, as postgres.js's end() is: shutdown paths may close twice.
    close: async () => {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}
