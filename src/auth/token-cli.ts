import { parseArgs } from "node:util";
import { ConfigError, durationSeconds, parseConfig } from "../config";
import { resolveAuthConfig } from "./local-secret";
import { signToken } from "./tokens";
import { ROLES, type Role } from "./viewer";

/**
 * `npm run token -- --role MINISTRY --signatory PL [--sub name] [--expires-in 12h]`
 * prints a bearer token signed with the configured AUTH_JWT_SECRET (or the local one that
 * an embedded-PGlite server generated in its data directory). It lives 12 hours, or less
 * when the server accepts less (AUTH_MAX_TOKEN_TTL); --expires-in may not ask for more.
 */
const DEFAULT_LIFETIME_SECONDS = 12 * 3600;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      signatory: { type: "string" },
      sub: { type: "string" },
      "expires-in": { type: "string" },
    },
  });
  const role = values.role?.toUpperCase();
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new Error(`--role must be one of ${ROLES.join(", ")}`);
  }
  if (role === "MINISTRY" && !values.signatory) throw new Error("--signatory is required for a MINISTRY token, e.g. --signatory PL");
  if (role !== "MINISTRY" && values.signatory) throw new Error("--signatory goes with --role MINISTRY only");

  const config = parseConfig(process.env);
  const auth = resolveAuthConfig(config);
  if (!auth.jwtSecret) {
    throw new Error("No AUTH_JWT_SECRET is configured (tokens from an identity provider cannot be made here)");
  }
  const asked = values["expires-in"];
  const expiresIn = asked === undefined ? Math.min(DEFAULT_LIFETIME_SECONDS, auth.maxTokenTtlSeconds) : durationSeconds(asked);
  if (expiresIn === undefined || expiresIn < 1 || expiresIn > auth.maxTokenTtlSeconds) {
    throw new Error(`--expires-in must be a duration from 1s to ${auth.maxTokenTtlSeconds}s (AUTH_MAX_TOKEN_TTL), e.g. 12h or 90m`);
  }
  const signatory = values.signatory?.toUpperCase();
  const token = await signToken(
    auth.jwtSecret,
    { sub: values.sub ?? `${role.toLowerCase()}${signatory ? `-${signatory.toLowerCase()}` : ""}`, role: role as Role, signatory },
    { expiresIn: `${expiresIn}s`, issuer: auth.issuer, audience: auth.audience },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
