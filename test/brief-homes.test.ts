import { startTestServer, type TestServer } from "./helpers/server";

/**
 * A home for every kind of fact in the policy brief (issue 18): links between measures,
 * partnerships and agreements, organisations acting in measures, memberships, national
 * programmes, provisions over time, dated statements and trends, where a figure is measured,
 * and the sources behind them, served and filtered over GraphQL.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const codes = (items: { code: string }[]) => items.map((item) => item.code);

describe("measures and agreements", () => {
  it("links measures to the agreements they implement or concern, and filters by an agreement", async () => {
    const data = await server.query(`{
      vis1: measures(filter: { legalActCode: "EU-BY-VFA" }) { nodes { code legalActs { relation legalAct { code } } } }
      border: measures(filter: { legalActCode: "LBT-BY-PL" }) { nodes { code } }
      social: measures(filter: { legalActCode: "SSA-BY-LT" }) { nodes { code } }
      none: measures(filter: { legalActCode: "NO-SUCH" }) { nodes { code } }
      legalAct(code: "LBT-BY-LT") { measures { relation measure { code } } }
    }`);
    expect(data.vis1.nodes).toEqual([{ code: "VIS-1", legalActs: [{ relation: "IMPLEMENTS", legalAct: { code: "EU-BY-VFA" } }] }]);
    expect(codes(data.border.nodes)).toEqual(["BRD-1"]);
    expect(codes(data.social.nodes)).toEqual(["SOC-1"]);
    expect(data.none.nodes).toEqual([]);
    expect(data.legalAct.measures).toEqual([{ relation: "CONCERNS", measure: { code: "BRD-1" } }]);
  });

  it("says which agreements the Declaration takes into account, with source and locator", async () => {
    const { partnership } = await server.query(`{
      partnership(code: "EU-BY") { legalActs { relation locator source { code } legalAct { code status } } }
    }`);
    expect(partnership.legalActs).toEqual(
      ["LBT-BY-LT", "LBT-BY-LV", "LBT-BY-PL"].map((code) => ({
        relation: "TAKES_INTO_ACCOUNT",
        locator: "section 'Cross-border mobility'",
        source: { code: "POLICY-BRIEF-2020" },
        legalAct: { code, status: code === "LBT-BY-LV" ? "IN_FORCE" : "NOT_IN_FORCE" },
      })),
    );
  });
});

describe("measures: actors, area and source", () => {
  it("names the organisations the brief puts beside the signatories, and filters by them", async () => {
    const data = await server.query(`{
      eaeu: measures(filter: { organisationCode: "EAEU" }) { nodes { code leads { code } organisations { role isAssumption organisation { code kind } } } }
      bologna: measures(filter: { organisationCode: "PUBLIC-BOLOGNA-COMMITTEE" }) { nodes { code organisations { role organisation { code } } } }
    }`);
    expect(data.eaeu.nodes).toEqual([
      {
        code: "SOC-4",
        leads: [{ code: "EU" }],
        organisations: [{ role: "LEAD", isAssumption: false, organisation: { code: "EAEU", kind: "REGIONAL_ORGANISATION" } }],
      },
    ]);
    expect(data.bologna.nodes).toEqual([{ code: "EDU-4", organisations: [{ role: "CONTRIBUTING", organisation: { code: "PUBLIC-BOLOGNA-COMMITTEE" } }] }]);
  });

  it("serves each measure's source and locator, and flags its area as a reading", async () => {
    const { measures } = await server.query(`{
      measures(filter: { partnershipCode: "EU-BY" }, first: 100) {
        nodes { code locator policyAreaIsAssumption policyAreaNote source { code } policyArea { code } }
      }
    }`);
    const seeded = measures.nodes.filter((m: any) => m.source?.code === "POLICY-BRIEF-2020");
    expect(seeded).toHaveLength(17);
    for (const measure of seeded) {
      expect(measure.locator).toMatch(/^section '/);
      expect(measure.policyAreaIsAssumption).toBe(true);
      expect(measure.policyAreaNote).toMatch(/^Area assumed/);
    }
    const vis1 = seeded.find((m: any) => m.code === "VIS-1");
    expect(vis1).toMatchObject({ policyArea: { code: "LABOUR_MIGRATION_LEGAL_MOBILITY" } });
    expect(vis1.policyAreaNote).toMatch(/treats visas and short-term travel as legal mobility/);
  });
});

describe("memberships", () => {
  it("lists states in unions, from either side", async () => {
    const data = await server.query(`{
      eaeu: memberships(organisationCode: "EAEU") { memberCode locator source { code } organisation { code } }
      belarus: signatory(code: "BY") { memberships { organisation { code } } }
      poland: memberships(memberCode: "PL") { organisation { code } }
      organisation(code: "CIS") { members { memberCode } }
    }`);
    expect(data.eaeu).toEqual([
      { memberCode: "BY", locator: "section 'Context'", source: { code: "POLICY-BRIEF-2020" }, organisation: { code: "EAEU" } },
      { memberCode: "RU", locator: "section 'Context'", source: { code: "POLICY-BRIEF-2020" }, organisation: { code: "EAEU" } },
    ]);
    expect(data.belarus.memberships.map((m: any) => m.organisation.code)).toEqual(["CIS", "EAEU"]);
    expect(data.poland).toEqual([{ organisation: { code: "EU" } }]);
    expect(data.organisation.members).toEqual([{ memberCode: "BY" }]);
    expect(await server.badUserInput(`{ memberships(memberCode: "by") { memberCode } }`)).toMatch(/ISO 3166/);
  });

  it("names the frame an agreement was concluded in", async () => {
    const { legalAct } = await server.query(`{ legalAct(code: "CIS-PENSION-1992") { parties organisations { role organisation { code } } } }`);
    expect(legalAct).toEqual({ parties: ["BY"], organisations: [{ role: "CONCLUDED_WITHIN", organisation: { code: "CIS" } }] });
  });
});

describe("national programmes", () => {
  it("keeps each programme's period and adoption date, filtered by state, kind and a covered day", async () => {
    const data = await server.query(`{
      all: nationalProgrammes(countryCode: "BY") { code kind periodStart periodEnd periodLabel adoptedOn adoptedOnPrecision locator source { code } }
      in2025: nationalProgrammes(coversDate: "2025-06-01") { code }
      strategies: nationalProgrammes(kind: STRATEGY) { code }
      nationalProgramme(code: "BY-SOCIAL-PROTECTION-SYSTEM") { isAssumption statements { code quantity qualifier asStated } }
    }`);
    expect(data.all).toEqual([
      {
        code: "BY-EXTERNAL-MIGRATION-2016-2020", kind: "SUB_PROGRAMME", periodStart: "2016-01-01", periodEnd: "2020-12-31",
        periodLabel: "for 2016-2020", adoptedOn: null, adoptedOnPrecision: null, locator: "footnote 2", source: { code: "ETALON-2018" },
      },
      {
        code: "BY-NSDS-2030", kind: "STRATEGY", periodStart: null, periodEnd: "2030-12-31", periodLabel: "until 2030",
        adoptedOn: null, adoptedOnPrecision: null, locator: "section 'Context'", source: { code: "POLICY-BRIEF-2020" },
      },
      {
        code: "BY-SOCIAL-PROTECTION-SYSTEM", kind: "SYSTEM_OF_MEASURES", periodStart: null, periodEnd: null, periodLabel: null,
        adoptedOn: "2000-03-01", adoptedOnPrecision: "MONTH", locator: "section 'Social protection'", source: { code: "POLICY-BRIEF-2020" },
      },
    ]);
    // Programmes with no period given cover every day; the 2016-2020 sub-programme does not cover 2025.
    expect(codes(data.in2025)).toEqual(["BY-NSDS-2030", "BY-SOCIAL-PROTECTION-SYSTEM"]);
    expect(codes(data.strategies)).toEqual(["BY-NSDS-2030"]);
    expect(data.nationalProgramme).toEqual({
      isAssumption: true,
      statements: [{ code: "BY-SOCIAL-ASSISTANCE-COVERAGE", quantity: "50.0000", qualifier: "AT_LEAST", asStated: "more than half" }],
    });
  });
});

describe("provisions over time", () => {
  const PROVISIONS = `query($code: String!, $day: LocalDate) {
    legalAct(code: $code) { provisions(inEffectOn: $day) { asStated effectiveFrom effectiveFromPrecision effectiveUntil effectiveUntilPrecision isProjection replaces { asStated } } }
  }`;
  const asStated = async (code: string, day?: string) =>
    (await server.query(PROVISIONS, { code, day })).legalAct.provisions.map((p: { asStated: string | null }) => p.asStated);

  it("replaces Minsk airport's 5 days for 80 countries with 30 days for 74 from July 2018", async () => {
    const { legalAct } = await server.query(PROVISIONS, { code: "BY-MINSK-AIRPORT-VISA-FREE" });
    expect(legalAct.provisions).toEqual([
      { asStated: "up to five days", effectiveFrom: "2017-01-01", effectiveFromPrecision: "YEAR", effectiveUntil: "2018-06-01", effectiveUntilPrecision: "MONTH", isProjection: false, replaces: null },
      { asStated: "80", effectiveFrom: "2017-01-01", effectiveFromPrecision: "YEAR", effectiveUntil: "2018-06-01", effectiveUntilPrecision: "MONTH", isProjection: false, replaces: null },
      { asStated: "30 days", effectiveFrom: "2018-07-01", effectiveFromPrecision: "MONTH", effectiveUntil: null, effectiveUntilPrecision: null, isProjection: false, replaces: { asStated: "up to five days" } },
      { asStated: "74", effectiveFrom: "2018-07-01", effectiveFromPrecision: "MONTH", effectiveUntil: null, effectiveUntilPrecision: null, isProjection: false, replaces: { asStated: "80" } },
    ]);
    expect(await asStated("BY-MINSK-AIRPORT-VISA-FREE", "2018-06-30")).toEqual(["up to five days", "80"]);
    expect(await asStated("BY-MINSK-AIRPORT-VISA-FREE", "2018-07-01")).toEqual(["30 days", "74"]);
  });

  it("keeps the visa fee before and after (EUR 60, then EUR 35) and the pension projection for 2025", async () => {
    expect((await asStated("EU-BY-VFA", "2020-06-15")).slice(0, 1)).toEqual(["instead of €60"]);
    expect(await asStated("EU-BY-VFA", "2020-07-01")).toEqual(["€35 instead of €60", "may not exceed €30", "10 working days", "eleven", "up to five years"]);
    const { legalAct } = await server.query(PROVISIONS, { code: "BY-PENSION-QUALIFYING-PERIOD" });
    expect(legalAct.provisions[1]).toMatchObject({ asStated: "20 years by 2025", isProjection: true, effectiveFrom: "2025-01-01", replaces: { asStated: "16 years" } });
    expect(await asStated("BY-PENSION-QUALIFYING-PERIOD", "2020-08-13")).toEqual(["16 years"]);
    expect(await asStated("BY-PENSION-QUALIFYING-PERIOD", "2025-06-01")).toEqual(["20 years by 2025"]);
  });
});

describe("statements, forecasts and trends", () => {
  it("keeps who said what when, with its source, and filters by kind, theme and organisation", async () => {
    const data = await server.query(`{
      forecasts: statements(kind: FORECAST) { code madeOn madeOnPrecision madeBy expectedBy expectedByPrecision asStated qualifier locator source { code year } }
      mfa: statements(organisationCode: "BY-MFA") { code madeOn madeByOrganisation { code } locator source { code } }
      trends: statements(kind: TREND, themeCode: "STUDENT_MOBILITY_ENTREPRENEURSHIP") { code trendDirection since sincePrecision quantity }
      statement(code: "EU-LARGEST-DONOR-BY") { kind text locator }
    }`);
    expect(data.forecasts).toEqual([
      {
        code: "VISA-FREE-FORECAST-2014", madeOn: "2014-07-01", madeOnPrecision: "MONTH",
        madeBy: "a group of migration experts from academia, NGOs, government and international organisations",
        expectedBy: "2024-01-01", expectedByPrecision: "YEAR", asStated: "within ten years", qualifier: "AT_MOST",
        locator: "footnote 28", source: { code: "YELISEYEU-2014", year: 2014 },
      },
    ]);
    expect(data.mfa).toEqual([
      { code: "BY-MFA-VISA-LIBERALISATION-2020", madeOn: "2020-01-01", madeByOrganisation: { code: "BY-MFA" }, locator: "footnote 29", source: { code: "SCHENGENVISAINFO-2020" } },
    ]);
    expect(data.trends).toEqual([
      { code: "BY-ACADEMIC-MOBILITY-RISING", trendDirection: "RISING", since: null, sincePrecision: null, quantity: null },
      { code: "BY-GRADUATE-UNEMPLOYMENT-RISING", trendDirection: "RISING", since: "2014-01-01", sincePrecision: "YEAR", quantity: null },
      { code: "BY-STUDENTS-FALLING", trendDirection: "FALLING", since: "2014-01-01", sincePrecision: "YEAR", quantity: null },
    ]);
    expect(data.statement).toEqual({ kind: "STATEMENT", text: "The EU currently represents the largest donor in Belarus.", locator: "section 'Context'" });
  });

  it("finds statements and programmes again by global id", async () => {
    const { statement, nationalProgramme } = await server.query(`{ statement(code: "BY-STUDENTS-FALLING") { id } nationalProgramme(code: "BY-NSDS-2030") { id } }`);
    const { nodes } = await server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Statement { code } ... on NationalProgramme { code } } }`, {
      ids: [statement.id, nationalProgramme.id],
    });
    expect(nodes).toEqual([
      { __typename: "Statement", code: "BY-STUDENTS-FALLING" },
      { __typename: "NationalProgramme", code: "BY-NSDS-2030" },
    ]);
  });
});

describe("where a figure is measured", () => {
  it("says what the geography is to the figure, and filters by it", async () => {
    const data = await server.query(`{
      visas: indicator(code: "VISAS-ISSUED-IN-BY") { observations(geographyRole: ISSUING_STATE) { geography } none: observations(geographyRole: ORIGIN) { geography } }
      tourists: indicator(code: "BY-TOURISTS-BY-ORIGIN") { observations { geography geographyRole } }
    }`);
    expect(data.visas.observations.map((o: any) => o.geography)).toEqual(["LT", "PL", "LT", "PL"]);
    expect(data.visas.none).toEqual([]);
    expect(new Set(data.tourists.observations.map((o: any) => o.geographyRole))).toEqual(new Set(["ORIGIN"]));
  });

  it("states shares relative to another figure or to a group of countries", async () => {
    const data = await server.query(`{
      share: indicator(code: "EU-WORK-PERMITS-BY-ISSUER-SHARE") { unit observations { geography geographyRole value qualifier asStated shareOf { value asStated geography periodLabel } } }
      others: indicator(code: "BY-LABOUR-MIGRATION-OTHER-SIGNATORIES") { observations { geography countries relativeToCountries value qualifier asStated isAssumption } }
    }`);
    expect(data.share.observations).toEqual([
      {
        geography: "PL", geographyRole: "ISSUING_STATE", value: "50.0000", qualifier: "APPROXIMATE", asStated: "half of them",
        shareOf: { value: "36000.0000", asStated: "over 36.000", geography: "EU", periodLabel: "2018" },
      },
    ]);
    expect(data.others.observations).toEqual([
      {
        geography: "EU", countries: ["BG", "RO", "FI", "HU"], relativeToCountries: ["LT", "LV", "PL"],
        value: "1.0000", qualifier: "AT_MOST", asStated: "below 1%", isAssumption: true,
      },
    ]);
  });
});

describe("funding that belongs to a country or an instrument", () => {
  it("gives an instrument's period as dates, and the EU-BY summary only what the brief ties to the partnership", async () => {
    const data = await server.query(`{
      fundingInstrument(code: "ENI") { periodStart periodEnd allocations { partnership { code } recipient { code } } }
      fundingSummary(groupBy: [PROJECT], filter: { partnershipCode: "EU-BY", projectCodes: ["IOM-IRREGULAR-MIGRANTS", "EU-WB-PRIVATE-SECTOR"] }) {
        rows { project { code } budget } allocations { instrument { code } }
      }
    }`);
    expect(data.fundingInstrument).toEqual({ periodStart: "2014-01-01", periodEnd: "2020-12-31", allocations: [{ partnership: null, recipient: { code: "BY" } }] });
    expect(data.fundingSummary).toEqual({ rows: [{ project: { code: "IOM-IRREGULAR-MIGRANTS" }, budget: "7000000.00" }], allocations: [] });
  });
});

describe("sources", () => {
  it("links a source's publisher to the organisation where there is one", async () => {
    const data = await server.query(`{
      eurostat: source(code: "EUROSTAT") { publisher publisherOrganisation { code kind } }
      vfa: source(code: "EC-2020-VFA") { publisherOrganisation { code parent { code } } }
      oecd: source(code: "OECD-2019") { publisher publisherOrganisation { code } }
    }`);
    expect(data.eurostat).toEqual({ publisher: "Eurostat", publisherOrganisation: { code: "EUROSTAT", kind: "STATISTICAL_OFFICE" } });
    expect(data.vfa).toEqual({ publisherOrganisation: { code: "EC", parent: { code: "EU" } } });
    expect(data.oecd).toEqual({ publisher: "OECD", publisherOrganisation: null });
  });
});

// Last: it changes DAT-2, which the tests above read as seeded.
describe("a measure's area once decided", () => {
  it("is no longer flagged as a reading when the coordinator sets it", async () => {
    const { measures } = await server.query(`{ measures(filter: { search: "DAT-2" }) { nodes { id version } } }`);
    const [dat2] = measures.nodes;
    const result = await server.requestAs<any>(
      { sub: "secretariat", role: "COORDINATOR" },
      `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { measure { policyArea { code } policyAreaIsAssumption policyAreaNote } } }`,
      { input: { measureId: dat2.id, expectedVersion: dat2.version, policyAreaCode: "MIGRATION_MANAGEMENT" } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.updateMeasure.measure).toEqual({ policyArea: { code: "MIGRATION_MANAGEMENT" }, policyAreaIsAssumption: false, policyAreaNote: null });
  });
});
