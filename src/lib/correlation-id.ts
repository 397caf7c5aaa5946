import type { IncomingHttpHeaders } from "node:http";
import { HEADERS } from "../http/headers";

/**
 * A client's own id for a request (x-correlation-id, or x-request-id as proxies and clients
 * often send it), to find the request again in the logs and the audit trail. It is kept apart
 * from the request id, which the server makes, so a client can neither forge nor reuse that.
 * Only a short token is kept: 1 to 64 characters of [A-Za-z0-9._:-] starting with a letter or
 * digit (a UUID fits), so nothing a spreadsheet would run as a formula reaches an export. Any
 * other value is dropped, not refused: the request still has the server's id to go by.
 */
export function correlationIdOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[HEADERS.correlationId] ?? headers[HEADERS.requestId];
  return typeof value === "string" && CORRELATION_ID.test(value) ? value : undefined;
}

const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
