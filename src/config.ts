/**
 * The service's configuration, parsed once from the environment at start-up. Every
 * problem is reported at once, so a misconfigured deployment fails with one clear message.
 * Nothing else in the code reads `process.env`.
 */
export interface Config {
  port: number;
  /** Where the embedded PGlite database keeps its files when no DATABASE_URL is set. */
  dataDir: string;
  /** A PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl: string | undefined;
  nodeEnv: "development" | "production" | "test";
  /** Seed the policy brief's data into an empty database at start-up. */
  seed: boolean;
  auth: AuthConfig;
}

export interface AuthConfig {
  /** HS256 shared secret for bearer tokens (at least 32 characters). */
  jwtSecret: string | undefined;
  /** An identity provider's JSON Web Key Set, for RS256/ES256/EdDSA tokens. */
  jwksUrl: string | undefined;
  /** When set, tokens must carry this `iss`. */
  issuer: string | undefined;
  /** When set, tokens must carry this `aud`. */
  audience: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function parseConfig(env: Env): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT, problems);

  const nodeEnv = env.NODE_ENV ?? "development";
  if (nodeEnv !== "development" && nodeEnv !== "production" && nodeEnv !== "test") {
    problems.push(`NODE_ENV must be one of development, production, test (got "${nodeEnv}")`);
  }

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL starting with "postgres://" or "postgresql://"');
  }

  const dataDir = env.DATA_DIR?.trim() || "./data";

  const seed = env.SEED ?? "true";
  if (seed !== "true" && seed !== "false") problems.push(`SEED must be "true" or "false" (got "${seed}")`);

  const auth = parseAuth(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return { port, dataDir, databaseUrl, nodeEnv: nodeEnv as Config["nodeEnv"], seed: seed === "true", auth };
}

function parseAuth(env: Env, problems: string[]): AuthConfig {
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push("AUTH_JWT_SECRET must be at least 32 characters long");
  }
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || undefined;
  if (jwksUrl !== undefined && !/^https?:\/\//.test(jwksUrl)) {
    problems.push("AUTH_JWKS_URL must be an http(s) URL");
  }
  if (jwtSecret !== undefined && jwksUrl !== undefined) {
    problems.push("Set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both");
  }
  return {
    jwtSecret,
    jwksUrl,
    issuer: env.AUTH_ISSUER?.trim() || undefined,
    audience: env.AUTH_AUDIENCE?.trim() || undefined,
  };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === "") return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
  }
  return port;
}
