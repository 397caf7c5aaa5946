import type { TokenClaims } from "../src/auth/tokens";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { exchangeRates } from "../src/modules/funding/funding.tables";
import { countRows } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";
import { AUDITOR, COORDINATOR } from "./helpers/claims";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const MINISTRY_PL: TokenClaims = { sub: "ministry-pl", role: "MINISTRY", signatory: "PL" };

const RATE_FIELDS = "id baseCurrency quoteCurrency rateDate rate source recordedAt";
const SET_RATE = `mutation($input: SetExchangeRateInput!) {
  setExchangeRate(input: $input) { clientMutationId exchangeRate { ${RATE_FIELDS} } }
}`;
const RATES = `query($base: String, $quote: String, $first: Int, $after: String) {
  exchangeRates(baseCurrency: $base, quoteCurrency: $quote, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${RATE_FIELDS} }
  }
}`;
const AUDIT = `query($filter: AuditLogFilter) {
  auditLog(filter: $filter, first: 100) { totalCount nodes { operation entityType entityId actor { sub role } before after } }
}`;

function dataOf<Data>(result: GraphQLResult<Data>, query: string): Data {
  if (result.errors?.length) throw new Error(`Request failed:\n${query}\nerrors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as Data;
}

async function setRate(input: Record<string, unknown>, headers?: Record<string, string>) {
  const data = dataOf(await server.requestAs<any>(COORDINATOR, SET_RATE, { input }, headers), SET_RATE);
  return data.setExchangeRate;
}

/** One error with this code, nothing internal in it; gives its message. */
function expectError(result: GraphQLResult<unknown>, code: string): string {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions?.code).toBe(code);
  expect(JSON.stringify(error)).not.toMatch(/select |insert |node_modules|at \w+ \(/i);
  return error!.message;
}

const usdEur = (overrides: Record<string, unknown> = {}) => ({
  baseCurrency: "USD",
  quoteCurrency: "EUR",
  rateDate: "2019-05-02",
  rate: "0.8923",
  source: "ECB euro foreign exchange reference rates",
  ...overrides,
});

describe("setExchangeRate", () => {
  it("is the coordinator's alone: anonymous is UNAUTHENTICATED, ministries and auditors FORBIDDEN, and nothing is written", async () => {
    const before = { rates: await countRows(server.database.db, exchangeRates), audit: await countRows(server.database.db, auditEvents) };
    const input = usdEur({ rateDate: "2018-01-01" });
    expectError(await server.request(SET_RATE, { input }), "UNAUTHENTICATED");
    expect(expectError(await server.requestAs(MINISTRY_PL, SET_RATE, { input }), "FORBIDDEN")).toMatch(/MINISTRY may not set exchange rates; this takes COORDINATOR/);
    expectError(await server.requestAs(AUDITOR, SET_RATE, { input }), "FORBIDDEN");
    expect({ rates: await countRows(server.database.db, exchangeRates), audit: await countRows(server.database.db, auditEvents) }).toEqual(before);
  });

  it("records a rate, exactly as given, with an audit record and the clientMutationId", async () => {
    const payload = await setRate(usdEur({ rate: "1.0000000001", clientMutationId: "fx-1" }));
    expect(payload).toMatchObject({
      clientMutationId: "fx-1",
      exchangeRate: { baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2019-05-02", rate: "1.0000000001", source: "ECB euro foreign exchange reference rates" },
    });
    const { id } = payload.exchangeRate;

    const node = await server.query(`query($id: ID!) { node(id: $id) { ... on ExchangeRate { rate rateDate } } }`, { id });
    expect(node.node).toEqual({ rate: "1.0000000001", rateDate: "2019-05-02" });

    const log = dataOf(await server.requestAs<any>(AUDITOR, AUDIT, { filter: { entityId: id } }), AUDIT).auditLog;
    expect(log.totalCount).toBe(1);
    expect(log.nodes[0]).toMatchObject({
      operation: "setExchangeRate",
      entityType: "ExchangeRate",
      entityId: id,
      actor: { sub: "secretariat-1", role: "COORDINATOR" },
      before: null,
      after: { baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2019-05-02", rate: "1.0000000001" },
    });
  });

  it("replaces the rate of a day that has one: same id, and the audit trail keeps the old rate as before", async () => {
    const first = await setRate(usdEur({ rateDate: "2019-06-03", rate: "0.89" }));
    const second = await setRate(usdEur({ rateDate: "2019-06-03", rate: "0.8875", source: "  ECB, corrected  " }));
    expect(second.exchangeRate).toMatchObject({ id: first.exchangeRate.id, rate: "0.8875000000", source: "ECB, corrected" });

    const rates = await server.query(RATES, { base: "USD", quote: "EUR", first: 100 });
    expect(rates.exchangeRates.nodes.filter((r: any) => r.rateDate === "2019-06-03")).toHaveLength(1);

    const log = dataOf(await server.requestAs<any>(AUDITOR, AUDIT, { filter: { entityId: first.exchangeRate.id } }), AUDIT).auditLog;
    expect(log.nodes.map((e: any) => [e.before?.rate ?? null, e.after.rate])).toEqual([
      ["0.8900000000", "0.8875000000"],
      [null, "0.8900000000"],
    ]);
    expect(log.nodes[0].before.source).toBe("ECB euro foreign exchange reference rates");
  });

  it("replays a retried call with the same Idempotency-Key, and refuses the key for another input", async () => {
    const headers = { "idempotency-key": "fx-retry-1" };
    const input = usdEur({ rateDate: "2019-07-01", rate: "0.9" });
    const audit = await countRows(server.database.db, auditEvents);
    const first = await setRate(input, headers);
    const again = await setRate(input, headers);
    expect(again.exchangeRate).toEqual(first.exchangeRate);
    expect(await countRows(server.database.db, auditEvents)).toBe(audit + 1);

    const other = await server.requestAs(COORDINATOR, SET_RATE, { input: { ...input, rate: "0.95" } }, headers);
    expect(expectError(other, "BAD_USER_INPUT")).toMatch(/already used for a different request/);
  });

  it.each([
    ["a zero rate", { rate: "0" }, /rate must be a positive decimal/],
    ["a negative rate", { rate: "-1.2" }, /rate must be a positive decimal/],
    ["eleven decimals", { rate: "0.12345678901" }, /at most 14 digits before the point and 10 after/],
    ["fifteen integer digits", { rate: "123456789012345" }, /at most 14 digits before the point/],
    ["a float-like rate", { rate: "1e3" }, /Decimal must be a string of digits/],
    ["a lower-case currency", { baseCurrency: "usd" }, /baseCurrency must be an ISO 4217 currency code/],
    ["an unknown currency", { quoteCurrency: "ABC" }, /quoteCurrency must be an ISO 4217 currency code/],
    ["equal currencies", { quoteCurrency: "USD" }, /baseCurrency and quoteCurrency must differ \(both are USD\)/],
    ["a blank source", { source: "   " }, /source must not be blank/],
    ["an impossible date", { rateDate: "2019-02-30" }, /./],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_case, overrides, message) => {
    const before = await countRows(server.database.db, exchangeRates);
    const result = await server.requestAs(COORDINATOR, SET_RATE, { input: usdEur({ rateDate: "2017-01-02", ...overrides }) });
    expect(expectError(result, "BAD_USER_INPUT")).toMatch(message);
    expect(await countRows(server.database.db, exchangeRates)).toBe(before);
  });
});

describe("exchangeRates", () => {
  it("is public, filtered by pair, latest rate date first, and paginates with a total count", async () => {
    for (const [rateDate, rate] of [["2020-01-02", "1.1"], ["2020-03-02", "1.3"], ["2020-02-03", "1.2"]] as const) {
      await setRate({ baseCurrency: "EUR", quoteCurrency: "BYN", rateDate, rate, source: "National Bank of the Republic of Belarus" });
    }
    await setRate({ baseCurrency: "EUR", quoteCurrency: "PLN", rateDate: "2020-05-04", rate: "4.5", source: "NBP" });

    const first = await server.query(RATES, { base: "EUR", quote: "BYN", first: 2 });
    expect(first.exchangeRates.totalCount).toBe(3);
    expect(first.exchangeRates.nodes.map((r: any) => [r.rateDate, r.rate])).toEqual([
      ["2020-03-02", "1.3000000000"],
      ["2020-02-03", "1.2000000000"],
    ]);
    expect(first.exchangeRates.pageInfo.hasNextPage).toBe(true);
    const rest = await server.query(RATES, { base: "EUR", quote: "BYN", first: 2, after: first.exchangeRates.pageInfo.endCursor });
    expect(rest.exchangeRates.nodes.map((r: any) => r.rateDate)).toEqual(["2020-01-02"]);
    expect(rest.exchangeRates.pageInfo.hasNextPage).toBe(false);

    const fromEur = await server.query(RATES, { base: "EUR", first: 100 });
    expect(fromEur.exchangeRates.nodes.map((r: any) => r.quoteCurrency)).toEqual(["PLN", "BYN", "BYN", "BYN"]);

    // The total comes in the page's statement, for the rates as for the audit trail.
    const counted = await server.request<any>(RATES, { base: "EUR", quote: "BYN", first: 1 });
    expect([counted.data.exchangeRates.totalCount, counted.statements]).toEqual([3, 1]);
    const audit = await server.requestAs<any>(AUDITOR, AUDIT, { filter: { operation: "setExchangeRate" } });
    const { totalCount, nodes } = audit.data.auditLog;
    expect(totalCount).toBeGreaterThanOrEqual(4);
    expect([totalCount, audit.statements]).toEqual([nodes.length, 1]);
  });

  it("refuses a currency that is not ISO 4217", async () => {
    expect(await server.badUserInput(RATES, { base: "euro" })).toMatch(/baseCurrency must be an ISO 4217 currency code/);
  });
});

describe("fundingSummary with reportingCurrency", () => {
  it("converts at the latest rate on or before each value date, and names the currency and date a rate is missing for", async () => {
    const project = await server.requestAs<any>(COORDINATOR, `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id version } } }`, {
      input: { partnershipCode: "EU-BY", code: "FX-CONVERSION", title: "Conversion check", status: "IMPLEMENTATION" },
    });
    const { id, version } = dataOf(project, "createProject").createProject.project;
    const record = `mutation($input: RecordProjectTransactionInput!) { recordProjectTransaction(input: $input) { project { version } } }`;
    dataOf(
      await server.requestAs(COORDINATOR, record, {
        input: { projectId: id, expectedVersion: version, type: "DISBURSEMENT", valueDate: "2021-03-15", amount: { amount: "1000.00", currency: "CHF" } },
      }),
      record,
    );
    const SUMMARY = `query { fundingSummary(groupBy: [PROJECT], filter: { projectCodes: ["FX-CONVERSION"] }, reportingCurrency: "EUR") {
      totals { currency disbursed } } }`;
    const missing = await server.request(SUMMARY);
    expect(expectError(missing, "BAD_USER_INPUT")).toBe(
      "No exchange rate from CHF to EUR on or before 2021-03-15; the coordinator can record one with setExchangeRate",
    );

    await setRate({ baseCurrency: "CHF", quoteCurrency: "EUR", rateDate: "2021-03-01", rate: "0.90125", source: "ECB" });
    await setRate({ baseCurrency: "CHF", quoteCurrency: "EUR", rateDate: "2021-03-16", rate: "2", source: "ECB (after the value date: unused)" });
    const converted = await server.query(SUMMARY);
    expect(converted.fundingSummary.totals).toEqual([{ currency: "EUR", disbursed: "901.25" }]);
  });
});
