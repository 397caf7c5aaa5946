import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./http";

/**
 * At most `concurrency` operations run at once; the others wait up to `timeoutMs` for a
 * turn and then fail fast with 503 SERVICE_UNAVAILABLE, instead of queueing without bound
 * behind a slow or unreachable database.
 */
export function admissionControl(
  concurrency: number,
  timeoutMs: number,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return (_req, res, next) => {
    const admit = () => {
      res.once("close", release);
      next();
    };
    if (running < concurrency) {
      running += 1;
      admit();
      return;
    }
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(wake), 1);
      res.setHeader("retry-after", "1");
      sendError(res, 503, "The server is busy; retry shortly", "SERVICE_UNAVAILABLE");
    }, timeoutMs);
    const wake = () => {
      clearTimeout(timer);
      admit();
    };
    waiting.push(wake);
  };
}
