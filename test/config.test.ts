import { ConfigError, parseConfig } from "../src/config";

describe("parseConfig", () => {
  it("defaults to PGlite in ./data on port 4000", () => {
    expect(parseConfig({})).toEqual({
      port: 4000,
      dataDir: "./data",
      databaseUrl: undefined,
      nodeEnv: "development",
      seed: true,
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
      }),
    ).toEqual({
      port: 8080,
      dataDir: "/var/lib/mp",
      databaseUrl: "postgres://u@db:5432/plan",
      nodeEnv: "production",
      seed: false,
    });
  });

  it("reports every problem at once", () => {
    let caught: unknown;
    try {
      parseConfig({ PORT: "eighty", NODE_ENV: "prod", DATABASE_URL: "mysql://x", SEED: "yes" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT must be an integer from 0 to 65535 (got "eighty")',
      'NODE_ENV must be one of development, production, test (got "prod")',
      'DATABASE_URL must be a PostgreSQL URL starting with "postgres://" or "postgresql://"',
      'SEED must be "true" or "false" (got "yes")',
    ]);
  });
});
