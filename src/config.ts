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
  /** Migrations and seeding connect here (the tables' owner) when set; DATABASE_URL is then a role that owns nothing. */
  databaseMigrationUrl: string | undefined;
  nodeEnv: "development" | "production" | "test";
  /** Seed the policy brief's data into an empty database at start-up. */
  seed: boolean;
  /** Also load the synthetic demonstration data (SEED=demo; seeds/demo.ts). */
  seedDemo: boolean;
  auth: AuthConfig;
  logLevel: LogLevel;
  /** Schema introspection; off in production unless ALLOW_INTROSPECTION=true. */
  introspection: boolean;
  database: DatabaseConfig;
  limits: { maxDepth: number; maxAliases: number; maxFields: number; maxCost: number };
  rateLimit: RateLimitConfig;
  /** A query text is compiled to JavaScript (graphql-jit) from this use on; 0: never, graphql-js runs everything. */
  compileFromUse: number;
  http: HttpConfig;
  /** Every request's deadline: past it the client gets TIMEOUT and its transaction is rolled back. */
  requestTimeoutMs: number;
  /** /healthz fails once no database round trip has completed for this long while some were wanted. */
  livenessStallMs: number;
  /** Bounds of the caches keyed by query texts (least recently used out first). */
  caches: { documents: CacheBoundsConfig; compiledQueries: CacheBoundsConfig };
  /** GraphiQL for a browser that opens /graphql (src/explorer); on outside production unless EXPLORER=false. */
  explorer: boolean;
  /** The scoreboard page for people at / (src/web); on unless SCOREBOARD=false. Its queries are always trusted documents. */
  scoreboard: boolean;
  /** Which web pages' origins may call the API from a browser (src/http/cors.ts). */
  cors: CorsConfig;
  /** Operations shipped as a manifest and run by id (src/http/trusted-documents.ts). */
  trustedDocuments: TrustedDocumentsConfig;
  events: EventsConfig;
  webhooks: WebhooksConfig;
  /** GraphQL subscriptions over WebSocket (src/graphql/websocket.ts). */
  subscriptions: SubscriptionsConfig;
}

/** Delivery of events to partners' endpoints (src/modules/webhooks). */
export interface WebhooksConfig {
  /**
   * WEBHOOKS_ALLOW_PRIVATE=true: endpoints may resolve to private, loopback and link-local
   * addresses (tests, a partner on the same network). Off by default: the server must not be
   * made to call into its own network.
   */
  allowPrivate: boolean;
  /** The first retry waits about this long, each next one twice as long, with jitter (WEBHOOK_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** An event undelivered for this long marks its endpoint failing (WEBHOOK_RETRY_FOR_MS, 24 hours). */
  retryForMs: number;
  /** One attempt (connect, send, response headers and excerpt) is given up after this long (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
}

export interface SubscriptionsConfig {
  /** Subscriptions one WebSocket may hold open (SUBSCRIPTIONS_MAX_PER_CONNECTION). */
  maxPerConnection: number;
  /** Subscriptions one principal may hold open on an instance, over all its sockets (SUBSCRIPTIONS_MAX_PER_PRINCIPAL); 0: no cap. */
  maxPerPrincipal: number;
}

/** The event outbox (src/modules/events). */
export interface EventsConfig {
  /** Events older than this many days are purged (EVENT_RETENTION_DAYS); cursors older than what is kept are refused. */
  retentionDays: number;
  /** Each instance reads new events at least this often, notified or not (EVENT_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
}

export interface TrustedDocumentsConfig {
  /** TRUSTED_DOCUMENTS: a JSON manifest { "<sha256 hex>": "<document>" }. */
  manifestPath: string | undefined;
  /** TRUSTED_DOCUMENTS_ONLY=true: run nothing but the manifest's documents. */
  only: boolean;
}

export interface CorsConfig {
  /** Exact origins (scheme, host, port) allowed, from CORS_ORIGINS. */
  origins: string[];
  /** Also http://localhost:* and http://127.0.0.1:*: outside production, when CORS_ORIGINS is unset. */
  allowLocalOrigins: boolean;
}

