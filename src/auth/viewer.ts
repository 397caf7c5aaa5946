/**
 * Who is asking. Without a token a client is anonymous and reads the public plan only.
 *   COORDINATOR: the plan's secretariat; may do everything.
 *   MINISTRY:    bound to one signatory; changes what that signatory leads or contributes to.
 *   AUDITOR:     reads everything, including the audit trail; changes nothing.
 */
export const ROLES = ["COORDINATOR", "MINISTRY", "AUDITOR"] as const;
export type Role = (typeof ROLES)[number];

export type Viewer =
  | { kind: "anonymous" }
  | { kind: "user"; sub: string; role: Exclude<Role, "MINISTRY"> }
  | { kind: "user"; sub: string; role: "MINISTRY"; signatoryCode: string };

export type AuthenticatedViewer = Extract<Viewer, { kind: "user" }>;

export const ANONYMOUS: Viewer = { kind: "anonymous" };

export const signatoryCodeOf = (viewer: AuthenticatedViewer): string | null =>
  viewer.role === "MINISTRY" ? viewer.signatoryCode : null;

/**
 * Everything a caller's identity is made of (role, signatory, subject) in one string: tokens
 * that share a `sub` but not a role or signatory are different callers. Role and signatory
 * come first and hold no ":", so no two identities give the same string.
 */
export const principalKeyOf = (viewer: AuthenticatedViewer): string =>
  `${viewer.role}:${signatoryCodeOf(viewer) ?? ""}:${viewer.sub}`;
