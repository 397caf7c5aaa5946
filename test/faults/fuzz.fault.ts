/**
 * Fault 4: fuzzing. Thousands of generated hostile requests against the real server, in
 * production and in development mode: queries and mutations shaped by the SDL with wrong
 * types, huge numbers, unicode and nulls for non-nulls; truncated documents; random tokens;
 * deep nesting; malformed variables; random JSON bodies; wrong content types and methods;
 * hostile export parameters; valid, expired, forged and garbage bearer tokens.
 *
 * Every answer must be below 500 (a 503 only as SERVICE_UNAVAILABLE), every GraphQL error must
 * carry an extensions.code other than INTERNAL_SERVER_ERROR, no answer may show a stack, SQL or
 * a path into node_modules, the server may log no internal error, and it stays up.
 *
 * Seeded: FUZZ_SEED=<n> replays a run, FUZZ_ONLY=<index> one request of it; FUZZ_REQUESTS and
 * FUZZ_SECONDS bound the run (defaults 5000 requests, 60 s); FUZZ_FINDINGS=<file> writes every
 * finding there as JSON.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { errorCodes, graphql, send, signToken, type Reply } from "./helpers/http";
import { describeRequest, generate, loadSchema, type FuzzContext, type FuzzRequest } from "./helpers/fuzz";
import { createCluster, type Cluster } from "./helpers/postgres-cluster";
import { spawnServer, within, type ServerProcess } from "./helpers/process";
import { report, seconds } from "./helpers/report";
import { UNTHROTTLED } from "./helpers/load";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const MAX_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const MAX_MS = Number(process.env.FUZZ_SECONDS ?? 60) * 1000;
const CONCURRENCY = 4;

interface Finding {
  index: number;
  server: string;
  problem: string;
  request: string;
  answer: string;
}

let cluster: Cluster | undefined;
const servers: { name: string; process: ServerProcess }[] = [];
const findings: Finding[] = [];
const statuses = new Map<string, number>();
const categories = new Map<string, number>();
let sent = 0;
let elapsed = 0;
let healthFailures: string[] = [];
let internalLogLines: string[] = [];
let aliveAtEnd: boolean[] = [];
let harnessError: string | undefined;

// What an answer must never show, unless the request itself contained it (errors may quote input).
const LEAKS: [string, RegExp][] = [
  ["a path into node_modules", /node_modules/],
  ["a stack frame", /\bat [\w$.<>[\] ]+ \((?:\/|node:)/],
  ["a source position", /\.(?:ts|js):\d+:\d+/],
  ["a stacktrace", /stacktrace/i],
  ["SQL", /Failed query|\bselect\b[\s\S]{0,200}\bfrom\s+"|\binsert into "|\bparams: /i],
  ["an internal error", /Internal server error/i],
  ["a driver error", /ECONNREFUSED|CONNECTION_CLOSED|CONNECT_TIMEOUT|postgres\.js|PGlite/],
];

function problemWith(request: FuzzRequest, reply: Reply): string | undefined {
  if (reply.error?.startsWith("CLIENT")) return undefined; // never sent: Node refused it
  // An oversized body may be cut off by the server's early answer while it is still being sent.
  const oversized = Buffer.isBuffer(request.body) && request.body.length > 1_048_576;
  if (reply.status === 0 && oversized && (reply.error === "ECONNRESET" || reply.error === "EPIPE")) return undefined;
  if (reply.status === 0) return `no answer: ${reply.error}`;
  const codes = errorCodes(reply);
  if (reply.status >= 500 && !(reply.status === 503 && codes.length > 0 && codes.every((code) => code === "SERVICE_UNAVAILABLE"))) {
    return `HTTP ${reply.status}`;
  }
  if (Array.isArray(reply.json?.errors)) {
    for (const error of reply.json.errors as { extensions?: { code?: unknown } }[]) {
      const code = error?.extensions?.code;
      if (typeof code !== "string") return "an error without extensions.code";
      if (code === "INTERNAL_SERVER_ERROR") return "INTERNAL_SERVER_ERROR";
    }
  }
  const sentText = `${request.path} ${Buffer.isBuffer(request.body) ? "" : (request.body ?? "")}`;
  for (const [what, pattern] of LEAKS) {
    if (pattern.test(reply.text) && !pattern.test(sentText)) return `shows ${what}`;
  }
  return undefined;
}

/** A token with "alg": "none", which must never be accepted. */
const unsigned = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

