import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Answers with a GraphQL-shaped error (`{ errors: [{ message, extensions: { code } }] }`), on a
 * plain node:http response (express's `res.json` is not always there).
 */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** The request's path, without its query string. */
export const pathOf = (req: IncomingMessage): string => splitUrl(req)[0];

/** The request's query string, with its "?" ("" when there is none). */
export const searchOf = (req: IncomingMessage): string => splitUrl(req)[1];

function splitUrl(req: IncomingMessage): [path: string, search: string] {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? [url, ""] : [url.slice(0, query), url.slice(query)];
}
