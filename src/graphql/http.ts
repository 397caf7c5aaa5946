import { HeaderMap, type ApolloServer } from "@apollo/server";
import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger";
import { searchOf, sendError } from "../lib/http";
import type { Context } from "./context";
import { AppError } from "./errors";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphqlRouteOptions {
  /** Waits for a turn (admission control), once the body is read: a slow client holds none while it sends. */
  admission: Middleware;
  /** The body must arrive within this from the end of the headers; past it: 408 and the connection closed. */
  bodyTimeoutMs: number;
  /** The request's context, once its body is read. */
  context: (req: IncomingMessage, requestId: string) => Promise<Context>;
  /** Rewrites or refuses the request once its body is read, before it waits for a turn (src/http/trusted-documents.ts). */
  resolveDocument?: (req: IncomingMessage & { body?: unknown }) => void;
  /** Runs the answer, once the body is read: e.g. inside a statement counter (src/db/query-counter.ts). */
  runAnswer?: <T>(answer: () => T) => T;
  logger: Logger;
}

/** The largest body read, as express.json's "1mb". */
const BODY_LIMIT = 1024 * 1024;

/**
 * POST (and GET) /graphql, served from node:http rather than through express's router and
 * request/response wrappers, which cost a quarter of the CPU of a small query (a measure by
 * id: 1.95 → 1.45 ms, bench/RESULTS.md).
 * The body is read by body-parser, as express.json does it (content types, charsets, gzip,
 * the 1 MB limit), but for the plain case (see readPlainJson); Apollo does the rest.
 */
export function graphqlRoute(
  apollo: ApolloServer<Context>,
  { admission, bodyTimeoutMs, context, resolveDocument, runAnswer = (answer) => answer(), logger }: GraphqlRouteOptions,
) {
  const bodyParser = express.json({ limit: BODY_LIMIT }) as unknown as Middleware;
  const readJson = withinDeadline(
    (req, res, next) => (isPlainJson(req) ? readPlainJson(req, next) : bodyParser(req, res, next)),
    bodyTimeoutMs,
  );

  const answer = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, requestId: string) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: searchOf(req), body: req.body },
      context: () => context(req, requestId),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    readJson(req, res, (error) => {
      try {
        if (error) throw error;
        resolveDocument?.(req);
      } catch (refusal) {
        sendRequestError(res, refusal, logger);
        return;
      }
      admission(req, res, () => {
        runAnswer(() => answer(req, res, requestId)).catch((failure: unknown) => {
          if (!res.headersSent) return sendRequestError(res, failure, logger);
          logger.error({ err: failure }, "internal error");
          res.destroy();
        });
      });
    });
  };
}

/**
 * The body read within `timeoutMs`, or a 408 and the connection closed: a client that sends
 * its body slowly (or never ends it) is let go, whatever it still has to send.
 */
function withinDeadline(read: Middleware, timeoutMs: number): Middleware {
  return (req, res, next) => {
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      res.setHeader("connection", "close");
      sendError(res, 408, `The request body did not arrive within ${timeoutMs} ms`, "REQUEST_TIMEOUT");
    }, timeoutMs);
    read(req, res, (error) => {
      // Once answered 408, the reader's complaint about the connection it loses is not news.
      if (timedOut) return;
      clearTimeout(deadline);
      next(error);
    });
  };
}

/**
 * What clients send: a POST of UTF-8 JSON, not compressed, of a declared length within the
 * limit. body-parser's general path (its content-type, charset and type checks, raw-body's
 * decoder, reading off the rest of a refused body) costs 4-8% of the CPU of a `{ __typename }`
 * query (bench/RESULTS.md).
 */
function isPlainJson(req: IncomingMessage): boolean {
  const type = req.headers["content-type"]?.toLowerCase();
  const length = Number(req.headers["content-length"]);
  return (
    req.method === "POST" &&
    (type === "application/json" || type === "application/json; charset=utf-8" || type === "application/json;charset=utf-8") &&
    (req.headers["content-encoding"] === undefined || req.headers["content-encoding"].toLowerCase() === "identity") &&
    Number.isInteger(length) &&
    length <= BODY_LIMIT
  );
}

/** Reads a plain JSON body (isPlainJson) as body-parser's strict JSON parser would: the same body, the same 400s. */
function readPlainJson(req: IncomingMessage & { body?: unknown }, next: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let failed = false;
  // A client gone before the end of its body: nobody is left to answer, the request ends here.
  const onError = (error: Error) => {
    if (failed) return;
    failed = true;
    next(Object.assign(error, { status: 400 }));
  };
  const onEnd = () => {
    // As body-parser: a byte order mark is dropped, an empty body is {}, and only an object or
    // an array is JSON enough.
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8").replace(/^\uFEFF/, "");
    if (text.length === 0) {
      req.body = {};
      return next();
    }
    const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
    try {
      if (first !== "{" && first !== "[") throw new SyntaxError("not a JSON object or array");
      req.body = JSON.parse(text);
    } catch (error) {
      return next(Object.assign(error as Error, { status: 400 }));
    }
    next();
  };
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("error", onError);
  req.once("end", onEnd);
}

/**
 * Malformed or oversized bodies (and any other error before Apollo) get a GraphQL-shaped
 * error with the right status, not an HTML page; what is not the client's is logged.
 */
export function sendRequestError(res: ServerResponse, error: unknown, logger: Logger): void {
  const status = (error as { status?: number }).status;
  if (status === 413) sendError(res, 413, "The request body is larger than 1 MB", "PAYLOAD_TOO_LARGE");
  else if (status === 415) sendError(res, 415, "Send the body as UTF-8 JSON", "UNSUPPORTED_MEDIA_TYPE");
  else if (typeof status === "number" && status >= 400 && status < 500) sendError(res, 400, "The request body is not valid JSON", "BAD_REQUEST");
  else if (error instanceof AppError) sendError(res, 400, error.message, String(error.extensions.code));
  else {
    logger.error({ err: error }, "internal error");
    sendError(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
  }
}
