import { parseArgs } from "node:util";
import postgres from "postgres";
import { signatorySeeds } from "../../seeds/data/partnership";
import { ConfigError, durationSeconds, parseConfig, type Config } from "../config";
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

const USAGE = `Usage: npm run token -- --role <role> [--signatory <code>] [--sub <subject>] [--expires-in <duration>]

Prints a bearer token for this server (Authorization: Bearer <token>).

  --role        ${ROLES.join(", ")}
  --signatory   the signatory a MINISTRY acts for, e.g. PL (MINISTRY only; must exist)
  --sub         the token's subject, recorded as the actor in the audit trail
                (default: the role, and the signatory, e.g. ministry-pl)
  --expires-in  the token's lifetime, e.g. 90m, 12h, 1d or seconds (default 12h, at most
                AUTH_MAX_TOKEN_TTL, 24h unless configured)
  --help        this text

Signs with AUTH_JWT_SECRET, or with the secret the embedded server keeps in DATA_DIR/auth-secret.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      signatory: { type: "string" },
      sub: { type: "string" },
      "expires-in": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
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
  if (signatory !== undefined) {
    const known = await knownSignatories(config);
    if (!known.includes(signatory)) throw new Error(`Unknown signatory "${signatory}": one of ${known.join(", ")}`);
  }
  const token = await signToken(
    auth.jwtSecret,
    { sub: values.sub ?? `${role.toLowerCase()}${signatory ? `-${signatory.toLowerCase()}` : ""}`, role: role as Role, signatory },
    { expiresIn: `${expiresIn}s`, issuer: auth.issuer, audience: auth.audience },
  );
  process.stdout.write(`${token}\n`);
}

/**
 * The signatory codes a token may name: those in the database on PostgreSQL; on embedded PGlite,
 * whose data directory the running server holds, those of the seed.
 */
async function knownSignatories(config: Config): Promise<string[]> {
  if (!config.databaseUrl) return signatorySeeds.map((s) => s.code);
  const sql = postgres(config.databaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return (await sql<{ code: string }[]>`select code from signatory order by code`).map((row) => row.code);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
