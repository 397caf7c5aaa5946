import { Router, type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import { requireAuditReader } from "../../auth/access";
import type { Authenticate } from "../../auth/tokens";
import type { Viewer } from "../../auth/viewer";
import type { Database } from "../../db/client";
import { isConnectionError } from "../../db/errors";
import { streamCsv } from "../../lib/csv";
import { methodNotAllowed } from "../../lib/http";
import { beforeDeadline, deadlineExceeded } from "../../lib/deadline";
import { parseAuditFilter, parseFundingSummaryRequest, parseMeasureFilter } from "./exports.params";
import { auditLogCsv, fundingSummaryCsv, measuresCsv, type CsvExport } from "./exports.service";

export interface ExportsDependencies {
  db: Database;
  /** The app's own authenticator: exports answer to the same tokens as the API. */
  authenticate: Authenticate;
  /** Where internal failures go, with the request id; `err` holds the error itself. */
  log: (entry: Record<string, unknown>) => void;
  /** Charges an export to the caller's rate limit, as a query is; throws RATE_LIMITED. */
  chargeExport: (viewer: Viewer, clientAddress: string) => Promise<void>;
}

/**
 * CSV downloads under /exports, with the API's authorization: an Authorization header that
 * does not verify is 401 even where the export is public. Errors are plain text with the
 * status of their code; once rows have gone out, a failure can only cut the response short
 * (the chunked body then ends without its terminator, so the client sees it incomplete).
 */
export function exportsRouter({ db, authenticate, log, chargeExport }: ExportsDependencies): Router {
  const router = Router();

  const route =
    <Row>(build: (query: Record<string, unknown>, viewer: Viewer) => Promise<CsvExport<Row>> | CsvExport<Row>) =>
    async (req: Request, res: Response) => {
      // The app's request log has given the request its id (and the x-request-id header).
      const requestId = typeof res.locals.requestId === "string" ? res.locals.requestId : randomUUID();
      // The app's deadline for the request: past it the answer is TIMEOUT, or the file is cut
      // short. It is renewed at each batch delivered: it bounds the wait for the first batch, then
      // for each next one and for the client to take it, so a large file that keeps moving is
      // never cut, and one that stalls (a client that stops reading) is. No transaction is held
      // between batches.
      const deadline = res.locals.deadline as AbortSignal;
      const renewDeadline = res.locals.renewDeadline as () => void;
      try {
        await beforeDeadline(deadline, async () => {
          const viewer = await authenticate(req.get("authorization"));
          const csv = await build(req.query as Record<string, unknown>, viewer);
          // Charged once the request is known to be valid, as a query is after its checks.
          await chargeExport(viewer, req.ip ?? "unknown");
          // The first batch is read before the status is sent, so that its failure is still a proper error.
          const batches = await primed(csv.batches, renewDeadline);
          res.status(200).set({
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="${csv.filename}"`,
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
          });
          const { complete } = await streamCsv(res, csv.columns, batches);
          if (complete) res.end();
        });
      } catch (error) {
        fail(res, error, (cause) => log({ msg: "export failed", requestId, path: req.originalUrl.split("?")[0], err: cause }));
      }
    };

  const csvRoute = (path: string, answer: ReturnType<typeof route>) => router.route(path).get(answer).all(methodNotAllowed("GET, HEAD"));
  csvRoute("/funding-summary.csv", route(async (query) => fundingSummaryCsv(db, await parseFundingSummaryRequest(query))));
  csvRoute("/measures.csv", route(async (query) => measuresCsv(db, await parseMeasureFilter(query))));
  csvRoute(
    "/audit-log.csv",
    route((query, viewer) => {
      // Before the parameters are read: who may not read the trail learns nothing about them.
      requireAuditReader(viewer);
      return auditLogCsv(db, viewer, parseAuditFilter(query));
    }),
  );
  return router;
}

/** The same batches, with the first one already read; `delivered` is called as each is taken and the next asked for. */
async function primed<Row>(batches: AsyncIterable<Row>, delivered: () => void): Promise<AsyncIterable<Row>> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let next = first; !next.done; next = await iterator.next()) {
          yield next.value;
          delivered();
        }
      } finally {
        // Left early (the client went away): close the source too.
        await iterator.return?.();
      }
    },
  };
}

const STATUS_OF_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
};

/** The one place where an export's errors become HTTP: known codes keep their message, the rest is masked and logged. */
function fail(res: Response, error: unknown, logInternal: (error: unknown) => void): void {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  const known = typeof code === "string" ? STATUS_OF_CODE[code] : undefined;
  let status = 500;
  let message = "Internal server error";
  if (known !== undefined) {
    [status, message] = [known, (error as GraphQLError).message];
  } else if (deadlineExceeded(error)) {
    [status, message] = [503, deadlineExceeded(error)!.message];
  } else if (isConnectionError(error)) {
    [status, message] = [503, "The database is unavailable; try again shortly"];
  }
  if (status >= 500) logInternal(error);
  if (res.headersSent) {
    // Rows have gone out: all that is left is to cut the response short.
    res.destroy();
    return;
  }
  res.status(status).type("text/plain; charset=utf-8");
  if (status === 401) res.set("www-authenticate", "Bearer");
  if (status === 429) res.set("retry-after", String((error as GraphQLError).extensions.retryAfterSeconds));
  res.send(`${message}\n`);
}
