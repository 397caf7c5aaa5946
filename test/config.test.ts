import { ConfigError, parseConfig } from "../src/config";

describe("parseConfig", () => {
  it("defaults to PGlite in ./data on port 4000", () => {
    expect(parseConfig({})).toEqual({
      port: 4000,
      dataDir: "./data",
      databaseUrl: undefined,
      nodeEnv: "development",
      seed: true,
      auth: { jwtSecret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined },
      logLevel: "info",
      introspection: true,
      database: { poolMax: 10, statementTimeoutMs: 5000, acquireTimeoutMs: 2000, preparedStatements: true },
      limits: { maxDepth: 12, maxAliases: 30, maxCost: 25_000 },
      rateLimit: { capacity: 250_000, refillPerSecond: 25_000, redisUrl: undefined },
      compileFromUse: 2,
      requestTimeoutMs: 30_000,
      livenessStallMs: 60_000,
    });
  });

  it("turns introspection off in production unless asked, and reads the limits", () => {
    expect(parseConfig({ NODE_ENV: "production" }).introspection).toBe(false);
    expect(parseConfig({ NODE_ENV: "production", ALLOW_INTROSPECTION: "true" }).introspection).toBe(true);
    expect(
      parseConfig({ QUERY_MAX_COST: "1000", RATE_LIMIT_POINTS: "5000", REDIS_URL: "redis://127.0.0.1:6379", DB_POOL_MAX: "4" }),
    ).toMatchObject({
      limits: { maxCost: 1000 },
      rateLimit: { capacity: 5000, redisUrl: "redis://127.0.0.1:6379" },
      database: { poolMax: 4 },
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
        REQUEST_TIMEOUT_MS: "5000",
        LIVENESS_STALL_MS: "20000",
      }),
    ).toMatchObject({
      port: 8080,
      dataDir: "/var/lib/mp",
      databaseUrl: "postgres://u@db:5432/plan",
      nodeEnv: "production",
      seed: false,
      auth: {
        jwtSecret: undefined,
        jwksUrl: "https://idp.example/.well-known/jwks.json",
        issuer: "https://idp.example/",
        audience: "mobility-plan",
      },
      compileFromUse: 0,
      database: { preparedStatements: false },
      requestTimeoutMs: 5000,
      livenessStallMs: 20_000,
    });
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
        REQUEST_TIMEOUT_MS: "soon",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT must be an integer from 0 to 65535 (got "eighty")',
      'NODE_ENV must be one of development, production, test (got "prod")',
      'DATABASE_URL must be a PostgreSQL URL starting with "postgres://" or "postgresql://"',
      'SEED must be "true" or "false" (got "yes")',
      "AUTH_JWT_SECRET must be at least 32 characters long",
      "AUTH_JWKS_URL must be an http(s) URL",
      "Set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both",
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'DB_POOL_MAX must be an integer from 1 to 1000 (got "0")',
      'DB_PREPARED_STATEMENTS must be "true" or "false" (got "no")',
      'GRAPHQL_COMPILE_FROM_USE must be an integer from 0 to 1000000 (got "-1")',
      'REQUEST_TIMEOUT_MS must be an integer from 100 to 3600000 (got "soon")',
      "RATE_LIMIT_POINTS must be at least QUERY_MAX_COST, or 0 to turn rate limiting off",
    ]);
  });
});
