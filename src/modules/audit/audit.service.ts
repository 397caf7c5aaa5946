import { createHash } from "node:crypto";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { principalKeyOf, signatoryCodeOf, type AuthenticatedViewer } from "../../auth/viewer";
import type { Database, Executor, Transaction } from "../../db/client";
import { asChangeInputError, badUserInput } from "../../graphql/errors";
import { beforeDeadline } from "../../lib/deadline";
import { pageOfRows, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { auditEvents, idempotencyKeys } from "./audit.tables";

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** What a mutation changed: the entity, and its state before and after (null when created). */
export interface Change {
  entityType: string;
  entityId: number;
  before: unknown;
  after: unknown;
}

/** The entity a mutation produced; a replayed mutation answers with the same one. */
export interface ChangedEntity {
  typeName: string;
  id: number;
}

export interface ChangeContext {
  db: Database;
  viewer: AuthenticatedViewer;
  requestId: string;
  correlationId: string | undefined;
  idempotencyKey: string | undefined;
  deadline: AbortSignal;
}

/**
 * Runs a mutation as one transaction with its audit records: `work` makes the change and
 * calls `record` for each entity it touched. If anything fails, the audit write included,
 * nothing is kept. With an idempotency key, a repeat of the same operation and input by the
 * same caller answers with the entity the first call changed (as it is now), without
 * running `work` again.
 *
 * A replay skips the checks inside `work`, so it must grant nothing they would refuse: the
 * caller's role is checked before applyChange, and a key belongs to the caller's whole
 * identity (principalKeyOf: role, signatory and subject), so only the identity whose own call
 * passed every check, and committed, is answered from it. A database error its input caused is
 * the client's (asChangeInputError). Past the request's
 * deadline the change is given up: it throws DeadlineExceededError and the transaction is rolled
 * back (on PostgreSQL its backend is ended if a statement is still out, see
 * src/db/postgres-guard.ts). A change whose COMMIT was already sent when the deadline passed may
 * still be saved: a retry with the same Idempotency-Key tells.
 */
export async function applyChange(
  context: ChangeContext,
  operation: string,
  input: unknown,
  work: (tx: Transaction, record: (change: Change) => Promise<void>) => Promise<ChangedEntity>,
): Promise<ChangedEntity> {
  const { viewer, requestId, correlationId, idempotencyKey, deadline } = context;
  const principal = principalKeyOf(viewer);
  return context.db.transaction((tx) => beforeDeadline(deadline, async () => {
    const requestHash = idempotencyKey && hashRequest(operation, input);
    if (idempotencyKey && requestHash) {
      const replay = await claimIdempotencyKey(tx, principal, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const record = async (change: Change) => {
      await tx.insert(auditEvents).values({
        ...actorColumns(viewer),
        operation,
        entityType: change.entityType,
        entityId: change.entityId,
        before: change.before ?? null,
        after: change.after ?? null,
        requestId,
        correlationId: correlationId ?? null,
      });
    };
    const result = await work(tx, record);
    if (idempotencyKey) {
      await tx
        .update(idempotencyKeys)
        .set({ resultType: result.typeName, resultId: result.id })
        .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, idempotencyKey)));
    }
    return result;
  })).catch((error: unknown) => Promise.reject(asChangeInputError(error)));
}

/** Who made a change, as every change table records it. */
export const actorColumns = (viewer: AuthenticatedViewer) => ({
  actorSub: viewer.sub,
  actorRole: viewer.role,
  actorSignatoryCode: signatoryCodeOf(viewer),
});

// clientMutationId is the client's label for a call, not part of the change it asks for.
function hashRequest(operation: string, input: unknown): string {
  const { clientMutationId: _label, ...change } = (input ?? {}) as Record<string, unknown>;
  return createHash("sha256").update(canonicalJson({ operation, change })).digest("hex");
}

/** JSON with object keys sorted, so the same input always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * How long a key is remembered. Clients retry within seconds or minutes; a day covers a
 * ministry's flaky link overnight, and keeps the table from growing without end.
 */
export const IDEMPOTENCY_KEY_LIFETIME = "24 hours";

/**
 * Claims the key for this request, or finds the earlier result under it. On PostgreSQL a
 * concurrent first use of the same key waits here until the other transaction ends. The
 * caller's expired keys are forgotten first, so an old key may be used again.
 */
async function claimIdempotencyKey(
  tx: Transaction,
  principal: string,
  key: string,
  requestHash: string,
): Promise<ChangedEntity | null> {
  await tx
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.principal, principal),
        lt(idempotencyKeys.createdAt, sql`now() - ${IDEMPOTENCY_KEY_LIFETIME}::interval`),
      ),
    );
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ principal, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;
  const [earlier] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  if (!earlier || earlier.requestHash !== requestHash || earlier.resultType === null || earlier.resultId === null) {
    throw badUserInput(
      "This Idempotency-Key was already used for a different request; use a new key for a new change",
    );
  }
  return { typeName: earlier.resultType, id: earlier.resultId };
}

export interface AuditFilter {
  entityType?: string;
  entityId?: number;
  actor?: string | null;
  operation?: string | null;
  from?: Date | null;
  to?: Date | null;
}

// Newest first; the id is the order of commit within the database, and unique.
const NEWEST_FIRST: SortKey<AuditEventRow> = {
  name: "ID",
  expression: sql`${auditEvents.id}`,
  property: "id",
  valueOf: (event) => event.id,
  sqlType: "integer",
};

/** `asked`: whether the query asks for totalCount (see pageTotal). */
export function listAuditEvents(
  db: Executor,
  filter: AuditFilter,
  page: PageArgs,
  asked: { totalCount: boolean },
): Promise<Connection<AuditEventRow>> {
  const where = and(
    filter.entityType === undefined ? undefined : eq(auditEvents.entityType, filter.entityType),
    filter.entityId === undefined ? undefined : eq(auditEvents.entityId, filter.entityId),
    filter.actor == null ? undefined : eq(auditEvents.actorSub, filter.actor),
    filter.operation == null ? undefined : eq(auditEvents.operation, filter.operation),
    filter.from == null ? undefined : gte(auditEvents.occurredAt, filter.from),
    filter.to == null ? undefined : lt(auditEvents.occurredAt, filter.to),
  );
  return pageOfRows(db, auditEvents, { where, args: page, sortKey: NEWEST_FIRST, direction: "DESC", totalCount: asked.totalCount });
}
