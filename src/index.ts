import "reflect-metadata";
import { createServer } from "node:http";
import { createApp } from "./app";
import { resolveAuthConfig } from "./auth/local-secret";
import { ConfigError, parseConfig } from "./config";
import { isPostgresJsOrphanedRejection, isPostgresJsWriteAfterClose, openPglite, openPostgres, type DatabaseHandle } from "./db/client";
import { DataDirectoryInUseError } from "./db/pglite-lock";
import { prepareDatabase } from "./db/prepare";
import { createLogger, type Logger } from "./logger";

/** How long requests in flight may take to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Start-up: configuration, database (migrated, seeded if empty), HTTP server, clean shutdown. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = config.databaseUrl
    ? openPostgres(config.databaseUrl, { ...config.database, idleInTransactionTimeoutMs: config.requestTimeoutMs })
    : openPglite(config.dataDir);
  survivePostgresJsWriteAfterClose(database, logger);
  await prepareDatabase(database, { databaseUrl: config.databaseUrl, seed: config.seed });

  const auth = resolveAuthConfig(config);
  if (!auth.jwtSecret && !auth.jwksUrl) {
    logger.warn("No AUTH_JWT_SECRET or AUTH_JWKS_URL: the API is read-only, for anonymous clients");
  }
  const app = await createApp({ db: database.db, roundTrips: database.roundTrips, config: { ...config, auth }, logger });
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

/**
 * When PostgreSQL goes away in the middle of transactions, postgres.js 3.4 throws a TypeError
 * from a timer (see isPostgresJsWriteAfterClose) that would end the process: seen in 5 of 6
 * runs of test/faults/postgres-kill.fault.ts. That one error is logged and the poisoned pool
 * replaced; the request it belonged to has already failed with SERVICE_UNAVAILABLE. So is a lost
 * connection's rejection that postgres.js leaves unhandled (isPostgresJsOrphanedRejection). Any other
 * uncaught exception (or unhandled rejection) still ends the process, as Node's default does.
 */
function survivePostgresJsWriteAfterClose(database: DatabaseHandle, logger: Logger): void {
  process.on("uncaughtException", (error, origin) => {
    if (database.replacePool && isPostgresJsWriteAfterClose(error)) {
      logger.error({ err: error }, "postgres.js wrote to a closed connection (porsager/postgres#1208); replacing the connection pool");
      database.replacePool();
      return;
    }
    if (origin === "unhandledRejection" && isPostgresJsOrphanedRejection(error)) {
      logger.warn({ err: error }, "postgres.js left a failed connection's rejection unhandled; ignored, the pool reconnects");
      return;
    }
    logger.fatal({ err: error, origin }, "uncaught exception");
    console.error(error);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  // Problems an operator fixes (configuration, a data directory in use) get their message alone.
  console.error(error instanceof ConfigError || error instanceof DataDirectoryInUseError ? error.message : error);
  process.exit(1);
});
