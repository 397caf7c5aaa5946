import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import express, { type ErrorRequestHandler } from "express";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { createAuthenticator } from "./auth/tokens";
import type { Viewer } from "./auth/viewer";
import type { Config } from "./config";
import type { Database, Listen } from "./db/client";
import { watchDatabase } from "./db/health";
import { countStatements, statementsSoFar } from "./db/query-counter";
import { RoundTrips } from "./db/round-trips";
import { createLoaders, type Context } from "./graphql/context";
import { badUserInput, formatError, isClientError } from "./graphql/errors";
import { operationGuard } from "./graphql/operation-guard";
import { graphqlRoute, sendRequestError } from "./graphql/http";
import { admissionControl, admissionTurns } from "./lib/admission";
import { correlationIdOf } from "./lib/correlation-id";
import { methodNotAllowed, notFound, pathOf, sendError } from "./lib/http";
import { startDeadline } from "./lib/deadline";
import { chargeRateLimit, memoryRateLimitStore, principalOf, redisRateLimitStore, type RateLimitStore } from "./graphql/rate-limit";
import { getSchema } from "./graphql/schema";
import { refuseSubscriptionsOverHttp } from "./graphql/subscriptions";
import { webSockets, type WebSockets } from "./graphql/websocket";
import { compilingExecutor } from "./graphql/execution";
import { documentStore } from "./graphql/document-store";
import { metricsText, observeGarbageCollection } from "./lib/metrics";
import { createLogger, type Logger } from "./logger";
import { idempotentResponses, type IdempotentRequest } from "./modules/audit/idempotency";
import { EventFeed } from "./modules/events/events.feed";
import { WebhookDispatcher } from "./modules/webhooks/webhooks.dispatcher";
import { exportsRouter } from "./modules/exports/exports.routes";
import { corsPolicy } from "./http/cors";
import { HEADERS } from "./http/headers";
import { loadTrustedDocuments } from "./http/trusted-documents";
import { explorer, EXPLORER_ASSETS_PATH, wantsExplorer } from "./explorer/explorer";
import { scoreboardManifest } from "./web/manifest";
import { scoreboard, SCOREBOARD_ASSETS_PATH } from "./web/scoreboard";

export interface AppDependencies {
  db: Database;
  config: Pick<
    Config,
    | "nodeEnv"
    | "auth"
    | "introspection"
    | "limits"
    | "rateLimit"
    | "database"
    | "compileFromUse"
    | "http"
    | "caches"
    | "requestTimeoutMs"
    | "livenessStallMs"
    | "cors"
    | "explorer"
    | "scoreboard"
    | "trustedDocuments"
    | "events"
    | "webhooks"
    | "subscriptions"
  >;
  /** The database handle's LISTEN (DatabaseHandle.listen); without it the event feed polls alone. */
  listen?: Listen;
  /** The database handle's round trips (DatabaseHandle.roundTrips); without them liveness follows its probe alone. */
  roundTrips?: RoundTrips;
  logger?: Logger;
}

