import { ConfigError, parseConfig } from "../src/config";

describe("parseConfig", () => {
  it("defaults to PGlite in ./data on port 4000", () => {
    expect(parseConfig({})).toEqual({
      port: 4000,
      dataDir: "./data",
      databaseUrl: undefined,
      databaseMigrationUrl: undefined,
      nodeEnv: "development",
      seed: true,
      seedDemo: false,
      auth: { jwtSecret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined, maxTokenTtlSeconds: 86_400 },
      logLevel: "info",
      introspection: true,
      database: { poolMax: 10, statementTimeoutMs: 5000, acquireTimeoutMs: 2000, preparedStatements: true },
      limits: { maxDepth: 12, maxAliases: 30, maxFields: 1000, maxCost: 100_000 },
      rateLimit: { capacity: 1_000_000, refillPerSecond: 100_000, redisUrl: undefined, maxConcurrentPerPrincipal: 5 },
      compileFromUse: 2,
      http: { headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, maxConnectionsPerAddress: 100 },
      caches: {
        documents: { maxEntries: 1000, maxBytes: 32 * 1024 * 1024 },
        compiledQueries: { maxEntries: 200, maxBytes: 32 * 1024 * 1024 },
      },
      requestTimeoutMs: 30_000,
      livenessStallMs: 60_000,
      explorer: true,
      scoreboard: true,
      cors: { origins: [], allowLocalOrigins: true },
      trustedDocuments: { manifestPath: undefined, only: false },
      events: { retentionDays: 30, pollIntervalMs: 5000 },
      webhooks: { allowPrivate: false, retryBaseMs: 5000, retryForMs: 86_400_000, timeoutMs: 10_000 },
      subscriptions: { maxPerConnection: 20, maxPerPrincipal: 100 },
    });
  });

  it("turns introspection off in production unless asked, and reads the limits", () => {
    expect(parseConfig({ NODE_ENV: "production" }).introspection).toBe(false);
    expect(parseConfig({ NODE_ENV: "production", ALLOW_INTROSPECTION: "true" }).introspection).toBe(true);
    expect(
      parseConfig({ QUERY_MAX_COST: "1000", RATE_LIMIT_POINTS: "5000", REDIS_URL: "redis://127.0.0.1:6379", DB_POOL_MAX: "4" }),
    ).toMatchObject({
      limits: { maxCost: 1000 },
      // Half the pool unless set.
      rateLimit: { capacity: 5000, redisUrl: "redis://127.0.0.1:6379", maxConcurrentPerPrincipal: 2 },
      database: { poolMax: 4 },
    });
    expect(parseConfig({ QUERY_MAX_FIELDS: "200", MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0" })).toMatchObject({
      limits: { maxFields: 200 },
      rateLimit: { maxConcurrentPerPrincipal: 0 },
    });
  });

  it("reads every variable", () => {
    expect(
      parseConfig({
        PORT: "8080",
        DATA_DIR: "/var/lib/mp",
        DATABASE_URL: "postgres://u@db:5432/plan",
        NODE_ENV: "production",
        SEED: "false",
        AUTH_JWKS_URL: "https://idp.example/.well-known/jwks.json",
        AUTH_ISSUER: "https://idp.example/",
        AUTH_AUDIENCE: "mobility-plan",
        GRAPHQL_COMPILE_FROM_USE: "0",
        DB_PREPARED_STATEMENTS: "false",
        HEADERS_TIMEOUT_MS: "5000",
        BODY_TIMEOUT_MS: "30000",
        MAX_CONNECTIONS_PER_ADDRESS: "0",
        GRAPHQL_DOCUMENT_CACHE_SIZE: "500",
        GRAPHQL_DOCUMENT_CACHE_MB: "8",
        GRAPHQL_COMPILED_CACHE_SIZE: "50",
        GRAPHQL_COMPILED_CACHE_MB: "4",
        REQUEST_TIMEOUT_MS: "5000",
        LIVENESS_STALL_MS: "20000",
        EVENT_RETENTION_DAYS: "7",
        EVENT_POLL_INTERVAL_MS: "1000",
        SUBSCRIPTIONS_MAX_PER_CONNECTION: "5",
        SUBSCRIPTIONS_MAX_PER_PRINCIPAL: "0",
      }),
    ).toMatchObject({
      port: 8080,
      dataDir: "/var/lib/mp",
      databaseUrl: "postgres://u@db:5432/plan",
      nodeEnv: "production",
      seed: false,
      seedDemo: false,
      auth: {
        jwtSecret: undefined,
        jwksUrl: "https://idp.example/.well-known/jwks.json",
        issuer: "https://idp.example/",
        audience: "mobility-plan",
      },
      compileFromUse: 0,
      database: { preparedStatements: false },
      http: { headersTimeoutMs: 5000, bodyTimeoutMs: 30_000, maxConnectionsPerAddress: 0 },
      caches: {
        documents: { maxEntries: 500, maxBytes: 8 * 1024 * 1024 },
        compiledQueries: { maxEntries: 50, maxBytes: 4 * 1024 * 1024 },
      },
      requestTimeoutMs: 5000,
      livenessStallMs: 20_000,
      events: { retentionDays: 7, pollIntervalMs: 1000 },
      subscriptions: { maxPerConnection: 5, maxPerPrincipal: 0 },
    });
  });

  it("serves the explorer outside production unless EXPLORER=false; allows local origins outside production unless CORS_ORIGINS lists the origins, and refuses what is not an origin", () => {
    expect(parseConfig({ NODE_ENV: "production" }).cors).toEqual({ origins: [], allowLocalOrigins: false });
    expect(parseConfig({ NODE_ENV: "production" }).explorer).toBe(false);
    expect(parseConfig({ NODE_ENV: "production", EXPLORER: "true" }).explorer).toBe(true);
    expect(parseConfig({ EXPLORER: "false" }).explorer).toBe(false);
    expect(() => parseConfig({ EXPLORER: "yes" })).toThrow('EXPLORER must be "true" or "false" (got "yes")');
    expect(parseConfig({ CORS_ORIGINS: " https://dash.example.org, http://localhost:3000 ,," }).cors).toEqual({
      origins: ["https://dash.example.org", "http://localhost:3000"],
      allowLocalOrigins: false,
    });
    expect(parseConfig({ CORS_ORIGINS: "" }).cors).toEqual({ origins: [], allowLocalOrigins: false });
    expect(() => parseConfig({ CORS_ORIGINS: "https://ok.example, *, https://dash.example.org/, ftp://x.example, https://a.example/app" })).toThrow(
      'CORS_ORIGINS must list exact origins such as "https://dashboard.example.org", comma-separated, with no path or wildcard (got "*", "https://dash.example.org/", "ftp://x.example", "https://a.example/app")',
    );
  });

  it("serves the scoreboard at / unless SCOREBOARD=false, in production too", () => {
    expect(parseConfig({}).scoreboard).toBe(true);
    expect(parseConfig({ NODE_ENV: "production" }).scoreboard).toBe(true);
    expect(parseConfig({ SCOREBOARD: "true" }).scoreboard).toBe(true);
    expect(parseConfig({ SCOREBOARD: "false" }).scoreboard).toBe(false);
    expect(() => parseConfig({ SCOREBOARD: "off" })).toThrow('SCOREBOARD must be "true" or "false" (got "off")');
  });

  it("reads the webhooks' settings: private addresses refused unless WEBHOOKS_ALLOW_PRIVATE=true, retries for 24 hours from 5 s, 10 s per attempt", () => {
    expect(parseConfig({}).webhooks).toEqual({ allowPrivate: false, retryBaseMs: 5000, retryForMs: 86_400_000, timeoutMs: 10_000 });
    expect(
      parseConfig({ WEBHOOKS_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_MS: "20", WEBHOOK_RETRY_FOR_MS: "60000", WEBHOOK_TIMEOUT_MS: "2000" }).webhooks,
    ).toEqual({ allowPrivate: true, retryBaseMs: 20, retryForMs: 60_000, timeoutMs: 2000 });
    let caught: unknown;
    try {
      parseConfig({ WEBHOOKS_ALLOW_PRIVATE: "yes", WEBHOOK_RETRY_BASE_MS: "0", WEBHOOK_RETRY_FOR_MS: "10", WEBHOOK_TIMEOUT_MS: "600000" });
    } catch (error) {
      caught = error;
    }
    expect((caught as ConfigError).problems).toEqual([
      'WEBHOOKS_ALLOW_PRIVATE must be "true" or "false" (got "yes")',
      'WEBHOOK_RETRY_BASE_MS must be an integer from 1 to 3600000 (got "0")',
      'WEBHOOK_RETRY_FOR_MS must be an integer from 1000 to 2592000000 (got "10")',
      'WEBHOOK_TIMEOUT_MS must be an integer from 100 to 60000 (got "600000")',
    ]);
  });

  it("reads the trusted documents' manifest, and refuses TRUSTED_DOCUMENTS_ONLY with neither one nor the scoreboard's documents", () => {
    expect(parseConfig({ TRUSTED_DOCUMENTS: "/etc/mp/documents.json", TRUSTED_DOCUMENTS_ONLY: "true" }).trustedDocuments).toEqual({
      manifestPath: "/etc/mp/documents.json",
      only: true,
    });
    // The scoreboard's own queries are trusted documents: alone, they are the list.
    expect(parseConfig({ TRUSTED_DOCUMENTS_ONLY: "true" }).trustedDocuments).toEqual({ manifestPath: undefined, only: true });
    expect(() => parseConfig({ TRUSTED_DOCUMENTS_ONLY: "true", SCOREBOARD: "false" })).toThrow("TRUSTED_DOCUMENTS_ONLY=true needs TRUSTED_DOCUMENTS, the path of the manifest");
    expect(() => parseConfig({ TRUSTED_DOCUMENTS: "x.json", TRUSTED_DOCUMENTS_ONLY: "yes" })).toThrow('TRUSTED_DOCUMENTS_ONLY must be "true" or "false" (got "yes")');
  });

  it("SEED=demo seeds the brief and the demonstration data", () => {
    expect(parseConfig({ SEED: "demo" })).toMatchObject({ seed: true, seedDemo: true });
    expect(parseConfig({ SEED: "true" })).toMatchObject({ seed: true, seedDemo: false });
  });

  it("reports every problem at once", () => {
    let caught: unknown;
    try {
      parseConfig({
        PORT: "eighty",
        NODE_ENV: "prod",
        DATABASE_URL: "mysql://x",
        SEED: "yes",
        AUTH_JWT_SECRET: "short",
        AUTH_JWKS_URL: "file:///keys",
        LOG_LEVEL: "loud",
        DB_POOL_MAX: "0",
        RATE_LIMIT_POINTS: "10",
        GRAPHQL_COMPILE_FROM_USE: "-1",
        DB_PREPARED_STATEMENTS: "no",
        BODY_TIMEOUT_MS: "forever",
        QUERY_MAX_FIELDS: "0",
        MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "many",
        REQUEST_TIMEOUT_MS: "soon",
        EVENT_RETENTION_DAYS: "0",
        SUBSCRIPTIONS_MAX_PER_CONNECTION: "0",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT must be an integer from 0 to 65535 (got "eighty")',
      'NODE_ENV must be one of development, production, test (got "prod")',
      'DATABASE_URL must be a PostgreSQL URL starting with "postgres://" or "postgresql://"',
      'SEED must be "true", "false" or "demo" (got "yes")',
      "AUTH_JWT_SECRET must be at least 32 characters long",
      "AUTH_JWKS_URL must be an http(s) URL",
      "Set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both",
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'DB_POOL_MAX must be an integer from 1 to 1000 (got "0")',
      'DB_PREPARED_STATEMENTS must be "true" or "false" (got "no")',
      'QUERY_MAX_FIELDS must be an integer from 1 to 100000 (got "0")',
      'MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL must be an integer from 0 to 1000 (got "many")',
      'GRAPHQL_COMPILE_FROM_USE must be an integer from 0 to 1000000 (got "-1")',
      'BODY_TIMEOUT_MS must be an integer from 100 to 600000 (got "forever")',
      'REQUEST_TIMEOUT_MS must be an integer from 100 to 3600000 (got "soon")',
      'EVENT_RETENTION_DAYS must be an integer from 1 to 3650 (got "0")',
      'SUBSCRIPTIONS_MAX_PER_CONNECTION must be an integer from 1 to 1000 (got "0")',
      "RATE_LIMIT_POINTS must be at least QUERY_MAX_COST, or 0 to turn rate limiting off",
    ]);
  });

  it("reads the longest token lifetime as a duration, and refuses one that is not", () => {
    expect(parseConfig({ AUTH_MAX_TOKEN_TTL: "90m" }).auth.maxTokenTtlSeconds).toBe(5400);
    expect(parseConfig({ AUTH_MAX_TOKEN_TTL: "3600" }).auth.maxTokenTtlSeconds).toBe(3600);
    expect(parseConfig({ AUTH_MAX_TOKEN_TTL: "7d" }).auth.maxTokenTtlSeconds).toBe(604_800);
    for (const value of ["forever", "0", "30s", "31d", "1.5h"]) {
      expect(() => parseConfig({ AUTH_MAX_TOKEN_TTL: value })).toThrow(`AUTH_MAX_TOKEN_TTL must be a duration from 60s to 30d`);
    }
  });

  it("reads a migration URL that goes with DATABASE_URL", () => {
    expect(
      parseConfig({ DATABASE_URL: "postgres://plan_api@db/plan", DATABASE_MIGRATION_URL: "postgres://plan_owner@db/plan" }).databaseMigrationUrl,
    ).toBe("postgres://plan_owner@db/plan");
    for (const env of [{ DATABASE_MIGRATION_URL: "postgres://plan_owner@db/plan" }, { DATABASE_URL: "postgres://a@db/plan", DATABASE_MIGRATION_URL: "mysql://x" }]) {
      expect(() => parseConfig(env)).toThrow("DATABASE_MIGRATION_URL must be a PostgreSQL URL, and goes with DATABASE_URL");
    }
  });
});
