import { and, asc, eq, gt, inArray, isNull, lte, lt, or, sql } from "drizzle-orm";
import { ANONYMOUS, type Viewer } from "../../auth/viewer";
import type { Database, Executor } from "../../db/client";
import { pageOfRows, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { mayRead, type EventRow } from "../events/events.service";
import { events } from "../events/events.tables";
import { webhookDeliveries, webhooks } from "./webhooks.tables";

/**
 * Reading endpoints and their deliveries (the coordinator's queries), and the statements the
 * dispatcher (webhooks.dispatcher.ts) moves an endpoint's delivery with. Every statement that
 * records an attempt holds the claim's lease token in its WHERE: an instance whose lease has
 * expired (and was taken over) changes nothing.
 */

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

const OLDEST_FIRST: SortKey<WebhookRow> = { name: "ID", expression: sql`${webhooks.id}`, property: "id", valueOf: (row) => row.id, sqlType: "integer" };
const NEWEST_FIRST: SortKey<WebhookDeliveryRow> = {
  name: "ID",
  expression: sql`${webhookDeliveries.id}`,
  property: "id",
  valueOf: (row) => row.id,
  sqlType: "integer",
};

/** Every endpoint, in order of registration. */
export function listWebhooks(db: Executor, page: PageArgs, asked: { totalCount: boolean }): Promise<Connection<WebhookRow>> {
  return pageOfRows(db, webhooks, { where: undefined, args: page, sortKey: OLDEST_FIRST, direction: "ASC", totalCount: asked.totalCount });
}

export async function findWebhook(db: Executor, id: number): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row;
}

/** An endpoint's attempts, newest first. */
export function listDeliveries(db: Executor, webhookId: number, page: PageArgs, asked: { totalCount: boolean }): Promise<Connection<WebhookDeliveryRow>> {
  return pageOfRows(db, webhookDeliveries, {
    where: eq(webhookDeliveries.webhookId, webhookId),
    args: page,
    sortKey: NEWEST_FIRST,
    direction: "DESC",
    totalCount: asked.totalCount,
  });
}

/**
 * Whose eyes an endpoint sees events with: a ministry's for its signatory (what that ministry
 * may read, non-public events included), an anonymous client's without one (public events only).
 */
export function viewerOf(webhook: Pick<WebhookRow, "id" | "signatoryCode">): Viewer {
  return webhook.signatoryCode == null
    ? ANONYMOUS
    : { kind: "user", role: "MINISTRY", sub: `webhook:${webhook.id}`, signatoryCode: webhook.signatoryCode };
}

/** Whether an event is for an endpoint: its types, its partnership, and what its viewer may read. */
export function isFor(webhook: WebhookInterest, event: EventRow): boolean {
  return (
    webhook.eventTypes.includes(event.type) &&
    (webhook.partnershipId == null || event.partnershipId === webhook.partnershipId) &&
    mayRead(viewerOf(webhook), event)
  );
}

/** What deciding whether an endpoint may want an event takes (isFor). */
export type WebhookInterest = Pick<WebhookRow, "id" | "eventTypes" | "partnershipId" | "signatoryCode">;

/** The active endpoints, as isFor needs them: one small statement, however many events come. */
export function activeWebhooks(db: Database): Promise<WebhookInterest[]> {
  return db
    .select({ id: webhooks.id, eventTypes: webhooks.eventTypes, partnershipId: webhooks.partnershipId, signatoryCode: webhooks.signatoryCode })
    .from(webhooks)
    .where(eq(webhooks.status, "ACTIVE"));
}

/**
 * Claims up to `limit` endpoints that have work and that no one holds: active, due (past
 * their back-off), unleased or with an expired lease, with an event of their types after their
 * cursor. One statement: the rows are locked FOR UPDATE SKIP LOCKED (instances claiming at the
 * same moment each take other rows) and leased to `token` for `leaseMs`, which others respect
 * once this commits.
 */