export interface App {
  /** The HTTP handler: hand it to `http.createServer`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** From now on /readyz answers 503 and new requests are refused; requests in flight finish. */
  drain(): void;
  /** This process's reader of the event outbox (src/modules/events). */
  events: EventFeed;
  /** The HTTP server's "upgrade" listener: GraphQL subscriptions over WebSocket at /graphql. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Subscriptions open on this instance. */
  openSubscriptions(): number;
  stop(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 1000;
/** How often liveness probes the database when nothing else has been answered that recently. */
const LIVENESS_PROBE_EVERY_MS = 5000;

/**
 * Rate-limit points a CSV export costs: about a page of 100 measures with their relations, or a
 * funding summary by two dimensions, as the cost model prices them (src/graphql/cost.ts).
 */
const EXPORT_COST = 30_000;

/** Builds the HTTP app and Apollo from a database; does not listen (tests reuse it on port 0). */
export async function createApp({ db, config, listen, roundTrips = new RoundTrips(), logger = createLogger("info") }: AppDependencies): Promise<App> {
  observeGarbageCollection();
  const production = config.nodeEnv === "production";
  // First: a manifest that cannot be read stops start-up before anything else is started.
  const { manifestPath, only } = config.trustedDocuments;
  // The scoreboard's own operations are trusted always, beside a deployment's manifest.
  const trustedDocuments =
    manifestPath === undefined && !config.scoreboard
      ? undefined
      : loadTrustedDocuments({ manifestPath, only, builtIn: config.scoreboard ? scoreboardManifest() : {} });
  const rateLimits = createRateLimitStore(config.rateLimit);
  const onRateLimitStoreError = (error: unknown) => logger.warn({ err: error }, "rate limit store unavailable; request allowed");
  let websockets: WebSockets | undefined;
  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    // Apollo's way to plug in an executor; see src/graphql/execution.ts.
    gateway: compilingExecutor(schema, config.compileFromUse, config.caches),
    documentStore: documentStore(config.caches.documents),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    // No "did you mean" hints in production: they map the schema for a stranger.
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (drain, then stop): Apollo's own signal handler would stop it first.
    stopOnTerminationSignals: false,
    // No automatic persisted queries: nothing uses them, and they add a cache to attack.
    persistedQueries: false,
    // A document of more tokens is refused while parsing (GRAPHQL_PARSE_FAILED, HTTP 400).
    parseOptions: { maxTokens: 5000 },
    plugins: [
      // The default landing page loads from a CDN, which offline users cannot reach.
      ApolloServerPluginLandingPageDisabled(),
      // The API sets no cache hints; the default plugin would still wrap every field resolver
      // (measured: ~40% of the CPU of a dashboard page, bench/RESULTS.md).
      ApolloServerPluginCacheControlDisabled(),
      refuseSubscriptionsOverHttp,
      // As Apollo's documentation wires graphql-ws: stop() closes the sockets first.
      { serverWillStart: async () => ({ drainServer: async () => websockets?.drain() }) },
      operationGuard({
        limits: config.limits,
        rateLimits,
        maxConcurrentPerPrincipal: config.rateLimit.maxConcurrentPerPrincipal,
        onRateLimitStoreError,
      }),
      internalErrorLog(logger),
      idempotentResponses(db, logger),
      ...(production ? [] : [statementCountHeader]),
    ],
    formatError,
  });
  await apollo.start();
  // Turns to use the database, for HTTP requests and subscriptions alike.
  const turns = admissionTurns(config.database.poolMax, config.database.acquireTimeoutMs);
  const events = new EventFeed(db, { listen, ...config.events, turns, logger });
  await events.start();
  const webhookAddresses = { httpAllowed: config.nodeEnv === "development", allowPrivate: config.webhooks.allowPrivate };
  const webhooks = new WebhookDispatcher(db, events, { ...config.webhooks, ...webhookAddresses, retentionDays: config.events.retentionDays, logger });
  webhooks.start();
  const webhooksInContext = { addresses: webhookAddresses, wake: () => webhooks.endpointsChanged() };

  let draining = false;
  const health = watchDatabase(db, roundTrips, {
    stallMs: config.livenessStallMs,
    probeEveryMs: Math.min(LIVENESS_PROBE_EVERY_MS, config.livenessStallMs / 2),
  });
  // Each request's deadline, from its arrival (see src/lib/deadline.ts).
  const deadlines = new WeakMap<IncomingMessage, AbortSignal>();
  const startRequestDeadline = (req: IncomingMessage, res: ServerResponse) => {
    const deadline = startDeadline(config.requestTimeoutMs);
    res.once("close", deadline.clear);
    deadlines.set(req, deadline.signal);
    return deadline;
  };
  const authenticate = createAuthenticator(config.auth);
  websockets = webSockets({
    schema,
    db,
    events,
    webhooks: webhooksInContext,
    authenticate,
    limits: config.limits,
    turns,
    rateLimits,
    onRateLimitStoreError,
    subscriptions: config.subscriptions,
    resolveDocument: trustedDocuments?.resolveSubscription,
    production,
    logger,
  });
  const admission = admissionControl(turns);
  const startRequest = requestLog(logger, () => draining);
  // Answers preflights itself (true); adds the CORS headers of an allowed origin otherwise.
  const cors = corsPolicy(config.cors);
  const routes = express();
  routes.disable("x-powered-by");
  routes.use((req, res, next) => {
    const requestId = startRequest(req, res);
    if (requestId === undefined) return;
    res.locals.requestId = requestId;
    const deadline = startRequestDeadline(req, res);
    res.locals.deadline = deadline.signal;
    res.locals.renewDeadline = deadline.renew;
    next();
  });

