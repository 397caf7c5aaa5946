import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("invalid arguments give BAD_USER_INPUT with a message a person can act on", () => {
  it("a page larger than 100", async () => {
    expect(await server.badUserInput(`{ measures(first: 1000) { totalCount } }`)).toBe("first must not be greater than 100");
    expect(await server.badUserInput(`{ measures(last: -5) { totalCount } }`)).toBe("last must not be less than 0");
  });

  it("first and last together", async () => {
    expect(await server.badUserInput(`{ measures(first: 5, last: 5) { totalCount } }`)).toBe("Pass either first or last, not both");
  });

  it("a malformed cursor", async () => {
    expect(await server.badUserInput(`{ measures(after: "garbage") { totalCount } }`)).toMatch(
      /"garbage" is not a valid cursor; use a cursor returned by this API/,
    );
  });

  it("a malformed id", async () => {
    expect(await server.badUserInput(`{ node(id: "not an id") { id } }`)).toMatch(/"not an id" is not a valid id/);
  });

  it("an unknown enum value, written in the query", async () => {
    expect(await server.badUserInput(`{ measures(filter: { statuses: [DONE] }) { totalCount } }`)).toMatch(
      /Value "DONE" does not exist in "MeasureStatus" enum/,
    );
  });

  it("an unknown enum value, passed as a variable", async () => {
    const message = await server.badUserInput(`query($s: [MeasureStatus!]) { measures(filter: { statuses: $s }) { totalCount } }`, {
      s: ["DONE"],
    });
    expect(message).toMatch(/Value "DONE" does not exist in "MeasureStatus" enum/);
  });

  it("a malformed date, written in the query or passed as a variable", async () => {
    expect(await server.badUserInput(`{ indicators { observations(to: "2018") { value } } }`)).toMatch(/LocalDate/);
    expect(
      await server.badUserInput(`query($to: LocalDate) { indicators { observations(to: $to) { value } } }`, { to: "2018-02-30" }),
    ).toMatch(/LocalDate/);
  });

  it("a search text longer than 200 characters", async () => {
    expect(await server.badUserInput(`query($q: String) { measures(filter: { search: $q }) { totalCount } }`, { q: "x".repeat(201) })).toBe(
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
