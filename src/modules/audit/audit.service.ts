import { createHash } from "node:crypto";
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { principalKeyOf, signatoryCodeOf, type AuthenticatedViewer } from "../../auth/viewer";
import type { Database, Executor, Transaction } from "../../db/client";
import { asChangeInputError } from "../../graphql/errors";
import { cancelsLoneStatements } from "../../db/statement-deadline";
import { beforeDeadline } from "../../lib/deadline";
import { pageOfRows, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import { eventOf, eventWritingCtes, writeEvents, type EventContentSql, type PendingEvent } from "../events/events.service";
import { auditEvents, idempotencyKeys } from "./audit.tables";
import { claimIdempotencyKey, firstResponseTo, idempotencyKeyRow, type IdempotentRequest } from "./idempotency";

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** What a mutation changed: the entity, and its state before and after (null when created). */
export interface Change {
  entityType: string;
  entityId: number;
  before: unknown;
  after: unknown;
  /** The entity's partnership, for its event, when before and after do not hold a partnershipId. */
  partnershipId?: number;
  /**
   * false: audited, but no event: a change to the service's own settings that no subscriber or
   * endpoint is meant to hear of (a webhook's registration).
   */
  announce?: false;
}

/** The entity a mutation produced. */
export interface ChangedEntity {
  typeName: string;
  id: number;
}

export interface ChangeContext {
  db: Database;
  viewer: AuthenticatedViewer;
  requestId: string;
  correlationId: string | undefined;
  idempotency: IdempotentRequest | undefined;
  deadline: AbortSignal;
}

/**
 * Runs a mutation as one transaction with its audit records: `work` makes the change and
 * calls `record` for each entity it touched. Each record also yields an event (the outbox that
 * subscriptions read, src/modules/events), written at the end of the same transaction. If
 * anything fails, the audit write included, nothing is kept. With an idempotency key, a repeat of the same operation document and input
 * by the same caller does not run `work` again: its response is replaced by the first one
 * (src/modules/audit/idempotency.ts), which says which version the change produced.
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
  const { viewer, requestId, correlationId } = context;
  return inChangeTransaction<Transaction>(context, operation, input, (body) => context.db.transaction(body), async (tx) => {
    // Each audit record yields an event (src/modules/events), written last, in this transaction.
    const pending: PendingEvent[] = [];
    const record = async (change: Change) => {
      const [audited] = await tx.insert(auditEvents).values({
        ...actorColumns(viewer),
        operation,
        entityType: change.entityType,
        entityId: change.entityId,
        before: change.before ?? null,
        after: change.after ?? null,
        requestId,
        correlationId: correlationId ?? null,
      }).returning({ id: auditEvents.id });
      if (change.announce !== false) pending.push(eventOf({ ...change, operation, auditEventId: audited!.id, actor: actorColumns(viewer) }));
    };
    const entity = await work(tx, record);
    await writeEvents(tx, pending);
    return entity;
  });
}

/**
 * applyChange for a change made by one statement that writes its own audit record and event
 * (auditedChangeCtes), under the same rules. A statement is a transaction of its own: on
 * PostgreSQL, without an Idempotency-Key, it is sent alone, with no BEGIN and COMMIT (two round
 * trips of five). `change` is given the handle to send it on, and must send its statements with
 * the request's deadline (preparedStatement's `deadline`), which cancels them if they are still
 * out when it passes. With a key, or on PGlite (cancelsLoneStatements), it runs in a transaction
 * like any other change.
 */
export function applyStatementChange(
  context: ChangeContext,
  operation: string,
  input: unknown,
  change: (db: Executor) => Promise<ChangedEntity>,
): Promise<ChangedEntity> {
  const alone = !context.idempotency && cancelsLoneStatements.has(context.db);
  const open = <T>(body: (db: Executor) => Promise<T>): Promise<T> => (alone ? body(context.db) : context.db.transaction(body));
  return inChangeTransaction(context, operation, input, open, change);
}

/**
 * applyChange's and applyStatementChange's Idempotency-Key, deadline and input errors, around
 * `work` run on the handle `open` gives: a transaction, or for a lone statement the database
 * itself (see applyStatementChange).
 */
async function inChangeTransaction<Handle extends Executor>(
  context: ChangeContext,
  operation: string,
  input: unknown,
  open: <T>(body: (db: Handle) => Promise<T>) => Promise<T>,
  work: (db: Handle) => Promise<ChangedEntity>,
): Promise<ChangedEntity> {
  const { viewer, idempotency, deadline } = context;
  const principal = principalKeyOf(viewer);
  const change = (db: Handle) =>
    beforeDeadline(deadline, async () => {
      if (idempotency) {
        const requestHash = hashRequest(operation, input, idempotency.documentHash);
        const earlier = await claimIdempotencyKey(db, principal, idempotency.key, requestHash);
        if (earlier) return { entity: { typeName: earlier.typeName, id: earlier.id }, replayOf: earlier };
      }
      const entity = await work(db);
      if (idempotency) {
        await db
          .update(idempotencyKeys)
          .set({ resultType: entity.typeName, resultId: entity.id })
          .where(idempotencyKeyRow(principal, idempotency.key));
      }
      return { entity, replayOf: undefined };
    });
  const outcome = await open(change).catch(
    (error: unknown) => Promise.reject(asChangeInputError(error)),
  );
  if (idempotency && outcome.replayOf) {
    idempotency.firstResponse = outcome.replayOf.response ?? (await firstResponseTo(context.db, principal, idempotency.key, deadline));
  } else if (idempotency) {
    idempotency.committedBy = principal;
  }
  return outcome.entity;
}

/**
 * The common table expressions that write a one-statement change's audit record and event, to
 * follow the change's own. `from` gives one row per changed entity (none when nothing changed:
 * then nothing is audited or announced), in which `entityId`, `before` and `after` (jsonb) are
 * read; `event` gives the event's content from the audit record's (e.g. measureEventContentSql).
 * Its values are placeholders that auditedChangeValues fills. The statement must end with
 * `select ... from events_notified` (see eventWritingCtes).
 */
export function auditedChangeCtes(of: {
  from: SQL;
  entityType: string;
  entityId: SQL;
  before: SQL;
  after: SQL;
  event: (audited: { entityId: SQL; before: SQL; after: SQL }) => EventContentSql;
}): SQL {
  const value = (name: keyof AuditedChangeValues) => sql.placeholder(name);
  const event = of.event({ entityId: sql`a.entity_id`, before: sql`a.before`, after: sql`a.after` });
  return sql`audited as (
      insert into ${auditEvents} (actor_sub, actor_role, actor_signatory_code, operation, entity_type, entity_id, before, after, request_id, correlation_id)
      select ${value("actorSub")}::text, ${value("actorRole")}::text, ${value("actorSignatoryCode")}::text, ${value("operation")}::text,
        ${of.entityType}::text, ${of.entityId}, ${of.before}, ${of.after}, ${value("requestId")}::text, ${value("correlationId")}::text
      from ${of.from}
      returning id, entity_id, before, after),
    ${eventWritingCtes(sql`
      select 0 as ord, ${event.type} as type, ${value("operation")}::text as operation, ${event.partnershipId} as partnership_id,
        ${of.entityType}::text as entity_type, a.entity_id, a.id as audit_event_id, ${event.payload} as payload,
        ${value("actorSub")}::text as actor_sub, ${value("actorRole")}::text as actor_role,
        ${value("actorSignatoryCode")}::text as actor_signatory_code, ${event.public} as public, ${event.signatoryCodes} as signatory_codes
      from audited a`)}`;
}

/** The values of auditedChangeCtes's placeholders: who makes the change, and in which request. */
export interface AuditedChangeValues {
  actorSub: string;
  actorRole: string;
  actorSignatoryCode: string | null;
  operation: string;
  requestId: string;
  correlationId: string | null;
}

export function auditedChangeValues(
  context: Pick<ChangeContext, "viewer" | "requestId" | "correlationId">,
  operation: string,
): AuditedChangeValues {
  return { ...actorColumns(context.viewer), operation, requestId: context.requestId, correlationId: context.correlationId ?? null };
}

/** Who made a change, as every change table records it. */
export const actorColumns = (viewer: AuthenticatedViewer) => ({
  actorSub: viewer.sub,
  actorRole: viewer.role,
  actorSignatoryCode: signatoryCodeOf(viewer),
});

// clientMutationId is the client's label for a call, not part of the change it asks for (a
// retry gets the first response, with the first call's label).
function hashRequest(operation: string, input: unknown, documentHash: string | undefined): string {
  const { clientMutationId: _label, ...change } = (input ?? {}) as Record<string, unknown>;
  return createHash("sha256").update(canonicalJson({ operation, change, documentHash })).digest("hex");
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
