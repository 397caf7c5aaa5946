import { and, sql } from "drizzle-orm";
import type { Viewer } from "../../auth/viewer";
import type { Database, Executor } from "../../db/client";
import { createLoaders, type Context, type Loaders } from "../../graphql/context";
import { badUserInput } from "../../graphql/errors";
import { toGlobalId } from "../../lib/global-id";
import { requirePartnership } from "../partnerships/partnerships.service";
import { policyAreas } from "../partnerships/partnerships.tables";
import type { SubscribeOptions } from "./events.feed";
import { fromCursor, mayRead, requireKeptCursor, toCursor, type EventRow, type EventType } from "./events.service";

/**
 * From the event feed to a subscription's resolver: the stream each subscription reads, its
 * filters, and what every delivered change says of itself. (events.service.ts keeps to the
 * table, so that it can be used without GraphQL.)
 */

/**
 * The events a subscription delivers: those after `after` (a cursor; refused if older than
 * what is kept) and then live ones, of `types`, that the viewer may read and `accepts` takes.
 * Each event is resolved with loaders of its own: a subscription's context lives as long as the
 * socket, and its loaders' cache would otherwise serve the state of the first event forever.
 */
export async function streamEvents(
  context: Context,
  options: { after?: string | null; types: readonly EventType[]; accepts?: (event: EventRow) => boolean },
): Promise<AsyncIterableIterator<EventRow>> {
  const { events: feed, viewer, db } = context;
  const after = options.after == null ? undefined : fromCursor(options.after);
  if (after !== undefined) await requireKeptCursor(db, after, feed.retentionDays);
  const types = new Set<string>(options.types);
  const accepts: SubscribeOptions["accepts"] = (event) => types.has(event.type) && mayRead(viewer, event) && (options.accepts?.(event) ?? true);
  const subscription = feed.subscribe({ after, types: options.types, accepts });
  // An event is being delivered from the moment it is taken until the next one is asked for
  // (graphql-ws asks once it has sent the last): shutdown waits for these (EventFeed.pause).
  let delivering = false;
  const delivered = () => {
    if (delivering) feed.delivery(false);
    delivering = false;
  };
  const stream: AsyncIterableIterator<EventRow> = {
    async next() {
      delivered();
      const result = await subscription.next();
      if (!result.done) {
        context.loaders = loadersOf(result.value, db);
        delivering = true;
        feed.delivery(true);
      }
      return result;
    },
    return: () => {
      delivered();
      return subscription.return();
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

/**
 * The loaders every subscriber resolves one event with. The feed offers one row object to all
 * its live subscriptions, so N subscribers selecting `measure` read it once, not N times. Loaders
 * hold rows, never a viewer's answer (they take no viewer): each subscriber's resolvers still
 * apply its own rules to them. A subscription catching up reads rows of its own, and loads for
 * itself. The loaders go with the row, once every subscriber has been given it.
 */
const loadersByEvent = new WeakMap<EventRow, Loaders>();
function loadersOf(event: EventRow, db: Database): Loaders {
  let loaders = loadersByEvent.get(event);
  if (!loaders) loadersByEvent.set(event, (loaders = createLoaders(db)));
  return loaders;
}

export interface MeasureChangeFilterValues {
  partnershipCode?: string | null;
  policyAreaCode?: string | null;
  leadSignatoryCode?: string | null;
  responsibleSignatoryCode?: string | null;
  statuses?: readonly string[] | null;
}

/**
 * measureChanged's filter as a test of an event, by its payload (so that no subscriber costs a
 * query per event): a change is delivered when the measure matched the filter before it or
 * matches after it, so that a view of "measures in progress" also learns of one that leaves.
 * Codes that name nothing are refused.
 */
export async function measureChangeFilter(db: Executor, filter: MeasureChangeFilterValues): Promise<(event: EventRow) => boolean> {
  const { partnershipCode, policyAreaCode, leadSignatoryCode, responsibleSignatoryCode, statuses } = filter;
  const partnership = partnershipCode == null ? undefined : await requirePartnership(db, partnershipCode);
  let areaIds: Set<string> | undefined;
  if (policyAreaCode != null) {
    const areas = await db
      .select({ id: policyAreas.id })
      .from(policyAreas)
      .where(and(sql`${policyAreas.code} = ${policyAreaCode}`, partnership ? sql`${policyAreas.partnershipId} = ${partnership.id}` : undefined));
    if (areas.length === 0) throw badUserInput(`There is no policy area ${policyAreaCode}${partnership ? ` in ${partnership.code}` : ""}`);
    areaIds = new Set(areas.map((area) => toGlobalId("PolicyArea", area.id)));
  }
  const matches = (state: MeasureState) =>
    (areaIds === undefined || areaIds.has(state.policyAreaId ?? "")) &&
    (leadSignatoryCode == null || state.leadSignatoryCodes.includes(leadSignatoryCode)) &&
    (statuses == null || statuses.includes(state.status ?? ""));
  return (event) => {
    const payload = event.payload as MeasurePayload;
    const before = measureBefore(payload);
    return (
      (partnership === undefined || event.partnershipId === partnership.id) &&
      (responsibleSignatoryCode == null || event.signatoryCodes.includes(responsibleSignatoryCode)) &&
      ((payload.status != null && matches({ status: payload.status, policyAreaId: payload.policyAreaId, leadSignatoryCodes: payload.leadSignatoryCodes ?? [] })) ||
        (before !== undefined && matches(before)))
    );
  };
}

/** What a measure.changed event's payload says of the measure (eventOf in events.service.ts). */
interface MeasurePayload {
  status: string | null;
  previousStatus: string | null;
  policyAreaId: string | null;
  leadSignatoryCodes?: string[];
  previousPolicyAreaId?: string | null;
  previousLeadSignatoryCodes?: string[];
}

interface MeasureState {
  status: string | null;
  policyAreaId: string | null;
  leadSignatoryCodes: string[];
}

/**
 * The measure as it was before the change; none for a creation. Events written before the
 * payload held the previous area and leads (2026-12-03) take them as unchanged.
 */
function measureBefore(payload: MeasurePayload): MeasureState | undefined {
  if (payload.previousStatus == null) return undefined;
  return {
    status: payload.previousStatus,
    policyAreaId: payload.previousPolicyAreaId !== undefined ? payload.previousPolicyAreaId : payload.policyAreaId,
    leadSignatoryCodes: payload.previousLeadSignatoryCodes ?? payload.leadSignatoryCodes ?? [],
  };
}

/** Who made a change, for those who may know (as elsewhere: signed-in clients). */
const actorOf = (viewer: Viewer, event: EventRow) =>
  viewer.kind === "user" ? { sub: event.actorSub, role: event.actorRole, signatoryCode: event.actorSignatoryCode } : null;

/** What every delivered change says of itself (DeliveredChange in events.types.ts). */
export const deliveredChangeOf = (viewer: Viewer, event: EventRow) => ({
  cursor: toCursor(event.id),
  occurredAt: event.occurredAt,
  operation: event.operation,
  actor: actorOf(viewer, event),
});
