/** The HTTP headers this API reads or sets beyond the standard ones, named once. */
export const HEADERS = {
  /** The server's id of a request, on every response (and in the audit trail of its changes). */
  requestId: "x-request-id",
  /** A client's own id for a request, echoed back when valid (src/lib/correlation-id.ts). */
  correlationId: "x-correlation-id",
  /** A mutation's key for safe retries (src/modules/audit/idempotency.ts). */
  idempotencyKey: "idempotency-key",
  /** On a response that repeats the first response to an Idempotency-Key (as Stripe's API does). */
  idempotentReplayed: "idempotent-replayed",
  /** Outside production: the SQL statements a request took (tests and the benchmark read it). */
  sqlStatements: "x-sql-statements",
} as const;
