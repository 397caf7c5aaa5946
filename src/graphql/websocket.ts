import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import { WebSocketServer, type WebSocket } from "ws";
import type { Authenticate } from "../auth/tokens";
import type { Viewer } from "../auth/viewer";
import type { Database } from "../db/client";
import { BUSY_MESSAGE, type AdmissionTurns } from "../lib/admission";
import type { Logger } from "../logger";
import type { WebhooksInContext } from "../modules/webhooks/webhooks.dispatcher";
import type { EventFeed } from "../modules/events/events.feed";
import { createLoaders, type Context } from "./context";
import { AppError, formatError, isClientError } from "./errors";
import { checkOperationLimits, type OperationLimits } from "./limits";
import { chargeRateLimit, principalOf, type RateLimitStore } from "./rate-limit";

/**
 * GraphQL subscriptions over WebSocket at /graphql, with the graphql-ws protocol (Apollo
 * Server 5's documented wiring: graphql-ws's useServer on a `ws` server that shares the HTTP
 * server, closed by a drain plugin). The same rules as over HTTP:
 *   - the token goes in connection_init's payload ({ "authorization": "Bearer <token>" }) and
 *     is checked as the Authorization header is; a bad one closes the socket with 4401, and so
 *     does its expiry while the socket is open;
 *   - each subscription's document passes the same depth, alias, field and cost limits, and
 *     may be sent as a trusted document's id (required with TRUSTED_DOCUMENTS_ONLY=true);
 *   - starting one takes a turn of the process's admission control (held while its subscribe
 *     resolver reads, e.g. its filter's codes; refused with SERVICE_UNAVAILABLE after
 *     DB_ACQUIRE_TIMEOUT_MS) and is charged its cost to the principal's rate limit, as a query
 *     of the same cost is (RATE_LIMITED); its catch-up reads wait for turns too (EventFeed.inTurn);
 *   - at most `maxPerConnection` subscriptions per socket and `maxPerPrincipal` per principal
 *     (token subject, else client address) on this instance.
 * Queries and mutations stay on HTTP. On shutdown (drain) no new socket or subscription is
 * taken, the deliveries under way finish, and every socket is closed with 1001 (going away):
 * clients reconnect elsewhere and resume with their last cursor.
 */

export interface WebSocketOptions {
  schema: GraphQLSchema;
  db: Database;
  events: EventFeed;
  /** What every context carries for webhook mutations (a subscription makes none). */
  webhooks: WebhooksInContext;
  authenticate: Authenticate;
  limits: OperationLimits;
  /** The process's turns to use the database, shared with HTTP requests. */
  turns: AdmissionTurns;
  /** The rate limit queries are charged to; undefined when off. */
  rateLimits: RateLimitStore | undefined;
  onRateLimitStoreError: (error: unknown) => void;
  subscriptions: { maxPerConnection: number; maxPerPrincipal: number };
  /** The text of a subscribe payload's trusted document, or a refusal, as over HTTP (src/http/trusted-documents.ts). */
  resolveDocument?: (payload: { query: string; documentId?: unknown }) => string;
  production: boolean;
  logger: Logger;
}

export interface WebSockets {
  /** The HTTP server's "upgrade" listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stops taking sockets and subscriptions, lets deliveries under way finish, closes every socket with 1001. */
  drain(): Promise<void>;
  /** Subscriptions open on this instance, per principal (tests, metrics). */
  openSubscriptions(): number;
}

/** How long drain waits for deliveries under way before closing sockets anyway. */
const DRAIN_GRACE_MS = 5000;
/** Bytes a client message may have: a subscription document with its variables. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** setTimeout's longest delay; a token living longer is checked again then. */
const MAX_TIMER_MS = 2_147_483_647;

interface Connection {
  viewer: Viewer;
  principal: string;
  clientAddress: string;
  /** Ids of this socket's subscriptions that passed onSubscribe and have not completed. */
  active: Set<string>;
  /** Cancels the close at the token's expiry. */
  cancelExpiry: () => void;
  /** Admission turns held by subscriptions starting (until their subscribe resolver has run), by id. */
  starting: Map<string, () => void>;
}

