import { isBlank, withIndefiniteArticle } from "../../lib/text";
import type { MeasureStatus } from "./measures.types";

/**
 * The status rules of the action plan (../shared/domain/facts.md), as data.
 * Who may make each move: the coordinator always; a lead ministry only where it says so.
 */
interface Transition {
  to: MeasureStatus;
  leadMinistryMay: boolean;
  needsReason: boolean;
}

const TRANSITIONS: Record<MeasureStatus, Transition[]> = {
  PROPOSED: [
    { to: "AGREED", leadMinistryMay: false, needsReason: false },
    { to: "WITHDRAWN", leadMinistryMay: false, needsReason: true },
  ],
  AGREED: [
    { to: "IN_PROGRESS", leadMinistryMay: true, needsReason: false },
    { to: "ON_HOLD", leadMinistryMay: true, needsReason: true },
    { to: "WITHDRAWN", leadMinistryMay: false, needsReason: true },
  ],
  IN_PROGRESS: [
    { to: "ON_HOLD", leadMinistryMay: true, needsReason: true },
    { to: "COMPLETED", leadMinistryMay: true, needsReason: false },
    { to: "WITHDRAWN", leadMinistryMay: false, needsReason: true },
  ],
  ON_HOLD: [
    { to: "IN_PROGRESS", leadMinistryMay: true, needsReason: false },
    { to: "WITHDRAWN", leadMinistryMay: false, needsReason: true },
  ],
  // Reopening a completed measure is the coordinator's call, and must be explained.
  COMPLETED: [{ to: "IN_PROGRESS", leadMinistryMay: false, needsReason: true }],
  WITHDRAWN: [],
};

export type TransitionVerdict =
  | { allowed: true }
  | { allowed: false; code: "BAD_USER_INPUT" | "FORBIDDEN"; message: string };

/**
 * Whether `actor` may move a measure from `from` to `to`. Pure, so every rule is unit-tested;
 * the caller has already established whether a MINISTRY actor leads the measure.
 */
export function judgeTransition(
  from: MeasureStatus,
  to: MeasureStatus,
  actor: { role: "COORDINATOR" } | { role: "MINISTRY"; leads: boolean },
  reason: string | null | undefined,
): TransitionVerdict {
  const transition = TRANSITIONS[from].find((t) => t.to === to);
  if (!transition) {
    const allowed = TRANSITIONS[from].map((t) => t.to);
    return {
      allowed: false,
      code: "BAD_USER_INPUT",
      message:
        allowed.length === 0
          ? `${capitalised(withIndefiniteArticle(from))} measure cannot change status any more`
          : `${capitalised(withIndefiniteArticle(from))} measure can move to ${allowed.join(" or ")}, not to ${to}`,
    };
  }
  if (actor.role === "MINISTRY") {
    if (!actor.leads) return { allowed: false, code: "FORBIDDEN", message: "Only a ministry of a lead signatory may change this measure's status" };
    if (!transition.leadMinistryMay) {
      return { allowed: false, code: "FORBIDDEN", message: `Only the coordinator may move a measure from ${from} to ${to}` };
    }
  }
  if (transition.needsReason && (reason == null || isBlank(reason))) {
    return { allowed: false, code: "BAD_USER_INPUT", message: `Moving a measure from ${from} to ${to} needs a reason` };
  }
  return { allowed: true };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Where a measure in `from` may go next, for clients that offer the choices: every move the plan
 * allows, or those a ministry may make itself (none unless it leads the measure).
 */
export const nextStatuses = (from: MeasureStatus, mover?: { role: "MINISTRY"; leads: boolean }): MeasureStatus[] =>
  TRANSITIONS[from].filter((t) => mover === undefined || (mover.leads && t.leadMinistryMay)).map((t) => t.to);

/**
 * The statuses from which `actor` may move a measure to `to` with `reason`, so that a statement can
 * judge the move on the row it locks (setMeasureStatus). A MINISTRY actor is taken to lead the
 * measure: whether it does is for the statement to check.
 */
export const statusesAllowedTowards = (
  to: MeasureStatus,
  actor: { role: "COORDINATOR" } | { role: "MINISTRY" },
  reason: string | null | undefined,
): MeasureStatus[] =>
  (Object.keys(TRANSITIONS) as MeasureStatus[]).filter(
    (from) => judgeTransition(from, to, actor.role === "MINISTRY" ? { role: "MINISTRY", leads: true } : actor, reason).allowed,
  );
