import type { Database } from "../src/db/client";
import { indicatorObservations, indicators } from "../src/modules/indicators/indicators.tables";
import { sources } from "../src/modules/sources/sources.tables";
import { toGlobalId } from "../src/lib/global-id";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

interface Observation {
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  geography: string;
  value: string;
  valueMax: string | null;
  qualifier: string;
  asStated: string;
  locator: string | null;
  isAssumption: boolean;
  note: string | null;
  source: { code: string };
}

const OBSERVATION_FIELDS = `periodStart periodEnd periodLabel geography value valueMax qualifier asStated locator isAssumption note source { code }`;

/** An indicator of its own with `count` yearly observations, each citing a source of its own. */
async function createIndicator(db: Database, count: number): Promise<string> {
  const code = uniqueCode("IND");
  const [indicator] = await db
    .insert(indicators)
    .values({ code, title: "A test series", unit: "persons" })
    .returning({ id: indicators.id });
  for (let year = 2000; year < 2000 + count; year += 1) {
    const [source] = await db
      .insert(sources)
      .values({ code: uniqueCode("SRC"), title: "A test source" })
      .returning({ id: sources.id });
    await db.insert(indicatorObservations).values({
      indicatorId: indicator!.id,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      periodLabel: String(year),
      geography: "PL",
      value: "1.5",
      qualifier: "EXACT",
      asStated: "1,5",
      sourceId: source!.id,
    });
  }
  return code;
}

async function observationsOf(code: string, args = ""): Promise<Observation[]> {
  const data = await server.query(`query($code: String!) { indicator(code: $code) { observations${args} { ${OBSERVATION_FIELDS} } } }`, {
    code,
  });
  return data.indicator.observations;
}

