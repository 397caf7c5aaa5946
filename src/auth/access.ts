import { AppError } from "../graphql/errors";
import type { AuthenticatedViewer, Role, Viewer } from "./viewer";

/**
 * Access rules shared by the features. Each throws the error a client should see:
 * UNAUTHENTICATED without a token, FORBIDDEN when the token's role may not do this.
 */

export function requireAuthenticated(viewer: Viewer): AuthenticatedViewer {
  if (viewer.kind !== "user") {
    throw new AppError("UNAUTHENTICATED", "Sign in: send an Authorization: Bearer <token> header");
  }
  return viewer;
}

export function requireRole(viewer: Viewer, roles: readonly Role[], action: string): AuthenticatedViewer {
  const user = requireAuthenticated(viewer);
  if (!roles.includes(user.role)) {
    throw new AppError("FORBIDDEN", `${user.role} may not ${action}; this takes ${roles.join(" or ")}`);
  }
  return user;
}

/** Anyone who may change the plan at all: auditors read only. */
export const requireEditor = (viewer: Viewer, action: string) => requireRole(viewer, ["COORDINATOR", "MINISTRY"], action);

export const requireCoordinator = (viewer: Viewer, action: string) => requireRole(viewer, ["COORDINATOR"], action);

export const forbidden = (message: string) => new AppError("FORBIDDEN", message);

/** The audit trail, and who did what, is for auditors and the coordinator. */
export const requireAuditReader = (viewer: Viewer) => requireRole(viewer, ["AUDITOR", "COORDINATOR"], "read the audit trail");
