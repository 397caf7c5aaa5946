import "reflect-metadata";
import { createServer } from "node:http";
import { createApp } from "./app";
import { resolveAuthConfig } from "./auth/local-secret";
import { ConfigError, parseConfig } from "./config";
import { openPglite, openPostgres } from "./db/client";
import { prepareDatabase } from "./db/prepare";

/** Start-up: configuration, database (migrated, seeded if empty), HTTP server, clean shutdown. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const database = config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
  await prepareDatabase(database, { databaseUrl: config.databaseUrl, seed: config.seed });

  const auth = resolveAuthConfig(config);
  if (!auth.jwtSecret && !auth.jwksUrl) {
    console.warn("No AUTH_JWT_SECRET or AUTH_JWKS_URL: the API is read-only, for anonymous clients");
  }
  const app = await createApp({ db: database.db, config: { ...config, auth } });
  // Outlive the idle timeout of proxies and clients, so neither reuses a socket being closed.
  const server = createServer({ keepAliveTimeout: 65_000 }, app.handler);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`mobility-plan serving http://localhost:${port}/graphql on ${database.description}`);

  const shutdown = async (signal: string) => {
    console.log(`${signal} received: finishing requests in flight, then stopping`);
    server.close();
    await app.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
