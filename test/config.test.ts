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
      }),
    ).toEqual({
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
    ]);
  });
});
