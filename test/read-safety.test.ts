import { eq } from "drizzle-orm";
import { GraphQLError } from "graphql";
import { asChangeInputError, formatError, isClientError } from "../src/graphql/errors";
import { toGlobalId } from "../src/lib/global-id";
import { measures } from "../src/modules/measures/measures.tables";
import { AUDITOR, COORDINATOR, ministry } from "./helpers/claims";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";

/**
 * Reads that stored data, odd ids or odd text must not break: sums at the largest amounts,
 * ids naming what is not a type, subscriptions over HTTP, invisible and malformed text, drafts
 * kept from the public, the measures export's filters, and unknown paths.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

function dataOf<Data>(result: GraphQLResult<Data>, query: string): Data {
  if (result.errors?.length) throw new Error(`Request failed:\n${query}\nerrors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as Data;
}

async function coordinatorDoes(query: string, variables: Record<string, unknown>): Promise<any> {
  return Object.values(dataOf(await server.requestAs<any>(COORDINATOR, query, variables), query) as object)[0];
}

/** One error with this code, nothing internal in it; gives its message. */
function expectError(result: GraphQLResult<unknown>, code: string): string {
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(JSON.stringify(result.errors)).not.toMatch(/select |insert |node_modules|at \w+ \(/i);
  return result.errors![0]!.message;
}

async function download(path: string, token?: string) {
  const response = await fetch(`${server.origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

/** CSV records of a download that must succeed (fields here never hold commas or quotes). */
async function csvObjects(path: string, token?: string): Promise<Record<string, string>[]> {
  const result = await download(path, token);
  if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}: ${result.text}`);
  const [header, ...rows] = result.text.trimEnd().split("\r\n").map((line) => line.split(","));
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

// --- 1. sums at the largest amounts -----------------------------------------------------

describe("money at the largest amount a field takes", () => {
  const MAX = "999999999999999999.99";
  const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id code version } } }`;
  const ADD_PARTICIPANT = `mutation($input: AddProjectParticipantInput!) { addProjectParticipant(input: $input) { project { version } } }`;
  const BUDGET = `mutation($input: RecordProjectBudgetInput!) { recordProjectBudget(input: $input) { project { version } } }`;
  const TRANSACTION = `mutation($input: RecordProjectTransactionInput!) { recordProjectTransaction(input: $input) { project { version } } }`;
  const SET_RATE = `mutation($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { exchangeRate { id } } }`;
  const LINK = `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { measure { version } } }`;
  const FIGURES = "currency budget committed disbursed expended undisbursed";
  const SUMMARY = `query($groupBy: [FundingDimension!]!, $filter: FundingFilterInput, $currency: String) {
    fundingSummary(groupBy: $groupBy, filter: $filter, reportingCurrency: $currency) { rows { ${FIGURES} } totals { ${FIGURES} } } }`;

  let code: string;
  beforeAll(async () => {
    const { project } = await coordinatorDoes(CREATE_PROJECT, {
      input: { partnershipCode: "EU-BY", code: uniqueCode("MAX"), title: "Largest amounts", status: "IMPLEMENTATION" },
    });
    code = project.code;
    let version: number = project.version;
    const change = async (query: string, fields: Record<string, unknown>) => {
      const result = await coordinatorDoes(query, { input: { projectId: project.id, expectedVersion: version, ...fields } });
      version = result.project.version;
    };
    // Two organisations and two measures of two leads each: every amount is shared, to the cent.
    for (const organisationCode of ["IOM-BY", "EU"]) await change(ADD_PARTICIPANT, { organisationCode, role: "IMPLEMENTING" });
    for (let i = 0; i < 2; i++) {
      const measureId = await createMeasure(server.database.db, { leads: ["BY", "PL"] });
      await coordinatorDoes(LINK, { input: { measureId: toGlobalId("Measure", measureId), expectedVersion: 1, projectIds: [project.id] } });
    }
    const money = (amount: string, currency = "EUR") => ({ amount: { amount, currency } });
    await change(BUDGET, { status: "COMMITTED", valueDate: "2020-01-01", ...money(MAX) });
    await change(BUDGET, { status: "COMMITTED", valueDate: "2020-06-01", ...money(MAX) });
    await change(BUDGET, { status: "COMMITTED", valueDate: "2020-06-01", ...money(MAX, "USD") });
    for (const type of ["OUTGOING_COMMITMENT", "OUTGOING_COMMITMENT", "DISBURSEMENT", "EXPENDITURE", "EXPENDITURE"]) {
      await change(TRANSACTION, { type, valueDate: "2021-03-01", ...money(MAX) });
    }
    await change(TRANSACTION, { type: "DISBURSEMENT", valueDate: "2021-03-01", ...money("0.01") });
    await coordinatorDoes(SET_RATE, {
      input: { baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2019-01-01", rate: "10000000000000", source: "A test of the largest rates" },
    });
  });

  const EUR_TOTALS = {
    currency: "EUR",
    budget: "1999999999999999999.98",
    committed: "1999999999999999999.98",
    disbursed: "1000000000000000000.00",
    expended: "1999999999999999999.98",
    undisbursed: "999999999999999999.98",
  };

  it.each([[[]], [["PROJECT", "YEAR"]], [["ORGANISATION", "SIGNATORY", "MEASURE"]], [["POLICY_AREA", "MEASURE_STATUS", "INSTRUMENT"]]])(
    "sums them in fundingSummary(groupBy: %j), as transactionTotals and the CSV export do",
    async (groupBy) => {
      const filter = { projectCodes: [code] };
      const summary = (await server.requestAs<any>(AUDITOR, SUMMARY, { groupBy, filter })).data?.fundingSummary;
      expect(summary?.totals).toEqual([EUR_TOTALS, expect.objectContaining({ currency: "USD", budget: MAX })]);
      // The rows add up to the totals, to the cent.
      if (groupBy.length) {
        const cents = (figure: string) => BigInt(figure.replace(".", ""));
        const eurBudget = summary.rows.filter((r: any) => r.currency === "EUR").reduce((sum: bigint, r: any) => sum + cents(r.budget), 0n);
        expect(eurBudget).toBe(cents(EUR_TOTALS.budget));
      }

      const { project } = await server.query(`query($code: String!) { project(code: $code) { budget { amount currency } transactionTotals { type amount { amount currency } } } }`, { code });
      expect(project.budget).toEqual([{ amount: EUR_TOTALS.budget, currency: "EUR" }, { amount: MAX, currency: "USD" }]);
      expect(project.transactionTotals).toEqual(
        expect.arrayContaining([{ type: "DISBURSEMENT", amount: { amount: EUR_TOTALS.disbursed, currency: "EUR" } }]),
      );

      const params = new URLSearchParams({ projectCodes: code, ...(groupBy.length ? { groupBy: groupBy.join(",") } : {}) });
      const totals = (await csvObjects(`/exports/funding-summary.csv?${params}`, await server.tokenFor(AUDITOR))).filter((r) => r.row === "TOTAL");
      expect(totals.find((t) => t.currency === "EUR")).toMatchObject(EUR_TOTALS);
    },
  );

  it("converts them at the largest rates into a reporting currency, in GraphQL and CSV alike", async () => {
    const filter = { projectCodes: [code] };
    const summary = dataOf(await server.requestAs<any>(AUDITOR, SUMMARY, { groupBy: ["ORGANISATION"], filter, currency: "EUR" }), SUMMARY).fundingSummary;
    // MAX USD at 10^13 EUR a dollar, beside the EUR budget.
    const budget = "9999999999999999999900000000000.00";
    const expected = { ...EUR_TOTALS, budget: (BigInt(budget.replace(".", "")) + 199999999999999999998n).toString().replace(/(\d\d)$/, ".$1") };
    expect(summary.totals).toEqual([expected]);
    const params = new URLSearchParams({ projectCodes: code, groupBy: "ORGANISATION", reportingCurrency: "EUR" });
    const [total] = (await csvObjects(`/exports/funding-summary.csv?${params}`, await server.tokenFor(AUDITOR))).filter((r) => r.row === "TOTAL");
    expect(total).toMatchObject(expected);
  });

  it("sums them in every grand total, whoever asks", async () => {
    const result = await server.request(`{ fundingSummary(groupBy: []) { totals { currency budget disbursed } } }`);
    expect(result.errors).toBeUndefined();
    expect((await download("/exports/funding-summary.csv")).status).toBe(200);
  });
});

describe("database errors that stored data causes in a read", () => {
  it("are internal errors, logged, never the reader's input", async () => {
    const outOfRange = Object.assign(new Error("numeric field overflow"), { code: "22003" });
    const inRead = new GraphQLError("numeric field overflow", { originalError: outOfRange, path: ["fundingSummary"] });
    expect(formatError({ message: inRead.message }, inRead).extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(isClientError(inRead)).toBe(false);
    // The same error met while applying a client's change is the client's.
    expect(asChangeInputError(outOfRange)).toMatchObject({ message: "A number is out of range", extensions: { code: "BAD_USER_INPUT" } });
  });
});

// --- 2. ids that name no type ---------------------------------------------------------

describe("node(id:) with ids that name no type", () => {
  const forged = (typeName: string) => Buffer.from(`${typeName}:1`).toString("base64url");

  it.each(["constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "Nope"])("gives null for %s:1", async (typeName) => {
    const result = await server.request(`query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, { id: forged(typeName) });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null, nodes: [null] });
  });
});

