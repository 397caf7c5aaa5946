import type { Database, Listen } from "../../db/client";
import { uncounted } from "../../db/query-counter";
import type { AdmissionTurns } from "../../lib/admission";
import type { Logger } from "../../logger";
import { EVENTS_CHANNEL, eventsAfter, newestEventId, purgeEvents, type EventRow, type EventType } from "./events.service";

/** Events read from the table per statement, by the feed and by a subscription catching up. */
const BATCH = 200;
/**
 * Events a subscription may hold for a consumer that has not taken them yet. Past it the
 * subscription drops what it holds and catches up from the table at its consumer's pace, so a
 * slow consumer costs the process at most this many events, never an unbounded buffer.
 */
const MAX_QUEUED = 500;
/** How often expired events are purged. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

export interface EventFeedOptions {
  /** The database handle's LISTEN; without it the feed polls alone. */
  listen?: Listen;
  /** The safety net: the table is read this often whatever NOTIFY says. */
  pollIntervalMs: number;
  retentionDays: number;
  logger: Logger;
  /** The process's turns to use the database: subscriptions' catch-up reads wait for one, as queries do. */
  turns?: AdmissionTurns;
}

export interface SubscribeOptions {
  /** Deliver events after this id (a cursor) first, from the table; undefined: from now on. */
  after?: number;
  /** Read only these types from the table. */
  types?: readonly EventType[];
  /** Whether this subscription wants an event (its filter, and what its viewer may see). */
  accepts: (event: EventRow) => boolean;
  /** Events held for a slow consumer before it is switched to catching up (MAX_QUEUED). */
  maxQueued?: number;
}

/**
 * The process's one reader of the event table. It LISTENs on one channel; on each
 * notification, on a slow poll (the safety net: NOTIFY is never relied upon) and after every
 * reconnection it reads the events after the last one it saw, in id order (= commit order, see
 * events.service.ts), and offers each to the subscriptions that are live. A subscription that
 * starts from a cursor, or fell too far behind, reads the table itself until it has caught up.
 *
 *   applyChange → writeEvents (row + pg_notify, one transaction) → EventFeed.read → Subscription → resolver
 */
export class EventFeed {
  /** The newest event this process has read and offered, or known committed while nobody subscribed. */
  private lastSeen = 0;
  private readonly live = new Set<Subscription>();
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private paused = false;
  private delivering = 0;
  private readCount = 0;

  constructor(
    private readonly db: Database,
    private readonly options: EventFeedOptions,
  ) {}

  /** Starts from the newest event (subscriptions with a cursor read older ones themselves). */
  async start(): Promise<void> {
    this.lastSeen = await newestEventId(this.db);
    await this.listen();
    const poll = setInterval(() => {
      // LISTEN failed at start (e.g. PostgreSQL down): try again at each poll.
      if (!this.unlisten) void this.listen();
      this.wake();
    }, this.options.pollIntervalMs);
    const purge = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timers = [poll, purge];
    for (const timer of this.timers) timer.unref();
    void this.purge();
  }

  /** Stops reading and ends every subscription (their consumers see the end of the stream). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.unlisten?.().catch(() => {});
    await this.reading;
    for (const subscription of [...this.live]) subscription.end();
  }

  /** How long events are kept (EVENT_RETENTION_DAYS): cursors older than that are refused. */
  get retentionDays(): number {
    return this.options.retentionDays;
  }

  /** The newest event read so far. */
  get newest(): number {
    return this.lastSeen;
  }

  /** Shutting down: no more new events are read (those already queued still go out). */
  pause(): void {
    this.paused = true;
  }

  /** Events taken by a subscriber and not yet sent on (see streamEvents): shutdown waits for them. */
  get deliveriesInFlight(): number {
    return this.delivering;
  }
  delivery(started: boolean): void {
    this.delivering += started ? 1 : -1;
  }

