import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { WebhooksConfig } from "../../config";
import type { Database } from "../../db/client";
import { toGlobalId } from "../../lib/global-id";
import type { Logger } from "../../logger";
import type { EventFeed, Subscription } from "../events/events.feed";
import { eventsAfter, newestEventId, type EventRow, type EventType } from "../events/events.service";
import { checkedLookup, hostOf, isPublicAddress, type AddressPolicy } from "./webhooks.addresses";
import {
  activeWebhooks,
  claimWebhooks,
  isFor,
  nextWakeUp,
  purgeDeliveries,
  recordAttempt,
  releaseWebhook,
  type AttemptOutcome,
  type WebhookInterest,
  type WebhookRow,
} from "./webhooks.service";
import { signedHeaders } from "./webhooks.signing";

/** Endpoints one instance works on at once (each has one attempt in flight at most). */
const MAX_CONCURRENT = 8;
/** Events read per statement while looking for an endpoint's next one. */
const BATCH = 200;
/** Back-off never grows past this between two attempts. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** Without news, look again at least this often (a safety net under the feed and the timer). */
const IDLE_CHECK_MS = 60_000;
/** The excerpt of a failed answer's body kept in the delivery's record. */
const EXCERPT_CHARS = 200;
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** How often the active endpoints are read again: an endpoint another instance enabled is known here within this. */
const ACTIVE_REFRESH_MS = 5_000;

/** What a request may ask of webhooks (Context.webhooks). */
export interface WebhooksInContext {
  /** Which URLs may be registered. */
  addresses: AddressPolicy;
  /** Tells this instance's dispatcher that an endpoint was created or enabled: it reads the active ones again and looks for work. */
  wake(): void;
}

export interface DispatcherOptions extends WebhooksConfig {
  /** http: endpoints allowed (development). */
  httpAllowed: boolean;
  /** Records of attempts are kept as long as events (EVENT_RETENTION_DAYS). */
  retentionDays: number;
  logger: Logger;
}

