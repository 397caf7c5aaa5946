// PostGraphile 5 (amber preset) over the same database, as the benchmark's peer. Runs on
// Node 22 (bench/node_modules/node), which every PostGraphile 5 release requires.
//
//   DATABASE_URL=postgres://... PORT=4101 node22 postgraphile.mjs
import { createServer } from "node:http";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 4101);
if (!connectionString) throw new Error("DATABASE_URL is required");

// Ten connections, as the API (postgres.js max: 10) and the floor have.
const pool = new pg.Pool({ connectionString, max: 10 });

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  grafserv: { graphiql: false, watch: false, graphqlPath: "/graphql" },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer({ keepAliveTimeout: 65_000 });
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema before accepting traffic, so the first request does not pay for it.
await pgl.getSchema();
server.listen(port, "127.0.0.1", () => console.log(`postgraphile serving http://127.0.0.1:${port}/graphql`));

const stop = async () => {
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
