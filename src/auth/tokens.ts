import { createSecretKey, type KeyObject } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthConfig } from "../config";
import { AppError } from "../graphql/errors";
import { BoundedCache, stringBytes } from "../lib/bounded-cache";
import { ANONYMOUS, ROLES, type Role, type Viewer } from "./viewer";

/** Algorithms accepted from an identity provider's key set; never "none", never HS* with public keys. */
const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

export type Authenticate = (authorizationHeader: string | undefined) => Promise<Viewer>;

/** How far ahead of this server's clock a token's iat may be: issuers' clocks drift a little. */
const CLOCK_SKEW_SECONDS = 60;

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message, { http: { status: 401 } });

/**
 * Turns an `Authorization: Bearer <JWT>` header into a Viewer. No header: anonymous. A
 * header that does not verify (expired, tampered, unsigned, wrong algorithm, issuer or
 * audience, claims missing, a lifetime over AUTH_MAX_TOKEN_TTL) is refused outright rather
 * than downgraded to anonymous.
 */
export function createAuthenticator(auth: AuthConfig): Authenticate {
  // A KeyObject made once: given the secret's bytes, jose would make one on every verification.
  const key: KeyObject | JWTVerifyGetKey | undefined = auth.jwtSecret
    ? createSecretKey(Buffer.from(auth.jwtSecret, "utf8"))
    : auth.jwksUrl
      ? createRemoteJWKSet(new URL(auth.jwksUrl))
      : undefined;
  const algorithms = auth.jwtSecret ? ["HS256"] : ASYMMETRIC_ALGORITHMS;
  // A client sends the same token with each request until it expires. With a shared secret, a
  // token that verified once verifies again until then: of what jose checks, only exp changes
  // with time (nbf and iat, once passed, stay passed) and the secret is the process's. So it is
  // taken as it was verified, as long as exp allows (~4% of the CPU of a write). Not with an
  // identity provider's key set, whose keys can be withdrawn. Only verified tokens are kept.
  const verified = auth.jwtSecret
    ? new BoundedCache<string, { viewer: Viewer; exp: number }>(
        "verified-tokens",
        { maxEntries: 10_000, maxBytes: 8 * 1024 * 1024 },
        (header) => stringBytes(header) + 150,
      )
    : undefined;

  return async (header) => {
    if (header === undefined || header.trim() === "") return ANONYMOUS;
    const known = verified?.get(header);
    // As jose judges exp: expired once the current second reaches it.
    if (known && known.exp > Math.floor(Date.now() / 1000)) return known.viewer;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    if (!key) throw unauthenticated("This server has no token verification configured; send no Authorization header");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, key as KeyObject, {
        algorithms,
        issuer: auth.issuer,
        audience: auth.audience,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      throw unauthenticated(describeVerificationError(error));
    }
    const claims = payload as JWTPayload & { exp: number };
    requireShortLifetime(claims, auth.maxTokenTtlSeconds);
    // Frozen: the same object answers every request with this token.
    const viewer = Object.freeze(viewerFromClaims(claims));
    verified?.set(header, { viewer, exp: claims.exp });
    return viewer;
  };
}

function describeVerificationError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired";
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === "exp" && error.reason === "missing") {
    return "The token has no exp claim: tokens must expire";
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token is signed with an algorithm this server does not accept";
  return "The token is invalid";
}

/**
 * A stolen token is useful until it expires: its lifetime (exp − iat, or exp − now when it has
 * no iat) may not exceed AUTH_MAX_TOKEN_TTL, and an iat in the future, which would stretch it,
 * is refused beyond a little clock skew. jose has checked that exp and iat are numbers.
 */
function requireShortLifetime(claims: JWTPayload & { exp: number }, maxSeconds: number): void {
  const now = Math.floor(Date.now() / 1000);
  if (claims.iat !== undefined && claims.iat > now + CLOCK_SKEW_SECONDS) {
    throw unauthenticated("The token's iat claim is in the future");
  }
  if (claims.exp - (claims.iat ?? now) > maxSeconds) {
    throw unauthenticated(
      `The token is valid for too long: this server accepts tokens that expire at most ${maxSeconds} s after they are issued`,
    );
  }
}

function viewerFromClaims(claims: JWTPayload): Viewer {
  const { sub, role, signatory } = claims as JWTPayload & { role?: unknown; signatory?: unknown };
  if (typeof sub !== "string" || sub === "") throw unauthenticated("The token has no sub claim");
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    throw unauthenticated(`The token's role claim must be one of ${ROLES.join(", ")}`);
  }
  if (role === "MINISTRY") {
    if (typeof signatory !== "string" || !/^[A-Z]{2}$/.test(signatory)) {
      throw unauthenticated('A MINISTRY token needs a signatory claim, a signatory code such as "PL"');
    }
    return { kind: "user", sub, role, signatoryCode: signatory };
  }
  return { kind: "user", sub, role: role as Exclude<Role, "MINISTRY"> };
}

export interface TokenClaims {
  sub: string;
  role: Role;
  signatory?: string;
}

/** Signs an HS256 token, for `npm run token` and tests. */
export function signToken(
  secret: string,
  claims: TokenClaims,
  options: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ role: claims.role, ...(claims.signatory ? { signatory: claims.signatory } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "12h");
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
