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
  logLevel: LogLevel;
  /** Schema introspection; off in production unless ALLOW_INTROSPECTION=true. */
  introspection: boolean;
  database: DatabaseConfig;
  limits: { maxDepth: number; maxAliases: number; maxCost: number };
  rateLimit: RateLimitConfig;
  /** A query text is compiled to JavaScript (graphql-jit) from this use on; 0: never, graphql-js runs everything. */
  compileFromUse: number;
  /** Every request's deadline: past it the client gets TIMEOUT and its transaction is rolled back. */
  requestTimeoutMs: number;
  /** /healthz fails once no database round trip has completed for this long while some were wanted. */
  livenessStallMs: number;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DatabaseConfig {
  /** At most this many PostgreSQL connections per instance. */
  poolMax: number;
  /** PostgreSQL cancels a statement running longer (57014 → TIMEOUT). */
  statementTimeoutMs: number;
  /** A request waiting longer than this for a connection fails with SERVICE_UNAVAILABLE. */
  acquireTimeoutMs: number;
  /** Keep statements prepared on PostgreSQL connections; off behind a pooler that cannot (PgBouncer before 1.21). */
  preparedStatements: boolean;
}

export interface RateLimitConfig {
  /** Query-cost points a principal may spend in a burst; 0 turns rate limiting off. */
  capacity: number;
  /** Points given back per second. */
  refillPerSecond: number;
  /** Share buckets between instances through this Redis; in memory when unset. */
  redisUrl: string | undefined;
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

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === "test" ? "silent" : "info")) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);

  const allowIntrospection = env.ALLOW_INTROSPECTION;
  if (allowIntrospection !== undefined && allowIntrospection !== "true" && allowIntrospection !== "false") {
    problems.push(`ALLOW_INTROSPECTION must be "true" or "false" (got "${allowIntrospection}")`);
  }
  const integer = (name: string, fallback: number, min: number, max: number) => parseInteger(env, name, fallback, min, max, problems);

  const database: DatabaseConfig = {
    poolMax: integer("DB_POOL_MAX", 10, 1, 1000),
    statementTimeoutMs: integer("DB_STATEMENT_TIMEOUT_MS", 5000, 100, 3_600_000),
    acquireTimeoutMs: integer("DB_ACQUIRE_TIMEOUT_MS", 2000, 10, 60_000),
    preparedStatements: (env.DB_PREPARED_STATEMENTS ?? "true") === "true",
  };
  if (env.DB_PREPARED_STATEMENTS !== undefined && env.DB_PREPARED_STATEMENTS !== "true" && env.DB_PREPARED_STATEMENTS !== "false") {
    problems.push(`DB_PREPARED_STATEMENTS must be "true" or "false" (got "${env.DB_PREPARED_STATEMENTS}")`);
  }
  const limits = {
    maxDepth: integer("QUERY_MAX_DEPTH", 12, 2, 100),
    maxAliases: integer("QUERY_MAX_ALIASES", 30, 0, 1000),
    maxCost: integer("QUERY_MAX_COST", 25_000, 10, 10_000_000),
  };
  const rateLimit: RateLimitConfig = {
    capacity: integer("RATE_LIMIT_POINTS", 250_000, 0, 1_000_000_000),
    refillPerSecond: integer("RATE_LIMIT_REFILL_PER_SECOND", 25_000, 1, 1_000_000_000),
    redisUrl: env.REDIS_URL?.trim() || undefined,
  };
  const compileFromUse = integer("GRAPHQL_COMPILE_FROM_USE", 2, 0, 1_000_000);
  const requestTimeoutMs = integer("REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000);
  const livenessStallMs = integer("LIVENESS_STALL_MS", 60_000, 1000, 3_600_000);
  if (rateLimit.redisUrl !== undefined && !/^rediss?:\/\//.test(rateLimit.redisUrl)) {
    problems.push('REDIS_URL must start with "redis://" or "rediss://"');
  }
  if (rateLimit.capacity > 0 && rateLimit.capacity < limits.maxCost) {
    problems.push("RATE_LIMIT_POINTS must be at least QUERY_MAX_COST, or 0 to turn rate limiting off");
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    dataDir,
    databaseUrl,
    nodeEnv: nodeEnv as Config["nodeEnv"],
    seed: seed === "true",
    auth,
    logLevel,
    introspection: allowIntrospection === undefined ? nodeEnv !== "production" : allowIntrospection === "true",
    database,
    limits,
    rateLimit,
    compileFromUse,
    requestTimeoutMs,
    livenessStallMs,
  };
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
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