describe("figures from the seed", () => {
  it("keeps Eurostat's work permits for Belarus nationals exactly as the brief prints them", async () => {
    const data = await server.query(`{
      indicator(code: "EU-WORK-PERMITS-BY") {
        code title unit description theme { code title }
        observations { ${OBSERVATION_FIELDS} }
      }
    }`);
    expect(data.indicator).toMatchObject({
      code: "EU-WORK-PERMITS-BY",
      title: "Permits for work reasons issued to Belarus nationals in the EU",
      unit: "permits",
      description: null,
      theme: { code: "LABOUR_MOBILITY", title: "Labour mobility" },
    });
    const year = (y: number, value: string, asStated: string): Observation => ({
      periodStart: `${y}-01-01`,
      periodEnd: `${y}-12-31`,
      periodLabel: String(y),
      geography: "EU",
      value,
      valueMax: null,
      qualifier: "EXACT",
      asStated,
      locator: "footnote 6",
      isAssumption: false,
      note: null,
      source: { code: "EUROSTAT" },
    });
    // numeric(20, 4) comes back as an exact string; "35,981" is printed with a comma in the brief.
    expect(data.indicator.observations).toEqual([
      year(2016, "17790.0000", "17.790"),
      year(2017, "28057.0000", "28.057"),
      year(2018, "35981.0000", "35,981"),
    ]);
  });

  it("keeps hedged figures with their qualifier, a range with its upper bound, and flags assumptions", async () => {
    expect(await observationsOf("EU-WORK-PERMITS-BY-GROWTH")).toEqual([
      expect.objectContaining({
        periodStart: "2016-01-01",
        periodEnd: "2018-12-31",
        value: "8000.0000",
        valueMax: "10000.0000",
        qualifier: "RANGE",
        asStated: "some 8.000-10.000",
        isAssumption: true,
        source: { code: "EUROSTAT" },
      }),
    ]);
    expect(await observationsOf("EU-VALID-WORK-PERMITS-BY")).toEqual([
      expect.objectContaining({
        value: "36000.0000",
        valueMax: null,
        qualifier: "AT_LEAST",
        asStated: "over 36.000",
        note: "Poland issued half of them (see EU-WORK-PERMITS-BY-ISSUER-SHARE), followed by Lithuania.",
      }),
    ]);
    expect(await observationsOf("PL-SEASONAL-WORK-PERMITS-BY")).toEqual([
      expect.objectContaining({ periodLabel: "2017", value: "4100.0000", qualifier: "EXACT", asStated: "4.100" }),
      expect.objectContaining({
        periodLabel: "by the end of 2018",
        value: "17000.0000",
        qualifier: "AT_MOST",
        asStated: "nearly 17.000",
      }),
    ]);
    expect(await observationsOf("LT-VALID-WORK-PERMITS-BY")).toEqual([
      expect.objectContaining({
        periodStart: "2019-12-31",
        periodEnd: "2019-12-31",
        periodLabel: "end of 2019",
        value: "14000.0000",
        qualifier: "AT_MOST",
        asStated: "almost 14.000",
      }),
    ]);
  });

  it("answers 'work permits for Belarusian nationals by destination country and year, with sources' in one request", async () => {
    const result = await server.request<{
      indicators: { code: string; unit: string; observations: (Observation & { source: { code: string; title: string } })[] }[];
    }>(`{
      indicators(themeCode: "LABOUR_MOBILITY") {
        code unit
        observations { geography periodLabel value qualifier asStated locator source { code title } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const table = result.data!.indicators
      .filter((indicator) => ["EU-WORK-PERMITS-BY", "PL-FIRST-WORK-PERMITS-BY", "LT-FIRST-WORK-PERMITS-BY", "LV-VALID-WORK-PERMITS-BY"].includes(indicator.code))
      .flatMap((indicator) =>
        indicator.observations.map((o) => `${o.geography} ${o.periodLabel}: ${o.asStated} (${o.qualifier}) ${o.source.title}, ${o.locator}`),
      );
    expect(table).toEqual([
      "EU 2016: 17.790 (EXACT) Eurostat database, footnote 6",
      "EU 2017: 28.057 (EXACT) Eurostat database, footnote 6",
      "EU 2018: 35,981 (EXACT) Eurostat database, footnote 6",
      "LT 2017: some 2.500 (APPROXIMATE) Eurostat database, footnote 15",
      "LT 2018: over 3.000 (AT_LEAST) Eurostat database, footnote 15",
      "LT 2019: 6.725 (EXACT) Eurostat database, footnote 15",
      "LV 2017: 652 (EXACT) Eurostat database, footnote 16 (ibid.)",
      "LV 2018: 937 (EXACT) Eurostat database, footnote 16 (ibid.)",
      "LV 2019: 1.179 (EXACT) Eurostat database, footnote 16 (ibid.)",
      "PL 2016: 4870 (EXACT) Demographic Yearbook of Poland 2019, footnote 8, p. 443",
      "PL 2017: 10518 (EXACT) Demographic Yearbook of Poland 2019, footnote 8, p. 443",
      "PL 2018: 19233 (EXACT) Demographic Yearbook of Poland 2019, footnote 8, p. 443",
    ]);
    // Indicators, their observations, the observations' sources: one statement each.
    expect(result.statements).toBe(3);
  });
});

describe("filters and order", () => {
  const indicatorCodes = async (themeCode: string | null) =>
    (await server.query(`query($themeCode: String) { indicators(themeCode: $themeCode) { code } }`, { themeCode })).indicators.map(
      (i: { code: string }) => i.code,
    );

  it("lists every series by code, or those of one theme", async () => {
    const all = await indicatorCodes(null);
    expect(all).toHaveLength(24);
    expect(all).toEqual([...all].sort());
    expect(await indicatorCodes("VISA_ISSUES")).toEqual(["BY-NON-CIS-TOURISTS", "BY-TOURISTS-BY-ORIGIN", "VISAS-ISSUED-IN-BY"]);
    expect(await indicatorCodes("EMPLOYMENT_PORTAL")).toEqual(["LA-STRADA-ASSISTED", "LA-STRADA-HOTLINE-CALLERS"]);
    expect(await indicatorCodes("NO_SUCH_THEME")).toEqual([]);
  });

  it("orders observations by period start, then geography", async () => {
    const visas = await observationsOf("VISAS-ISSUED-IN-BY");
    expect(visas.map((o) => `${o.periodLabel} ${o.geography} ${o.asStated} ${o.qualifier}`)).toEqual([
      "2015 LT 203.000 EXACT",
      "2015 PL 319.000 EXACT",
      "2019 LT over 250.000 AT_LEAST",
      "2019 PL 216.000 EXACT",
    ]);
  });

  it("narrows observations by geography and to periods within from..to", async () => {
    const labels = (observations: Observation[]) => observations.map((o) => `${o.periodLabel} ${o.geography}`);
    expect(labels(await observationsOf("VISAS-ISSUED-IN-BY", `(geography: "PL")`))).toEqual(["2015 PL", "2019 PL"]);
    expect(labels(await observationsOf("VISAS-ISSUED-IN-BY", `(geography: "EU")`))).toEqual([]);
    expect(labels(await observationsOf("EU-WORK-PERMITS-BY", `(from: "2017-01-01")`))).toEqual(["2017 EU", "2018 EU"]);
    expect(labels(await observationsOf("EU-WORK-PERMITS-BY", `(to: "2017-12-31")`))).toEqual(["2016 EU", "2017 EU"]);
    expect(labels(await observationsOf("EU-WORK-PERMITS-BY", `(from: "2017-01-01", to: "2017-12-31")`))).toEqual(["2017 EU"]);
    // A period reaching past the window is not within it: the 2016-2018 count stays out of 2017.
    expect(labels(await observationsOf("PL-POLES-CARDS-BY", `(from: "2016-01-01", to: "2018-12-31")`))).toEqual(["2016-2018 PL"]);
    // A one-day window is a valid question.
    expect(labels(await observationsOf("LT-VALID-WORK-PERMITS-BY", `(from: "2019-12-31", to: "2019-12-31")`))).toEqual([
      "end of 2019 LT",
    ]);
  });

  it("answers differently filtered observations of many indicators in one statement per filter", async () => {
    const result = await server.request<{ indicators: { code: string; pl: { value: string }[]; lt: { value: string }[] }[] }>(`{
      indicators(themeCode: "VISA_ISSUES") {
        code
        pl: observations(geography: "PL") { value }
        lt: observations(geography: "LT", from: "2019-01-01") { value }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.indicators).toEqual([
      { code: "BY-NON-CIS-TOURISTS", pl: [], lt: [] },
      { code: "BY-TOURISTS-BY-ORIGIN", pl: [{ value: "61349.0000" }], lt: [{ value: "76060.0000" }] },
      { code: "VISAS-ISSUED-IN-BY", pl: [{ value: "319000.0000" }, { value: "216000.0000" }], lt: [{ value: "250000.0000" }] },
    ]);
    expect(result.statements).toBe(3);
  });
});

describe("lookups", () => {
  it("returns null for an unknown code", async () => {
    expect(await server.query(`{ indicator(code: "NO-SUCH-SERIES") { code } }`)).toEqual({ indicator: null });
  });

  it("finds indicators and observations again by their global ids", async () => {
    const data = await server.query(`{ indicator(code: "LA-STRADA-ASSISTED") { id code observations { id asStated } } }`);
    const { id, observations } = data.indicator;
    expect(Buffer.from(id, "base64url").toString()).toMatch(/^Indicator:\d+$/);

    const found = await server.query(
      `query($ids: [ID!]!) {
        nodes(ids: $ids) {
          __typename id
          ... on Indicator { code }
          ... on IndicatorObservation { asStated value indicator { code } source { code title } }
        }
      }`,
      { ids: [id, observations[0].id] },
    );
    expect(found.nodes).toEqual([
      { __typename: "Indicator", id, code: "LA-STRADA-ASSISTED" },
      {
        __typename: "IndicatorObservation",
        id: observations[0].id,
        asStated: "287",
        value: "287.0000",
        indicator: { code: "LA-STRADA-ASSISTED" },
        source: { code: "GENDER-PERSPECTIVES-2019", title: "Gender perspectives (2019)" },
      },
    ]);
    expect(await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("IndicatorObservation", 999_999) })).toEqual({
      node: null,
    });
  });
});