export async function claimWebhooks(db: Database, token: string, leaseMs: number, limit: number): Promise<WebhookRow[]> {
  const due = db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.status, "ACTIVE"),
        lte(webhooks.nextAttemptAt, sql`now()`),
        or(isNull(webhooks.leaseExpiresAt), lt(webhooks.leaseExpiresAt, sql`now()`)),
        sql`exists (select 1 from ${events} where ${events.id} > ${webhooks.cursor} and ${events.type} = any(${webhooks.eventTypes}))`,
      ),
    )
    .orderBy(asc(webhooks.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(webhooks)
    .set({ leaseToken: token, leaseExpiresAt: leaseEnd(leaseMs) })
    .where(inArray(webhooks.id, due))
    .returning();
}

const leaseEnd = (leaseMs: number) => sql`now() + ${leaseMs} * interval '1 millisecond'`;

/** What one attempt came to. */
export interface AttemptOutcome {
  eventId: number;
  attempt: number;
  ok: boolean;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  /** After a failure: when to try again; null: give up, the endpoint is failing. */
  nextRetryAt: Date | null;
}

/**
 * Records an attempt and moves the endpoint on, if `token` still holds its lease; gives the
 * endpoint's status then (null: the lease was lost or the endpoint deleted, and nothing is
 * written). A success moves the cursor to the event and renews the lease; a failure schedules
 * the retry and releases the lease, or marks the endpoint FAILING (unless it was disabled meanwhile).
 */
export async function recordAttempt(
  db: Database,
  webhookId: number,
  token: string,
  leaseMs: number,
  outcome: AttemptOutcome,
): Promise<WebhookRow["status"] | null> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(webhooks)
      .set(
        outcome.ok
          ? { cursor: outcome.eventId, attempts: 0, failingSince: null, nextAttemptAt: sql`now()`, leaseExpiresAt: leaseEnd(leaseMs) }
          : {
              attempts: outcome.attempt,
              failingSince: sql`coalesce(${webhooks.failingSince}, now())`,
              nextAttemptAt: outcome.nextRetryAt ?? sql`now()`,
              status: outcome.nextRetryAt ? undefined : sql`case when ${webhooks.status} = 'ACTIVE' then 'FAILING'::webhook_status else ${webhooks.status} end`,
              leaseToken: null,
              leaseExpiresAt: null,
            },
      )
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.leaseToken, token)))
      .returning({ status: webhooks.status });
    if (moved.length === 0) return null;
    await tx.insert(webhookDeliveries).values({
      webhookId,
      eventId: outcome.eventId,
      attempt: outcome.attempt,
      status: outcome.ok ? "SUCCEEDED" : "FAILED",
      responseStatus: outcome.responseStatus,
      durationMs: outcome.durationMs,
      error: outcome.error,
      nextRetryAt: outcome.ok ? null : outcome.nextRetryAt,
    });
    return moved[0]!.status;
  });
}

/** Gives the endpoint back, its cursor moved past events that were not for it. */
export async function releaseWebhook(db: Database, webhookId: number, token: string, cursor: number): Promise<void> {
  await db
    .update(webhooks)
    .set({ cursor: sql`greatest(${webhooks.cursor}, ${cursor})`, leaseToken: null, leaseExpiresAt: null })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.leaseToken, token)));
}

/**
 * When the dispatcher should look again without being told of a new event: the earliest retry
 * due, or lease to expire, among active endpoints (null: none is waiting for either).
 */
export async function nextWakeUp(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`min(greatest(${webhooks.nextAttemptAt}, coalesce(${webhooks.leaseExpiresAt}, ${webhooks.nextAttemptAt})))` })
    .from(webhooks)
    .where(and(eq(webhooks.status, "ACTIVE"), or(gt(webhooks.attempts, 0), sql`${webhooks.leaseExpiresAt} is not null`)));
  return row?.at == null ? null : new Date(row.at);
}

/** Deletes records of attempts older than `retentionDays` (as events are); gives how many. */
export async function purgeDeliveries(db: Database, retentionDays: number): Promise<number> {
  const gone = await db
    .delete(webhookDeliveries)
    .where(lt(webhookDeliveries.attemptedAt, sql`now() - make_interval(days => ${retentionDays})`))
    .returning({ id: webhookDeliveries.id });
  return gone.length;
}
