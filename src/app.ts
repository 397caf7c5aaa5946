import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import express from "express";
import { randomUUID } from "node:crypto";
import type { Config } from "./config";
import type { Database } from "./db/client";
import { countStatements, statementsSoFar } from "./db/query-counter";
import { createLoaders, type Context } from "./graphql/context";
import { createAuthenticator } from "./auth/tokens";
import { badUserInput, formatError } from "./graphql/errors";
import { getSchema } from "./graphql/schema";

export interface AppDependencies {
  db: Database;
  config: Pick<Config, "nodeEnv" | "auth">;
  log?: (entry: Record<string, unknown>) => void;
}

export interface App {
  /** The HTTP handler: mount it on a server, or hand it to `http.createServer`. */
  handler: express.Express;
  stop(): Promise<void>;
}

const REQUEST_ID_HEADER = "x-request-id";
const SQL_STATEMENTS_HEADER = "x-sql-statements";
const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/** Keys are the client's own opaque strings; bound their size, refuse what cannot be one. */
function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw badUserInput("The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID");
  }
  return header;
}

/** Outside production every response says how many SQL statements it took (tests and the benchmark read it). */
const statementCountHeader: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set(SQL_STATEMENTS_HEADER, String(statementsSoFar()));
      },
    };
  },
};

/** Builds the HTTP app and Apollo from a database; does not listen (tests reuse it on port 0). */
export async function createApp({ db, config, log = defaultLog }: AppDependencies): Promise<App> {
  const production = config.nodeEnv === "production";
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // The default landing page loads from a CDN, which offline users cannot reach.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...(production ? [] : [statementCountHeader])],
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        onInternalError: (cause) => log({ level: "error", msg: "internal error", error: describe(cause) }),
      }),
  });
  await apollo.start();

  const authenticate = createAuthenticator(config.auth);
  const handler = express();
  handler.disable("x-powered-by");
  handler.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  handler.use(
    "/graphql",
    (req, res, next) => {
      const requestId = req.get(REQUEST_ID_HEADER)?.slice(0, 100) || randomUUID();
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.locals.requestId = requestId;
      countStatements(next);
    },
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        db,
        requestId: res.locals.requestId as string,
        viewer: await authenticate(req.get("authorization")),
        idempotencyKey: idempotencyKeyOf(req.get(IDEMPOTENCY_KEY_HEADER)),
        loaders: createLoaders(db),
      }),
    }),
  );

  return { handler, stop: () => apollo.stop() };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
}

function defaultLog(entry: Record<string, unknown>): void {
  console.error(JSON.stringify({ time: new Date().toISOString(), ...entry }));
}
