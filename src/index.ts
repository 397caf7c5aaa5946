import "reflect-metadata";
import { createServer } from "node:http";
import { createApp } from "./app";
import { resolveAuthConfig } from "./auth/local-secret";
import { ConfigError, parseConfig } from "./config";
import { openPglite, openPostgres } from "./db/client";
import { prepareDatabase } from "./db/prepare";
import { createLogger } from "./logger";

/** How long requests in flight may take to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Start-up: configuration, database (migrated, seeded if empty), HTTP server, clean shutdown. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = config.databaseUrl ? openPostgres(config.databaseUrl, config.database) : openPglite(config.dataDir);
  await prepareDatabase(database, { databaseUrl: config.databaseUrl, seed: config.seed });

  const auth = resolveAuthConfig(config);
  if (!auth.jwtSecret && !auth.jwksUrl) {
    logger.warn("No AUTH_JWT_SECRET or AUTH_JWKS_URL: the API is read-only, for anonymous clients");
  }
  const app = await createApp({ db: database.db, config: { ...config, auth }, logger });
  // Outlive the idle timeout of proxies and clients, so neither reuses a socket being closed.
  const server = createServer({ keepAliveTimeout: 65_000 }, app.handler);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info({ port, database: database.description }, "listening");
  console.log(`mobility-plan serving http://localhost:${port}/graphql on ${database.description}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    app.drain();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await app.stop();
    await database.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
