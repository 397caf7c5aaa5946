import { eq, inArray } from "drizzle-orm";
import type { Database } from "../src/db/client";
import { toGlobalId } from "../src/lib/global-id";
import { fundingInstruments } from "../src/modules/funding/funding.tables";
import { measureProjects, measures } from "../src/modules/measures/measures.tables";
import { organisations } from "../src/modules/organisations/organisations.tables";
import { partnerships } from "../src/modules/partnerships/partnerships.tables";
import {
  projectBudgets,
  projectParticipants,
  projects,
  projectTransactions,
} from "../src/modules/projects/projects.tables";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

type ProjectInsert = typeof projects.$inferInsert;
type Role = (typeof projectParticipants.$inferInsert)["role"];

async function idsByCode(db: Database, table: typeof organisations | typeof fundingInstruments, codes: string[]) {
  const rows = await db.select({ id: table.id, code: table.code }).from(table).where(inArray(table.code, codes));
  return new Map(rows.map((row) => [row.code, row.id]));
}

interface ProjectOverrides extends Partial<Omit<ProjectInsert, "partnershipId" | "instrumentId">> {
  instrumentCode?: string;
  participants?: { organisation: string; role: Role }[];
}

/** Inserts projects of EU-BY (unique codes unless given) with their participants; returns their ids in order. */
async function createProjects(db: Database, many: ProjectOverrides[]): Promise<number[]> {
  const [partnership] = await db.select().from(partnerships).where(eq(partnerships.code, "EU-BY"));
  const instrumentIds = await idsByCode(db, fundingInstruments, many.flatMap((p) => p.instrumentCode ?? []));
  const organisationIds = await idsByCode(db, organisations, many.flatMap((p) => p.participants?.map((x) => x.organisation) ?? []));
  const rows = await db
    .insert(projects)
    .values(
      many.map(({ instrumentCode, participants: _participants, ...overrides }) => ({
        partnershipId: partnership!.id,
        instrumentId: instrumentCode ? instrumentIds.get(instrumentCode)! : null,
        code: uniqueCode("P"),
        title: "A test project",
        status: "IMPLEMENTATION" as const,
        ...overrides,
      })),
    )
    .returning({ id: projects.id });
  const participants = many.flatMap((p, i) =>
    (p.participants ?? []).map(({ organisation, role }) => ({
      projectId: rows[i]!.id,
      organisationId: organisationIds.get(organisation)!,
      role,
    })),
  );
  if (participants.length) await db.insert(projectParticipants).values(participants);
  return rows.map((row) => row.id);
}

const createProject = async (db: Database, overrides: ProjectOverrides = {}) => (await createProjects(db, [overrides]))[0]!;

const codesOf = (data: Record<string, any>): string[] => data.projects.nodes.map((p: { code: string }) => p.code);

const SEED_CODES = ["EU-WB-COMPETITION-LAW", "EU-WB-PRIVATE-SECTOR", "IOM-IRREGULAR-MIGRANTS", "MPF-MIGRATION-POLICY"];

