// An experiment, not a benchmark peer: the service's createApp (src/app.ts) rebuilt from
// the production build's modules, with the fixes proposed in RESULTS.md switchable by
// environment, so each one's gain is measured before anyone changes src/:
//   VARIANT_PREPARE=1           postgres.js prepares drizzle's statements (cached per connection)
//   VARIANT_NO_CACHE_CONTROL=1  Apollo without its default cache-control plugin (no per-field hooks)
//   VARIANT_NO_COUNTER=1        no AsyncLocalStorage statement counter around requests
// Run by experiments.ts with the Node the service runs on, NODE_ENV=production.
"use strict";
const path = require("node:path");
const { createServer } = require("node:http");
const { randomUUID } = require("node:crypto");

const ROOT = path.resolve(__dirname, "..");
const fromRoot = (id) => require(require.resolve(id, { paths: [ROOT] }));
const fromDist = (relative) => require(path.join(ROOT, "dist", relative));

fromRoot("reflect-metadata");
const { ApolloServer } = fromRoot("@apollo/server");
const { ApolloServerPluginLandingPageDisabled, ApolloServerPluginCacheControlDisabled } = fromRoot("@apollo/server/plugin/disabled");
const { expressMiddleware } = fromRoot("@as-integrations/express5");
const express = fromRoot("express");
const postgres = fromRoot("postgres");
const { drizzle } = fromRoot("drizzle-orm/postgres-js");
const { countStatements, queryCountingLogger } = fromDist("src/db/query-counter.js");
const { createLoaders } = fromDist("src/graphql/context.js");
const { createAuthenticator } = fromDist("src/auth/tokens.js");
const { formatError } = fromDist("src/graphql/errors.js");
const { getSchema } = fromDist("src/graphql/schema.js");

const on = (name) => process.env[name] === "1";

async function main() {
  const client = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
  if (on("VARIANT_PREPARE")) {
    // drizzle passes { prepare: false } for every query it did not name; ask for named statements.
    const unsafe = client.unsafe.bind(client);
    client.unsafe = (text, params, options) => unsafe(text, params, { ...options, prepare: true });
  }
  const db = drizzle({ client, logger: on("VARIANT_NO_COUNTER") ? false : queryCountingLogger, casing: "snake_case" });
  const apollo = new ApolloServer({
    schema: await getSchema(),
    includeStacktraceInErrorResponses: false,
    introspection: false,
    hideSchemaDetailsFromClientErrors: true,
    allowBatchedHttpRequests: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ...(on("VARIANT_NO_CACHE_CONTROL") ? [ApolloServerPluginCacheControlDisabled()] : [])],
    formatError: (formatted, error) => formatError(formatted, error, { onInternalError: (cause) => console.error(cause) }),
  });
  await apollo.start();
  const authenticate = createAuthenticator({ jwtSecret: process.env.AUTH_JWT_SECRET });
  const handler = express();
  handler.disable("x-powered-by");
  handler.use(
    "/graphql",
    (req, res, next) => {
      res.locals.requestId = req.get("x-request-id")?.slice(0, 100) || randomUUID();
      res.setHeader("x-request-id", res.locals.requestId);
      if (on("VARIANT_NO_COUNTER")) next();
      else countStatements(next);
    },
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        db,
        requestId: res.locals.requestId,
        viewer: await authenticate(req.get("authorization")),
        idempotencyKey: req.get("idempotency-key"),
        loaders: createLoaders(db),
      }),
    }),
  );
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`variant serving on ${process.env.PORT}`));
  const stop = () => server.close(() => apollo.stop().then(() => client.end({ timeout: 5 })).then(() => process.exit(0)));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
