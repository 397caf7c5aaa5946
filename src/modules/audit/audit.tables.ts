import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The audit trail: one row per successful change, written in the change's own transaction
 * (no audit row, no change). Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  "audit_event",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The database clock, not the application's. */
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorSub: text().notNull(),
    actorRole: text().notNull(),
    actorSignatoryCode: text(),
    /** The mutation, e.g. "setMeasureStatus". */
    operation: text().notNull(),
    entityType: text().notNull(),
    entityId: integer().notNull(),
    before: jsonb(),
    after: jsonb(),
    /** The server's id of the HTTP request that made the change. */
    requestId: text(),
    /** The client's own id for that request, validated (src/lib/correlation-id.ts); null if it sent none. */
    correlationId: text(),
  },
  (t) => [
    index("audit_event_entity_idx").on(t.entityType, t.entityId, t.id),
    index("audit_event_actor_idx").on(t.actorSub, t.id),
    index("audit_event_occurred_idx").on(t.occurredAt),
  ],
);

/**
 * Idempotency keys, per caller: a retried mutation with the same key receives the first
 * response instead of applying the change twice. Written in the change's transaction.
 * `principal` is the caller's whole identity (principalKeyOf), not its `sub` alone.
 */
export const idempotencyKeys = pgTable(
  "idempotency_key",
  {
    principal: text().notNull(),
    key: text().notNull(),
    /** Hash of the operation and its input: the same key with other input is refused. */
    requestHash: text().notNull(),
    /** What the first execution produced: the type and row id of the changed entity. */
    resultType: text(),
    resultId: integer(),
    /**
     * The first execution's GraphQL response, exactly as sent (JSON text: jsonb would reorder its
     * keys), which retries receive. Written once that response is ready, after the change's
     * transaction; null until then.
     */
    response: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);
