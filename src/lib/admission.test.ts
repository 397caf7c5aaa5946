import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { admissionControl, admissionTurns } from "./admission";

/** A response that records what the middleware answered, and can be "finished". */
function fakeResponse() {
  const emitter = new EventEmitter();
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = Object.assign(emitter, {
    setHeader: (name: string, value: string) => {
      sent.headers[name] = value;
    },
    statusCode: 200,
    end(body: string) {
      sent.status = res.statusCode;
      sent.body = JSON.parse(body);
    },
    finish: () => emitter.emit("close"),
  });
  return { res: res as unknown as ServerResponse & { finish(): void }, sent };
}

describe("admissionControl", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("lets `concurrency` requests run, queues the next, and refuses what waits too long", () => {
    const admit = admissionControl(admissionTurns(2, 100));
    const started: number[] = [];
    const responses = Array.from({ length: 4 }, () => fakeResponse());
    responses.forEach(({ res }, i) => admit({} as IncomingMessage, res, () => started.push(i)));
    expect(started).toEqual([0, 1]);

    responses[0]!.res.finish();
    expect(started).toEqual([0, 1, 2]);

    jest.advanceTimersByTime(100);
    expect(started).toEqual([0, 1, 2]);
    expect(responses[3]!.sent).toEqual({
      status: 503,
      headers: { "retry-after": "1", "content-type": "application/json; charset=utf-8" },
      body: { errors: [{ message: "The server is busy; retry shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }] },
    });

    // Slots come back as requests finish: the refused one took none.
    responses[1]!.res.finish();
    responses[2]!.res.finish();
    const late = fakeResponse();
    admit({} as IncomingMessage, late.res, () => started.push(9));
    expect(started).toEqual([0, 1, 2, 9]);
  });
});
