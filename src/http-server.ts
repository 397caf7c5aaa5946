import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { HttpConfig } from "./config";
import { capConnectionsPerAddress } from "./lib/connection-cap";
import type { Logger } from "./logger";

/**
 * The HTTP server in front of the app, as production and the tests run it: what a slow or
 * greedy client may hold is bounded before any of its request reaches the app.
 * - Headers must arrive within HEADERS_TIMEOUT_MS (also on a new connection that sends
 *   nothing), and the whole request within HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS: node:http
 *   then answers 408 and closes the connection, on every route, body read or not. /graphql
 *   enforces BODY_TIMEOUT_MS itself from the end of the headers, with a GraphQL-shaped 408
 *   (src/graphql/http.ts), and so always before node:http does.
 * - At most MAX_CONNECTIONS_PER_ADDRESS connections per client address.
 */
export function createHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  settings: HttpConfig,
  logger: Logger,
): Server {
  const server = createServer(
    {
      // Outlive the idle timeout of proxies and clients, so neither reuses a socket being
      // closed. Idle sockets count against the per-address cap meanwhile.
      keepAliveTimeout: 65_000,
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.headersTimeoutMs + settings.bodyTimeoutMs,
      // How often node:http looks for requests past those deadlines (its default, 30 s, would
      // let a slow client overstay them by as much).
      connectionsCheckingInterval: 1000,
    },
    handler,
  );
  if (settings.maxConnectionsPerAddress > 0) {
    capConnectionsPerAddress(server, settings.maxConnectionsPerAddress, (address, open) =>
      logger.warn({ address, open }, "connections refused: this address holds as many as MAX_CONNECTIONS_PER_ADDRESS allows"),
    );
  }
  return server;
}
