import type { TokenClaims } from "../../src/auth/tokens";

/** The callers tests sign tokens for: the secretariat, an auditor, and a ministry per signatory. */
export const COORDINATOR: TokenClaims = { sub: "secretariat-1", role: "COORDINATOR" };
export const AUDITOR: TokenClaims = { sub: "auditor-1", role: "AUDITOR" };
export const ministry = (signatory: string): TokenClaims => ({ sub: `ministry-${signatory.toLowerCase()}`, role: "MINISTRY", signatory });
