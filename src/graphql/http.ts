import { HeaderMap, type ApolloServer } from "@apollo/server";
import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger";
import { searchOf, sendError } from "../lib/http";
import type { Context } from "./context";
import { AppError } from "./errors";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphqlRouteOptions {
  /** Waits for a turn (admission control) before the body is even read. */
  admission: Middleware;
  /** The request's context, once its body is read. */
  context: (req: IncomingMessage, requestId: string) => Promise<Context>;
  logger: Logger;
}

/**
 * POST (and GET) /graphql, served from node:http rather than through express's router and
 * request/response wrappers, which cost a quarter of the CPU of a small query (a measure by
 * id: 1.95 → 1.45 ms, bench/RESULTS.md).
 * The body is read by body-parser, as express.json does it (content types, charsets, gzip,
 * the 1 MB limit); Apollo does the rest.
 */
export function graphqlRoute(apollo: ApolloServer<Context>, { admission, context, logger }: GraphqlRouteOptions) {
  const readJson: Middleware = express.json({ limit: "1mb" }) as unknown as Middleware;

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
    admission(req, res, () =>
      readJson(req, res, (error) => {
        if (error) {
          sendRequestError(res, error, logger);
          return;
        }
        answer(req, res, requestId).catch((failure: unknown) => {
          if (!res.headersSent) return sendRequestError(res, failure, logger);
          logger.error({ err: failure }, "internal error");
          res.destroy();
        });
      }),
    );
  };
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
