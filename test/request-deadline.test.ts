import { sql } from "drizzle-orm";
import { get } from "node:http";
import { selectRows } from "../src/db/client";
import { fromGlobalIdOf } from "../src/lib/global-id";
import { COORDINATOR } from "./helpers/claims";
import { testDatabaseUrl } from "./helpers/databases";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * Every request has a deadline (REQUEST_TIMEOUT_MS): a mutation kept waiting past it (here by
 * a transaction holding the measure table) is answered TIMEOUT, writes nothing (no change, no
 * audit row), and on PostgreSQL leaves no backend of the service waiting behind the lock.
 */
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id status version } } }`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { REQUEST_TIMEOUT_MS: "1000" } });
});

afterAll(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service's backends waiting on a lock (PostgreSQL). */
const waitingOnLocks = async () =>
  (
    await selectRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )
  )[0]!.n;

it("answers TIMEOUT past the deadline, writes nothing and leaves no connection behind the lock", async () => {
  const { measures } = await server.query<{ measures: { nodes: { id: string; status: string; version: number }[] } }>(
    `{ measures(first: 1, filter: { statuses: [PROPOSED] }) { nodes { id status version } } }`,
  );
  const measure = measures.nodes[0]!;

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const holder = server.database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table measure in access exclusive mode`);
    locked();
    await held;
  });
  await lockTaken;

  const requestId = `deadline-${Date.now()}`;
  const result = await server.requestAs(
    COORDINATOR,
    SET_STATUS,
    { input: { measureId: measure.id, status: "AGREED", expectedVersion: measure.version } },
    { "x-request-id": requestId },
  );
  expect(result.errors?.map((error) => error.extensions?.code)).toEqual(["TIMEOUT"]);
  expect(result.data).toBeNull();

  if (server.database.kind === "postgres") {
    // The given-up transaction's backend is ended (not left queued behind the lock); polled, as
    // ending it takes a round trip of its own.
    let waiting = await waitingOnLocks();
    for (let attempt = 0; waiting > 0 && attempt < 50; attempt++) {
      await sleep(100);
      waiting = await waitingOnLocks();
    }
    expect(waiting).toBe(0);
  }
  release();
  await holder;

  const [after] = await selectRows<{ version: number; status: string; audited: number }>(
    server.database.db,
    sql`select version, status::text as status,
          (select count(*)::int from audit_event where request_id = ${requestId}) as audited
        from measure where id = ${fromGlobalIdOf("Measure", measure.id)}`,
  );
  expect(after).toEqual({ version: measure.version, status: measure.status, audited: 0 });

  // The pool serves the next request, which may make the change.
  const retried = await server.requestAs(COORDINATOR, SET_STATUS, {
    input: { measureId: measure.id, status: "AGREED", expectedVersion: measure.version },
  });
  expect(retried.errors).toBeUndefined();
  expect(retried.data).toMatchObject({ setMeasureStatus: { measure: { status: "AGREED", version: measure.version + 1 } } });
});

/**
 * Liveness: /healthz fails once the database has answered nothing for LIVENESS_STALL_MS while
 * round trips were wanted, and recovers when it answers again. On PGlite one transaction held
 * open stalls every other statement (the liveness probe too), as a wedged pool does; on
 * PostgreSQL the probe would take another connection (test/faults/terminate-backends.fault.ts
 * covers it there).
 */
describe("liveness", () => {
  let stalling: TestServer;
  beforeAll(async () => {
    stalling = await startTestServer({ env: { LIVENESS_STALL_MS: "1000" } });
  });
  afterAll(async () => {
    await stalling.stop();
  });

  const healthz = async () => (await fetch(new URL("/healthz", stalling.url))).status;

  (testDatabaseUrl() ? it.skip : it)("fails while the database answers nothing, and recovers when it answers", async () => {
    expect(await healthz()).toBe(200);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = stalling.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await held;
    });
    let status = await healthz();
    for (let attempt = 0; status === 200 && attempt < 50; attempt++) {
      await sleep(100);
      status = await healthz();
    }
    expect(status).toBe(503);
    release();
    await holder;
    for (let attempt = 0; status !== 200 && attempt < 50; attempt++) {
      await sleep(100);
      status = await healthz();
    }
    expect(status).toBe(200);
  });
});

describe("a CSV export, sent in batches", () => {
  // ~10 MB, more than the sockets buffer, in batches of 500: the deadline bounds each one's wait.
  const MEASURES = 20_000;
  let exporting: TestServer;
  beforeAll(async () => {
    // 4 s: on a machine busy enough to run four suites at once, one batch of 500 took longer than 2 s.
    exporting = await startTestServer({ env: { REQUEST_TIMEOUT_MS: "4000" } });
    await exporting.database.db.execute(sql`
      insert into measure (partnership_id, policy_area_id, code, title, description, status)
      select pa.partnership_id, pa.id, 'SLOW-' || g, 'Measure ' || g || ' ' || repeat('t', 450), 'd', 'PROPOSED'
      from generate_series(1, ${MEASURES}) g, (select id, partnership_id from policy_area where code = 'ASYLUM') pa`);
  });
  afterAll(async () => {
    await exporting.stop();
  });

  /**
   * Reads /exports/measures.csv, stopping for `pauseMs` after each MB, `pauses` times at most (the
   * server then waits for the client, its socket full); gives the lines received and whether the
   * body ended properly.
   */
  const download = (pauseMs: number, pauses = Number.POSITIVE_INFINITY) =>
    new Promise<{ lines: number; complete: boolean }>((resolve, reject) => {
      get(new URL("/exports/measures.csv", exporting.url), (response) => {
        let lines = 0;
        let sincePause = 0;
        response.on("data", (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) lines++;
          sincePause += chunk.length;
          if (sincePause >= 1024 * 1024 && pauses > 0) {
            sincePause = 0;
            pauses--;
            response.pause();
            setTimeout(() => response.resume(), pauseMs);
          }
        });
        response.on("end", () => resolve({ lines, complete: response.complete }));
        response.on("error", () => resolve({ lines, complete: false }));
        response.on("aborted", () => resolve({ lines, complete: false }));
      }).on("error", reject);
    });

  it("is not cut short while it keeps moving, however long it takes in all", async () => {
    // A stop of 600 ms after each MB of ~10: longer in all than the 4 s deadline.
    const { lines, complete } = await download(600);
    expect(complete).toBe(true);
    const { measures } = await exporting.query(`{ measures { totalCount } }`);
    expect(lines).toBe(1 + measures.totalCount);
  });

  it("is cut short once the client stops taking it for longer than the deadline", async () => {
    const { lines, complete } = await download(9_000, 1);
    expect(complete).toBe(false);
    expect(lines).toBeLessThan(MEASURES);
  });
});
