import { createHmac, randomBytes } from "node:crypto";

/**
 * Signatures as the Standard Webhooks specification (standardwebhooks.com) defines them, so
 * that its libraries verify them: the secret is "whsec_" + base64 of random bytes; the signed
 * content is `${webhook-id}.${webhook-timestamp}.${body}`; webhook-signature is "v1," + base64
 * of its HMAC-SHA256 under the secret's bytes.
 */

const SECRET_PREFIX = "whsec_";

/** A new endpoint's secret: 32 random bytes (the specification asks for 24 to 64). */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** "v1,<base64 signature>" of one delivery. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

/** The headers a delivery carries (the body is JSON). */
export function signedHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": sign(secret, id, timestampSeconds, body),
    "user-agent": "mobility-plan-webhooks/1",
  };
}
