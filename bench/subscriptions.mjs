/**
 * Live updates under load (issue 17): events per second from commit to 500 subscribers
 * connected to one instance, and the delay at the 99th percentile.
 *
 * The production build (dist/, `npm run build`) on a fresh PostgreSQL database, one instance.
 * `--subscribers` graphql-ws clients (anonymous) each subscribe to measureChanged, in this
 * process; once all are live, `--changes` measures are created through the API by
 * `--writers` concurrent ministry clients. Delay = the moment a subscriber has the change −
 * its `occurredAt` (the database's clock at the change's transaction: the same machine, so the
 * same clock; it includes the change's own transaction, a few ms, so it is an upper bound).
 * Events per second = changes ÷ (last delivery to every subscriber − first change's occurredAt).
 *
 *   node bench/subscriptions.mjs [--subscribers 500] [--changes 200] [--writers 4] [--measure] [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * --measure also selects `measure { code status }`, which each subscription loads from the
 * database for each change (one query per subscriber per change); without it the change's own
 * fields (`cursor status version occurredAt`) are sent, read once per instance per change.
 * Prints one line for bench/RESULTS.md.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import { SignJWT } from "jose";
import postgres from "postgres";
import WebSocket from "ws";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]?.startsWith("--") || all[i + 1] === undefined ? "true" : all[i + 1]]] : pairs), []),
);
const SUBSCRIBERS = Number(args.subscribers ?? 500);
const CHANGES = Number(args.changes ?? 200);
const WRITERS = Number(args.writers ?? 4);
const WITH_MEASURE = args.measure === "true";
const SERVER_URL = args.url ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECRET = randomBytes(32).toString("base64url");

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const name = `bench_subscriptions_${process.pid}`;
const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;
const port = await freePort();
const server = spawn(process.execPath, [path.join(ROOT, "dist/src/index.js")], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: url.toString(),
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: "warn",
    RATE_LIMIT_POINTS: "0",
    MAX_CONNECTIONS_PER_ADDRESS: "0",
    MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0",
    SUBSCRIPTIONS_MAX_PER_PRINCIPAL: "0",
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const stop = async () => {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
};

try {
  const http = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 600) throw new Error("the server did not become ready");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const token = await new SignJWT({ role: "MINISTRY", signatory: "PL" }).setProtectedHeader({ alg: "HS256" }).setSubject("bench").setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
  let sequence = 0;
  const create = async () => {
    const response = await fetch(http, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: "mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { code } } }",
        variables: { input: { partnershipCode: "EU-BY", code: `BENCH-${process.pid}-${++sequence}`, title: "Bench", policyAreaCode: "ASYLUM", leadSignatoryCode: "PL" } },
      }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.createMeasure.measure.code;
  };

  const fields = WITH_MEASURE ? "cursor status version occurredAt measure { code status }" : "cursor status version occurredAt";
  const received = Array.from({ length: SUBSCRIBERS }, () => []);
  const clients = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: console.error });
    client.subscribe(
      { query: `subscription { measureChanged { ${fields} } }` },
      {
        next: ({ data, errors }) => {
          if (errors) console.error(errors);
          else received[i].push({ at: Date.now(), occurredAt: Date.parse(data.measureChanged.occurredAt) });
        },
        error: (error) => console.error("subscription error", error),
        complete: () => {},
      },
    );
    clients.push(client);
  }
  // Live once a probe change has reached every subscriber.
  for (;;) {
    await create();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (received.every((items) => items.length > 0)) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const items of received) items.length = 0;

  let made = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (made < CHANGES) {
        made++;
        await create();
      }
    }),
  );
  for (let waited = 0; received.some((items) => items.length < CHANGES) && waited < 120_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const all = received.flat();
  const delays = all.map((item) => item.at - item.occurredAt).sort((x, y) => x - y);
  const quantile = (q) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))];
  const first = Math.min(...all.map((item) => item.occurredAt));
  const last = Math.max(...all.map((item) => item.at));
  const complete = received.filter((items) => items.length === CHANGES).length;
  const seconds = (last - first) / 1000;
  const line =
    `| ${new Date().toISOString().slice(0, 10)} | ${SUBSCRIBERS} | ${WITH_MEASURE ? "with `measure { code status }`" : "change fields only"} | ${CHANGES} by ${WRITERS} writers | ` +
    `${(CHANGES / seconds).toFixed(0)} | ${((CHANGES * SUBSCRIBERS) / seconds).toFixed(0)} | ${quantile(0.5)} ms | ${quantile(0.99)} ms | ${delays.at(-1)} ms | ${complete}/${SUBSCRIBERS} got all |`;
  console.log(`load average before the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${os.cpus().length} cores`);
  console.log(line);
  await Promise.all(clients.map((client) => client.dispose()));
} finally {
  await stop();
}
