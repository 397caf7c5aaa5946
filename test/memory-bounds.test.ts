import { parse, type OperationDefinitionNode } from "graphql";
import { preparedStatementPolicy } from "../src/db/client";
import { documentStore } from "../src/graphql/document-store";
import { compilingExecutor } from "../src/graphql/execution";
import { memoryRateLimitStore } from "../src/graphql/rate-limit";
import { getSchema } from "../src/graphql/schema";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * Issue 21: whatever distinct texts clients send, every cache keyed by them stays within its
 * entry bound (least recently used out first), as /metrics reports. The texts go through the
 * real /graphql path (parsing, validation, limits, compilation, SQL); the bulk of them, and
 * principals and statement texts, which one test client cannot vary through HTTP, go to the
 * caches directly.
 */

const DOCUMENTS = 20_000;
/** Documents sent to the server; of them, texts that also reach the database (a search each). */
const THROUGH_HTTP = 1_000;
const SEARCHES = 200;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      GRAPHQL_COMPILE_FROM_USE: "2",
      GRAPHQL_DOCUMENT_CACHE_SIZE: "100",
      GRAPHQL_COMPILED_CACHE_SIZE: "20",
      // Six clients at once from one address: the per-principal cap (5) would refuse some.
      MAX_CONCURRENT_OPERATIONS_PER_PRINCIPAL: "0",
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

/** Sends each text of `texts(n)` for n below `count`, `times` times, from a few clients at once. */
async function send(count: number, times: number, text: (n: number) => string): Promise<number> {
  let next = 0;
  let failed = 0;
  const client = async () => {
    while (next < count) {
      const query = text(next++);
      for (let i = 0; i < times; i++) {
        const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
        const body = (await response.json()) as { errors?: unknown[] };
        if (response.status !== 200 || body.errors) failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, client));
  return failed;
}

interface CacheMetrics {
  entries: number;
  maxEntries: number;
  bytes: number;
  maxBytes: number;
  evictions: number;
}

async function cacheMetrics(): Promise<Record<string, CacheMetrics>> {
  const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"))).text();
  const caches: Record<string, CacheMetrics> = {};
  const series = { cache_entries: "entries", cache_max_entries: "maxEntries", cache_bytes: "bytes", cache_max_bytes: "maxBytes", cache_evictions_total: "evictions" } as const;
  for (const [, name, cache, value] of text.matchAll(/^mobility_plan_(\w+)\{cache="([^"]+)"\} (\d+)$/gm)) {
    const field = series[name as keyof typeof series];
    (caches[cache!] ??= { entries: 0, maxEntries: 0, bytes: 0, maxBytes: 0, evictions: 0 })[field] = Number(value);
  }
  return caches;
}

it("keeps every cache within its bounds under distinct documents through /graphql", async () => {
  // Each search text twice: its second use compiles it (GRAPHQL_COMPILE_FROM_USE=2).
  expect(await send(SEARCHES, 2, (n) => `{ measures(first: 7, filter: { search: "q1-${n}" }) { totalCount nodes { id code } } }`)).toBe(0);
  expect(await send(THROUGH_HTTP - SEARCHES, 1, (n) => `{ typename${n}: __typename }`)).toBe(0);

  const caches = await cacheMetrics();
  expect(Object.keys(caches)).toEqual(expect.arrayContaining(["documents", "query-uses", "compiled-queries", "query-shapes:measuresPage", "rate-limit-buckets", "valid-arguments"]));
  expectWithinBounds(caches);
  // The bounds were reached, and the least recently used entries made way.
  expect(caches.documents).toMatchObject({ entries: 100, evictions: THROUGH_HTTP - 100 });
  expect(caches["compiled-queries"]).toMatchObject({ entries: 20, evictions: SEARCHES - 20 });
  // The most recent text is still there: asking it again parses nothing and evicts nothing.
  const last = `typename${THROUGH_HTTP - SEARCHES - 1}`;
  expect(await server.query(`{ ${last}: __typename }`)).toEqual({ [last]: "Query" });
  expect((await cacheMetrics()).documents!.evictions).toBe(THROUGH_HTTP - 100);
});

it(`keeps every cache within its bounds after ${DOCUMENTS.toLocaleString("en")} distinct documents, principals and statements`, async () => {
  // The same kinds of caches the server has, driven directly (they take the server's place in /metrics).
  const bounds = { documents: { maxEntries: 100, maxBytes: 4 * 1024 * 1024 }, compiledQueries: { maxEntries: 20, maxBytes: 1024 * 1024 } };
  const documents = documentStore(bounds.documents);
  const { executor } = await compilingExecutor(await getSchema(), 2, bounds).load({ apollo: {} as never });
  for (let n = 0; n < DOCUMENTS; n++) {
    const source = `{ typename${n}: __typename }`;
    const document = parse(source);
    await documents.set(`hash-${n}`, document);
    const operation = document.definitions[0] as OperationDefinitionNode;
    // A tenth of them used twice: compiled.
    for (let use = 0; use < (n % 10 === 0 ? 2 : 1); use++) {
      await executor!({ document, operation, source, queryHash: `hash-${n}`, request: {}, context: {} } as never);
    }
  }
  const rateLimits = memoryRateLimitStore({ capacity: 100, refillPerSecond: 10 });
  for (let n = 0; n < DOCUMENTS; n++) await rateLimits.consume(`ip:10.0.${n >> 8}.${n & 255}`, 1);
  const prepare = preparedStatementPolicy(200);
  for (let n = 0; n < DOCUMENTS; n++) prepare(`select ${n}`);

  const caches = await cacheMetrics();
  expectWithinBounds(caches);
  expect(caches.documents).toMatchObject({ entries: 100, evictions: DOCUMENTS - 100 });
  expect(caches["query-uses"]).toMatchObject({ entries: 100 });
  expect(caches["compiled-queries"]).toMatchObject({ entries: 20, evictions: DOCUMENTS / 10 - 20 });
  expect(caches["rate-limit-buckets"]).toMatchObject({ entries: 10_000 });
  expect(caches["statement-texts-seen-once"]).toMatchObject({ entries: 2000 });
});

function expectWithinBounds(caches: Record<string, CacheMetrics>): void {
  for (const [name, cache] of Object.entries(caches)) {
    expect({ name, within: cache.entries <= cache.maxEntries && cache.bytes <= cache.maxBytes }).toEqual({ name, within: true });
  }
}
