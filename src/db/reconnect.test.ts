import { createServer, type Server, type Socket } from "node:net";
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
 * A stand-in server speaks just enough of the protocol: the first connection is let in and
 * dropped at the application's first query; every later one is refused as by a server starting up.
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

let server: Server;
let handle: DatabaseHandle;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket: Socket) => {
    const attempt = ++connections;
    let received = 0;
    socket.on("data", () => {
      if (attempt > 1) return void socket.end(startingUp);
      received++;
      if (received === 1) return void socket.write(Buffer.concat([authenticationOk, readyForQuery]));
      if (received === 2) return void socket.write(noRows);
      socket.destroy(); // the first query of the application: the backend dies under it
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  handle = openPostgres(`postgres://postgres@127.0.0.1:${port}/plan`, { poolMax: 1, statementTimeoutMs: 1_000 });
});

afterAll(async () => {
  await handle.close();
  await new Promise((resolve) => server.close(resolve));
});

it("fails a query at once when the server, back after a lost connection, is still starting up", async () => {
  const lost = await handle.db.execute(sql`select 1`).catch((error: unknown) => error);
  expect(codeOf(lost)).toMatch(/^(CONNECTION_CLOSED|ECONNRESET)$/);

  const before = connections;
  const next = await handle.db.execute(sql`select 1`).catch((error: unknown) => error);
  expect(codeOf(next)).toBe("57P03");
  // One attempt answers it: no loop of reconnects while the server starts.
  expect(connections - before).toBe(1);
}, 10_000);

function codeOf(error: unknown): unknown {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as { code?: unknown }).code;
}
