import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { startTestServer, type TestServer } from "./helpers/server";

/** A query that reads the database: it needs an admission slot. */
const QUERY = `{ partnership(code: "EU-BY") { code } }`;

/** A valid 1,000-byte /graphql body: the slow clients below send its first 9 bytes. */
const BODY = (() => {
  const head = JSON.stringify({ query: "{ __typename }", variables: { pad: "" } });
  return head.replace(`"pad":""`, `"pad":"${"x".repeat(1000 - head.length)}"`);
})();

interface Received {
  /** The status of the first answer, if any came. */
  status: number | undefined;
  /** Everything the server sent before it closed the connection. */
  text: string;
}

interface OpenRequest {
  /** Resolves once the server has closed the connection (or the test has). */
  closed: Promise<Received>;
  socket: Socket;
}

/** Every connection a test opened: closed after it, so that a failing test leaves no server waiting on them. */
const opened = new Set<Socket>();
afterEach(() => {
  for (const socket of opened) socket.destroy();
  opened.clear();
});

/** A connection that sends `request` and keeps it open, from `localAddress` (another 127.0.0.0/8 address for another client). */
function openRequest(server: TestServer, request: string, localAddress = "127.0.0.1"): OpenRequest {
  const { hostname, port } = new URL(server.url);
  const socket = connect({ host: hostname, port: Number(port), localAddress }, () => socket.write(request));
  opened.add(socket);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  // A connection refused on arrival may be reset: that is an answer too.
  socket.on("error", () => undefined);
  const closed = new Promise<Received>((resolve) =>
    socket.once("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    }),
  );
  return { closed, socket };
}

/** POST /graphql announcing a 1,000-byte body and sending its first 9 bytes. */
const slowBody = (server: TestServer, localAddress?: string) =>
  openRequest(server, `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 9)}`, localAddress);

/** What the /graphql body deadline answers. */
const BODY_TIMEOUT_ANSWER = /^HTTP\/1\.1 408 [\s\S]*\r\nconnection: close\r\n[\s\S]*"code":"REQUEST_TIMEOUT"/i;

/** Sends QUERY one after the other until `stop` says so; counts the answers and those that were 200 with data. */
async function bystander(server: TestServer, stop: () => boolean) {
  const counts = { sent: 0, servedWithData: 0, failures: [] as unknown[] };
  while (!stop()) {
    counts.sent += 1;
    const result = await server.request<{ partnership: { code: string } }>(QUERY);
    if (result.status === 200 && result.data?.partnership.code === "EU-BY" && !result.errors) counts.servedWithData += 1;
    else counts.failures.push({ status: result.status, errors: result.errors });
  }
  return counts;
}

describe("slow clients", () => {
  describe("50 connections that never finish their bodies, held for 20 s", () => {
    let server: TestServer;
    beforeAll(async () => {
      // A body deadline shorter than the hold: every slow connection is let go a few times
      // over, and the attacker opens a new one each time.
      server = await startTestServer({ env: { BODY_TIMEOUT_MS: "3000" } });
    });
    afterAll(() => server?.stop());

    it("hold no admission slot, are answered 408 and closed, while another client's queries all succeed", async () => {
      const HOLD_MS = 20_000;
      const started = Date.now();
      const holding = () => Date.now() - started < HOLD_MS;
      const outcomes = { timedOut: 0, refused: 0, other: [] as Received[] };
      const open = new Set<Socket>();
      const attacker = async () => {
        while (holding()) {
          const request = slowBody(server);
          open.add(request.socket);
          const received = await request.closed;
          open.delete(request.socket);
          if (BODY_TIMEOUT_ANSWER.test(received.text)) outcomes.timedOut += 1;
          else if (received.text === "") outcomes.refused += 1;
          else outcomes.other.push(received);
        }
      };
      const attackers = Array.from({ length: 50 }, attacker);
      await sleep(500); // the 50 connections are open and their bodies started
      const served = await bystander(server, () => !holding());
      // The last slow connections opened end at their deadline; any still open after
      // twice that never would.
      await Promise.race([Promise.all(attackers), sleep(6000)]);
      const stillOpen = open.size;
      for (const socket of open) socket.destroy();
      await Promise.all(attackers);

      expect(served.failures).toEqual([]);
      expect(served.servedWithData).toBe(served.sent);
      expect(served.sent).toBeGreaterThan(0);
      expect({ stillOpen, other: outcomes.other }).toEqual({ stillOpen: 0, other: [] });
      // Each of the 50 was let go at least once (none refused: 50 is under the per-address cap).
      expect(outcomes.refused).toBe(0);
      expect(outcomes.timedOut).toBeGreaterThanOrEqual(50);
    }, 60_000);
  });

  describe("admission", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { DB_POOL_MAX: "2" } });
    });
    afterAll(() => server?.stop());

    it("is not taken while a body is incomplete: 10 of them beside a pool of 2 refuse no one", async () => {
      const incomplete = Array.from({ length: 10 }, () => slowBody(server));
      await sleep(500); // their headers and first bytes have arrived

      let remaining = 5;
      const served = await bystander(server, () => remaining-- === 0);
      expect(served.failures).toEqual([]);
      expect(served.servedWithData).toBe(5);

      // Bodies that do end (within the deadline) are answered like any other.
      for (const { socket } of incomplete) socket.end(BODY.slice(9));
      const answers = await Promise.all(incomplete.map(({ closed }) => closed));
      expect(answers.map(({ status, text }) => ({ status, typename: text.includes(`"__typename":"Query"`) }))).toEqual(
        Array(10).fill({ status: 200, typename: true }),
      );
    });
  });

  describe("connections per address", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: "5" } });
    });
    afterAll(() => server?.stop());

    const keepAliveHealthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    const healthzThenClose = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    it("closes the connection one over the cap on arrival, idle keep-alive ones counting, other addresses unaffected", async () => {
      // Five connections from 127.0.0.2, each answered once and then left idle (kept alive).
      const held = Array.from({ length: 5 }, () => openRequest(server, keepAliveHealthz, "127.0.0.2"));
      await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once("data", resolve))));

      const sixth = await openRequest(server, healthzThenClose, "127.0.0.2").closed;
      expect(sixth).toEqual({ status: undefined, text: "" });

      // Another address is served meanwhile.
      const other = await server.request(QUERY);
      expect(other.status).toBe(200);

      // Slots come back as connections close: a new one from 127.0.0.2 is answered again
      // (once the server has seen the close, hence a few tries).
      held[0]!.socket.destroy();
      let answered: Received | undefined;
      for (let attempt = 0; attempt < 20 && answered?.status !== 200; attempt++) {
        answered = await openRequest(server, healthzThenClose, "127.0.0.2").closed;
        if (answered.status !== 200) await sleep(50);
      }
      expect(answered?.status).toBe(200);
    });
  });

  describe("node:http's deadlines", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { HEADERS_TIMEOUT_MS: "1000", BODY_TIMEOUT_MS: "1000" } });
    });
    afterAll(() => server?.stop());

    it("close connections that send nothing, headers slowly, or a body no route reads", async () => {
      const silent = openRequest(server, "");
      const slowHeaders = openRequest(server, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
      const unreadBody = openRequest(server, `GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n123456789`);
      const [nothing, headers, body] = await Promise.all([silent.closed, slowHeaders.closed, unreadBody.closed]);
      expect(nothing.status).toBe(408);
      expect(headers.status).toBe(408);
      // Answered, then closed once the rest of the body is overdue.
      expect(body.text).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"status":"ok"\}HTTP\/1\.1 408 Request Timeout\r\n/);
    });
  });
});
