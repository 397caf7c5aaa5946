import { inArray } from "drizzle-orm";
import { fromGlobalIdOf } from "../src/lib/global-id";
import { exchangeRates } from "../src/modules/funding/funding.tables";
import { measureProjects, measures } from "../src/modules/measures/measures.tables";
import { organisations } from "../src/modules/organisations/organisations.tables";
import { createMeasure } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const SUMMARY = `query($groupBy: [FundingDimension!]!, $filter: FundingFilterInput, $reportingCurrency: String) {
  fundingSummary(groupBy: $groupBy, filter: $filter, reportingCurrency: $reportingCurrency) {
    groupBy reportingCurrency
    rows { instrument { code } project { code } organisation { code } signatory { code } policyArea { code } measureStatus year
           currency budget committed disbursed expended undisbursed }
    totals { currency budget committed disbursed expended undisbursed }
    allocations { instrument { code } amount { amount currency } qualifier periodStart periodEnd }
  }
}`;

describe("funding summary on the seed", () => {
  it("pins the brief's figures by project", async () => {
    const { fundingSummary } = await server.query(SUMMARY, { groupBy: ["PROJECT"] });
    const byProject = Object.fromEntries(fundingSummary.rows.map((r: any) => [r.project.code, r.budget]));
    expect(byProject["IOM-IRREGULAR-MIGRANTS"]).toBe("7000000.00");
    expect(byProject["EU-WB-PRIVATE-SECTOR"]).toBe("4800000.00");
    expect(fundingSummary.totals).toEqual([
      { currency: "EUR", budget: "11800000.00", committed: "0.00", disbursed: "0.00", expended: "0.00", undisbursed: "0.00" },
    ]);
    expect(fundingSummary.allocations).toEqual([
      { instrument: { code: "ENI" }, amount: { amount: "170000000.00", currency: "EUR" }, qualifier: "AT_LEAST", periodStart: "2014-01-01", periodEnd: "2020-12-31" },
    ]);
  });
});

