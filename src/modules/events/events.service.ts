import { and, asc, gt, inArray, max, min, sql, type SQL } from "drizzle-orm";
import type { Viewer } from "../../auth/viewer";
import { selectRows, type Executor, type Transaction } from "../../db/client";
import { badUserInput } from "../../graphql/errors";
import { fromGlobalIdOf, globalIdSql, toGlobalId } from "../../lib/global-id";
import { partnerships } from "../partnerships/partnerships.tables";
import { events } from "./events.tables";

export type EventRow = typeof events.$inferSelect;
type NewEvent = typeof events.$inferInsert;

/**
 * Kinds of events. funding.changed: a project's budgets, transactions and reversals, and
 * exchange rates (which belong to no partnership); project.changed: a project's other data.
 */
export const EVENT_TYPES = ["measure.changed", "action_plan.changed", "project.changed", "funding.changed"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The one channel every instance LISTENs on; a notification's payload is the newest event id of a commit. */
export const EVENTS_CHANNEL = "mobility_plan_events";

/**
 * Taken (pg_advisory_xact_lock) by every transaction just before it inserts its events, and held
 * until it commits or rolls back. Why: an identity column's ids are handed out when rows are
 * inserted, not when they commit, so without it transaction A could take id 7, transaction B id 8,
 * B commit first, and a reader that saw 8 and then asks for "id > 8" would never see 7. Under the
 * lock the next transaction can only take an id after the previous one has committed (PostgreSQL
 * makes a commit visible before it releases the transaction's locks), so ids are in commit order
 * and "id > last seen" misses nothing. The lock is taken as late as possible (the events are
 * written last, after the change's own statements and locks), so it serialises only the end of
 * writing transactions, never their work, and no row lock is ever awaited while holding it.
 * (The alternative, reading only below the oldest running transaction's horizon with
 * pg_current_snapshot(), needs no lock but delays every reader by the slowest writer and is
 * harder to follow.)
 */
const EVENT_WRITE_LOCK = 74_112_017;

/** What an audited change announces, before it is written (see eventOf). */
export type PendingEvent = Omit<NewEvent, "id" | "occurredAt" | "partnershipCode">;
/** An event's content, before its audit record is written (see eventContentOf). */
export type EventContent = Omit<PendingEvent, "auditEventId">;

/** The audit service's view of one change, as `record` receives it. */
export interface AuditedChange {
  operation: string;
  entityType: string;
  entityId: number;
  before: unknown;
  after: unknown;
  /** When before and after do not say (a draft's edit records the measure's entry, not the version). */
  partnershipId?: number;
  auditEventId: number;
  actor: { actorSub: string; actorRole: string; actorSignatoryCode: string | null };
}

const FUNDING_OPERATIONS = new Set(["recordProjectBudget", "recordProjectTransaction", "reverseProjectTransaction", "setExchangeRate"]);

/**
 * The event an audited change yields: its type, partnership, public payload and who may see it.
 * Pure: the audit record's before and after hold all of it.
 */
export const eventOf = (change: AuditedChange): PendingEvent => ({ ...eventContentOf(change), auditEventId: change.auditEventId });

/** eventOf without the audit record's id. */
export function eventContentOf(change: Omit<AuditedChange, "auditEventId">): EventContent {
  const state = (change.after ?? change.before ?? {}) as Record<string, unknown>;
  const previous = (change.before ?? {}) as Record<string, unknown>;
  const partnershipId = change.partnershipId ?? (typeof state.partnershipId === "number" ? state.partnershipId : null);
  const common = {
    operation: change.operation,
    partnershipId,
    entityType: change.entityType,
    entityId: change.entityId,
    ...change.actor,
  };
  switch (change.entityType) {
    case "Measure":
      return {
        ...common,
        type: "measure.changed",
        payload: {
          measureId: toGlobalId("Measure", change.entityId),
          code: state.code ?? null,
          status: change.after ? (state.status ?? null) : null,
          previousStatus: change.before ? (previous.status ?? null) : null,
          version: state.version ?? null,
          policyAreaId: typeof state.policyAreaId === "number" ? toGlobalId("PolicyArea", state.policyAreaId) : null,
          leadSignatoryCodes: responsibleCodes(state, "LEAD"),
          // As it was before, so that a subscriber's filter sees a measure leave it too.
          previousPolicyAreaId: typeof previous.policyAreaId === "number" ? toGlobalId("PolicyArea", previous.policyAreaId) : null,
          previousLeadSignatoryCodes: responsibleCodes(change.before, "LEAD"),
        },
        public: true,
        signatoryCodes: [...new Set([...responsibleCodes(change.before), ...responsibleCodes(change.after)])].sort(),
      };
    case "ActionPlanVersion": {
      // Drafts are for signed-in users (as in queries); adoption and superseding are public.
      const status = typeof state.status === "string" ? state.status : "DRAFT";
      return {
        ...common,
        type: "action_plan.changed",
        payload: {
          versionId: toGlobalId("ActionPlanVersion", change.entityId),
          number: state.number ?? null,
          status: change.after ? status : null,
          revision: state.revision ?? null,
        },
        public: status !== "DRAFT",
        signatoryCodes: [],
      };
    }
    case "ExchangeRate":
      return {
        ...common,
        type: "funding.changed",
        payload: {
          exchangeRateId: toGlobalId("ExchangeRate", change.entityId),
          baseCurrency: state.baseCurrency ?? null,
          quoteCurrency: state.quoteCurrency ?? null,
          rateDate: state.rateDate ?? null,
          rate: state.rate ?? null,
        },
        public: true,
        signatoryCodes: [],
      };
    default:
      // Project, and any entity audited later: public, as the plan's data is.
      return {
        ...common,
        type: FUNDING_OPERATIONS.has(change.operation) ? "funding.changed" : "project.changed",
        payload: {
          [`${lowerFirst(change.entityType)}Id`]: toGlobalId(change.entityType, change.entityId),
          code: state.code ?? null,
          version: state.version ?? null,
        },
        public: true,
        signatoryCodes: [],
      };
  }
}

/** A measure snapshot's responsible signatories (of one role, or all). */
function responsibleCodes(state: unknown, role?: "LEAD"): string[] {
  const responsibilities = (state as { responsibilities?: { signatoryCode: string; role: string }[] } | null)?.responsibilities;
  if (!Array.isArray(responsibilities)) return [];
  return responsibilities.filter((r) => role === undefined || r.role === role).map((r) => r.signatoryCode);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** An event's content as SQL expressions, for a change whose event is written in the statement that makes it. */
export interface EventContentSql {
  type: SQL;
  partnershipId: SQL;
  payload: SQL;
  public: SQL;
  signatoryCodes: SQL;
}

/**
 * eventContentOf's measure event, computed by PostgreSQL from the measure's snapshots before and
 * after (jsonb, measureSnapshot; either may be null), for setMeasureStatus's one statement. The
 * two are kept the same by test/events.test.ts, which compares them on five kinds of measure change.
 */
export function measureEventContentSql(of: { entityId: SQL; before: SQL; after: SQL }): EventContentSql {
  const state = sql`coalesce(${of.after}, ${of.before})`;
  const policyAreaId = (snapshot: SQL) =>
    sql`case when jsonb_typeof(${snapshot}->'policyAreaId') = 'number' then ${globalIdSql("PolicyArea", sql`(${snapshot}->>'policyAreaId')::int`)} end`;
  const responsibilities = (snapshot: SQL) =>
    sql`jsonb_array_elements(case when jsonb_typeof(${snapshot}->'responsibilities') = 'array' then ${snapshot}->'responsibilities' else '[]'::jsonb end)
      with ordinality as r(value, position)`;
  const leadCodes = (snapshot: SQL) =>
    sql`(select coalesce(jsonb_agg(r.value->'signatoryCode' order by r.position), '[]'::jsonb) from ${responsibilities(snapshot)} where r.value->>'role' = 'LEAD')`;
  return {
    type: sql`'measure.changed'::text`,
    partnershipId: sql`case when jsonb_typeof(${state}->'partnershipId') = 'number' then (${state}->>'partnershipId')::int end`,
    payload: sql`jsonb_build_object(
      'measureId', ${globalIdSql("Measure", of.entityId)},
      'code', ${state}->'code',
      'status', ${of.after}->'status',
      'previousStatus', ${of.before}->'status',
      'version', ${state}->'version',
      'policyAreaId', ${policyAreaId(state)},
      'leadSignatoryCodes', ${leadCodes(state)},
      'previousPolicyAreaId', ${policyAreaId(of.before)},
      'previousLeadSignatoryCodes', ${leadCodes(of.before)})`,
    public: sql`true`,
    // Sorted as JavaScript sorts (UTF-16 code units; byte order for these ASCII codes).
    signatoryCodes: sql`array(
      select distinct r.value->>'signatoryCode' collate "C" from (
        select value from ${responsibilities(of.before)} union all select value from ${responsibilities(of.after)}) r
      order by 1)`,
  };
}

/**
 * Writes a transaction's events, last thing before it commits, in one statement
 * (eventWritingCtes): under EVENT_WRITE_LOCK (ids in commit order), then one pg_notify with the
 * newest id, which PostgreSQL delivers on commit (and drops on rollback, with the rows).
 */
export async function writeEvents(tx: Transaction, pending: PendingEvent[]): Promise<void> {
  if (pending.length === 0) return;
  const rows = pending.map((event, ord) => ({
    ord,
    type: event.type,
    operation: event.operation,
    partnership_id: event.partnershipId ?? null,
    entity_type: event.entityType,
    entity_id: event.entityId,
    audit_event_id: event.auditEventId,
    payload: event.payload,
    actor_sub: event.actorSub,
    actor_role: event.actorRole,
    actor_signatory_code: event.actorSignatoryCode ?? null,
    public: event.public,
    signatory_codes: event.signatoryCodes,
  }));
  await tx.execute(sql`with ${eventWritingCtes(sql`
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(
      ord int, type text, operation text, partnership_id int, entity_type text, entity_id int, audit_event_id int,
      payload jsonb, actor_sub text, actor_role text, actor_signatory_code text, public boolean, signatory_codes text[])`)}
    select count(*) from events_notified`);
}

/**
 * The common table expressions that write events, for a statement that ends with
 * `select ... from events_notified` (a plain select runs only when read). `pending` selects the
 * events in order (`ord`), with the event table's columns but id, occurred_at and
 * partnership_code. EVENT_WRITE_LOCK is taken once the first of them is known: in a statement
 * that also makes the change, only after the change's own writes and row locks.
 */
export function eventWritingCtes(pending: SQL): SQL {
  return sql`pending_events as (${pending}),
    event_lock as (select pg_advisory_xact_lock(${sql.raw(String(EVENT_WRITE_LOCK))}) from (select 1 from pending_events limit 1) first_event),
    written_events as (
      insert into ${events} (type, operation, partnership_id, partnership_code, entity_type, entity_id, audit_event_id, payload,
        actor_sub, actor_role, actor_signatory_code, public, signatory_codes)
      select e.type, e.operation, e.partnership_id, (select p.code from ${partnerships} p where p.id = e.partnership_id),
        e.entity_type, e.entity_id, e.audit_event_id, e.payload, e.actor_sub, e.actor_role, e.actor_signatory_code, e.public, e.signatory_codes
      from pending_events e, event_lock
      order by e.ord
      returning id),
    events_notified as (select pg_notify(${sql.raw(`'${EVENTS_CHANNEL}'`)}, max(id)::text) from written_events having count(*) > 0)`;
}

/** Events after `cursor`, oldest first, at most `limit`, optionally of some types only. */
export async function eventsAfter(db: Executor, cursor: number, limit: number, types?: readonly EventType[]): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(gt(events.id, cursor), types ? inArray(events.type, [...types]) : undefined))
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The newest event's id (0 when there is none): where a feed starts. */
export async function newestEventId(db: Executor): Promise<number> {
  const [row] = await db.select({ newest: max(events.id) }).from(events);
  return Number(row?.newest ?? 0);
}

/** The oldest event still kept (null when none is): a cursor below it may have lost events to the purge. */
export async function oldestEventId(db: Executor): Promise<number | null> {
  const [row] = await db.select({ oldest: min(events.id) }).from(events);
  return row?.oldest == null ? null : Number(row.oldest);
}

/**
 * Deletes events older than `retentionDays`, except the newest event of all (so that the oldest
 * kept event always tells how far back cursors reach, see oldestEventId); gives how many. Every
 * instance may run it: deleting twice deletes nothing.
 */
export async function purgeEvents(db: Executor, retentionDays: number): Promise<number> {
  const [row] = await selectRows<{ deleted: number }>(
    db,
    sql`with gone as (
          delete from ${events}
          where ${events.occurredAt} < now() - make_interval(days => ${retentionDays})
            and ${events.id} < (select max(id) from ${events})
          returning 1)
        select count(*)::int as deleted from gone`,
  );
  return row?.deleted ?? 0;
}

/**
 * Whether a viewer may see an event at all (what it may see of it, actors included, is the
 * subscription's business): public ones, anyone; the rest, signed-in users, and among them only
 * the named signatories' ministries when the event names signatories.
 */
export function mayRead(viewer: Viewer, event: Pick<EventRow, "public" | "signatoryCodes">): boolean {
  if (event.public) return true;
  if (viewer.kind !== "user") return false;
  if (viewer.role !== "MINISTRY" || event.signatoryCodes.length === 0) return true;
  return event.signatoryCodes.includes(viewer.signatoryCode);
}

/** An event's cursor, as clients see it: opaque, like every id of this API. */
export const toCursor = (eventId: number): string => toGlobalId("Event", eventId);

/** Throws BAD_USER_INPUT for a string that is not a cursor of this API. */
export const fromCursor = (cursor: string): number => fromGlobalIdOf("Event", cursor);

/**
 * Refuses a cursor older than the events kept: events after it may have been purged, and
 * delivering the rest would hide the gap. The newest event is never purged, so the oldest
 * kept one tells. (An id lost to a rolled-back transaction just above the cursor makes this
 * refuse a cursor it could have served: the safe way round.)
 */
export async function requireKeptCursor(db: Executor, after: number, retentionDays: number): Promise<void> {
  const oldest = await oldestEventId(db);
  if (oldest !== null && after < oldest - 1) {
    throw badUserInput(
      `The cursor is older than the events kept (${retentionDays} days): read the current state with a query, then subscribe without after`,
    );
  }
}
