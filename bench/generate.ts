/**
 * Benchmark data: a fresh PostgreSQL database with the project's migrations and seed, scaled
 * up by generated partnerships. Per partnership: its signatories (the EU, three to seven of
 * the seeded Member States and a generated partner country), the declaration's six policy
 * areas, four ministries of the partner country, 1,000 measures (responsibilities, status
 * history, themes, links to projects), 200 projects (participants, budget lines) and about
 * 5,000 transactions, about 2% of them reversals.
 *
 *   npx tsx generate.ts --partnerships 10 [--database bench_mobility_p10] [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Needs the production build (`npm run build` in the project root): it migrates and seeds
 * with the project's own code, and generates with seeds/generator.ts (which also makes the
 * demonstration data): rows are made in SQL (INSERT ... SELECT generate_series), one
 * partnership per step, with a progress line per step; random() is seeded, so the same
 * arguments give the same data.
 */
import type { GeneratedTexts, PartnershipSizes } from "../seeds/generator";
import { DEFAULT_SERVER_URL, databaseUrl, fromDist, intArg, log, onServer, parseArgs } from "./lib";

/** Per partnership: about 2% of the transactions are reversals (see seeds/generator.ts). */
const SIZES: PartnershipSizes = { measures: 1000, projects: 200, transactions: 5000 };

export interface GenerateOptions {
  serverUrl: string;
  database: string;
  partnerships: number;
}

export interface DataSize {
  [table: string]: number;
}

const TABLES_TO_COUNT = [
  "partnership",
  "signatory",
  "policy_area",
  "organisation",
  "measure",
  "measure_responsibility",
  "measure_status_change",
  "measure_project",
  "measure_theme",
  "project",
  "project_participant",
  "project_budget",
  "project_transaction",
];

/** Drops `database` if it exists, creates it, migrates, seeds, generates; returns row counts. */
export async function generateDatabase({ serverUrl, database, partnerships }: GenerateOptions): Promise<DataSize> {
  if (!/^bench_[a-z0-9_]+$/.test(database)) throw new Error(`Benchmark databases are named bench_*, not ${database}`);
  const url = databaseUrl(serverUrl, database);
  const started = Date.now();
  await onServer(serverUrl, async (sql) => {
    await sql.unsafe(`drop database if exists "${database}" with (force)`);
    await sql.unsafe(`create database "${database}"`);
  });
  log(`created ${database}; applying migrations and the seed with the production build`);
  const { openPostgres, selectRows } = fromDist<typeof import("../src/db/client")>("src/db/client.js");
  const { prepareDatabase } = fromDist<typeof import("../src/db/prepare")>("src/db/prepare.js");
  const { freeTwoLetterCodes, generatePartnership, referenceIds } = fromDist<typeof import("../seeds/generator")>("seeds/generator.js");
  // setseed holds for its connection: one connection for all of it, the same data every time.
  const handle = openPostgres(url, { poolMax: 1, statementTimeoutMs: 0 });
  const { db } = handle;
  try {
    await prepareDatabase(handle, { databaseUrl: url, seed: true });
    await db.execute("select setseed(0.42)");
    const ids = await referenceIds(db);
    const partnerCodes = await freeTwoLetterCodes(db, partnerships);
    for (let i = 1; i <= partnerships; i++) {
      const stepStarted = Date.now();
      await db.transaction((tx) =>
        generatePartnership(tx, { number: i, code: partnershipCode(i), partnerCode: partnerCodes[i - 1]!, sizes: SIZES, texts: BENCHMARK_TEXTS, ids }),
      );
      log(`partnership ${i}/${partnerships} generated in ${Date.now() - stepStarted} ms`);
    }
    log("analyze");
    await db.execute("analyze");
    const size: DataSize = {};
    for (const table of TABLES_TO_COUNT) {
      const [row] = await selectRows<{ n: number }>(db, `select count(*)::int as n from "${table}"`);
      size[table] = row!.n;
    }
    log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(size)}`);
    return size;
  } finally {
    await handle.close();
  }
}

export const partnershipCode = (i: number) => `BP-${String(i).padStart(4, "0")}`;

/** How benchmark rows describe themselves (the demonstration data says "synthetic" instead). */
const BENCHMARK_TEXTS: GeneratedTexts = {
  partnershipTitle: (i, partnerCode) => `Mobility Partnership ${i} between the EU and partner country ${partnerCode}`,
  partnershipDescription: "Generated for the benchmark",
  partnerName: (partnerCode) => `Partner country ${partnerCode}`,
  ministryName: (suffix, partnerCode) => `Ministry ${suffix} of partner country ${partnerCode}`,
  projectDescription: "Generated project description. ",
  measureDescription: "Generated measure description for the benchmark. ",
  note: null,
  actor: "bench-generator",
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const partnerships = intArg(args, "partnerships", 10, { max: 600 });
  const database = typeof args.database === "string" ? args.database : `bench_mobility_p${partnerships}`;
  const serverUrl = typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL;
  const size = await generateDatabase({ serverUrl, database, partnerships });
  process.stdout.write(`${JSON.stringify({ database, url: databaseUrl(serverUrl, database), size }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
