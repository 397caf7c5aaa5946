import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "./helpers/server";

describe("in production", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ nodeEnv: "production" });
  });
  afterAll(() => server?.stop());

  it("refuses introspection and says nothing about the schema in errors", async () => {
    const introspection = await server.request(`{ __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await server.request(`{ measurs { code } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("does not expose the SQL statement count", async () => {
    const result = await server.request(`{ __typename }`);
    expect(Number.isNaN(result.statements)).toBe(true);
  });

  it("masks internal errors: no driver message, no SQL, no stack (breaks the database: keep last)", async () => {
    // Make the database fail underneath the API: the driver's error would name the table and carry SQL.
    await server.database.db.execute(sql`alter table measure rename to measure_gone`);
    const result = await server.request(`{ measures(first: 1) { nodes { code } } }`);
    expect(result.errors).toEqual([
      expect.objectContaining({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }),
    ]);
    expect(JSON.stringify(result)).not.toMatch(/select|relation|measure"|does not exist/i);
  });
});
