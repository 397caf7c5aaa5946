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

/** For express's `route(path).get(...).all(...)`: a method the path does not serve is 405, with the ones it does. */
export const methodNotAllowed =
  (allow: string) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader("allow", allow);
    sendError(res, 405, `This path answers ${allow} only`, "METHOD_NOT_ALLOWED");
  };

/** What no route serves: a GraphQL-shaped 404 like every other error, not express's HTML page. */
export const notFound = (req: IncomingMessage, res: ServerResponse): void => {
  const path = pathOf(req);
  sendError(res, 404, `There is nothing at ${path.length > 100 ? `${path.slice(0, 100)}…` : path}`, "NOT_FOUND");
};

/** The request's path, without its query string. */
export const pathOf = (req: IncomingMessage): string => splitUrl(req)[0];

/** The request's query string, with its "?" ("" when there is none). */
export const searchOf = (req: IncomingMessage): string => splitUrl(req)[1];

function splitUrl(req: IncomingMessage): [path: string, search: string] {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? [url, ""] : [url.slice(0, query), url.slice(query)];
}
