import type { Ack } from "./load";

/** What the database holds for one mutation's request id. */
export interface Committed {
  requestId: string;
  /** The measure's row id, from the audit row. */
  entityId: number;
  status: string;
  version: number;
  /** A measure_status_change row with this request id exists too. */
  statusChange: boolean;
}

/**
 * SQL giving the `Committed` rows of one run (request ids starting with `runId-`). The client's
 * request id is the audit row's correlation_id; its request_id is the server's, as is the status change's.
 */
export const committedSql = (runId: string) => `
  select a.correlation_id as "requestId", a.entity_id as "entityId", a.after->>'status' as status,
         (a.after->>'version')::int as version,
         exists (select 1 from measure_status_change c where c.request_id = a.request_id) as "statusChange"
  from audit_event a
  where a.operation = 'setMeasureStatus' and a.correlation_id like '${runId}-%'`;

const measureRowId = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString("utf8").split(":")[1]);

export interface AckCheck {
  acknowledged: number;
  found: number;
  /** Acknowledged, but no audit row (or a different one) in the database. */
  missing: Ack[];
  /** In the database more than once under one request id. */
  duplicated: string[];
  /** Committed although the client got no acknowledgement (ambiguous outcomes that did commit). */
  committedUnacknowledged: number;
}

export function checkAcks(acks: Ack[], committed: Committed[]): AckCheck {
  const byRequest = new Map<string, Committed[]>();
  for (const row of committed) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row]);
  const missing = acks.filter((ack) => {
    const rows = byRequest.get(ack.requestId) ?? [];
    return !(
      rows.length === 1 &&
      rows[0]!.entityId === measureRowId(ack.measureId) &&
      rows[0]!.status === ack.status &&
      Number(rows[0]!.version) === ack.version &&
      rows[0]!.statusChange
    );
  });
  const acknowledgedIds = new Set(acks.map((ack) => ack.requestId));
  return {
    acknowledged: acks.length,
    found: acks.length - missing.length,
    missing,
    duplicated: [...byRequest].filter(([, rows]) => rows.length > 1).map(([id]) => id),
    committedUnacknowledged: [...byRequest.keys()].filter((id) => !acknowledgedIds.has(id)).length,
  };
}
