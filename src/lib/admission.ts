import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./http";

/** What a client is told when no turn came in time (HTTP 503, or a subscription's error). */
export const BUSY_MESSAGE = "The server is busy; retry shortly";

/**
 * Turns to use the database: at most `concurrency` at once; the others wait up to `timeoutMs`
 * for one and are then refused, instead of queueing without bound behind a slow or unreachable
 * database. HTTP requests (admissionControl) and subscriptions (src/graphql/websocket.ts) share
 * one process's turns.
 */
export interface AdmissionTurns {
  /** Calls `admitted` with the turn's release as soon as one is free (at once if one is), or `refused` after the timeout. */
  take(admitted: (release: () => void) => void, refused: () => void): void;
  /** The same as a promise: the turn's release, or undefined when refused. */
  turn(): Promise<(() => void) | undefined>;
}

export function admissionTurns(concurrency: number, timeoutMs: number): AdmissionTurns {
  let running = 0;
  const waiting: (() => void)[] = [];
  const handOn = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  const take: AdmissionTurns["take"] = (admitted, refused) => {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      handOn();
    };
    if (running < concurrency) {
      running += 1;
      admitted(release);
      return;
    }
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(wake), 1);
      refused();
    }, timeoutMs);
    const wake = () => {
      clearTimeout(timer);
      admitted(release);
    };
    waiting.push(wake);
  };
  return {
    take,
    turn: () => new Promise((resolve) => take(resolve, () => resolve(undefined))),
  };
}

/** HTTP middleware: each request waits for a turn, held until its response closes, or is answered 503 SERVICE_UNAVAILABLE. */
export function admissionControl(turns: AdmissionTurns): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (_req, res, next) =>
    turns.take(
      (release) => {
        res.once("close", release);
        next();
      },
      () => {
        res.setHeader("retry-after", "1");
        sendError(res, 503, BUSY_MESSAGE, "SERVICE_UNAVAILABLE");
      },
    );
}