  /** Read the table now (a notification, a poll, a reconnection, a test). */
  wake(): void {
    if (this.stopped || this.paused) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "reading new events failed; retrying at the next notification or poll"))
      .finally(() => {
        this.reading = undefined;
        if (this.readAgain) {
          this.readAgain = false;
          this.wake();
        }
      });
  }

  /**
   * A subscription's catch-up read, in a turn like a query's (the feed's own reads take none:
   * every subscriber depends on them). Refused turns are waited for again while `wanted()` holds,
   * so a busy database slows catching up and fails nothing; undefined once no longer wanted.
   */
  async inTurn<T>(read: () => Promise<T>, wanted: () => boolean): Promise<T | undefined> {
    const { turns } = this.options;
    if (!turns) return read();
    while (wanted()) {
      const release = await turns.turn();
      if (!release) continue;
      try {
        return wanted() ? await read() : undefined;
      } finally {
        release();
      }
    }
    return undefined;
  }

  /** A stream of the events `accepts` takes, after `after` (from the table) and then as they come. */
  subscribe(options: SubscribeOptions): Subscription {
    return new Subscription(this, this.db, options);
  }

  /** @internal Subscription: offered events from now on / no longer. */
  join(subscription: Subscription): void {
    this.live.add(subscription);
  }
  leave(subscription: Subscription): void {
    this.live.delete(subscription);
  }

  /** Times the feed has read the table for new events (a statement each), for /metrics. */
  get reads(): number {
    return this.readCount;
  }

  /**
   * A notification names the newest event of a commit (writeEvents). With no live subscription
   * and no read under way there is nobody to offer the events to: the feed only moves past them,
   * which the commit order of ids makes safe (everything up to that id has committed), instead
   * of reading them, one statement per change on a busy instance.
   */
  private notified(payload: string): void {
    const newest = Number(payload);
    if (this.live.size === 0 && !this.reading && Number.isSafeInteger(newest)) {
      this.lastSeen = Math.max(this.lastSeen, newest);
      return;
    }
    this.wake();
  }

  private async readNew(): Promise<void> {
    this.readCount += 1;
    for (;;) {
      const rows = await eventsAfter(this.db, this.lastSeen, BATCH);
      // Offered synchronously, in order, as lastSeen moves: a subscription that goes live in
      // between batches finds lastSeen and the events offered in step (see Subscription.catchUp).
      for (const row of rows) {
        this.lastSeen = row.id;
        for (const subscription of this.live) subscription.offer(row);
      }
      if (rows.length < BATCH || this.stopped) return;
    }
  }

  private async listen(): Promise<void> {
    if (!this.options.listen) return;
    try {
      // A notification arrives in the async context of whatever query received it (on PGlite, the
      // change's own COMMIT): the feed's read is the process's, not that request's.
      const notified = (payload: string) => uncounted(() => this.notified(payload));
      const reconnected = () => uncounted(() => this.wake());
      this.unlisten = await this.options.listen(EVENTS_CHANNEL, notified, reconnected);
    } catch (error) {
      this.options.logger.warn({ err: error }, "LISTEN for events failed; polling until it succeeds");
    }
  }

  private async purge(): Promise<void> {
    try {
      const purged = await purgeEvents(this.db, this.options.retentionDays);
      if (purged > 0) this.options.logger.info({ purged, retentionDays: this.options.retentionDays }, "purged expired events");
    } catch (error) {
      this.options.logger.warn({ err: error }, "purging expired events failed; trying again later");
    }
  }
}

/**
 * One subscriber's stream. It starts catching up (reading the table after its cursor, in
 * batches, as its consumer asks), goes live once it has reached what the feed has read, and
 * falls back to catching up if its consumer lets MAX_QUEUED events pile up. Either way each
 * event after the cursor is delivered once, in id order.
 */
export class Subscription implements AsyncIterableIterator<EventRow> {
  /** Every event up to here has been queued or passed over. */
  private position: number;
  /** The last event handed to the consumer: where catching up resumes after an overflow. */
  private delivered: number;
  private queue: EventRow[] = [];
  private isLive = false;
  private ended = false;
  private wakeConsumer: (() => void) | undefined;

  constructor(
    private readonly feed: EventFeed,
    private readonly db: Database,
    private readonly options: SubscribeOptions,
  ) {
    this.position = options.after ?? feed.newest;
    this.delivered = this.position;
    // From now on: nothing to read first (what is committed and not yet read, the feed offers).
    // So a crowd of clients subscribing at once costs no query each.
    if (options.after === undefined) {
      this.isLive = true;
      feed.join(this);
    }
  }

  /** From the feed (live only), in id order. */
  offer(event: EventRow): void {
    if (event.id <= this.position) return;
    this.position = event.id;
    if (!this.options.accepts(event)) return;
    if (this.queue.length >= (this.options.maxQueued ?? MAX_QUEUED)) {
      // Too slow: hold nothing, and read the table from the last delivered event instead.
      this.queue = [];
      this.position = this.delivered;
      this.goOffline();
      return;
    }
    this.queue.push(event);
    this.wakeConsumer?.();
  }

  async next(): Promise<IteratorResult<EventRow>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      const event = this.queue.shift();
      if (event) {
        this.delivered = event.id;
        return { done: false, value: event };
      }
      if (this.isLive) {
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
        this.wakeConsumer = undefined;
      } else {
        await this.catchUp();
      }
    }
  }

  async return(): Promise<IteratorResult<EventRow>> {
    this.end();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** Stops the stream: the consumer's pending and next calls end it. */
  end(): void {
    this.ended = true;
    this.queue = [];
    this.goOffline();
    this.wakeConsumer?.();
  }

  private async catchUp(): Promise<void> {
    // Every event up to what the feed has read had committed before this read starts.
    const horizon = this.feed.newest;
    const rows = await this.feed.inTurn(() => eventsAfter(this.db, this.position, BATCH, this.options.types), () => !this.ended);
    if (this.ended || !rows) return;
    for (const row of rows) {
      this.position = row.id;
      if (this.options.accepts(row)) this.queue.push(row);
    }
    // A short batch holds every matching event up to the horizon (of other types there may be
    // none to read at all: without this, a filtered subscription would never go live).
    if (rows.length < BATCH) this.position = Math.max(this.position, horizon);
    // Synchronously after the read: the feed offers nothing between this check and joining, so
    // every event past `position` is either read here next time or offered once live.
    if (rows.length < BATCH && this.position >= this.feed.newest) {
      this.isLive = true;
      this.feed.join(this);
    }
  }

  private goOffline(): void {
    this.isLive = false;
    this.feed.leave(this);
  }
}
