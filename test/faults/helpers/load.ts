import { errorCodes, graphql, type Reply } from "./http";
import { sleep } from "./process";

/**
 * A steady mix of reads and setMeasureStatus mutations, as a few dashboards and ministries
 * would send them. Each writer owns one measure (no write conflicts between writers): it
 * agrees it, then toggles IN_PROGRESS / ON_HOLD. A mutation answered 200 with data is
 * acknowledged and recorded with its request id, to be looked for in the database later.
 */

export interface Sample {
  kind: "read" | "write" | "refresh";
  started: number;
  ended: number;
  ms: number;
  status: number;
  codes: string[];
  error?: string;
  ok: boolean;
}

export interface Ack {
  requestId: string;
  measureId: string;
  status: string;
  version: number;
  at: number;
}

export interface MeasureState {
  id: string;
  status: string;
  version: number;
}

const READS = [
  `{ measures(first: 20) { totalCount nodes { id code title status version deadline overdue policyArea { title } leads { code } responsibilities { role signatory { code } } } } }`,
  `{ partnership(code: "EU-BY") { title signedOn signatories { code name kind } policyAreas { position code title } } }`,
  `{ measures(filter: { responsibleSignatoryCode: "PL" }, first: 10) { nodes { code status statusHistory { fromStatus toStatus reason changedAt } } } }`,
];

const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id status version } } }`;
const MEASURE = `query($id: ID!) { node(id: $id) { ... on Measure { id status version } } }`;
export const MEASURE_LIST = `{ measures(first: 100) { nodes { id code status version } } }`;

export interface LoadOptions {
  origin: string;
  /** A COORDINATOR token. */
  token: string;
  /** One writer per measure. */
  measures: MeasureState[];
  readers: number;
  thinkMs: number;
  /** Client-side deadline per request: longer counts as hanging (error TIMEOUT). */
  timeoutMs: number;
  /** Prefix of the x-request-id of every mutation, to find them in the audit trail. */
  runId: string;
}

export interface Load {
  samples: Sample[];
  acks: Ack[];
  /** Mutations that got no acknowledgement (error, 503, no answer): they may or may not have committed. */
  unacknowledged: string[];
  stop(): Promise<void>;
}

function nextMove(status: string): { status: string; reason?: string } | undefined {
  switch (status) {
    case "PROPOSED":
      return { status: "AGREED" };
    case "AGREED":
    case "ON_HOLD":
      return { status: "IN_PROGRESS" };
    case "IN_PROGRESS":
      return { status: "ON_HOLD", reason: "Fault test: waiting for funding" };
    case "COMPLETED":
      return { status: "IN_PROGRESS", reason: "Fault test: reopened" };
    default:
      return undefined;
  }
}

export function startLoad(options: LoadOptions): Load {
  const samples: Sample[] = [];
  const acks: Ack[] = [];
  const unacknowledged: string[] = [];
  let running = true;
  let sequence = 0;

  const record = (kind: Sample["kind"], reply: Reply, ok: boolean) => {
    samples.push({
      kind,
      started: reply.started,
      ended: reply.started + reply.ms,
      ms: reply.ms,
      status: reply.status,
      codes: errorCodes(reply),
      error: reply.error,
      ok,
    });
  };

  const reader = async (index: number) => {
    for (let i = index; running; i++) {
      const reply = await graphql(options.origin, READS[i % READS.length]!, {}, { timeoutMs: options.timeoutMs });
      record("read", reply, reply.status === 200 && !reply.json?.errors && reply.json?.data != null);
      await sleep(options.thinkMs);
    }
  };

  const writer = async (measure: MeasureState) => {
    let state: MeasureState | undefined = measure;
    while (running) {
      if (!state) {
        // After an unanswered or failed mutation the client does not know the version: read it.
        const reply = await graphql(options.origin, MEASURE, { id: measure.id }, { token: options.token, timeoutMs: options.timeoutMs });
        const node = reply.json?.data?.node;
        record("refresh", reply, reply.status === 200 && node != null);
        if (node) state = node as MeasureState;
        await sleep(options.thinkMs);
        continue;
      }
      const move = nextMove(state.status);
      if (!move) return;
      const requestId = `${options.runId}-${++sequence}`;
      const reply = await graphql(
        options.origin,
        SET_STATUS,
        { input: { measureId: state.id, expectedVersion: state.version, ...move } },
        { token: options.token, requestId, timeoutMs: options.timeoutMs },
      );
      const changed = reply.status === 200 ? reply.json?.data?.setMeasureStatus?.measure : undefined;
      record("write", reply, changed != null && !reply.json?.errors);
      if (changed) {
        acks.push({ requestId, measureId: changed.id, status: changed.status, version: changed.version, at: performance.now() });
        state = changed as MeasureState;
      } else {
        unacknowledged.push(requestId);
        state = undefined;
      }
      await sleep(options.thinkMs);
    }
  };

  const workers = [
    ...Array.from({ length: options.readers }, (_, i) => reader(i)),
    ...options.measures.map((measure) => writer(measure)),
  ];
  return {
    samples,
    acks,
    unacknowledged,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Failed requests counted by what they got: a network error, or the status and error codes. */
export function summariseFailures(failed: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of failed) {
    const key = s.error ?? `${s.status} ${s.codes.join(",") || "-"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(counts));
}

/**
 * Server settings for a load from one token and one address: the per-client rate limit and the
 * cap on operations at once per client would answer most of it with 429.
 */
export const UNTHROTTLED = { RATE_LIMIT_POINTS: "0", MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0" } as const;