export interface CacheBoundsConfig {
  maxEntries: number;
  /** Of the cache's estimated heap. */
  maxBytes: number;
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

/** How long and how much of the server one client may hold before its request is even read. */
export interface HttpConfig {
  /** A request's headers must arrive within this (node:http's headersTimeout); past it: 408 and the connection closed. */
  headersTimeoutMs: number;
  /** A request's body must arrive within this once its headers have; past it: 408 REQUEST_TIMEOUT and the connection closed. */
  bodyTimeoutMs: number;
  /** Connections one client address (an IPv6 client's /64) may hold open at once; more are closed on arrival. 0: no cap. */
  maxConnectionsPerAddress: number;
}

export interface RateLimitConfig {
  /** Query-cost points a principal may spend in a burst; 0 turns rate limiting off. */
  capacity: number;
  /** Points given back per second. */
  refillPerSecond: number;
  /** Share buckets between instances through this Redis; in memory when unset. */
  redisUrl: string | undefined;
  /** Operations one principal may have running at once (per instance); 0: no cap. */
  maxConcurrentPerPrincipal: number;
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
  /** The longest lifetime a token may have (exp − iat, or exp − now without iat), in seconds. */
  maxTokenTtlSeconds: number;
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

  const databaseMigrationUrl = env.DATABASE_MIGRATION_URL?.trim() || undefined;
  if (databaseMigrationUrl !== undefined && (databaseUrl === undefined || !/^postgres(ql)?:\/\//.test(databaseMigrationUrl))) {
    problems.push("DATABASE_MIGRATION_URL must be a PostgreSQL URL, and goes with DATABASE_URL");
  }

  const dataDir = env.DATA_DIR?.trim() || "./data";

  const seed = env.SEED ?? "true";
  if (seed !== "true" && seed !== "false" && seed !== "demo") problems.push(`SEED must be "true", "false" or "demo" (got "${seed}")`);

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
    maxFields: integer("QUERY_MAX_FIELDS", 1000, 1, 100_000),
    maxCost: integer("QUERY_MAX_COST", 100_000, 10, 10_000_000),
  };
  const rateLimit: RateLimitConfig = {
    capacity: integer("RATE_LIMIT_POINTS", 1_000_000, 0, 1_000_000_000),
    refillPerSecond: integer("RATE_LIMIT_REFILL_PER_SECOND", 100_000, 1, 1_000_000_000),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    // Half the pool by default: one principal never holds every database connection.
    maxConcurrentPerPrincipal: integer("MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL", Math.max(1, Math.floor(database.poolMax / 2)), 0, 1000),
  };
  const compileFromUse = integer("GRAPHQL_COMPILE_FROM_USE", 2, 0, 1_000_000);
  const http: HttpConfig = {
    headersTimeoutMs: integer("HEADERS_TIMEOUT_MS", 10_000, 1000, 600_000),
    bodyTimeoutMs: integer("BODY_TIMEOUT_MS", 10_000, 100, 600_000),
    maxConnectionsPerAddress: integer("MAX_CONNECTIONS_PER_ADDRESS", 100, 0, 1_000_000),
  };
  const caches = {
    documents: {
      maxEntries: integer("GRAPHQL_DOCUMENT_CACHE_SIZE", 1000, 1, 1_000_000),
      maxBytes: integer("GRAPHQL_DOCUMENT_CACHE_MB", 32, 1, 64_000) * MIB,
    },
    compiledQueries: {
      maxEntries: integer("GRAPHQL_COMPILED_CACHE_SIZE", 200, 1, 1_000_000),
      maxBytes: integer("GRAPHQL_COMPILED_CACHE_MB", 32, 1, 64_000) * MIB,
    },
  };
  const requestTimeoutMs = integer("REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000);
  const livenessStallMs = integer("LIVENESS_STALL_MS", 60_000, 1000, 3_600_000);
  const cors = parseCors(env.CORS_ORIGINS, nodeEnv, problems);
  const events: EventsConfig = {
    retentionDays: integer("EVENT_RETENTION_DAYS", 30, 1, 3650),
    pollIntervalMs: integer("EVENT_POLL_INTERVAL_MS", 5000, 100, 600_000),
  };
  const allowPrivateWebhooks = env.WEBHOOKS_ALLOW_PRIVATE ?? "false";
  if (allowPrivateWebhooks !== "true" && allowPrivateWebhooks !== "false") {
    problems.push(`WEBHOOKS_ALLOW_PRIVATE must be "true" or "false" (got "${allowPrivateWebhooks}")`);
  }
  const webhooks: WebhooksConfig = {
    allowPrivate: allowPrivateWebhooks === "true",
    retryBaseMs: integer("WEBHOOK_RETRY_BASE_MS", 5000, 1, 3_600_000),
    retryForMs: integer("WEBHOOK_RETRY_FOR_MS", 24 * 3_600_000, 1000, 30 * 24 * 3_600_000),
    timeoutMs: integer("WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
  };
  const subscriptions: SubscriptionsConfig = {
    maxPerConnection: integer("SUBSCRIPTIONS_MAX_PER_CONNECTION", 20, 1, 1000),
    maxPerPrincipal: integer("SUBSCRIPTIONS_MAX_PER_PRINCIPAL", 100, 0, 1_000_000),
  };
  const trustedDocuments = {
    manifestPath: env.TRUSTED_DOCUMENTS?.trim() || undefined,
    only: env.TRUSTED_DOCUMENTS_ONLY === "true",
  };
  if (env.TRUSTED_DOCUMENTS_ONLY !== undefined && env.TRUSTED_DOCUMENTS_ONLY !== "true" && env.TRUSTED_DOCUMENTS_ONLY !== "false") {
    problems.push(`TRUSTED_DOCUMENTS_ONLY must be "true" or "false" (got "${env.TRUSTED_DOCUMENTS_ONLY}")`);
  } else if (trustedDocuments.only && trustedDocuments.manifestPath === undefined && env.SCOREBOARD === "false") {
    // With the scoreboard on, its own documents are the list: only they run.
    problems.push("TRUSTED_DOCUMENTS_ONLY=true needs TRUSTED_DOCUMENTS, the path of the manifest (or the scoreboard on, whose queries then are the only ones)");
  }
  if (env.SCOREBOARD !== undefined && env.SCOREBOARD !== "true" && env.SCOREBOARD !== "false") {
    problems.push(`SCOREBOARD must be "true" or "false" (got "${env.SCOREBOARD}")`);
  }
  if (env.EXPLORER !== undefined && env.EXPLORER !== "true" && env.EXPLORER !== "false") {
    problems.push(`EXPLORER must be "true" or "false" (got "${env.EXPLORER}")`);
  }
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
    databaseMigrationUrl,
    nodeEnv: nodeEnv as Config["nodeEnv"],
    seed: seed === "true" || seed === "demo",
    seedDemo: seed === "demo",
    auth,
    logLevel,
    introspection: allowIntrospection === undefined ? nodeEnv !== "production" : allowIntrospection === "true",
    database,
    limits,
    rateLimit,
    compileFromUse,
    http,
    caches,
    requestTimeoutMs,
    livenessStallMs,
    explorer: env.EXPLORER === undefined ? nodeEnv !== "production" : env.EXPLORER === "true",
    scoreboard: env.SCOREBOARD !== "false",
    cors,
    trustedDocuments,
    events,
    webhooks,
    subscriptions,
  };
}

function parseCors(raw: string | undefined, nodeEnv: string, problems: string[]): CorsConfig {
  if (raw === undefined) return { origins: [], allowLocalOrigins: nodeEnv !== "production" };
  const origins = raw.split(",").map((origin) => origin.trim()).filter((origin) => origin !== "");
  const invalid = origins.filter((origin) => !isOrigin(origin));
  if (invalid.length > 0) {
    problems.push(`CORS_ORIGINS must list exact origins such as "https://dashboard.example.org", comma-separated, with no path or wildcard (got ${invalid.map((origin) => `"${origin}"`).join(", ")})`);
  }
  return { origins, allowLocalOrigins: false };
}

/** A scheme (http or https), a host and perhaps a port, nothing else: what a browser sends as Origin. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

const MIB = 1024 * 1024;

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
  const maxTokenTtl = env.AUTH_MAX_TOKEN_TTL?.trim() || "24h";
  const maxTokenTtlSeconds = durationSeconds(maxTokenTtl);
  if (maxTokenTtlSeconds === undefined || maxTokenTtlSeconds < 60 || maxTokenTtlSeconds > 30 * 86_400) {
    problems.push(`AUTH_MAX_TOKEN_TTL must be a duration from 60s to 30d, e.g. "24h", "90m" or "3600" seconds (got "${maxTokenTtl}")`);
  }
  return {
    jwtSecret,
    jwksUrl,
    issuer: env.AUTH_ISSUER?.trim() || undefined,
    audience: env.AUTH_AUDIENCE?.trim() || undefined,
    maxTokenTtlSeconds: maxTokenTtlSeconds ?? 86_400,
  };
}

const DURATION_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "90", "90s", "15m", "24h", "7d" in seconds; undefined for anything else. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d{1,9})(s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNIT_SECONDS[(match[2] ?? "s") as keyof typeof DURATION_UNIT_SECONDS];
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === "") return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
  }
  return port;
}
