import "reflect-metadata";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLClient } from "graphql-request";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { createApp, type App } from "../../src/app";
import { signToken, type TokenClaims } from "../../src/auth/tokens";
import { parseConfig, type AuthConfig, type Config } from "../../src/config";
import { createHttpServer } from "../../src/http-server";
import { createLogger, type Logger } from "../../src/logger";
import { openTestDatabase, type TestDatabase } from "./databases";

export interface GraphQLResult<Data> {
  data: Data | null | undefined;
  errors: GraphQLFormattedError[] | undefined;
  status: number;
  /** SQL statements the request sent (the server's x-sql-statements header). */
  statements: number;
}

export interface TestServer {
  url: string;
  /** ws://.../graphql, for subscriptions. */
  wsUrl: string;
  /** The server's root, for routes beside /graphql (exports, health). */
  origin: string;
  database: TestDatabase;
  app: App;
  /** Sends a query; never throws for GraphQL errors, so tests can assert on them. */
  request<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<Data>>;
  /** A valid token signed with this server's secret. */
  tokenFor(claims: TokenClaims, options?: { expiresIn?: string | number }): Promise<string>;
  /** Sends a query with a bearer token for these claims. */
  requestAs<Data = Record<string, any>>(
    claims: TokenClaims,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<Data>>;
  /** Sends a query that must succeed; a failure shows the query and the errors. */
  query<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** Sends a query that must fail with exactly one BAD_USER_INPUT error leaking nothing internal; gives its message. */
  badUserInput(query: string, variables?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real HTTP server on an ephemeral port, over this test file's own database (a fresh
 * copy of the migrated, seeded template).
 */
export async function startTestServer(
  options: {
    nodeEnv?: Config["nodeEnv"];
    auth?: Partial<AuthConfig>;
    env?: Record<string, string>;
    logger?: Logger;
    /** Serve this database (closed by stop()) instead of a fresh copy of the template. */
    database?: TestDatabase;
  } = {},
): Promise<TestServer> {
  const database = options.database ?? (await openTestDatabase());
  const nodeEnv = options.nodeEnv ?? "test";
  // The service's own defaults for everything else (limits, rate limits, pool, token lifetime, HTTP deadlines).
  // Every query compiled from its first use, so that the suite runs on graphql-jit as
  // production does once a query repeats (test/compiled-execution.test.ts compares the two).
  const config = parseConfig({ NODE_ENV: nodeEnv, GRAPHQL_COMPILE_FROM_USE: "1", ...options.env });
  // A fresh secret per server: tests sign their own tokens, nothing is hard-coded.
  const auth: AuthConfig = {
    ...config.auth,
    jwtSecret: options.auth?.jwksUrl ? undefined : randomBytes(32).toString("base64url"),
    ...options.auth,
  };
  const logger = options.logger ?? createLogger("silent");
  const app = await createApp({ db: database.db, roundTrips: database.roundTrips, listen: database.listen, config: { ...config, auth }, logger });
  // Built as production builds it (its keep-alive timeout is longer than any pause between a
  // test's requests, so the client never reuses a socket the server is closing).
  const server: Server = createHttpServer(app.handler, config.http, logger);
  server.on("upgrade", app.upgrade);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const client = new GraphQLClient(url, { errorPolicy: "all" });

  const request: TestServer["request"] = async (query, variables, headers) => {
    try {
      const response = await client.rawRequest(query, variables, headers);
      return {
        data: response.data as never,
        errors: response.errors as GraphQLFormattedError[] | undefined,
        status: response.status,
        statements: Number(response.headers.get("x-sql-statements") ?? Number.NaN),
      };
    } catch (error) {
      // graphql-request throws for non-2xx answers (e.g. 400 for invalid variables).
      const response = (error as { response?: { status: number; errors?: GraphQLFormattedError[]; data?: unknown; headers?: Headers } }).response;
      if (!response) throw error;
      return {
        data: response.data as never,
        errors: response.errors,
        status: response.status,
        statements: Number(response.headers?.get("x-sql-statements") ?? Number.NaN),
      };
    }
  };

  const tokenFor = (claims: TokenClaims, options: { expiresIn?: string | number } = {}) =>
    signToken(auth.jwtSecret ?? "", claims, { issuer: auth.issuer, audience: auth.audience, ...options });

  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    origin: url.replace(/\/graphql$/, ""),
    database,
    app,
    request,
    tokenFor,
    async requestAs(claims, query, variables, headers = {}) {
      return request(query, variables, { authorization: `Bearer ${await tokenFor(claims)}`, ...headers });
    },
    async query(query, variables) {
      const result = await request(query, variables);
      if (result.errors?.length) {
        throw new Error(`Query failed:\n${query}\nvariables: ${JSON.stringify(variables)}\nerrors: ${JSON.stringify(result.errors, null, 2)}`);
      }
      return result.data as never;
    },
    async badUserInput(query, variables) {
      const result = await request(query, variables);
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error!.extensions).not.toHaveProperty("stacktrace");
      expect(JSON.stringify(error)).not.toMatch(/select |node_modules|at \w+ \(/i);
      return error!.message;
    },
    async stop() {
      // Closes subscriptions' sockets, which the HTTP server's close waits for.
      app.drain();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await app.stop();
      await database.close();
    },
  };
}