// --- 3. subscriptions over HTTP ---------------------------------------------------------

describe("a subscription sent over HTTP", () => {
  it.each(["development", "production"] as const)("is a client error with its own code, pointing to WebSocket (%s)", async (nodeEnv) => {
    const target = nodeEnv === "production" ? await startTestServer({ nodeEnv }) : server;
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "subscription { measureChanged { cursor status } }" }),
      });
      const body = (await response.json()) as any;
      expect(response.status).toBe(400);
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(["OPERATION_NOT_SUPPORTED"]);
      expect(body.errors[0].message).toMatch(/served over WebSocket at \/graphql .*not over HTTP/i);
    } finally {
      if (target !== server) await target.stop();
    }
  });
});

// --- 4. text that is not what it looks like --------------------------------------------

describe("text inputs", () => {
  const CREATE_MEASURE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id title } } }`;
  const measureInput = (fields: Record<string, unknown>) => ({
    input: { partnershipCode: "EU-BY", code: uniqueCode("TXT"), title: "A measure", policyAreaCode: "ASYLUM", leadSignatoryCode: "BY", ...fields },
  });

  it.each([
    ["zero-width spaces", "\u200b\u200b\u200b"],
    ["a word joiner and a byte order mark", "\u2060\ufeff"],
    ["a soft hyphen between spaces", " \u00ad "],
    ["no-break and ideographic spaces", "\u00a0\u3000"],
  ])("refuses a title of only %s", async (_, title) => {
    const before = (await server.database.db.select({ id: measures.id }).from(measures)).length;
    const message = expectError(await server.requestAs(COORDINATOR, CREATE_MEASURE, measureInput({ title })), "BAD_USER_INPUT");
    expect(message).toMatch(/title must not be blank/);
    expect((await server.database.db.select({ id: measures.id }).from(measures)).length).toBe(before);
  });

  it("keeps visible text with format characters inside it", async () => {
    const title = "Zürich\u200b–\u200dМінск 👩‍👩‍👧";
    const { measure } = await coordinatorDoes(CREATE_MEASURE, measureInput({ title }));
    expect(measure.title).toBe(title);
  });

  it.each([
    ["a lone high surrogate", "x\ud800y"],
    ["a lone low surrogate", "x\udc00"],
    ["reversed surrogates", "\udfff\ud800"],
    ["a NUL character", "a\u0000b"],
  ])("refuses %s in any text field of a mutation, and stores nothing", async (_, text) => {
    const [measureId] = await server.database.db.select({ id: measures.id }).from(measures).where(eq(measures.code, "LAB-1"));
    const id = toGlobalId("Measure", measureId!.id);
    const cases: [string, Record<string, unknown>][] = [
      [CREATE_MEASURE, measureInput({ title: text })],
      [CREATE_MEASURE, measureInput({ description: text })],
      [CREATE_MEASURE, measureInput({ clientMutationId: text })],
      [
        `mutation($input: AddMeasureProgressUpdateInput!) { addMeasureProgressUpdate(input: $input) { measure { id } } }`,
        { input: { measureId: id, expectedVersion: 1, text: `Progress ${text}` } },
      ],
      [
        `mutation($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { exchangeRate { id } } }`,
        { input: { baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2019-01-02", rate: "1.1", source: `ECB ${text}` } },
      ],
    ];
    for (const [query, variables] of cases) {
      const message = expectError(await server.requestAs(COORDINATOR, query, variables), "BAD_USER_INPUT");
      expect(message).toMatch(/malformed text|NUL/i);
    }
  });

  it("refuses malformed text in literals and in filters, as in ids", async () => {
    // In the document itself, escaped or not, GraphQL's parser refuses it.
    for (const literal of ["x\\ud800", "x\ud800"]) {
      const result = await server.request(`{ measures(filter: { search: "${literal}" }) { totalCount } }`);
      expect([result.status, expectError(result, "GRAPHQL_PARSE_FAILED")]).toEqual([400, expect.stringMatching(/Invalid/)]);
    }
    expectError(await server.request(`query($s: String) { measures(filter: { search: $s }) { totalCount } }`, { s: "a\u0000b" }), "BAD_USER_INPUT");
    expectError(await server.request(`query($s: String) { projects(filter: { search: $s }) { totalCount } }`, { s: "\udc00" }), "BAD_USER_INPUT");
    expectError(await server.request(`query($id: ID!) { node(id: $id) { id } }`, { id: "\ud800" }), "BAD_USER_INPUT");
    expectError(await server.request(`query($c: String!) { partnership(code: $c) { code } }`, { c: "EU\u0000BY" }), "BAD_USER_INPUT");
  });

  it("refuses a reason of only invisible characters where one is required", async () => {
    const measureId = await createMeasure(server.database.db, { status: "AGREED" });
    const result = await server.requestAs(
      COORDINATOR,
      `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status } } }`,
      { input: { measureId: toGlobalId("Measure", measureId), expectedVersion: 1, status: "ON_HOLD", reason: "\u200b\u2060" } },
    );
    expect(expectError(result, "BAD_USER_INPUT")).toMatch(/reason/);
  });

  it("refuses NUL in any export's parameters", async () => {
    const auditor = await server.tokenFor(AUDITOR);
    for (const [path, token] of [["/exports/measures.csv?search=a%00b"], ["/exports/audit-log.csv?actor=a%00b", auditor]] as const) {
      const result = await download(path, token);
      expect([path, result.status, result.text]).toEqual([path, 400, expect.stringMatching(/NUL/)]);
    }
  });
});

// --- 5. drafts are for signed-in users --------------------------------------------------

describe("action plan drafts", () => {
  const VERSION = "id number status";
  let draft: { id: string; number: number };
  beforeAll(async () => {
    const opened = await coordinatorDoes(
      `mutation($input: OpenActionPlanDraftInput!) { openActionPlanDraft(input: $input) { version { ${VERSION} } } }`,
      { input: { partnershipCode: "EU-BY", note: "Confidential draft" } },
    );
    draft = opened.version;
  });

  it("are not listed, fetched, diffed or reached by id anonymously", async () => {
    const anonymous = (query: string, variables?: Record<string, unknown>) => server.request<any>(query, variables);
    const list = await anonymous(`{ actionPlanVersions(partnershipCode: "EU-BY") { ${VERSION} } }`);
    expect(list.data.actionPlanVersions.map((v: any) => v.status)).not.toContain("DRAFT");
    const byNumber = await anonymous(`query($n: Int) { actionPlan(partnershipCode: "EU-BY", version: $n) { ${VERSION} } }`, { n: draft.number });
    expect(byNumber.data).toEqual({ actionPlan: null });
    const byId = await anonymous(`query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, { id: draft.id });
    expect(byId.data).toEqual({ node: null, nodes: [null] });
    const diff = await anonymous(`query($n: Int!) { actionPlanDiff(partnershipCode: "EU-BY", from: $n, to: $n) { added { code } } }`, { n: draft.number });
    expect(expectError(diff, "BAD_USER_INPUT")).toBe(`EU-BY's action plan has no version ${draft.number}`);
  });

  it.each([
    ["a ministry", ministry("PL")],
    ["an auditor", AUDITOR],
  ])("are readable by %s, as by the coordinator", async (_, claims) => {
    const list = await server.requestAs<any>(claims, `{ actionPlanVersions(partnershipCode: "EU-BY") { ${VERSION} } }`);
    expect(list.data.actionPlanVersions).toContainEqual(draft && { ...draft, status: "DRAFT" });
    const byId = await server.requestAs<any>(claims, `query($id: ID!) { node(id: $id) { id } }`, { id: draft.id });
    expect(byId.data).toEqual({ node: { id: draft.id } });
  });
});

