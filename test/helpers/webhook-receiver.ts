import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got, as it got it. */
export interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The status it answered; null while it holds the request (or never answered). */
  status: number | null;
}

/** Decides a request's answer: a status, or "hang" to never answer. */
export type Answerer = (request: Received, earlierOfSameId: Received[]) => number | "hang" | Promise<number | "hang">;

/**
 * A partner's endpoint on 127.0.0.1: records every request, answers as `answer` says, and
 * counts how many requests to each path it holds at once.
 */
export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:43210 */
  origin: string;
  received: Received[];
  /** The most requests to one path held at the same time, by path. */
  maxConcurrent: Map<string, number>;
  answer: Answerer;
  /** Requests to `path` answered 2xx, in the order they were answered. */
  acknowledged(path: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(answer: Answerer = () => 200): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const open = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  const acknowledged: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "/";
    const request: Received = {
      path,
      id: String(req.headers["webhook-id"] ?? ""),
      timestamp: String(req.headers["webhook-timestamp"] ?? ""),
      signature: String(req.headers["webhook-signature"] ?? ""),
      body,
      status: null,
    };
    const earlier = received.filter((r) => r.path === path && r.id === request.id);
    received.push(request);
    open.set(path, (open.get(path) ?? 0) + 1);
    maxConcurrent.set(path, Math.max(maxConcurrent.get(path) ?? 0, open.get(path)!));
    res.on("close", () => open.set(path, open.get(path)! - 1));
    const status = await receiver.answer(request, earlier);
    if (status === "hang") return;
    request.status = status;
    if (status >= 200 && status < 300) acknowledged.push(request);
    res.writeHead(status, { "content-type": "text/plain" }).end(status >= 300 ? "try again later" : "ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: WebhookReceiver = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    maxConcurrent,
    answer,
    acknowledged: (path) => acknowledged.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

/**
 * Verifies a delivery as a receiver would, written from the Standard Webhooks specification
 * (not with the server's code): HMAC-SHA256 under the secret's base64-decoded bytes, over
 * "id.timestamp.body"; the header may carry several space-separated "v1,<base64>" signatures.
 */
export function verifySignature(secret: string, request: Pick<Received, "id" | "timestamp" | "signature" | "body">): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${request.id}.${request.timestamp}.${request.body}`).digest();
  return request.signature.split(" ").some((candidate) => {
    const [version, signature] = candidate.split(",");
    const given = Buffer.from(signature ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Polls `check` until it gives something truthy; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<Exclude<T, false | null | undefined | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | "">;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
