import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { auditEvents } from "../audit/audit.tables";

/**
 * The outbox of changes: one row per audit record, written in the same transaction (no commit,
 * no event; no event without its commit). Subscriptions and webhooks read it in `id` order.
 *
 * `id` is the cursor clients resume from. Ids are handed out in commit order, not merely in
 * order of insertion: the transaction that writes events takes a transaction-scoped advisory
 * lock first (see writeEvents in events.service.ts), so a reader that has seen event n never
 * later finds a smaller id committing behind it.
 *
 * Kept EVENT_RETENTION_DAYS (30 by default), then purged.
 */
export const events = pgTable(
  "event",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The database clock, at the change's transaction. */
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** What kind of change, e.g. "measure.changed" (EVENT_TYPES in events.service.ts). */
    type: text().notNull(),
    /** The mutation that made it, e.g. "setMeasureStatus". */
    operation: text().notNull(),
    /** The partnership the entity belongs to; null for what belongs to none (exchange rates). */
    partnershipId: integer(),
    partnershipCode: text(),
    entityType: text().notNull(),
    entityId: integer().notNull(),
    /** The audit record this event announces (its before and after are for auditors only). */
    auditEventId: integer()
      .notNull()
      .references(() => auditEvents.id),
    /** What anyone allowed to see the event may read of it: no actors, nothing from the audit record's before/after beyond it. */
    payload: jsonb().notNull(),
    actorSub: text().notNull(),
    actorRole: text().notNull(),
    actorSignatoryCode: text(),
    /** Anyone may see it, anonymous clients too (without its actor). False: signed-in users only (e.g. a draft's edits). */
    public: boolean().notNull(),
    /**
     * The signatories the change concerns (a measure's leads and contributors, before and after).
     * A non-public event that names signatories is for the coordinator, auditors and those
     * signatories' ministries; one that names none, for every signed-in user.
     */
    signatoryCodes: text().array().notNull(),
  },
  (t) => [index("event_occurred_idx").on(t.occurredAt)],
);