beforeAll(async () => {
  cluster = await createCluster();
  await cluster.sql("create database plan");
  const secret = randomBytes(32).toString("base64url");
  const common = { DATABASE_URL: cluster.url("plan"), AUTH_JWT_SECRET: secret, LOG_LEVEL: "warn" };
  // One after the other: the second finds the database migrated and seeded.
  servers.push({ name: "production", process: await spawnServer({ ...common, NODE_ENV: "production" }) });
  servers.push({ name: "development", process: await spawnServer({ ...common, NODE_ENV: "development", ...UNTHROTTLED }) });
  const origin = servers[0]!.process.origin;

  const coordinator = await signToken(secret, { sub: "fuzz-coordinator", role: "COORDINATOR" });
  const now = Math.floor(Date.now() / 1000);
  const tokens = [
    coordinator,
    await signToken(secret, { sub: "fuzz-pl", role: "MINISTRY", signatory: "PL" }),
    await signToken(secret, { sub: "fuzz-by", role: "MINISTRY", signatory: "BY" }),
    await signToken(secret, { sub: "fuzz-auditor", role: "AUDITOR" }),
    await signToken(secret, { sub: "fuzz-admin", role: "ADMIN" }),
    await signToken(secret, { sub: "", role: "COORDINATOR" }),
    await signToken(randomBytes(32).toString("base64url"), { sub: "forged", role: "COORDINATOR" }),
    unsigned({ sub: "none", role: "COORDINATOR", exp: now + 3600 }),
    `${coordinator.slice(0, -4)}AAAA`,
    "a.b.c",
    "x".repeat(10_000),
    "",
  ];
  const seen = await graphql(origin, `{ measures(first: 5) { nodes { id } } projects(first: 5) { nodes { id } } }`, {}, { token: coordinator });
  const ids = [...(seen.json?.data?.measures?.nodes ?? []), ...(seen.json?.data?.projects?.nodes ?? [])].map((n: { id: string }) => n.id);
  const context: FuzzContext = { schema: loadSchema(), ids, tokens };

  const started = performance.now();
  const indexes = ONLY === undefined ? Array.from({ length: MAX_REQUESTS }, (_, i) => i) : [ONLY];
  let next = 0;
  const worker = async () => {
    while (next < indexes.length && performance.now() - started < MAX_MS) {
      const index = indexes[next++]!;
      const target = servers[index % servers.length]!;
      let request: FuzzRequest;
      try {
        request = generate(SEED, index, context);
      } catch (error) {
        harnessError = `generating #${index}: ${(error as Error).stack}`;
        next = indexes.length;
        return;
      }
      const reply = await send(target.process.origin, { ...request, timeoutMs: 15_000 });
      sent += 1;
      categories.set(request.category, (categories.get(request.category) ?? 0) + 1);
      statuses.set(String(reply.status || reply.error), (statuses.get(String(reply.status || reply.error)) ?? 0) + 1);
      const problem = problemWith(request, reply);
      if (problem) {
        findings.push({ index, server: target.name, problem, request: describeRequest(request), answer: `${reply.status} ${reply.text.slice(0, 600)}` });
      }
      if (sent % 250 === 0) {
        for (const { name, process } of servers) {
          const health = await send(process.origin, { method: "GET", path: "/healthz", timeoutMs: 5_000 });
          if (health.status !== 200) healthFailures.push(`${name} after ${sent}: ${health.status || health.error}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  elapsed = performance.now() - started;

  for (const { name, process } of servers) {
    const ready = await send(process.origin, { method: "GET", path: "/readyz", timeoutMs: 5_000 });
    if (ready.status !== 200) healthFailures.push(`${name} /readyz at the end: ${ready.status || ready.error}`);
  }
  aliveAtEnd = servers.map(({ process }) => process.alive());
  internalLogLines = servers.flatMap(({ name, process }) =>
    process
      .logLines()
      .filter((line) => Number(line.level) >= 50)
      .map((line) => `${name}: ${JSON.stringify(line).slice(0, 800)}`),
  );

  report("fuzz", {
    seed: `${SEED} (replay: FUZZ_SEED=${SEED} npm run test:faults -- fuzz; one request: add FUZZ_ONLY=<index>)`,
    requests: `${sent} in ${seconds(elapsed)} (${Math.round(sent / (elapsed / 1000))}/s, ${CONCURRENCY} at a time, production and development alternating)`,
    categories: Object.fromEntries([...categories].sort()),
    "answers by status": Object.fromEntries([...statuses].sort()),
    findings: findings.length,
    "error log lines (internal errors) on the servers": internalLogLines.length,
    "servers alive at the end": aliveAtEnd.join(", "),
  });
  // One example of each kind of finding: same problem, same message but for quoted values and numbers.
  const kinds = new Map<string, Finding[]>();
  for (const finding of findings) {
    const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(finding.answer)?.[1] ?? finding.answer.slice(0, 80);
    const key = `${finding.problem}: ${message.replace(/\\"(?:[^"\\]|\\.)*?\\"/g, "…").replace(/\d+/g, "#").slice(0, 140)}`;
    kinds.set(key, [...(kinds.get(key) ?? []), finding]);
  }
  if (process.env.FUZZ_FINDINGS) writeFileSync(process.env.FUZZ_FINDINGS, JSON.stringify({ seed: SEED, findings, internalLogLines }, null, 2));
  for (const [key, group] of [...kinds].sort((a, b) => b[1].length - a[1].length).slice(0, 25)) {
    const example = group[0]!;
    process.stderr.write(`  ${group.length} x ${key}\n    e.g. #${example.index} on ${example.server}: ${example.request.slice(0, 700)}\n    answer: ${example.answer.slice(0, 400)}\n`);
  }
  for (const line of internalLogLines.slice(0, 5)) process.stderr.write(`  log: ${line}\n`);
}, 150_000);

afterAll(async () => {
  for (const { process } of servers) {
    if (process.alive()) process.child.kill("SIGTERM");
    await within(process.exited, 12_000, undefined);
    await process.kill();
  }
  cluster?.destroy();
});

test("thousands of hostile requests were sent", () => {
  expect(harnessError).toBeUndefined();
  expect(sent).toBeGreaterThanOrEqual(ONLY === undefined ? Math.min(MAX_REQUESTS, 1000) : 1);
});

test("no answer is a 5xx (other than 503 SERVICE_UNAVAILABLE), shows internals, or lacks an error code", () => {
  expect(findings.map((f) => `#${f.index} ${f.server}: ${f.problem}`)).toEqual([]);
});

test("the servers logged no internal error", () => {
  expect(internalLogLines).toEqual([]);
});

test("the servers stayed up and ready", () => {
  expect(aliveAtEnd).toEqual([true, true]);
  expect(healthFailures).toEqual([]);
});
