import { judgeTransition, nextStatuses, statusesAllowedTowards } from "./measure-status.rules";

const COORDINATOR = { role: "COORDINATOR" } as const;
const LEAD = { role: "MINISTRY", leads: true } as const;
const NOT_LEAD = { role: "MINISTRY", leads: false } as const;

describe("measure status transitions", () => {
  it.each([
    ["PROPOSED", "AGREED"],
    ["AGREED", "IN_PROGRESS"],
    ["IN_PROGRESS", "COMPLETED"],
    ["ON_HOLD", "IN_PROGRESS"],
  ] as const)("the coordinator may move %s -> %s without a reason", (from, to) => {
    expect(judgeTransition(from, to, COORDINATOR, null)).toEqual({ allowed: true });
  });

  it.each([
    ["AGREED", "IN_PROGRESS", null],
    ["AGREED", "ON_HOLD", "waiting for funds"],
    ["IN_PROGRESS", "ON_HOLD", "waiting for funds"],
    ["IN_PROGRESS", "COMPLETED", null],
    ["ON_HOLD", "IN_PROGRESS", null],
  ] as const)("a lead ministry may move %s -> %s", (from, to, reason) => {
    expect(judgeTransition(from, to, LEAD, reason)).toEqual({ allowed: true });
  });

  it.each([
    ["PROPOSED", "AGREED"],
    ["PROPOSED", "WITHDRAWN"],
    ["AGREED", "WITHDRAWN"],
    ["IN_PROGRESS", "WITHDRAWN"],
    ["COMPLETED", "IN_PROGRESS"],
  ] as const)("only the coordinator may move %s -> %s (agree, withdraw, reopen)", (from, to) => {
    expect(judgeTransition(from, to, LEAD, "a reason")).toEqual({
      allowed: false,
      code: "FORBIDDEN",
      message: `Only the coordinator may move a measure from ${from} to ${to}`,
    });
  });

  it("a ministry that does not lead the measure may not change its status", () => {
    expect(judgeTransition("AGREED", "IN_PROGRESS", NOT_LEAD, null)).toMatchObject({ allowed: false, code: "FORBIDDEN" });
  });

  it.each([
    ["AGREED", "ON_HOLD"],
    ["IN_PROGRESS", "ON_HOLD"],
    ["PROPOSED", "WITHDRAWN"],
    ["ON_HOLD", "WITHDRAWN"],
    ["COMPLETED", "IN_PROGRESS"],
  ] as const)("%s -> %s needs a reason, and blank is none", (from, to) => {
    for (const reason of [null, undefined, "", "   "]) {
      expect(judgeTransition(from, to, COORDINATOR, reason)).toEqual({
        allowed: false,
        code: "BAD_USER_INPUT",
        message: `Moving a measure from ${from} to ${to} needs a reason`,
      });
    }
  });

  it("a disallowed move names the allowed ones", () => {
    expect(judgeTransition("PROPOSED", "COMPLETED", COORDINATOR, null)).toEqual({
      allowed: false,
      code: "BAD_USER_INPUT",
      message: "A PROPOSED measure can move to AGREED or WITHDRAWN, not to COMPLETED",
    });
    expect(judgeTransition("WITHDRAWN", "IN_PROGRESS", COORDINATOR, "x")).toMatchObject({
      message: "A WITHDRAWN measure cannot change status any more",
    });
    expect(judgeTransition("IN_PROGRESS", "PROPOSED", COORDINATOR, null)).toMatchObject({
      message: "An IN_PROGRESS measure can move to ON_HOLD or COMPLETED or WITHDRAWN, not to PROPOSED",
    });
  });

  it("a move to the same status is not a transition", () => {
    expect(judgeTransition("IN_PROGRESS", "IN_PROGRESS", COORDINATOR, null)).toMatchObject({ allowed: false, code: "BAD_USER_INPUT" });
  });

  it("lists the next statuses", () => {
    expect(nextStatuses("IN_PROGRESS")).toEqual(["ON_HOLD", "COMPLETED", "WITHDRAWN"]);
    expect(nextStatuses("WITHDRAWN")).toEqual([]);
    // A ministry: only a lead's moves, and none where it does not lead.
    expect(nextStatuses("IN_PROGRESS", { role: "MINISTRY", leads: true })).toEqual(["ON_HOLD", "COMPLETED"]);
    expect(nextStatuses("PROPOSED", { role: "MINISTRY", leads: true })).toEqual([]);
    expect(nextStatuses("IN_PROGRESS", { role: "MINISTRY", leads: false })).toEqual([]);
  });

  it("lists the statuses a move to a status may start from (setMeasureStatus judges the locked row on them)", () => {
    expect(statusesAllowedTowards("WITHDRAWN", COORDINATOR, "no funds")).toEqual(["PROPOSED", "AGREED", "IN_PROGRESS", "ON_HOLD"]);
    // A move that needs a reason is allowed from nowhere without one.
    expect(statusesAllowedTowards("WITHDRAWN", COORDINATOR, "  ")).toEqual([]);
    expect(statusesAllowedTowards("IN_PROGRESS", COORDINATOR, null)).toEqual(["AGREED", "ON_HOLD"]);
    expect(statusesAllowedTowards("IN_PROGRESS", COORDINATOR, "reopened")).toEqual(["AGREED", "ON_HOLD", "COMPLETED"]);
    // A ministry, taken to lead: only its own moves.
    expect(statusesAllowedTowards("IN_PROGRESS", { role: "MINISTRY" }, "reopened")).toEqual(["AGREED", "ON_HOLD"]);
    expect(statusesAllowedTowards("WITHDRAWN", { role: "MINISTRY" }, "no funds")).toEqual([]);
    expect(statusesAllowedTowards("PROPOSED", COORDINATOR, "back")).toEqual([]);
  });
});
