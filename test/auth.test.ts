import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestServer, type TestServer } from "./helpers/server";

const WHO_CAN_SEE_ACTORS = `{ measures(first: 1) { nodes { code statusHistory { actor { sub } } } } }`;
const CREATE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { code } } }`;
const createInput = (code: string) => ({
  input: { partnershipCode: "EU-BY", code, title: "Auth test", policyAreaCode: "ASYLUM", leadSignatoryCode: "PL" },
});

const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Lifetimes a token must not have: none at all, till year 9999, issued ten years ahead, longer than a day. */
const LIFETIMES_REFUSED = [
  [{ iat: "now" }, "The token has no exp claim: tokens must expire"],
  [{ iat: "now", exp: 253_402_300_799 - now() }, /valid for too long: .* at most 86400 s/], // exp: 9999-12-31
  [{ iat: 10 * 365 * 24 * HOUR, exp: 10 * 365 * 24 * HOUR + HOUR }, "The token's iat claim is in the future"],
  [{ iat: 2 * 60, exp: 2 * 60 + HOUR }, "The token's iat claim is in the future"],
  [{ iat: "now", exp: 24 * HOUR + 60 }, /valid for too long/],
  [{ exp: 25 * HOUR }, /valid for too long/],
  [{ iat: -48 * HOUR, exp: HOUR }, /valid for too long/],
] as const;

/** `iat` and `exp` of a case, in seconds from now ("now" is now; absent, the claim is left out). */
function timesOf(lifetime: { iat?: number | "now"; exp?: number }) {
  const at = now();
  return {
    ...(lifetime.iat === undefined ? {} : { iat: lifetime.iat === "now" ? at : at + lifetime.iat }),
    ...(lifetime.exp === undefined ? {} : { exp: at + lifetime.exp }),
  };
}

describe("with an HS256 secret", () => {
  let server: TestServer;
  const secret = randomBytes(32).toString("base64url");
  beforeAll(async () => {
    server = await startTestServer({ auth: { jwtSecret: secret, issuer: "https://mobility-plan.test/", audience: "mobility-plan" } });
  });
  afterAll(() => server?.stop());

  /** Sends a request with this Authorization header; it must be refused with 401 UNAUTHENTICATED. */
  async function refused(authorization: string, message: RegExp) {
    const result = await server.request(WHO_CAN_SEE_ACTORS, {}, { authorization });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toMatch(message);
  }

  it("reads the public plan without a token, without actor identities", async () => {
    const data = await server.query(WHO_CAN_SEE_ACTORS);
    expect(data.measures.nodes[0].statusHistory[0].actor).toBeNull();
  });

  it("needs a token to change anything", async () => {
    const result = await server.request(CREATE, createInput("AUTH-1"));
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("accepts a valid token with the configured issuer and audience", async () => {
    const token = await server.tokenFor({ sub: "ministry-pl", role: "MINISTRY", signatory: "PL" });
    const result = await server.request(CREATE, createInput("AUTH-2"), withToken(token));
    expect(result.errors).toBeUndefined();
  });

  it("refuses an expired token", async () => {
    const expired = await server.tokenFor({ sub: "x", role: "AUDITOR" }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    await refused(`Bearer ${expired}`, /The token has expired/);
  });

  it("refuses a token it has accepted once the token has expired", async () => {
    const token = await server.tokenFor({ sub: "auditor", role: "AUDITOR" }, { expiresIn: "1h" });
    expect((await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(token))).errors).toBeUndefined();
    const { exp } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number };
    // Only the clock moves to exp: the server's timers stay real.
    const timers = ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] as const;
    jest.useFakeTimers({ now: exp * 1000, doNotFake: [...timers] });
    try {
      await refused(`Bearer ${token}`, /The token has expired/);
    } finally {
      jest.useRealTimers();
    }
  });

  it("refuses a tampered token", async () => {
    const token = await server.tokenFor({ sub: "ministry-pl", role: "MINISTRY", signatory: "PL" });
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: "COORDINATOR" })).toString("base64url");
    await refused(`Bearer ${header}.${forged}.${signature}`, /The token is invalid/);
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: "x", role: "COORDINATOR", iss: "https://mobility-plan.test/", aud: "mobility-plan", exp: 9_999_999_999 }),
    ).toString("base64url");
    await refused(`Bearer ${header}.${payload}.`, /not accept|invalid/);
  });

  it("refuses a token signed with another secret or algorithm", async () => {
    const other = await new SignJWT({ role: "COORDINATOR" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("x")
      .setIssuer("https://mobility-plan.test/")
      .setAudience("mobility-plan")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another secret that is long enough for HS512 ....................."));
    await refused(`Bearer ${other}`, /algorithm this server does not accept/);
    const wrongSecret = await new SignJWT({ role: "COORDINATOR" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("x")
      .setIssuer("https://mobility-plan.test/")
      .setAudience("mobility-plan")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another secret that is long enough"));
    await refused(`Bearer ${wrongSecret}`, /The token is invalid/);
  });

  const signed = (claims: Record<string, unknown>) =>
    new SignJWT({ role: "COORDINATOR", ...claims })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("x")
      .setIssuer("https://mobility-plan.test/")
      .setAudience("mobility-plan")
      .sign(new TextEncoder().encode(secret));

  it.each(LIFETIMES_REFUSED)("refuses a token that does not expire soon enough: %j", async (lifetime, message) => {
    await refused(`Bearer ${await signed(timesOf(lifetime))}`, typeof message === "string" ? new RegExp(`^${message}$`) : message);
  });

  it("accepts a token of the longest lifetime allowed, one issued a little ahead by a fast clock, and one without iat", async () => {
    for (const lifetime of [{ iat: "now", exp: 24 * HOUR }, { iat: 30, exp: 30 + HOUR }, { exp: 23 * HOUR }] as const) {
      const result = await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(await signed(timesOf(lifetime))));
      expect(result.errors).toBeUndefined();
    }
  });

  it("refuses malformed headers and unusable claims", async () => {
    await refused("Basic dXNlcjpwYXNz", /must be "Bearer <token>"/);
    await refused("Bearer not.a.jwt", /The token is invalid/);
  });
});

describe("with an identity provider's key set (JWKS)", () => {
  let jwks: Server;
  let server: TestServer;
  let privateKey: KeyLike;
  const ISSUER = "https://idp.mobility-plan.test/";

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
    jwks = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    server = await startTestServer({ auth: { jwksUrl, issuer: ISSUER, audience: "mobility-plan" } });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const sign = (claims: Record<string, unknown>, options: { expires?: string | number; audience?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setSubject("alice@ministry.gov.pl")
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? "mobility-plan")
      .setIssuedAt()
      .setExpirationTime(options.expires ?? "5m")
      .sign(privateKey);

  it("accepts a token the provider signed", async () => {
    const token = await sign({ role: "MINISTRY", signatory: "PL" });
    const result = await server.request(CREATE, createInput("AUTH-JWKS-1"), withToken(token));
    expect(result.errors).toBeUndefined();
  });

  it("refuses an expired token, a token for another audience, and missing claims", async () => {
    const expired = await sign({ role: "AUDITOR" }, { expires: Math.floor(Date.now() / 1000) - 60 });
    const foreign = await sign({ role: "AUDITOR" }, { audience: "another-api" });
    const noSignatory = await sign({ role: "MINISTRY" });
    const badRole = await sign({ role: "ADMIN" });
    for (const [token, message] of [
      [expired, "The token has expired"],
      [foreign, "The token's aud claim is not accepted"],
      [noSignatory, 'A MINISTRY token needs a signatory claim, a signatory code such as "PL"'],
      [badRole, "The token's role claim must be one of COORDINATOR, MINISTRY, AUDITOR"],
    ] as const) {
      const result = await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(token));
      expect(result.status).toBe(401);
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: "UNAUTHENTICATED" } });
    }
  });

  it.each(LIFETIMES_REFUSED)("refuses a token that does not expire soon enough: %j", async (lifetime, message) => {
    const token = await new SignJWT({ role: "AUDITOR", ...timesOf(lifetime) })
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setSubject("alice@ministry.gov.pl")
      .setIssuer(ISSUER)
      .setAudience("mobility-plan")
      .sign(privateKey);
    const result = await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(token));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it("refuses an HS256 token: symmetric algorithms are not accepted with a key set", async () => {
    const token = await new SignJWT({ role: "COORDINATOR" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("mallory")
      .setIssuer(ISSUER)
      .setAudience("mobility-plan")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("a guessed secret of sufficient length!!"));
    const result = await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(token));
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("AUTH_MAX_TOKEN_TTL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { AUTH_MAX_TOKEN_TTL: "1h" } });
  });
  afterAll(() => server?.stop());

  it("bounds the lifetime a token may have", async () => {
    const hour = await server.tokenFor({ sub: "short", role: "AUDITOR" }, { expiresIn: "1h" });
    const twoHours = await server.tokenFor({ sub: "long", role: "AUDITOR" }, { expiresIn: "2h" });
    expect((await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(hour))).errors).toBeUndefined();
    const result = await server.request(WHO_CAN_SEE_ACTORS, {}, withToken(twoHours));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({
      message: "The token is valid for too long: this server accepts tokens that expire at most 3600 s after they are issued",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });
});
