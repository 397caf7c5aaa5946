import "reflect-metadata";
import type { RequestListener, Server } from "node:http";
import { createApp, type App } from "./app";
import { resolveAuthConfig } from "./auth/local-secret";
import { parseConfig, type Config } from "./config";
import { isPostgresJsOrphanedRejection, isPostgresJsWriteAfterClose, openPglite, openPostgres, type DatabaseHandle } from "./db/client";
import { createPgliteDirectory, isNewPgliteDirectory, prepareDatabase } from "./db/prepare";
import { createHttpServer } from "./http-server";
import { sendError } from "./lib/http";
import { createLogger, type Logger } from "./logger";
import { StartupError, startupProblem } from "./startup-problems";

/** How long requests in flight may take to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Start-up: configuration, port, database (migrated, seeded if empty), HTTP server, clean shutdown. */
async function main(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  // The port is taken before any other work, so that a port in use is reported at once, before
  // a data directory is created, locked and seeded. Until the API is ready it answers 503.
  let handler: RequestListener = answerStarting;
  const server = createHttpServer((req, res) => handler(req, res), config.http, logger);
  // WebSocket upgrades (subscriptions): refused until the API is ready.
  let upgrade: App["upgrade"] = (_req, socket) => socket.end("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
  server.on("upgrade", (req, socket, head) => upgrade(req, socket, head));
  const port = await listen(server, config.port);

  let database: DatabaseHandle | undefined;
  let app: App;
  try {
    // A new embedded database is created apart, so that the server does not keep what creating it took.
    if (!config.databaseUrl && isNewPgliteDirectory(config.dataDir)) await createPgliteDirectory(config.dataDir, config.seed);
    database = config.databaseUrl
      ? openPostgres(config.databaseUrl, { ...config.database, idleInTransactionTimeoutMs: config.requestTimeoutMs })
      : openPglite(config.dataDir);
    survivePostgresJsWriteAfterClose(database, logger);
    await prepareDatabase(database, { databaseUrl: config.databaseMigrationUrl ?? config.databaseUrl, seed: config.seed, demo: config.seedDemo });
    const auth = resolveAuthConfig(config);
    if (!auth.jwtSecret && !auth.jwksUrl) {
      logger.warn("No AUTH_JWT_SECRET or AUTH_JWKS_URL: the API is read-only, for anonymous clients");
    }
    app = await createApp({ db: database.db, roundTrips: database.roundTrips, listen: database.listen, config: { ...config, auth }, logger });
  } catch (error) {
    // Nothing is left behind: the data directory's lock is released, the port freed.
    server.close();
    await database?.close().catch(() => {});
    throw error;
  }
  handler = app.handler;
  upgrade = app.upgrade;
  const openedDatabase = database;
  const url = `http://localhost:${port}/graphql`;
  logger.info({ port, url, database: openedDatabase.description }, "listening");
  // For the person who ran `npm start`, whatever LOG_LEVEL says; stdout keeps to JSON lines.
  process.stderr.write(`mobility-plan serving ${url} on ${openedDatabase.description}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    // Also closes subscriptions' sockets with 1001, once the deliveries under way are sent.
    app.drain();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await app.stop();
    await openedDatabase.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

/** Binds the port, or fails with StartupError when it cannot (in use, or not allowed). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new StartupError(`Port ${port} is already in use (another server?): stop it, or set PORT to a free port`));
      else if (error.code === "EACCES") reject(new StartupError(`Port ${port} may not be opened by this user: set PORT to a port above 1023`));
      else reject(error);
    });
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** What every request gets while the database is being opened, migrated and seeded. */
const answerStarting: RequestListener = (_req, res) => {
  res.setHeader("retry-after", "1");
  sendError(res, 503, "The server is starting; retry shortly", "SERVICE_UNAVAILABLE");
};

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

let databaseUrl: string | undefined;
try {
  const config = parseConfig(process.env);
  databaseUrl = config.databaseUrl;
  main(config).catch(failedToStart);
} catch (error) {
  failedToStart(error);
}

function failedToStart(error: unknown): void {
  // Problems an operator fixes get one line saying what to do; anything else its stack.
  console.error(startupProblem(error, databaseUrl) ?? error);
  process.exit(1);
}