// --- 6. the measures export takes the measures filter --------------------------------------

describe("measures.csv", () => {
  it("takes every field of the measures filter, as the GraphQL filter reads it", async () => {
    const codes = async (path: string) => (await csvObjects(path)).map((r) => r.code).sort();
    const viaGraphql = async (filter: Record<string, unknown>) =>
      (await server.query(`query($f: MeasureFilter) { measures(filter: $f, first: 100) { nodes { code } } }`, { f: filter })).measures.nodes
        .map((m: any) => m.code)
        .sort();
    const cases: [string, Record<string, unknown>][] = [
      ["search=visa", { search: "visa" }],
      ["responsibleSignatoryCode=LT", { responsibleSignatoryCode: "LT" }],
      ["themeCode=LABOUR_MOBILITY", { themeCode: "LABOUR_MOBILITY" }],
      ["overdue=true&statuses=PROPOSED,AGREED", { overdue: true, statuses: ["PROPOSED", "AGREED"] }],
      ["overdue=false&leadSignatoryCode=BY&hasFunding=false", { overdue: false, leadSignatoryCode: "BY", hasFunding: false }],
    ];
    for (const [query, filter] of cases) expect([query, await codes(`/exports/measures.csv?${query}`)]).toEqual([query, await viaGraphql(filter)]);
    expect((await codes("/exports/measures.csv?search=visa")).length).toBeGreaterThan(0);
  });

  it("refuses what the GraphQL filter refuses, with a readable message", async () => {
    const refused = async (query: string) => {
      const result = await download(`/exports/measures.csv?${query}`);
      expect(result.status).toBe(400);
      return result.text.trimEnd();
    };
    expect(await refused(`search=${"x".repeat(201)}`)).toMatch(/search must be shorter than or equal to 200 characters/);
    expect(await refused("overdue=maybe")).toBe('overdue must be true or false (got "maybe")');
    expect(await refused("statuses=DONE")).toMatch(/DONE/);
    expect(await refused("sarch=visa")).toMatch(/^Unknown parameter "sarch"; this export takes partnershipCode, statuses, .*search.*overdue/);
  });
});

// --- 7. unknown paths and methods ---------------------------------------------------------

describe("paths and methods the service does not serve", () => {
  it.each(["/nope", "/exports//audit-log.csv", "/exports/nope.csv", "/healthz/x"])("answer %s with a JSON 404", async (path) => {
    const response = await fetch(`${server.origin}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ errors: [{ message: `There is nothing at ${path}`, extensions: { code: "NOT_FOUND" } }] });
  });

  it.each([
    ["POST", "/healthz", "GET, HEAD"],
    ["DELETE", "/exports/measures.csv", "GET, HEAD"],
    ["PUT", "/readyz", "GET, HEAD"],
  ])("answer %s %s with a JSON 405 and Allow", async (method, path, allow) => {
    const response = await fetch(`${server.origin}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe("METHOD_NOT_ALLOWED");
  });
});