describe("funding summary after recorded transactions", () => {
  const COORDINATOR = { sub: "secretariat", role: "COORDINATOR" } as const;
  let iom: { id: string; version: number };

  const record = async (type: string, amount: string, currency: string, valueDate: string) => {
    const result = await server.requestAs<any>(
      COORDINATOR,
      `mutation($input: RecordProjectTransactionInput!) { recordProjectTransaction(input: $input) { project { version } transaction { id } } }`,
      { input: { projectId: iom.id, expectedVersion: iom.version, type, valueDate, amount: { amount, currency } } },
    );
    expect(result.errors).toBeUndefined();
    iom.version = result.data.recordProjectTransaction.project.version;
    return result.data.recordProjectTransaction.transaction.id as string;
  };

  beforeAll(async () => {
    const { project } = await server.query(`{ project(code: "IOM-IRREGULAR-MIGRANTS") { id version } }`);
    iom = project;
    await record("OUTGOING_COMMITMENT", "7000000.00", "EUR", "2018-12-01");
    await record("DISBURSEMENT", "1500000.00", "EUR", "2019-03-15");
    const mistaken = await record("DISBURSEMENT", "250000.01", "EUR", "2019-06-30");
    const reversed = await server.requestAs(
      COORDINATOR,
      `mutation($input: ReverseProjectTransactionInput!) { reverseProjectTransaction(input: $input) { project { version } } }`,
      { input: { projectId: iom.id, expectedVersion: iom.version, transactionId: mistaken, reason: "Booked twice" } },
    );
    expect(reversed.errors).toBeUndefined();
    iom.version += 1;
    await record("EXPENDITURE", "0.01", "EUR", "2020-01-02");
    await record("DISBURSEMENT", "100.00", "USD", "2020-02-03");
  });

  it("pins committed, disbursed, expended and undisbursed per project and currency", async () => {
    const { fundingSummary } = await server.query(SUMMARY, { groupBy: ["PROJECT"], filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"] } });
    expect(fundingSummary.rows.map(({ project, currency, budget, committed, disbursed, expended, undisbursed }: any) => ({
      project: project.code, currency, budget, committed, disbursed, expended, undisbursed,
    }))).toEqual([
      { project: "IOM-IRREGULAR-MIGRANTS", currency: "EUR", budget: "7000000.00", committed: "7000000.00", disbursed: "1500000.00", expended: "0.01", undisbursed: "5500000.00" },
      { project: "IOM-IRREGULAR-MIGRANTS", currency: "USD", budget: "0.00", committed: "0.00", disbursed: "100.00", expended: "0.00", undisbursed: "-100.00" },
    ]);
  });

  it("nets a reversal in the year of the entry it corrects", async () => {
    const { fundingSummary } = await server.query(SUMMARY, { groupBy: ["YEAR"], filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"] } });
    const eur = fundingSummary.rows.filter((r: any) => r.currency === "EUR").map((r: any) => [r.year, r.committed, r.disbursed, r.expended]);
    expect(eur).toEqual([
      [2018, "7000000.00", "0.00", "0.00"],
      [2019, "0.00", "1500000.00", "0.00"],
      [2020, "0.00", "0.00", "0.01"],
    ]);
  });

  it("shares a project's money among its organisations in a role, to the cent", async () => {
    const { fundingSummary } = await server.query(SUMMARY, {
      groupBy: ["ORGANISATION"],
      filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"], transactionTypes: ["OUTGOING_COMMITMENT"] },
    });
    const eur = fundingSummary.rows.filter((r: any) => r.currency === "EUR");
    // Three implementers: 7,000,000.00 / 3 = 2,333,333.33 each, and the odd cent to the first.
    expect(eur.map((r: any) => r.budget).sort()).toEqual(["2333333.33", "2333333.33", "2333333.34"]);
    expect(eur.map((r: any) => r.organisation.code).sort()).toEqual(["BY-MIA", "BY-SBC", "IOM-BY"]);
    const funders = await server.query(SUMMARY, {
      groupBy: ["ORGANISATION"],
      filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"], organisationRole: "FUNDING", transactionTypes: [] },
    });
    expect(funders.fundingSummary.rows).toEqual([expect.objectContaining({ organisation: { code: "EU" }, currency: "EUR", budget: "7000000.00", disbursed: "0.00" })]);
  });

  it("converts to a reporting currency, and names a missing rate instead of skipping it", async () => {
    const missing = await server.request(SUMMARY, { groupBy: ["PROJECT"], reportingCurrency: "EUR" });
    expect(missing.errors?.[0]).toMatchObject({
      message: "No exchange rate from USD to EUR on or before 2020-02-03; the coordinator can record one with setExchangeRate",
      extensions: { code: "BAD_USER_INPUT", currency: "USD", date: "2020-02-03" },
    });
    await server.database.db.insert(exchangeRates).values({ baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2020-01-31", rate: "0.9066", source: "ECB reference rate" });
    const { fundingSummary } = await server.query(SUMMARY, { groupBy: ["PROJECT"], filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"] }, reportingCurrency: "EUR" });
    expect(fundingSummary.reportingCurrency).toBe("EUR");
    expect(fundingSummary.totals).toEqual([
      { currency: "EUR", budget: "7000000.00", committed: "7000000.00", disbursed: "1500090.66", expended: "0.01", undisbursed: "5499909.34" },
    ]);
  });

  it("refuses bad arguments with BAD_USER_INPUT", async () => {
    expect(await server.badUserInput(`{ fundingSummary(groupBy: [PROJECT, PROJECT]) { totals { currency } } }`)).toBe("groupBy names a dimension twice");
    expect(await server.badUserInput(`{ fundingSummary(groupBy: [COUNTRY]) { totals { currency } } }`)).toMatch(/COUNTRY/);
    expect(await server.badUserInput(`{ fundingSummary(groupBy: [YEAR], reportingCurrency: "eur") { totals { currency } } }`)).toMatch(/ISO 4217/);
    expect(await server.badUserInput(`{ fundingSummary(groupBy: [YEAR], filter: { from: "2020-01-01", to: "2019-01-01" }) { totals { currency } } }`)).toBe(
      "filter.from must not be after filter.to",
    );
  });

  it("costs a constant number of SQL statements, whatever the number of rows", async () => {
    const result = await server.request(SUMMARY, { groupBy: ["PROJECT", "YEAR"] });
    expect(result.errors).toBeUndefined();
    // the summary, the allocations, then one batched load of the rows' projects and one of
    // the allocations' instruments (the other dimensions are not grouped, so not loaded)
    expect(result.statements).toBe(4);
  });
});

describe("equal shares along every dimension", () => {
  it("gives each organisation of a project serving three measures a third of its budget, the odd cent to the first", async () => {
    // The IOM project: EUR 7,000,000.00, three implementers. Linked to three measures, its
    // budget had been split over the 9 (organisation, measure) pairs: 2,333,333.34 twice and .32.
    const { project } = await server.query(`{ project(code: "IOM-IRREGULAR-MIGRANTS") { id } }`);
    const projectId = fromGlobalIdOf("Project", project.id);
    const measureIds = [await createMeasure(server.database.db, { leads: ["BY"] }), await createMeasure(server.database.db, { leads: ["LT", "PL"] }), await createMeasure(server.database.db, { leads: ["EU"] })];
    await server.database.db.insert(measureProjects).values(measureIds.map((measureId) => ({ measureId, projectId })));

    const budgets = async (groupBy: string, key: string) => {
      const { fundingSummary } = await server.query(SUMMARY.replace("signatory { code }", "signatory { code } measure { code }"), {
        groupBy: [groupBy, ...(groupBy === "ORGANISATION" ? ["MEASURE"] : ["ORGANISATION"])],
        filter: { projectCodes: ["IOM-IRREGULAR-MIGRANTS"], transactionTypes: [] },
      });
      const sums = new Map<string, number>(); // cents: exact as integers at this size
      for (const row of fundingSummary.rows) sums.set(row[key].code, (sums.get(row[key].code) ?? 0) + Number(row.budget.replace(".", "")));
      return sums;
    };
    const implementers = await server.database.db
      .select({ code: organisations.code })
      .from(organisations)
      .where(inArray(organisations.code, ["BY-MIA", "BY-SBC", "IOM-BY"]))
      .orderBy(organisations.id);
    const byOrganisation = await budgets("ORGANISATION", "organisation");
    expect(implementers.map(({ code }) => byOrganisation.get(code))).toEqual([233_333_334, 233_333_333, 233_333_333]);
    const measureCodes = await server.database.db.select({ code: measures.code }).from(measures).where(inArray(measures.id, measureIds)).orderBy(measures.id);
    const byMeasure = await budgets("MEASURE", "measure");
    expect(measureCodes.map(({ code }) => byMeasure.get(code))).toEqual([233_333_334, 233_333_333, 233_333_333]);
  });
});