export function webSockets(options: WebSocketOptions): WebSockets {
  const { schema, db, events, webhooks, authenticate, limits, turns, rateLimits, subscriptions: caps, logger } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new WeakMap<object, Connection>();
  const perPrincipal = new Map<string, number>();
  let draining = false;
  let drained: Promise<void> | undefined;

  const started = (connection: Connection, id: string) => {
    connection.starting.get(id)?.();
    connection.starting.delete(id);
  };
  const release = (connection: Connection, id: string) => {
    started(connection, id);
    if (!connection.active.delete(id)) return;
    const left = (perPrincipal.get(connection.principal) ?? 1) - 1;
    if (left > 0) perPrincipal.set(connection.principal, left);
    else perPrincipal.delete(connection.principal);
  };
  const formatted = (errors: readonly GraphQLError[]) =>
    errors.map((error) => {
      if (!isClientError(error)) logger.error({ err: error.originalError ?? error }, "internal error in a subscription");
      return formatError(error.toJSON(), error);
    });

  const cleanup = useServer<Record<string, unknown>, Record<string, never>>(
    {
      schema,
      isProd: options.production,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const header = authorizationOf(ctx.connectionParams);
        let viewer: Viewer;
        try {
          viewer = await authenticate(header);
        } catch (error) {
          closeUnauthorized(socket, error instanceof AppError ? error.message : "The token is invalid");
          return false;
        }
        const clientAddress = request.socket.remoteAddress ?? "unknown";
        const connection: Connection = {
          viewer,
          clientAddress,
          principal: principalOf(viewer, clientAddress),
          active: new Set(),
          starting: new Map(),
          cancelExpiry: viewer.kind === "user" && header ? closeAtExpiry(socket, header) : () => {},
        };
        connections.set(ctx, connection);
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const connection = connections.get(ctx)!;
        if (draining) return [new AppError("SERVICE_UNAVAILABLE", "The server is shutting down: reconnect and subscribe again")];
        if (connection.active.size >= caps.maxPerConnection) {
          return [limitExceeded(`At most ${caps.maxPerConnection} subscriptions may be open on one connection: complete one first`)];
        }
        if (caps.maxPerPrincipal > 0 && (perPrincipal.get(connection.principal) ?? 0) >= caps.maxPerPrincipal) {
          return [limitExceeded(`At most ${caps.maxPerPrincipal} subscriptions may be open per client on this server: complete one first`)];
        }
        let query: string;
        try {
          query = options.resolveDocument?.(payload) ?? payload.query;
        } catch (error) {
          if (error instanceof AppError) return [error];
          throw error;
        }
        let document: DocumentNode;
        try {
          // The same bound on tokens as over HTTP (Apollo's parseOptions.maxTokens).
          document = parse(query, { maxTokens: 5000 });
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new AppError("BAD_USER_INPUT", "Name the operation to run (operationName): the document has several, or none")];
        if (operation.operation !== "subscription") {
          return [new AppError("OPERATION_NOT_SUPPORTED", "Over WebSocket this API serves subscriptions; send queries and mutations over HTTP (POST /graphql)")];
        }
        let cost: number;
        try {
          cost = checkOperationLimits(schema, document, operation, payload.variables ?? {}, limits);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        // Its slots are taken before waiting, so that subscriptions started at once count each other.
        connection.active.add(id);
        perPrincipal.set(connection.principal, (perPrincipal.get(connection.principal) ?? 0) + 1);
        // As over HTTP: a turn first, then the charge; nothing is opened when either is refused.
        const turn = await turns.turn();
        if (!turn) {
          release(connection, id);
          return [new AppError("SERVICE_UNAVAILABLE", BUSY_MESSAGE, { retryAfterSeconds: 1 })];
        }
        connection.starting.set(id, turn);
        try {
          if (rateLimits) await chargeRateLimit(rateLimits, connection.principal, cost, options.onRateLimitStoreError);
        } catch (error) {
          release(connection, id);
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const context: Context = {
          db,
          requestId: randomUUID(),
          correlationId: undefined,
          viewer: connection.viewer,
          clientAddress: connection.clientAddress,
          idempotency: undefined,
          // A subscription has no deadline: it lasts as long as its socket.
          deadline: new AbortController().signal,
          loaders: createLoaders(db),
          events,
          webhooks,
        };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: context };
      },
      // The subscribe resolver has run (its stream is open, or it failed): its turn goes back.
      onOperation: (ctx, id) => {
        const connection = connections.get(ctx);
        if (connection) started(connection, id);
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatted(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatted(errors),
      onComplete: (ctx, id) => {
        const connection = connections.get(ctx);
        if (connection) release(connection, id);
      },
      onClose: (ctx) => {
        const connection = connections.get(ctx);
        if (!connection) return;
        connection.cancelExpiry();
        for (const id of [...connection.active]) release(connection, id);
      },
    },
    server,
  );

  return {
    upgrade(req, socket, head) {
      if (draining) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      server.handleUpgrade(req, socket, head, (ws) => server.emit("connection", ws, req));
    },
    drain() {
      drained ??= (async () => {
        draining = true;
        events.pause();
        for (const started = Date.now(); events.deliveriesInFlight > 0 && Date.now() - started < DRAIN_GRACE_MS; ) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Closes every socket with 1001 (going away), then the ws server.
        await cleanup.dispose();
      })();
      return drained;
    },
    openSubscriptions: () => [...perPrincipal.values()].reduce((sum, n) => sum + n, 0),
  };
}

/** connection_init's payload may carry the header as `authorization` or `Authorization`. */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : undefined;
}

const limitExceeded = (message: string) => new AppError("SUBSCRIPTION_LIMIT_EXCEEDED", message);

/** A close reason is at most 123 bytes (RFC 6455). */
function closeUnauthorized(socket: WebSocket, reason: string): void {
  socket.close(CloseCode.Unauthorized, Buffer.from(reason).subarray(0, 123).toString());
}

/**
 * Closes the socket with 4401 when its token expires (authenticate has checked it has an exp).
 * Gives the function that cancels it.
 */
function closeAtExpiry(socket: WebSocket, header: string): () => void {
  const { exp } = decodeJwt(header.trim().replace(/^Bearer\s+/i, ""));
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = exp! * 1000 - Date.now();
    if (left <= 0) return closeUnauthorized(socket, "The token has expired: reconnect with a fresh one and resume with your last cursor");
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  if (exp !== undefined) check();
  return () => clearTimeout(timer);
}
