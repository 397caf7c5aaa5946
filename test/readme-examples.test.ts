import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "./helpers/server";

// The README's example queries are part of the contract: each must run against the seed.
const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it("the README has example queries", () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
});

it.each(examples.map((query, index) => [index + 1, query] as const))("README example %i runs without errors", async (_n, query) => {
  const result = await server.request(query);
  expect(result.errors).toBeUndefined();
  // Every example finds something in the seed: no empty answers passed off as examples.
  expect(JSON.stringify(result.data)).not.toMatch(/^\{"\w+":(null|\[\])\}$/);
});