describe("bad arguments", () => {
  const expectBadInput = async (query: string, variables: Record<string, unknown>, message: RegExp) => {
    const result = await server.request(query, variables);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(result.errors?.[0]?.message).toMatch(message);
  };
  const observationsQuery = `query($geography: String, $from: LocalDate, $to: LocalDate) {
    indicator(code: "EU-WORK-PERMITS-BY") { observations(geography: $geography, from: $from, to: $to) { value } }
  }`;

  it.each(["pl", "POL", "P", "", "E1"])("rejects geography %j", async (geography) => {
    await expectBadInput(observationsQuery, { geography }, /geography must be an ISO 3166 alpha-2 code/);
  });

  it("rejects a window that ends before it starts", async () => {
    await expectBadInput(observationsQuery, { from: "2018-01-01", to: "2017-12-31" }, /to \(2017-12-31\) must not be before from \(2018-01-01\)/);
  });

  it("rejects a date that is not a calendar date", async () => {
    await expectBadInput(observationsQuery, { from: "2018-02-30" }, /LocalDate/);
  });
});

// Adds rows, so it has a database of its own: the seed counts above stay true in any order.
describe("batching", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const QUERY = `{ indicators { code observations { source { code } } } }`;

  it("takes the same small number of statements however many indicators, observations and sources there are", async () => {
    const count = (data: { indicators: { observations: unknown[] }[] }) =>
      data.indicators.reduce((total, indicator) => total + indicator.observations.length, 0);

    const before = await server.request<{ indicators: { observations: unknown[] }[] }>(QUERY);
    expect(before.errors).toBeUndefined();
    // Indicators, observations, sources.
    expect(before.statements).toBe(3);

    await createIndicator(server.database.db, 5);
    await createIndicator(server.database.db, 7);
    const after = await server.request<{ indicators: { observations: unknown[] }[] }>(QUERY);
    expect(after.errors).toBeUndefined();
    expect(after.data!.indicators).toHaveLength(before.data!.indicators.length + 2);
    expect(count(after.data!)).toBe(count(before.data!) + 12);
    expect(after.statements).toBe(3);
  });
});