/**
 * Delivers events to registered endpoints; one per instance, every instance runs one.
 *
 *   EventFeed (a new event that an active endpoint may want) / timer (a retry due, a lease expired)
 *     → claim endpoints with work (FOR UPDATE SKIP LOCKED + lease)   webhooks.service.ts
 *     → per endpoint, in event order: its next event → POST, signed → record the attempt
 *
 * At least once: an event counts as delivered when the attempt's 2xx is recorded, so an
 * instance that dies between the answer and the record leaves it to be sent again (receivers
 * deduplicate by webhook-id). In order: an endpoint has one attempt in flight at most, and its
 * cursor passes an event only once it is delivered; a failing event holds the ones after it
 * back until it succeeds or the endpoint is marked FAILING. Only one instance works on an
 * endpoint at a time: its lease outlasts an attempt (2 × WEBHOOK_TIMEOUT_MS + 5 s), and each
 * record is written only under the lease it was made under.
 *
 * An event no active endpoint may want (by type, partnership and visibility: isFor) wakes
 * nothing, so that a plan with no endpoints, or none for most events, pays no statement per
 * change: the active endpoints are read every ACTIVE_REFRESH_MS and whenever one is created or
 * enabled on this instance. An endpoint enabled on another instance is served by that one's
 * dispatcher at once and by this one's within ACTIVE_REFRESH_MS.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private running: Promise<void> | undefined;
  private runAgain = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The active endpoints as last read. */
  private active: WebhookInterest[] = [];
  /** Times it looked for endpoints with work (/metrics: each is a statement). */
  looks = 0;
  private subscription: Subscription | undefined;
  private readonly leaseMs: number;
  private readonly lookup: ReturnType<typeof checkedLookup>;

  constructor(
    private readonly db: Database,
    private readonly feed: EventFeed,
    private readonly options: DispatcherOptions,
  ) {
    this.leaseMs = 2 * options.timeoutMs + 5000;
    this.lookup = checkedLookup(options);
  }

  start(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    this.refreshTimer = setInterval(() => void this.refreshActive(), ACTIVE_REFRESH_MS);
    this.refreshTimer.unref();
    this.endpointsChanged();
  }

  /** An endpoint was created or enabled (or the dispatcher starts): read the active ones, then look for work. */
  endpointsChanged(): void {
    void this.refreshActive().then(() => this.wake());
  }

  /** Reads the active endpoints again; one this instance did not know yet may have work waiting. */
  private async refreshActive(): Promise<void> {
    if (this.stopped) return;
    try {
      const known = new Set(this.active.map((webhook) => webhook.id));
      this.active = await activeWebhooks(this.db);
      this.followEvents(this.active.length > 0 && !this.stopped);
      if (this.active.some((webhook) => !known.has(webhook.id))) this.wake();
    } catch (error) {
      this.options.logger.warn({ err: error }, "webhooks: reading the active endpoints failed; trying again later");
    }
  }

  /**
   * While there is an active endpoint, a new event that one may want wakes the dispatcher
   * (wake-ups coalesce while it runs). With none, it does not follow the events: the feed then
   * reads the table only for subscribers, not on every change (EventFeed.notified). What the
   * endpoints are owed is read from the table when it wakes, so nothing is missed meanwhile.
   */
  private followEvents(follow: boolean): void {
    if (!follow) {
      this.subscription?.end();
      this.subscription = undefined;
      return;
    }
    if (this.subscription) return;
    const subscription = this.feed.subscribe({ accepts: (event) => this.active.some((webhook) => isFor(webhook, event)) });
    this.subscription = subscription;
    void (async () => {
      for await (const _event of subscription) this.wake();
    })().catch((error: unknown) => this.options.logger.warn({ err: error }, "webhooks: the event stream failed"));
  }

  /**
   * Stops claiming; waits for attempts in flight, at most one attempt's timeout and a second
   * (past that their leases expire and another instance takes over).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.purgeTimer);
    clearInterval(this.refreshTimer);
    this.subscription?.end();
    const drained = Promise.all([this.running, ...this.inFlight]).then(() => undefined);
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => (bound = setTimeout(resolve, this.options.timeoutMs + 1000)))]);
    clearTimeout(bound);
  }

  /** Look for work now (a new event, a retry due, a test). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = this.claimAndServe()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "webhooks: claiming endpoints failed; trying again later"))
      .then(() => this.scheduleNext())
      .finally(() => {
        this.running = undefined;
        if (this.runAgain) {
          this.runAgain = false;
          this.wake();
        }
      });
  }

  private async claimAndServe(): Promise<void> {
    const free = MAX_CONCURRENT - this.inFlight.size;
    if (free <= 0 || this.stopped) return;
    this.looks += 1;
    const claimed = await claimWebhooks(this.db, randomUUID(), this.leaseMs, free);
    for (const webhook of claimed) {
      const serving: Promise<void> = this.serve(webhook)
        .catch((error: unknown) => this.options.logger.warn({ err: error, webhookId: webhook.id }, "webhooks: delivery stopped on an error; the lease will expire"))
        .finally(() => {
          this.inFlight.delete(serving);
          // It may have left work (more events, a retry): look again.
          this.wake();
        });
      this.inFlight.add(serving);
    }
  }

  /** Sets the timer for the next retry due or lease to expire, or the idle check. */
  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    let delay = IDLE_CHECK_MS;
    try {
      const at = await nextWakeUp(this.db);
      if (at) delay = Math.min(delay, Math.max(at.getTime() - Date.now(), 0) + 5);
    } catch (error) {
      this.options.logger.warn({ err: error }, "webhooks: reading the next retry failed");
    }
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  /** Works on one claimed endpoint: its events in order, while they succeed and the lease holds. */
  private async serve(claimed: WebhookRow): Promise<void> {
    const token = claimed.leaseToken!;
    let cursor = claimed.cursor;
    let attempts = claimed.attempts;
    let failingSince = claimed.failingSince;
    for (;;) {
      const { event, scanned } = await this.nextEvent(claimed, cursor);
      if (!event || this.stopped) {
        await releaseWebhook(this.db, claimed.id, token, scanned);
        return;
      }
      const outcome = await this.attempt(claimed, event, attempts + 1, failingSince);
      const status = await recordAttempt(this.db, claimed.id, token, this.leaseMs, outcome);
      if (status === null || !outcome.ok) return;
      // Disabled while the attempt was in flight: that one is recorded, the next is not made.
      if (status !== "ACTIVE") {
        await releaseWebhook(this.db, claimed.id, token, event.id);
        return;
      }
      cursor = event.id;
      attempts = 0;
      failingSince = null;
    }
  }

  /**
   * The endpoint's next event after `cursor`, and how far the search has passed over events not
   * for it. Finding none, it has passed over every event up to the newest one read before the
   * search (ids are in commit order, so all of those had committed): the cursor moves past
   * events of other types too, and the claim's look for work (events of its types after its
   * cursor) does not read them again and again.
   */
  private async nextEvent(webhook: WebhookRow, cursor: number): Promise<{ event: EventRow | undefined; scanned: number }> {
    const horizon = await newestEventId(this.db);
    let scanned = cursor;
    for (;;) {
      // The dispatcher keeps those that are for the endpoint (isFor) and passes over the rest.
      const rows = await eventsAfter(this.db, scanned, BATCH, webhook.eventTypes as EventType[]);
      for (const row of rows) {
        if (isFor(webhook, row)) return { event: row, scanned };
        scanned = row.id;
      }
      if (this.stopped) return { event: undefined, scanned };
      if (rows.length < BATCH) return { event: undefined, scanned: Math.max(scanned, horizon) };
    }
  }

  /** One POST of one event: signed, bounded by the timeout, its answer's body read no further than an excerpt. */
  private async attempt(webhook: WebhookRow, event: EventRow, attempt: number, failingSince: Date | null): Promise<AttemptOutcome> {
    const id = String(event.id);
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(deliveryBody(event));
    const started = performance.now();
    const url = new URL(webhook.url);
    // An address in the URL itself is never looked up (checkedLookup does not see it): checked here.
    const literal = hostOf(url);
    const answer =
      isIP(literal) && !this.options.allowPrivate && !isPublicAddress(literal)
        ? { status: null, error: `${literal} is not a public address` }
        : await post(url, signedHeaders(webhook.secret, id, timestamp, body), body, this.options.timeoutMs, this.lookup);
    const durationMs = Math.round(performance.now() - started);
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
    const base = { eventId: event.id, attempt, ok, responseStatus: answer.status, durationMs, error: answer.error };
    if (ok) return { ...base, nextRetryAt: null };
    const giveUpAt = (failingSince?.getTime() ?? Date.now()) + this.options.retryForMs;
    const due = Date.now() + retryDelay(this.options.retryBaseMs, attempt);
    const nextRetryAt = Date.now() >= giveUpAt ? null : new Date(Math.min(due, giveUpAt));
    if (!nextRetryAt) this.options.logger.warn({ webhookId: webhook.id, eventId: event.id, attempts: attempt }, "webhooks: endpoint marked FAILING");
    return { ...base, nextRetryAt };
  }

  private async purge(): Promise<void> {
    try {
      await purgeDeliveries(this.db, this.options.retentionDays);
    } catch (error) {
      this.options.logger.warn({ err: error }, "webhooks: purging old delivery records failed; trying again later");
    }
  }
}