describe("projects from the seed", () => {
  it("the IOM project: funder, implementers, budget, dates", async () => {
    const data = await server.query(`{
      project(code: "IOM-IRREGULAR-MIGRANTS") {
        code title status version isAssumption
        actualStart actualStartPrecision plannedEnd plannedEndPrecision plannedStart plannedStartPrecision
        partnership { code }
        instrument { code }
        participants { role organisation { code name } }
        budget { amount currency }
        budgets { status periodStart periodEnd valueDate amount { amount currency } qualifier asStated isAssumption }
        transactions { type }
      }
    }`);
    expect(data.project).toMatchObject({
      code: "IOM-IRREGULAR-MIGRANTS",
      title: "Helping Belarus Address the Phenomenon of Increasing Numbers of Irregular Migrants",
      status: "IMPLEMENTATION",
      version: 1,
      // "at the end of 2018", "by 2022"
      actualStart: "2018-10-01",
      actualStartPrecision: "QUARTER",
      plannedEnd: "2022-01-01",
      plannedEndPrecision: "YEAR",
      plannedStart: null,
      plannedStartPrecision: null,
      partnership: { code: "EU-BY" },
      // The brief does not name the instrument.
      instrument: null,
      budget: [{ amount: "7000000.00", currency: "EUR" }],
      transactions: [],
    });
    expect(data.project.participants).toEqual([
      { role: "FUNDING", organisation: { code: "EU", name: "European Union" } },
      { role: "IMPLEMENTING", organisation: { code: "IOM-BY", name: "IOM Belarus" } },
      { role: "IMPLEMENTING", organisation: { code: "BY-MIA", name: "Ministry of Internal Affairs of the Republic of Belarus" } },
      { role: "IMPLEMENTING", organisation: { code: "BY-SBC", name: "State Border Committee of the Republic of Belarus" } },
    ]);
    expect(data.project.budgets).toEqual([
      {
        status: "COMMITTED",
        periodStart: null,
        periodEnd: null,
        valueDate: "2018-10-01",
        amount: { amount: "7000000.00", currency: "EUR" },
        qualifier: "EXACT",
        asStated: "7 million EUR",
        isAssumption: true,
      },
    ]);
  });

  it("the EU and World Bank programme of 4.8 million EUR, and the MPF's project", async () => {
    const data = await server.query(`{
      worldBank: project(code: "EU-WB-PRIVATE-SECTOR") { budget { amount currency } participants { role organisation { code } } }
      mpf: project(code: "MPF-MIGRATION-POLICY") { instrument { code kind } budget { amount } participants { role organisation { code } } }
    }`);
    expect(data.worldBank).toEqual({
      budget: [{ amount: "4800000.00", currency: "EUR" }],
      participants: [
        { role: "FUNDING", organisation: { code: "EU" } },
        { role: "IMPLEMENTING", organisation: { code: "WBG" } },
      ],
    });
    expect(data.mpf).toEqual({
      instrument: { code: "MPF", kind: "FACILITY" },
      budget: [],
      participants: [
        { role: "FUNDING", organisation: { code: "EU" } },
        { role: "IMPLEMENTING", organisation: { code: "ICMPD" } },
      ],
    });
  });

  it("lists the four projects of the brief by code, of which only the IOM project belongs to the partnership", async () => {
    const data = await server.query(`{ projects(filter: { recipientCode: "BY" }) { totalCount nodes { code partnership { code } recipient { code } } } }`);
    expect(data.projects.totalCount).toBe(4);
    expect(codesOf(data)).toEqual(SEED_CODES);
    // The EU-World Bank projects and the MPF's action are in Belarus, but the brief does not tie them to the partnership.
    expect(data.projects.nodes.map((p: any) => [p.code, p.partnership?.code ?? null, p.recipient.code])).toEqual([
      ["EU-WB-COMPETITION-LAW", null, "BY"],
      ["EU-WB-PRIVATE-SECTOR", null, "BY"],
      ["IOM-IRREGULAR-MIGRANTS", "EU-BY", "BY"],
      ["MPF-MIGRATION-POLICY", null, "BY"],
    ]);
  });

  it("returns null for an unknown code", async () => {
    const result = await server.request(`{ project(code: "NO-SUCH-PROJECT") { code } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ project: null });
  });
});

describe("filters", () => {
  const filtered = async (filter: Record<string, unknown>) =>
    codesOf(await server.query(`query($filter: ProjectFilter) { projects(filter: $filter, first: 100) { nodes { code } } }`, { filter }));

  let tag: string;
  let accountable: string;
  let pipeline: string;
  beforeAll(async () => {
    tag = uniqueCode("FLT");
    accountable = `${tag}-ACC`;
    pipeline = `${tag}-PIPE`;
    await createProjects(server.database.db, [
      { code: accountable, title: "Filter test: 100% accountable_", participants: [{ organisation: "IOM", role: "ACCOUNTABLE" }, { organisation: "IOM", role: "FUNDING" }] },
      { code: pipeline, title: "Filter test: in the pipeline", status: "PIPELINE", instrumentCode: "ENI" },
    ]);
  });

  it("by partnership, instrument and status", async () => {
    expect(await filtered({ partnershipCode: "EU-BY", search: tag })).toEqual([accountable, pipeline]);
    expect(await filtered({ partnershipCode: "EU-XX" })).toEqual([]);
    expect(await filtered({ instrumentCode: "MPF" })).toEqual(["MPF-MIGRATION-POLICY"]);
    expect(await filtered({ instrumentCode: "ENI" })).toEqual([pipeline]);
    expect(await filtered({ instrumentCode: "NO-SUCH" })).toEqual([]);
    expect(await filtered({ statuses: ["PIPELINE"] })).toEqual([pipeline]);
    expect(await filtered({ statuses: ["CLOSED", "CANCELLED"] })).toEqual(["MPF-MIGRATION-POLICY"]);
    expect(await filtered({ recipientCode: "PL" })).toEqual([]);
    expect(await filtered({ statuses: [] })).toEqual([]);
  });

  it("by organisation, in any role or in one", async () => {
    expect(await filtered({ organisationCode: "WBG" })).toEqual(["EU-WB-COMPETITION-LAW", "EU-WB-PRIVATE-SECTOR"]);
    expect(await filtered({ organisationCode: "IOM-BY", organisationRole: "IMPLEMENTING" })).toEqual(["IOM-IRREGULAR-MIGRANTS"]);
    expect(await filtered({ organisationCode: "IOM-BY", organisationRole: "FUNDING" })).toEqual([]);
    expect(await filtered({ organisationCode: "IOM" })).toEqual([accountable]);
    expect(await filtered({ organisationRole: "ACCOUNTABLE" })).toEqual([accountable]);
    expect(await filtered({ organisationCode: "EU", organisationRole: "FUNDING", search: "WB" })).toEqual([
      "EU-WB-COMPETITION-LAW",
      "EU-WB-PRIVATE-SECTOR",
    ]);
    expect(await filtered({ organisationCode: "NO-SUCH" })).toEqual([]);
  });

  it("by text in code or title, case-insensitively, with wildcards matching themselves", async () => {
    expect(await filtered({ search: "irregular migrants" })).toEqual(["IOM-IRREGULAR-MIGRANTS"]);
    expect(await filtered({ search: "mpf-migration" })).toEqual(["MPF-MIGRATION-POLICY"]);
    expect(await filtered({ search: "100% accountable_" })).toEqual([accountable]);
    expect(await filtered({ search: "100%_" })).toEqual([]);
    expect(await filtered({ search: "filter test: _n the" })).toEqual([]);
    expect(await filtered({ search: "   " })).toEqual(expect.arrayContaining(SEED_CODES));
  });
});

describe("ordering and pagination", () => {
  const PAGE = `query($search: String, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ProjectOrder) {
    projects(filter: { search: $search }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      edges { cursor node { code title plannedStart actualStart } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  const COUNT = 13;
  let tag: string;
  const code = (i: number) => `${tag}-${String(i).padStart(2, "0")}`;

  beforeAll(async () => {
    tag = uniqueCode("ORD");
    await createProjects(
      server.database.db,
      Array.from({ length: COUNT }, (_, i) => ({
        code: code(i),
        // Titles run against codes, and repeat, so TITLE order differs from CODE order and needs the tiebreak.
        title: `Ordering test ${String.fromCharCode(90 - (i % 5))}`,
        // Every third without dates, and repeated dates, to exercise 'infinity' and the tiebreak.
        plannedStart: i % 3 === 0 ? null : `2030-0${(i % 4) + 1}-01`,
        plannedStartPrecision: i % 3 === 0 ? null : ("MONTH" as const),
        actualStart: i % 4 === 0 ? null : `2031-0${(i % 2) + 1}-15`,
        actualStartPrecision: i % 4 === 0 ? null : ("DAY" as const),
      })),
    );
  });

  /** Every page of `size`, forwards (first/after) or backwards (last/before), concatenated in list order. */
  async function walk(orderBy: Record<string, string>, size: number, backwards: boolean) {
    const seen: { code: string; title: string; plannedStart: string | null; actualStart: string | null }[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const variables = backwards
        ? { search: tag, orderBy, last: size, before: cursor }
        : { search: tag, orderBy, first: size, after: cursor };
      const { projects: page }: any = await server.query(PAGE, variables);
      expect(page.totalCount).toBe(COUNT);
      const nodes = page.edges.map((edge: any) => edge.node);
      if (backwards) seen.unshift(...nodes);
      else seen.push(...nodes);
      const more = backwards ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
      if (!more) return seen;
      cursor = backwards ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    }
    throw new Error("pagination did not end");
  }

  const all = () => Array.from({ length: COUNT }, (_, i) => code(i));

  it("orders by code both ways", async () => {
    const asc = await server.query(PAGE, { search: tag, first: 100, orderBy: { field: "CODE", direction: "ASC" } });
    expect(asc.projects.edges.map((e: any) => e.node.code)).toEqual(all());
    const desc = await server.query(PAGE, { search: tag, first: 100, orderBy: { field: "CODE", direction: "DESC" } });
    expect(desc.projects.edges.map((e: any) => e.node.code)).toEqual(all().reverse());
  });

  it.each([
    ["CODE", "ASC"],
    ["CODE", "DESC"],
    ["TITLE", "ASC"],
    ["TITLE", "DESC"],
    ["PLANNED_START", "ASC"],
    ["PLANNED_START", "DESC"],
    ["ACTUAL_START", "ASC"],
    ["ACTUAL_START", "DESC"],
  ])("walks %s %s forward and backward with cursors, without gaps or repeats", async (field, direction) => {
    const orderBy = { field, direction };
    const whole = (await server.query(PAGE, { search: tag, first: 100, orderBy })).projects.edges.map((e: any) => e.node);
    expect(whole.map((p: any) => p.code).sort()).toEqual(all());

    const forward = await walk(orderBy, 4, false);
    const backward = await walk(orderBy, 3, true);
    expect(forward).toEqual(whole);
    expect(backward).toEqual(whole);
  });

  it("puts projects without a start last (ascending) and keeps ties in creation order", async () => {
    const asc = (await server.query(PAGE, { search: tag, first: 100, orderBy: { field: "PLANNED_START", direction: "ASC" } }))
      .projects.edges.map((e: any) => e.node);
    const starts = asc.map((p: any) => p.plannedStart);
    const dated = starts.filter((s: string | null) => s !== null);
    expect(starts).toEqual([...dated, ...starts.filter((s: string | null) => s === null)]);
    expect(dated).toEqual([...dated].sort());
    expect(asc.filter((p: any) => p.plannedStart === null).map((p: any) => p.code)).toEqual([code(0), code(3), code(6), code(9), code(12)]);

    const titles = (await server.query(PAGE, { search: tag, first: 100, orderBy: { field: "TITLE", direction: "DESC" } }))
      .projects.edges.map((e: any) => e.node);
    // "Z" first; within one title, newest first when descending.
    expect(titles.slice(0, 3).map((p: any) => [p.title, p.code])).toEqual([
      ["Ordering test Z", code(10)],
      ["Ordering test Z", code(5)],
      ["Ordering test Z", code(0)],
    ]);
  });

  it("reports where a page sits", async () => {
    const first = (await server.query(PAGE, { search: tag, first: 5 })).projects;
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = (await server.query(PAGE, { search: tag, first: 100, after: first.pageInfo.endCursor })).projects;
    expect(next.edges.map((e: any) => e.node.code)).toEqual(all().slice(5));
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const empty = (await server.query(PAGE, { search: tag, first: 0 })).projects;
    expect(empty).toMatchObject({ edges: [], totalCount: COUNT, pageInfo: { startCursor: null, endCursor: null } });
  });

  it("refuses a cursor of another ordering", async () => {
    const { projects: page } = await server.query(PAGE, { search: tag, first: 2 });
    const result = await server.request(PAGE, {
      search: tag,
      first: 2,
      after: page.pageInfo.endCursor,
      orderBy: { field: "TITLE", direction: "ASC" },
    });
    expect(result.errors?.[0]).toMatchObject({
      message: "This cursor belongs to the ordering CODE, not TITLE; start again without a cursor",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("invalid arguments give BAD_USER_INPUT", () => {
  it("a page larger than 100", async () => {
    expect(await server.badUserInput(`{ projects(first: 101) { totalCount } }`)).toBe("first must not be greater than 100");
    expect(await server.badUserInput(`{ projects(last: 101) { totalCount } }`)).toBe("last must not be greater than 100");
  });

  it("a malformed cursor, or a date cursor that is no date", async () => {
    expect(await server.badUserInput(`{ projects(after: "garbage") { totalCount } }`)).toMatch(/"garbage" is not a valid cursor/);
    const notADate = Buffer.from(JSON.stringify(["PLANNED_START", "2030-02-30", 1])).toString("base64url");
    expect(
      await server.badUserInput(`query($after: String) { projects(orderBy: { field: PLANNED_START, direction: ASC }, after: $after) { totalCount } }`, {
        after: notADate,
      }),
    ).toMatch(/is not a valid cursor/);
  });

  it("unknown enum values, in the query and as variables", async () => {
    expect(await server.badUserInput(`{ projects(filter: { statuses: [DONE] }) { totalCount } }`)).toMatch(
      /Value "DONE" does not exist in "ProjectStatus" enum/,
    );
    expect(
      await server.badUserInput(`query($role: OrganisationRole) { projects(filter: { organisationRole: $role }) { totalCount } }`, { role: "PAYING" }),
    ).toMatch(/Value "PAYING" does not exist in "OrganisationRole" enum/);
    expect(await server.badUserInput(`{ projects(orderBy: { field: BUDGET, direction: ASC }) { totalCount } }`)).toMatch(/BUDGET/);
  });

  it("a search text longer than 200 characters", async () => {
    expect(await server.badUserInput(`query($q: String) { projects(filter: { search: $q }) { totalCount } }`, { q: "x".repeat(201) })).toMatch(
      /search must be shorter than or equal to 200 characters/,
    );
  });
});

describe("transactions", () => {
  let projectCode: string;
  let disbursementId: number;
  let reversalId: number;

  beforeAll(async () => {
    const db = server.database.db;
    projectCode = uniqueCode("TX");
    const projectId = await createProject(db, { code: projectCode });
    const orgs = await idsByCode(db, organisations, ["EU", "IOM-BY"]);
    const entry = (values: Partial<typeof projectTransactions.$inferInsert>) => ({
      projectId,
      type: "DISBURSEMENT" as const,
      currency: "EUR",
      amount: "0.00",
      valueDate: "2019-01-01",
      providerOrganisationId: orgs.get("EU")!,
      receiverOrganisationId: orgs.get("IOM-BY")!,
      ...values,
    });
    // Amounts past a double's 15-16 significant digits: only exact arithmetic keeps the cents.
    const [, disbursement] = await db
      .insert(projectTransactions)
      .values([
        entry({ type: "OUTGOING_COMMITMENT", amount: "12345678901234567.89", valueDate: "2018-12-01", receiverOrganisationId: null }),
        entry({ amount: "1000000.10", valueDate: "2019-03-01", description: "First tranche, wrong amount" }),
      ])
      .returning({ id: projectTransactions.id });
    disbursementId = disbursement!.id;
    const [reversal] = await db
      .insert(projectTransactions)
      .values(entry({ amount: "-1000000.10", valueDate: "2019-03-05", reversesId: disbursementId, description: "Reverses the first tranche" }))
      .returning({ id: projectTransactions.id });
    reversalId = reversal!.id;
    await db.insert(projectTransactions).values([
      entry({ amount: "1000000.01", valueDate: "2019-03-05", description: "First tranche" }),
      entry({ type: "OUTGOING_COMMITMENT", amount: "0.11", valueDate: "2019-06-01" }),
      entry({ amount: "250.00", currency: "USD", valueDate: "2019-02-01" }),
    ]);
  });

  const TRANSACTIONS = `query($code: String!, $types: [TransactionType!]) {
    project(code: $code) {
      transactions(types: $types) {
        id type valueDate amount { amount currency } description
        provider { code } receiver { code } reverses { id amount { amount } } recordedAt
      }
      transactionTotals(types: $types) { type amount { amount currency } }
    }
  }`;

  it("lists entries by value date, reversals included and linked to what they reverse", async () => {
    const { project } = await server.query(TRANSACTIONS, { code: projectCode });
    expect(project.transactions.map((t: any) => [t.type, t.valueDate, t.amount.amount, t.amount.currency])).toEqual([
      ["OUTGOING_COMMITMENT", "2018-12-01", "12345678901234567.89", "EUR"],
      ["DISBURSEMENT", "2019-02-01", "250.00", "USD"],
      ["DISBURSEMENT", "2019-03-01", "1000000.10", "EUR"],
      // Same value date: in the order they were recorded.
      ["DISBURSEMENT", "2019-03-05", "-1000000.10", "EUR"],
      ["DISBURSEMENT", "2019-03-05", "1000000.01", "EUR"],
      ["OUTGOING_COMMITMENT", "2019-06-01", "0.11", "EUR"],
    ]);
    const reversal = project.transactions[3];
    expect(reversal).toMatchObject({
      id: toGlobalId("ProjectTransaction", reversalId),
      description: "Reverses the first tranche",
      provider: { code: "EU" },
      receiver: { code: "IOM-BY" },
      reverses: { id: toGlobalId("ProjectTransaction", disbursementId), amount: { amount: "1000000.10" } },
    });
    expect(project.transactions[0].receiver).toBeNull();
    expect(project.transactions[2].reverses).toBeNull();
    expect(new Date(reversal.recordedAt).getTime()).not.toBeNaN();
  });

  it("adds up per type and currency in exact decimals, reversals netted out", async () => {
    const { project } = await server.query(TRANSACTIONS, { code: projectCode });
    expect(project.transactionTotals).toEqual([
      // IATI order of the types, then currency.
      { type: "OUTGOING_COMMITMENT", amount: { amount: "12345678901234568.00", currency: "EUR" } },
      { type: "DISBURSEMENT", amount: { amount: "1000000.01", currency: "EUR" } },
      { type: "DISBURSEMENT", amount: { amount: "250.00", currency: "USD" } },
    ]);
  });

  it("narrows entries and totals to some types", async () => {
    const { project } = await server.query(TRANSACTIONS, { code: projectCode, types: ["OUTGOING_COMMITMENT"] });
    expect(project.transactions.map((t: any) => t.amount.amount)).toEqual(["12345678901234567.89", "0.11"]);
    expect(project.transactionTotals).toEqual([
      { type: "OUTGOING_COMMITMENT", amount: { amount: "12345678901234568.00", currency: "EUR" } },
    ]);
    const none = await server.query(TRANSACTIONS, { code: projectCode, types: [] });
    expect(none.project).toEqual({ transactions: [], transactionTotals: [] });
    const expenditure = await server.query(TRANSACTIONS, { code: projectCode, types: ["EXPENDITURE"] });
    expect(expenditure.project).toEqual({ transactions: [], transactionTotals: [] });
  });

  it("finds a transaction by its global id, with its project", async () => {
    const id = toGlobalId("ProjectTransaction", reversalId);
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { __typename id ... on ProjectTransaction { amount { amount } project { code } } } }`,
      { id },
    );
    expect(data.node).toEqual({ __typename: "ProjectTransaction", id, amount: { amount: "-1000000.10" }, project: { code: projectCode } });
  });
});

describe("budget totals", () => {
  it("add the lines up per currency in SQL, ordered by currency", async () => {
    const db = server.database.db;
    const code = uniqueCode("BUD");
    const projectId = await createProject(db, { code });
    const line = (amount: string, currency: string, status: "INDICATIVE" | "COMMITTED" = "COMMITTED") => ({
      projectId,
      status,
      valueDate: "2020-01-01",
      amount,
      currency,
    });
    await db
      .insert(projectBudgets)
      .values([line("0.10", "USD"), line("99999999999999999.90", "EUR"), line("0.20", "USD", "INDICATIVE"), line("0.09", "EUR")]);
    const { project } = await server.query(`query($code: String!) { project(code: $code) { budget { amount currency } budgets { status } } }`, {
      code,
    });
    expect(project.budget).toEqual([
      { amount: "99999999999999999.99", currency: "EUR" },
      { amount: "0.30", currency: "USD" },
    ]);
    expect(project.budgets).toHaveLength(4);
  });
});

describe("node(id:)", () => {
  it("round-trips a project's global id", async () => {
    const { project } = await server.query(`{ project(code: "IOM-IRREGULAR-MIGRANTS") { id code } }`);
    const data = await server.query(`query($id: ID!) { node(id: $id) { __typename id ... on Project { code } } }`, { id: project.id });
    expect(data.node).toEqual({ __typename: "Project", id: project.id, code: "IOM-IRREGULAR-MIGRANTS" });
    const missing = await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("Project", 999999) });
    expect(missing.node).toBeNull();
  });
});

describe("batching", () => {
  const PAGE = `query($first: Int!, $search: String) {
    projects(first: $first, filter: { search: $search }) {
      totalCount
      nodes {
        id code
        partnership { code }
        instrument { code parents { code } }
        participants { role organisation { code } }
        budget { amount currency }
        budgets { status amount { amount currency } }
        transactions { type amount { amount currency } provider { code } receiver { code } reverses { id } }
        transactionTotals { type amount { amount currency } }
        measures { code }
      }
    }
  }`;
  let tag: string;

  beforeAll(async () => {
    const db = server.database.db;
    tag = uniqueCode("BATCH");
    const ids = await createProjects(
      db,
      Array.from({ length: 60 }, (_, i) => ({
        code: `${tag}-${String(i).padStart(2, "0")}`,
        instrumentCode: i % 2 ? "MPF" : "ENI",
        participants: [
          { organisation: "EU", role: "FUNDING" as const },
          { organisation: i % 2 ? "ICMPD" : "IOM-BY", role: "IMPLEMENTING" as const },
        ],
      })),
    );
    const orgs = await idsByCode(db, organisations, ["EU", "ICMPD"]);
    await db.insert(projectBudgets).values(
      ids.flatMap((projectId) => [
        { projectId, status: "COMMITTED" as const, valueDate: "2020-01-01", amount: "100.00", currency: "EUR" },
        { projectId, status: "INDICATIVE" as const, valueDate: "2021-01-01", amount: "50.00", currency: "USD" },
      ]),
    );
    const disbursements = await db
      .insert(projectTransactions)
      .values(
        ids.map((projectId) => ({
          projectId,
          type: "DISBURSEMENT" as const,
          valueDate: "2020-02-01",
          amount: "40.00",
          currency: "EUR",
          providerOrganisationId: orgs.get("EU")!,
          receiverOrganisationId: orgs.get("ICMPD")!,
        })),
      )
      .returning({ id: projectTransactions.id, projectId: projectTransactions.projectId });
    await db.insert(projectTransactions).values(
      disbursements.map(({ id, projectId }) => ({
        projectId,
        type: "DISBURSEMENT" as const,
        valueDate: "2020-03-01",
        amount: "-40.00",
        currency: "EUR",
        reversesId: id,
      })),
    );
    const someMeasures = await db.select({ id: measures.id }).from(measures).limit(2);
    await db.insert(measureProjects).values(ids.flatMap((projectId) => someMeasures.map((m) => ({ measureId: m.id, projectId }))));
  });

  it("sends the same number of SQL statements for 2 projects as for 50", async () => {
    const small = await server.request(PAGE, { first: 2, search: tag });
    const large = await server.request(PAGE, { first: 50, search: tag });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    const nodes = (large.data as any).projects.nodes;
    expect(nodes).toHaveLength(50);
    expect(nodes[1]).toMatchObject({
      instrument: { code: "MPF", parents: [{ code: "AMIF" }, { code: "ISF" }] },
      participants: [
        { role: "FUNDING", organisation: { code: "EU" } },
        { role: "IMPLEMENTING", organisation: { code: "ICMPD" } },
      ],
      budget: [
        { amount: "100.00", currency: "EUR" },
        { amount: "50.00", currency: "USD" },
      ],
      transactionTotals: [{ type: "DISBURSEMENT", amount: { amount: "0.00", currency: "EUR" } }],
    });
    expect(nodes[1].measures).toHaveLength(2);
    expect(nodes[1].transactions[1].reverses.id).toBeDefined();
    // page (with its instruments and count) + partnership + instrument parents + participants + budget
    // totals + budget lines + transactions + transaction totals + measures + providers/receivers + reversed entries
    expect(small.statements).toBe(11);
    expect(large.statements).toBe(small.statements);
  });
});
