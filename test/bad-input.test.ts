import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Sends a query that must fail with BAD_USER_INPUT, and returns the message. */
async function badInput(query: string, variables?: Record<string, unknown>): Promise<string> {
  const result = await server.request(query, variables);
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions?.code).toBe("BAD_USER_INPUT");
  // Nothing internal reaches the client.
  expect(error!.extensions).not.toHaveProperty("stacktrace");
  expect(JSON.stringify(error)).not.toMatch(/select |node_modules|at \w+ \(/i);
  return error!.message;
}

describe("invalid arguments give BAD_USER_INPUT with a message a person can act on", () => {
  it("a page larger than 100", async () => {
    expect(await badInput(`{ measures(first: 1000) { totalCount } }`)).toBe("first must not be greater than 100");
    expect(await badInput(`{ measures(last: -5) { totalCount } }`)).toBe("last must not be less than 0");
  });

  it("first and last together", async () => {
    expect(await badInput(`{ measures(first: 5, last: 5) { totalCount } }`)).toBe("Pass either first or last, not both");
  });

  it("a malformed cursor", async () => {
    expect(await badInput(`{ measures(after: "garbage") { totalCount } }`)).toMatch(
      /"garbage" is not a valid cursor; use a cursor returned by this API/,
    );
  });

  it("a malformed id", async () => {
    expect(await badInput(`{ node(id: "not an id") { id } }`)).toMatch(/"not an id" is not a valid id/);
  });

  it("an unknown enum value, written in the query", async () => {
    expect(await badInput(`{ measures(filter: { statuses: [DONE] }) { totalCount } }`)).toMatch(
      /Value "DONE" does not exist in "MeasureStatus" enum/,
    );
  });

  it("an unknown enum value, passed as a variable", async () => {
    const message = await badInput(`query($s: [MeasureStatus!]) { measures(filter: { statuses: $s }) { totalCount } }`, {
      s: ["DONE"],
    });
    expect(message).toMatch(/Value "DONE" does not exist in "MeasureStatus" enum/);
  });

  it("a malformed date, written in the query or passed as a variable", async () => {
    expect(await badInput(`{ indicators { observations(to: "2018") { value } } }`)).toMatch(/LocalDate/);
    expect(
      await badInput(`query($to: LocalDate) { indicators { observations(to: $to) { value } } }`, { to: "2018-02-30" }),
    ).toMatch(/LocalDate/);
  });

  it("a search text longer than 200 characters", async () => {
    expect(await badInput(`query($q: String) { measures(filter: { search: $q }) { totalCount } }`, { q: "x".repeat(201) })).toBe(
      "search must be shorter than or equal to 200 characters",
    );
  });
});

describe("unknown codes are null, following GraphQL conventions", () => {
  it.each([
    `{ partnership(code: "EU-XX") { code } }`,
    `{ signatory(code: "ZZ") { code } }`,
  ])("%s", async (query) => {
    const result = await server.request(query);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data as object)).toEqual([null]);
  });
});