  // Liveness: fails once the database has answered no round trip for LIVENESS_STALL_MS while
  // some were wanted, so that an orchestrator restarts a process whose connections are stuck.
  routes.get("/healthz", (_req, res) => {
    const alive = health.alive();
    res.status(alive ? 200 : 503).json({ status: alive ? "ok" : "database stalled" });
  });
  routes.get("/metrics", (_req, res) => {
    res.type("text/plain; version=0.0.4").send(
      metricsText([
        { name: "webhook_looks_total", help: "Times the webhook dispatcher looked for endpoints with work (one statement each)", type: "counter", value: () => webhooks.looks },
        { name: "event_feed_reads_total", help: "Times the event feed read the table for new events (one statement each)", type: "counter", value: () => events.reads },
      ]),
    );
  });
  // Readiness: a statement through the shared pool is answered now, and the process is alive.
  routes.get("/readyz", async (_req, res) => {
    const ready = !draining && health.alive() && (await health.answersWithin(READINESS_TIMEOUT_MS));
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : draining ? "draining" : "database unavailable" });
  });
  // CSV downloads, on their own routes: Apollo's CSRF prevention refuses plain GETs.
  // An export is charged as a full page of a list with its relations (never more than the
  // costliest query allowed), and waits for a turn like a query: a flood of downloads is
  // throttled like a flood of queries.
  const exportCost = Math.min(EXPORT_COST, config.limits.maxCost);
  const chargeExport = async (viewer: Viewer, clientAddress: string) => {
    if (rateLimits) await chargeRateLimit(rateLimits, principalOf(viewer, clientAddress), exportCost, onRateLimitStoreError);
  };
  routes.all(["/healthz", "/readyz"], methodNotAllowed("GET, HEAD"));
  const explorerPages = config.explorer ? explorer() : undefined;
  if (explorerPages) routes.get(`${EXPLORER_ASSETS_PATH}/:file`, (req, res, next) => explorerPages.asset(req, res, req.params.file) || next());
  const scoreboardPages = config.scoreboard ? scoreboard() : undefined;
  if (scoreboardPages) {
    routes.get("/", (req, res) => scoreboardPages.page(req, res));
    routes.get(`${SCOREBOARD_ASSETS_PATH}/:file`, (req, res, next) => scoreboardPages.asset(req, res, req.params.file) || next());
  }
  routes.use("/exports", (req, res, next) => cors(req, res) || next(), admission, exportsRouter({ db, authenticate, log: (entry) => logger.error(entry), chargeExport }));
  routes.use(notFound);
  routes.use(((error, _req, res, next) => {
    if (res.headersSent) return next(error);
    sendRequestError(res, error, logger);
  }) satisfies ErrorRequestHandler);

  const graphql = graphqlRoute(apollo, {
    admission,
    resolveDocument: trustedDocuments?.resolveRequest,
    bodyTimeoutMs: config.http.bodyTimeoutMs,
    logger,
    // Counting rides on AsyncLocalStorage, which costs ~25% CPU per request: tests and the
    // benchmark's checks need it, production does not. It wraps the answer, once the body is
    // read: the statements are sent there, and the body's events come from outside it.
    runAnswer: production ? undefined : countStatements,
    context: async (req, requestId) => ({
      db,
      requestId,
      correlationId: correlationIdOf(req.headers),
      viewer: await authenticate(headerOf(req, "authorization")),
      clientAddress: req.socket.remoteAddress ?? "unknown",
      idempotency: idempotentRequestOf(headerOf(req, HEADERS.idempotencyKey)),
      // Set by the handler below, on the request's arrival.
      deadline: deadlines.get(req)!,
      loaders: createLoaders(db),
      webhooks: webhooksInContext,
      events,
    }),
  });
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!isGraphqlPath(pathOf(req))) return routes(req, res);
    const requestId = startRequest(req, res);
    if (requestId === undefined || cors(req, res)) return;
    if (explorerPages && wantsExplorer(req)) return explorerPages.page(req, res);
    startRequestDeadline(req, res);
    graphql(req, res, requestId);
  };

  const sockets = websockets;
  return {
    handler,
    events,
    upgrade: (req, socket, head) => {
      if (isGraphqlPath(pathOf(req))) return sockets.upgrade(req, socket, head);
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    },
    openSubscriptions: () => sockets.openSubscriptions(),
    drain: () => {
      draining = true;
      // Subscriptions end now, with 1001 after the deliveries under way: the HTTP server's
      // close waits for upgraded sockets too.
      void sockets.drain();
    },
    stop: async () => {
      // Attempts in flight finish (bounded by WEBHOOK_TIMEOUT_MS) before the feed stops.
      await webhooks.stop();
      health.stop();
      // Closes the sockets (drainServer) before the feed ends their streams.
      await apollo.stop();
      await events.stop();
      await rateLimits?.close();
    },
  };
}

