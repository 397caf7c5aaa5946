import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsConfig } from "../config";
import { sendError } from "../lib/http";
import { HEADERS } from "./headers";

/** What a page on an allowed origin may send: methods and request headers a preflight allows. */
const ALLOWED_METHODS = "GET, POST, OPTIONS";
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  HEADERS.idempotencyKey,
  HEADERS.requestId,
  HEADERS.correlationId,
  // Apollo's CSRF prevention lets a GET through with one of these (a browser preflights them).
  "apollo-require-preflight",
  "x-apollo-operation-name",
].join(", ");
/** What a page may read of an answer, beyond the headers every page may read. */
const EXPOSED_HEADERS = [HEADERS.requestId, HEADERS.correlationId, "retry-after", HEADERS.idempotentReplayed].join(", ");
/** Seconds a browser may reuse a preflight's answer: two hours, the most Chromium keeps one. */
const PREFLIGHT_MAX_AGE = "7200";

/** http://localhost or http://127.0.0.1 on any port: where a frontend runs while it is developed. */
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

/**
 * Cross-origin access for browsers, on /graphql and the exports. A request from an allowed
 * origin gets that origin back (never `*`) and may read x-request-id, x-correlation-id,
 * retry-after and idempotent-replayed; its preflight is answered here, with the methods and
 * headers it may use. Any other origin gets no CORS headers at all, so its page cannot read the answer, and Apollo's
 * CSRF prevention still refuses its simple requests. Tokens travel in the Authorization header,
 * never in cookies: no credentials are allowed, and none are needed.
 *
 * Gives whether it answered the request itself (a preflight).
 */
export function corsPolicy(config: CorsConfig) {
  const allowed = new Set(config.origins);
  const isAllowed = (origin: string) => allowed.has(origin) || (config.allowLocalOrigins && LOCAL_ORIGIN.test(origin));

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    // Caches must keep answers to different origins apart.
    res.setHeader("vary", "Origin");
    const origin = req.headers.origin;
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (origin === undefined || !isAllowed(origin)) {
      if (!preflight) return false;
      sendError(res, 403, "This origin may not call the API from a browser: see CORS_ORIGINS", "FORBIDDEN");
      return true;
    }
    res.setHeader("access-control-allow-origin", origin);
    if (!preflight) {
      res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
      return false;
    }
    res.statusCode = 204;
    res.setHeader("access-control-allow-methods", ALLOWED_METHODS);
    res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
    res.setHeader("access-control-max-age", PREFLIGHT_MAX_AGE);
    res.end();
    return true;
  };
}
