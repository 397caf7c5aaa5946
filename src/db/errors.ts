/**
 * The SQLSTATE of a database error, wherever the driver or drizzle put it (drizzle wraps
 * driver errors and keeps the original as `cause`).
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Errors that mean the database could not be reached, rather than that a statement failed. */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^(08...|57P0[1-3]|ECONNREFUSED|ECONNRESET|CONNECTION_.*|CONNECT_TIMEOUT|ETIMEDOUT)$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