/**
 * What an endpoint receives, as JSON: `id` (the event's id, also its webhook-id header and its
 * cursor for subscriptions), `type`, `timestamp` (when the change committed), `data` (the
 * public payload; never who made the change).
 */
export function deliveryBody(event: EventRow) {
  return {
    id: String(event.id),
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      operation: event.operation,
      partnershipCode: event.partnershipCode,
      entityType: event.entityType,
      entityId: toGlobalId(event.entityType, event.entityId),
      ...(event.payload as Record<string, unknown>),
    },
  };
}

/** Milliseconds before attempt `attempt + 1`: base × 2^(attempt−1), at most an hour, times 0.5–1 (jitter). */
export function retryDelay(baseMs: number, attempt: number): number {
  const exponential = Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), MAX_RETRY_DELAY_MS);
  return Math.round(exponential * (0.5 + Math.random() / 2));
}

interface Answer {
  /** null: no answer (refused, timed out, not a public address). */
  status: number | null;
  error: string | null;
}

/** POSTs, following no redirect; resolves, never rejects. */
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, lookup: ReturnType<typeof checkedLookup>): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(answer);
    };
    const client = url.protocol === "https:" ? https : http;
    // No pooled sockets: each attempt connects (and checks the address) anew.
    const request = client.request(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup, agent: false });
    const timer = setTimeout(() => finish({ status: null, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish({ status: null, error: excerpt(error.code ? `${error.code}: ${error.message}` : error.message) }));
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        finish({ status, error: null });
        return;
      }
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        if (text.length >= EXCERPT_CHARS) finish({ status, error: excerpt(`HTTP ${status}: ${text}`) });
      });
      response.on("end", () => finish({ status, error: excerpt(`HTTP ${status}${text ? `: ${text}` : ""}`) }));
      response.on("error", () => finish({ status, error: excerpt(`HTTP ${status}${text ? `: ${text}` : ""}`) }));
    });
    request.end(body);
  });
}

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
