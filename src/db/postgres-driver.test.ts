import { createServer, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import { openPostgres, type DatabaseHandle } from "./client";

/**
 * A query that was on a connection when the connection died must not change how the next
 * connection attempt reads the server's answer. postgres.js 3.4.9 kept that query as "the
 * one in flight": the ErrorResponse of a server still starting up (57P03) was then taken for
 * that query's, the request waited for a ReadyForQuery that never comes, and the driver
 * reconnected with no delay until the server was ready: requests hung for the whole restart
 * (test/faults/postgres-kill.fault.ts). patches/postgres+3.4.9.patch clears it.
 *
 * Nor may a statement that failed half-way change the next one's rows: postgres.js 3.4.9
 * counted the rows it had stored and reset the count only at a statement's successful end,
 * so after an error in a later row (or a cancel) the next statement on that connection got
 * as many empty slots before its own rows. A DataLoader then met an undefined row and the
 * request failed as an internal error (1 run in ~8 of
 * test/faults/terminate-backends.fault.ts). The patch resets the count with every result.
 *
 * Stand-in servers speak just enough of the protocol.
 */

const message = (type: string, body: Buffer) => {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
};
const authenticationOk = message("R", Buffer.from([0, 0, 0, 0]));
const readyForQuery = message("Z", Buffer.from("I"));
/** The answer to postgres.js's query for the array types, made at every connection: none. */
const noRows = Buffer.concat([
  message("1", Buffer.alloc(0)),
  message("2", Buffer.alloc(0)),
  message("n", Buffer.alloc(0)),
  message("C", Buffer.from("SELECT 0\0")),
  readyForQuery,
]);
const startingUp = message(
  "E",
  Buffer.from(["SFATAL", "VFATAL", "C57P03", "Mthe database system is starting up", ""].join("\0") + "\0"),
);

const divisionByZero = message("E", Buffer.from(["SERROR", "VERROR", "C22012", "Mdivision by zero", ""].join("\0") + "\0"));
/** One int4 column named "id", as the answer to the application's statement begins. */
const idColumn = Buffer.concat([
  message("1", Buffer.alloc(0)),
  message("t", Buffer.from([0, 0])),
  message("T", Buffer.concat([Buffer.from([0, 1]), Buffer.from("id\0"), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0])])),
  message("2", Buffer.alloc(0)),
]);
const idRow = (id: number) => message("D", Buffer.concat([Buffer.from([0, 1, 0, 0, 0, String(id).length]), Buffer.from(String(id))]));

interface StandIn {
  handle: DatabaseHandle;
  /** Connections the driver has opened so far. */
  connections(): number;
  close(): Promise<void>;
}

const standIns: StandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

/** A server calling `onData` with each connection's number (from 1) and each message batch's (from 1). */
async function standIn(onData: (attempt: number, received: number, socket: Socket) => void): Promise<StandIn> {
  let connections = 0;
  const server = createServer((socket: Socket) => {
    const attempt = ++connections;
    let received = 0;
    socket.on("data", () => onData(attempt, ++received, socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const handle = openPostgres(`postgres://postgres@127.0.0.1:${port}/plan`, { poolMax: 1, statementTimeoutMs: 1_000 });
  const standIn: StandIn = {
    handle,
    connections: () => connections,
    close: async () => {
      await handle.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  standIns.push(standIn);
  return standIn;
}

/** Lets a connection in and answers the driver's array-types query; true if `received` was one of those. */
function letIn(received: number, socket: Socket): boolean {
  if (received === 1) socket.write(Buffer.concat([authenticationOk, readyForQuery]));
  else if (received === 2) socket.write(noRows);
  return received <= 2;
}

it("fails a query at once when the server, back after a lost connection, is still starting up", async () => {
  // The first connection dies under the application's first statement; every later one is
  // refused as by a server starting up.
  const server = await standIn((attempt, received, socket) => {
    if (attempt > 1) return void socket.end(startingUp);
    if (!letIn(received, socket)) socket.destroy();
  });
  const { handle } = server;
  const lost = await handle.db.execute(sql`select 1`).catch((error: unknown) => error);
  expect(codeOf(lost)).toMatch(/^(CONNECTION_CLOSED|ECONNRESET)$/);

  const before = server.connections();
  const next = await handle.db.execute(sql`select 1`).catch((error: unknown) => error);
  expect(codeOf(next)).toBe("57P03");
  // One attempt answers it: no loop of reconnects while the server starts.
  expect(server.connections() - before).toBe(1);
}, 10_000);

it("gives the statement after one that failed half-way through its rows its own rows, and no empty slots", async () => {
  // The first statement sends two rows, then fails (division by zero in its third); the next answers one row.
  let statements = 0;
  const server = await standIn((_attempt, received, socket) => {
    if (letIn(received, socket)) return;
    if (++statements === 1) return void socket.write(Buffer.concat([idColumn, idRow(1), idRow(2), divisionByZero, readyForQuery]));
    socket.write(Buffer.concat([idColumn, idRow(7), message("C", Buffer.from("SELECT 1\0")), readyForQuery]));
  });
  const { handle } = server;

  const failed = await handle.db.execute(sql`select id from measure`).catch((error: unknown) => error);
  expect(codeOf(failed)).toBe("22012");

  // The driver's result, an array of rows (drizzle's type for it differs by driver).
  const rows = (await handle.db.execute(sql`select id from measure`)) as unknown as unknown[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toEqual({ id: 7 });
  expect(server.connections()).toBe(1);
}, 10_000);

function codeOf(error: unknown): unknown {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as { code?: unknown }).code;
}
