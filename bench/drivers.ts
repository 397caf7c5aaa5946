/**
 * The benchmark's request drivers that keep state between requests: the write, which moves
 * measures between IN_PROGRESS and ON_HOLD at the version each answer gives. Shared by run.ts
 * and experiments.ts.
 */
import type autocannon from "autocannon";
import type postgres from "postgres";
import { READ_MEASURES_EVERY, globalId, sleep } from "./lib";
import type { OperationSpec } from "./operations";

export interface Driver {
  /** Runs before each load (warm-up and measured), e.g. to re-read versions. */
  before?: () => Promise<void>;
  requests: autocannon.Request[];
  headers: Record<string, string>;
  counters: { errors: number; conflicts: number };
}

interface PoolMeasure {
  id: number;
  globalId: string;
  version: number;
  status: "IN_PROGRESS" | "ON_HOLD";
}

/**
 * Each connection moves its own measures between IN_PROGRESS and ON_HOLD, at the version
 * the last answer gave (read fresh from the database before each server's run), so
 * concurrent requests never race for a measure; a CONFLICT is counted, and its
 * currentVersion taken, but should not happen.
 */
export async function mutationDriver(
  op: Pick<OperationSpec, "query" | "operationName">,
  token: string,
  sql: postgres.Sql,
  connections: number,
  counters: Driver["counters"],
  headers: Record<string, string>,
): Promise<Driver> {
  const rows = await sql<{ id: number; version: number; status: PoolMeasure["status"] }[]>`
    select id, version, status::text as status from measure
    where status in ('IN_PROGRESS', 'ON_HOLD') and id % ${READ_MEASURES_EVERY} <> 0 order by id % 7, id limit 4000`;
  const pool: PoolMeasure[] = rows.map((r) => ({ ...r, globalId: globalId("Measure", r.id) }));
  // A load that ends with requests in flight leaves versions the driver has not seen.
  const before = async () => {
    // Let the answers to the previous load's last requests arrive at the server first.
    await sleep(1000);
    const current = await sql<{ id: number; version: number; status: PoolMeasure["status"] }[]>`
      select id, version, status::text as status from measure where id = any(${pool.map((m) => m.id)}::int[])`;
    const byId = new Map(current.map((r) => [r.id, r]));
    for (const measure of pool) Object.assign(measure, { version: byId.get(measure.id)!.version, status: byId.get(measure.id)!.status });
    idle = [...pool];
  };
  // Measures not in flight; a request takes the first, its answer puts it back at the end.
  let idle: PoolMeasure[] = [...pool];
  interface Ctx {
    current?: PoolMeasure;
  }
  const request: autocannon.Request = {
    method: "POST",
    path: "/graphql",
    setupRequest: (req, context: Ctx) => {
      const measure = idle.shift();
      if (!measure) throw new Error("The mutation pool ran dry");
      context.current = measure;
      const status = measure.status === "IN_PROGRESS" ? "ON_HOLD" : "IN_PROGRESS";
      const input = {
        measureId: measure.globalId,
        expectedVersion: measure.version,
        status,
        reason: status === "ON_HOLD" ? "Benchmark: waiting for funding" : "Benchmark: funding found",
        clientMutationId: `bench-${measure.id}-${measure.version}`,
      };
      return { ...req, body: JSON.stringify({ query: op.query, operationName: op.operationName, variables: { input } }) };
    },
    onResponse: (_status, body, context: Ctx) => {
      const measure = context.current!;
      idle.push(measure);
      try {
        const parsed = JSON.parse(body) as {
          data?: { setMeasureStatus?: { measure: { version: number; status: PoolMeasure["status"] } } } | null;
          errors?: { extensions?: { code?: string; currentVersion?: number } }[];
        };
        const changed = parsed.data?.setMeasureStatus?.measure;
        if (changed) {
          measure.version = changed.version;
          measure.status = changed.status;
          return;
        }
        const error = parsed.errors?.[0]?.extensions;
        if (error?.code === "CONFLICT" && typeof error.currentVersion === "number") {
          counters.conflicts += 1;
          measure.version = error.currentVersion;
          return;
        }
      } catch {
        // counted below
      }
      counters.errors += 1;
    },
  };
  if (pool.length < connections * 4) throw new Error(`Too few IN_PROGRESS/ON_HOLD measures for the mutation pool (${pool.length})`);
  return { before, headers: { ...headers, authorization: `Bearer ${token}` }, counters, requests: [request] };
}

