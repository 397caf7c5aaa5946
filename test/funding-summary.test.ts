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
