import { toGlobalId } from "../src/lib/global-id";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("sources", () => {
  it("lists every publication the brief cites, by code", async () => {
    const { sources } = await server.query(`{ sources { code } }`);
    const codes = sources.map((source: { code: string }) => source.code);
    expect(codes).toHaveLength(31);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toEqual(expect.arrayContaining(["POLICY-BRIEF-2020", "EUROSTAT", "DEMOGRAPHIC-YEARBOOK-PL-2019", "EC-2020-VFA"]));
  });

  it("keeps what each citation gives, and null for what it does not", async () => {
    const data = await server.query(`{
      poles: source(code: "EC-POLES-CARD") { code title publisher year url accessedOn }
      eurostat: source(code: "EUROSTAT") { code title publisher year url accessedOn }
      yearbook: source(code: "DEMOGRAPHIC-YEARBOOK-PL-2019") { title publisher year }
    }`);
    expect(data.poles).toEqual({
      code: "EC-POLES-CARD",
      title: "Pole's Card and related benefits to be available to wider group of foreigners",
      publisher: "European Commission, European Website on Integration",
      year: null,
      url: "https://ec.europa.eu/migrant-integration/news/poles-card-and-related-benefits-to-be-available-to-wider-group-of-foreigners",
      accessedOn: "2020-08-13",
    });
    expect(data.eurostat).toEqual({
      code: "EUROSTAT",
      title: "Eurostat database",
      publisher: "Eurostat",
      year: null,
      url: null,
      accessedOn: null,
    });
    expect(data.yearbook).toEqual({ title: "Demographic Yearbook of Poland 2019", publisher: "Statistics Poland", year: 2019 });
  });

  it("returns null for an unknown code", async () => {
    expect(await server.query(`{ source(code: "NO-SUCH-SOURCE") { code } }`)).toEqual({ source: null });
  });

  it("finds a source again by its global id", async () => {
    const { source } = await server.query(`{ source(code: "EUROSTAT") { id } }`);
    expect(Buffer.from(source.id, "base64url").toString()).toMatch(/^Source:\d+$/);
    const data = await server.query(`query($id: ID!) { node(id: $id) { __typename id ... on Source { code } } }`, { id: source.id });
    expect(data.node).toEqual({ __typename: "Source", id: source.id, code: "EUROSTAT" });
    expect(await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("Source", 999_999) })).toEqual({ node: null });
  });
});
