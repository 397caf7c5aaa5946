import { bigint, check, index, integer, pgEnum, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { partnerships } from "../partnerships/partnerships.tables";

export const webhookStatusEnum = pgEnum("webhook_status", ["ACTIVE", "DISABLED", "FAILING"]);
export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["SUCCEEDED", "FAILED"]);

/**
 * A partner's endpoint, registered by the coordinator, and where its delivery stands: the row is
 * also the endpoint's queue head. Every event up to `cursor` was delivered to it (or was not for
 * it); the next one it may see is being tried, `attempts` times so far. One instance at a time
 * works on an endpoint: it claims the row (FOR UPDATE SKIP LOCKED, see webhooks.dispatcher.ts)
 * and writes a lease (`leaseToken`, `leaseExpiresAt`) that others respect until it expires, so an
 * instance killed mid-delivery holds the endpoint back for one lease at most.
 */
export const webhooks = pgTable(
  "webhook",
  {
    id: serial().primaryKey(),
    /** Where events are POSTed: https outside development, never with a user name or password in it. */
    url: text().notNull(),
    /** Which kinds of events it gets (EVENT_TYPES in events.service.ts), at least one. */
    eventTypes: text().array().notNull(),
    /** Only this partnership's events; null: every partnership's, and those of none (exchange rates). */
    partnershipId: integer().references(() => partnerships.id),
    /** Sees what this signatory's ministry may see; null: what anonymous clients see (public events). */
    signatoryCode: text(),
    /**
     * The signing secret, "whsec_" + base64 of 32 random bytes (Standard Webhooks). Stored as is:
     * the server must sign with it. Returned once, by createWebhook; never logged, never read by a query.
     */
    secret: text().notNull(),
    status: webhookStatusEnum().notNull().default("ACTIVE"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Every event up to this id is delivered or passed over; starts at the newest event when registered. */
    cursor: bigint({ mode: "number" }).notNull(),
    /** Failed attempts at the event after `cursor` that the endpoint gets next. */
    attempts: integer().notNull().default(0),
    /** The first failed attempt at that event: past WEBHOOK_RETRY_FOR_MS from it, the endpoint is FAILING. */
    failingSince: timestamp({ withTimezone: true }),
    /** No attempt before this moment (a retry's back-off). */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The instance's claim on the endpoint, until leaseExpiresAt. */
    leaseToken: text(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check("webhook_event_types_not_empty", sql`cardinality(${t.eventTypes}) > 0`),
    check("webhook_attempts_not_negative", sql`${t.attempts} >= 0`),
  ],
);

/**
 * Each attempt to deliver an event to an endpoint, as the coordinator reads it
 * (webhookDeliveries). The response body is not kept beyond a short excerpt in `error`.
 * Deleted with the endpoint, and after EVENT_RETENTION_DAYS.
 */
export const webhookDeliveries = pgTable(
  "webhook_delivery",
  {
    id: serial().primaryKey(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The event (no foreign key: events are purged, their deliveries' records may outlive them). */
    eventId: bigint({ mode: "number" }).notNull(),
    /** 1 for the first attempt at this event, 2 for the first retry, and so on. */
    attempt: integer().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: webhookDeliveryStatusEnum().notNull(),
    /** The HTTP status the endpoint answered; null when there was no answer (refused, timed out). */
    responseStatus: integer(),
    durationMs: integer().notNull(),
    /** Why it failed: the error, or the first characters of a non-2xx answer's body. */
    error: text(),
    /** When the next attempt is due; null after a success, or when the endpoint was marked failing. */
    nextRetryAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("webhook_delivery_webhook_idx").on(t.webhookId, t.id), index("webhook_delivery_attempted_idx").on(t.attemptedAt)],
);
