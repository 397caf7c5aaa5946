import { request as httpRequest } from "node:http";
import { SignJWT } from "jose";

export interface Reply {
  /** 0 when there was no HTTP answer (refused, reset, or timed out). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: any;
  /** Network error code when there was no answer: ECONNREFUSED, ECONNRESET, TIMEOUT ... */
  error?: string;
  started: number;
  ms: number;
}

export interface Send {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up (error TIMEOUT) after this long. */
  timeoutMs?: number;
}

/** One HTTP request on a fresh connection; never throws. */
export function send(origin: string, { method = "POST", path = "/graphql", headers = {}, body, timeoutMs = 15_000 }: Send): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (reply: Omit<Reply, "started" | "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...reply, started, ms: performance.now() - started });
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest(`${origin}${path}`, { method, headers, agent: false }, onResponse);
    } catch (error) {
      // Node refused to send it (e.g. a header it considers invalid): not the server's doing.
      return finish({ status: 0, headers: {}, text: "", json: undefined, error: `CLIENT ${(error as Error).message}` });
    }
    function onResponse(res: import("node:http").IncomingMessage) {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, headers: {}, text: "", json: undefined, error: error.code ?? error.message }));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        finish({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    }
    timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, headers: {}, text: "", json: undefined, error: "TIMEOUT" });
    }, timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, headers: {}, text: "", json: undefined, error: error.code ?? error.message }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** A GraphQL POST as a client sends it. */
export function graphql(
  origin: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; requestId?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.requestId) headers["x-request-id"] = options.requestId;
  return send(origin, { headers, body: JSON.stringify({ query, variables }), timeoutMs: options.timeoutMs });
}

/** The extensions.code of each error in a reply (a 503 from admission control has one too). */
export const errorCodes = (reply: Reply): string[] =>
  Array.isArray(reply.json?.errors) ? reply.json.errors.map((e: any) => String(e?.extensions?.code)) : [];

/** An HS256 token, as the identity provider would sign it. */
export function signToken(secret: string, claims: { sub: string; role: string; signatory?: string }): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