function createRateLimitStore(settings: Config["rateLimit"]): RateLimitStore | undefined {
  if (settings.capacity === 0) return undefined;
  return settings.redisUrl ? redisRateLimitStore(settings.redisUrl, settings) : memoryRateLimitStore(settings);
}

/** Keys are the client's own opaque strings; bound their size, refuse what cannot be one. */
function idempotentRequestOf(header: string | undefined): IdempotentRequest | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw badUserInput("The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID", {
      http: { status: 400 },
    });
  }
  return { key: header };
}

/** Outside production every response says how many SQL statements it took (tests and the benchmark read it). */
const statementCountHeader: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set(HEADERS.sqlStatements, String(statementsSoFar()));
      },
    };
  },
};

/** Errors that are not the client's are logged with the request id; the client sees them masked. */
function internalErrorLog(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isClientError(error)) logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, "internal error");
          }
        },
      };
    },
  };
}

/**
 * One log line per request, with its id (also returned in x-request-id) and the client's
 * correlation id if it sent a valid one (echoed in x-correlation-id); never its headers. The
 * request id is always the server's own, never the client's. Gives the request's id, or
 * answers 503 itself while the server drains and gives nothing.
 */
function requestLog(logger: Logger, draining: () => boolean) {
  // Its lines have fixed fields, none of them secret: the logger's redaction, which walks each
  // line for secrets (~8 µs of the ~13 µs a line costs, 1-2% of a small query), is left out.
  const accessLog = logger.child({}, { redact: [] });
  return (req: IncomingMessage, res: ServerResponse): string | undefined => {
    const requestId = randomUUID();
    const correlationId = correlationIdOf(req.headers);
    const started = process.hrtime.bigint();
    const path = pathOf(req);
    res.setHeader(HEADERS.requestId, requestId);
    if (correlationId) res.setHeader(HEADERS.correlationId, correlationId);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      accessLog.info({ requestId, correlationId, method: req.method, path, status: res.statusCode, ms }, "request");
    });
    if (draining() && path !== "/readyz" && path !== "/healthz") {
      // Requests arriving on kept-alive connections while shutting down: refused, and told to reconnect.
      res.setHeader("connection", "close");
      sendError(res, 503, "The server is shutting down; retry", "SERVICE_UNAVAILABLE");
      return undefined;
    }
    return requestId;
  };
}

/** A request header's value; one sent twice counts as not sent. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** What express mounted Apollo on: /graphql and below, in any letter case. */
const isGraphqlPath = (path: string) => /^\/graphql(\/|$)/i.test(path);
