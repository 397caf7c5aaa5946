import { eq } from "drizzle-orm";
import type { Database } from "../src/db/client";
import { measureProjects } from "../src/modules/measures/measures.tables";
import { partnerships } from "../src/modules/partnerships/partnerships.tables";
import { projectBudgets, projects, projectTransactions } from "../src/modules/projects/projects.tables";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

// --- factories: projects with money, built straight in the database --------------------

type TransactionType = (typeof projectTransactions.$inferInsert)["type"];
type Entry = [type: TransactionType, amount: string, currency?: string];

interface ProjectSpec {
  budgets?: [amount: string, currency?: string][];
  /** Transactions; an entry whose amount starts with "-" reverses the previous entry of its type. */
  transactions?: Entry[];
}

async function createProject(db: Database, prefix: string, spec: ProjectSpec): Promise<{ id: number; code: string }> {
  const [partnership] = await db.select().from(partnerships).where(eq(partnerships.code, "EU-BY"));
  const code = uniqueCode(prefix);
  const [project] = await db
    .insert(projects)
    .values({ partnershipId: partnership!.id, code, title: `Test project ${code}`, status: "IMPLEMENTATION" })
    .returning({ id: projects.id });
  const projectId = project!.id;
  for (const [amount, currency = "EUR"] of spec.budgets ?? []) {
    await db.insert(projectBudgets).values({ projectId, status: "COMMITTED", valueDate: "2020-01-01", amount, currency });
  }
  const lastOfType = new Map<string, number>();
  for (const [type, amount, currency = "EUR"] of spec.transactions ?? []) {
    const reversesId = amount.startsWith("-") ? lastOfType.get(`${type}/${currency}`) : undefined;
    const [row] = await db
      .insert(projectTransactions)
      .values({ projectId, type, valueDate: "2020-06-01", amount, currency, reversesId })
      .returning({ id: projectTransactions.id });
    lastOfType.set(`${type}/${currency}`, row!.id);
  }
  return { id: projectId, code };
}

const PROJECTS = `query($filter: ProjectFilter, $first: Int, $after: String) {
  projects(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } }
}`;
const MEASURES = `query($filter: MeasureFilter, $first: Int) {
  measures(filter: $filter, first: $first) { totalCount nodes { code } }
}`;

async function projectCodes(filter: Record<string, unknown>): Promise<{ codes: string[]; totalCount: number }> {
  const { projects: page } = await server.query(PROJECTS, { filter, first: 100 });
  return { codes: page.nodes.map((p: { code: string }) => p.code).sort(), totalCount: page.totalCount };
}

describe("project views", () => {
  const prefix = "VIEW";
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const db = server.database.db;
    const specs: Record<string, ProjectSpec> = {
      budgetOnly: { budgets: [["500000.00"]] },
      zeroBudget: { budgets: [["0.00"]] },
      overDisbursed: { budgets: [["1000.00"]], transactions: [["OUTGOING_COMMITMENT", "100.00"], ["DISBURSEMENT", "150.00"]] },
      reversedDisbursement: { budgets: [["1000.00"]], transactions: [["OUTGOING_COMMITMENT", "100.00"], ["DISBURSEMENT", "100.00"], ["DISBURSEMENT", "-100.00"]] },
      withinCommitment: { budgets: [["1000.00"]], transactions: [["OUTGOING_COMMITMENT", "200.00"], ["DISBURSEMENT", "150.00"]] },
      // USD is within its commitment; EUR has disbursements and no commitment at all.
      otherCurrency: { transactions: [["OUTGOING_COMMITMENT", "100.00", "USD"], ["DISBURSEMENT", "50.00", "USD"], ["DISBURSEMENT", "0.01", "EUR"]] },
      // 150 USD disbursed against 100 EUR committed: currencies are never mixed.
      mixedCurrencies: { transactions: [["OUTGOING_COMMITMENT", "100.00", "EUR"], ["DISBURSEMENT", "150.00", "USD"]] },
      // Over-disbursed, then the excess commitment reversal puts it right again: 100 - 100 + 250 = 250 >= 200.
      reversedCommitment: { transactions: [["OUTGOING_COMMITMENT", "100.00"], ["OUTGOING_COMMITMENT", "-100.00"], ["OUTGOING_COMMITMENT", "250.00"], ["DISBURSEMENT", "200.00"]] },
      nothing: {},
    };
    for (const [name, spec] of Object.entries(specs)) made[name] = (await createProject(db, prefix, spec)).code;
  });

  const codesOf = (...names: string[]) => names.map((name) => made[name]!).sort();
  const ours = (filter: Record<string, unknown>) => projectCodes({ search: `${prefix}-`, ...filter });

  it("hasBudget: a budget line above zero", async () => {
    expect(await ours({ hasBudget: true })).toEqual({
      codes: codesOf("budgetOnly", "overDisbursed", "reversedDisbursement", "withinCommitment"),
      totalCount: 4,
    });
    expect((await ours({ hasBudget: false })).codes).toEqual(
      codesOf("zeroBudget", "otherCurrency", "mixedCurrencies", "reversedCommitment", "nothing"),
    );
  });

  it("hasDisbursement: disbursements net of reversals above zero in some currency", async () => {
    expect((await ours({ hasDisbursement: true })).codes).toEqual(
      codesOf("overDisbursed", "withinCommitment", "otherCurrency", "mixedCurrencies", "reversedCommitment"),
    );
    expect((await ours({ hasDisbursement: false })).codes).toEqual(codesOf("budgetOnly", "zeroBudget", "reversedDisbursement", "nothing"));
  });

  it("a budget but no disbursement", async () => {
    expect(await ours({ hasBudget: true, hasDisbursement: false })).toEqual({
      codes: codesOf("budgetOnly", "reversedDisbursement"),
      totalCount: 2,
    });
  });

  it("disbursedExceedsCommitted: in some currency, net disbursements above net outgoing commitments", async () => {
    expect(await ours({ disbursedExceedsCommitted: true })).toEqual({
      codes: codesOf("overDisbursed", "otherCurrency", "mixedCurrencies"),
      totalCount: 3,
    });
    expect((await ours({ disbursedExceedsCommitted: false })).codes).toEqual(
      codesOf("budgetOnly", "zeroBudget", "reversedDisbursement", "withinCommitment", "reversedCommitment", "nothing"),
    );
  });

  it("the seed: both budgeted projects have no disbursement, and nothing exceeds its commitments", async () => {
    const seeded = (codes: string[]) => codes.filter((code) => !/^(VIEW|FUND)-/.test(code));
    expect(seeded((await projectCodes({ hasBudget: true, hasDisbursement: false })).codes)).toEqual([
      "EU-WB-PRIVATE-SECTOR",
      "IOM-IRREGULAR-MIGRANTS",
    ]);
    expect(seeded((await projectCodes({ hasBudget: false })).codes)).toEqual(["EU-WB-COMPETITION-LAW", "MPF-MIGRATION-POLICY"]);
    expect(seeded((await projectCodes({ disbursedExceedsCommitted: true })).codes)).toEqual([]);
  });

  it("filters paginate like any other: keyset pages add up to the total count", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { projects: page }: any = await server.query(PROJECTS, { filter: { search: `${prefix}-`, hasBudget: false }, first: 2, after });
      total = page.totalCount;
      seen.push(...page.nodes.map((p: { code: string }) => p.code));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(codesOf("zeroBudget", "otherCurrency", "mixedCurrencies", "reversedCommitment", "nothing"));
    expect(total).toBe(5);
  });
});

describe("measure view: hasFunding", () => {
  it("false gives measures with no linked project that has a budget line or a transaction", async () => {
    const db = server.database.db;
    const budgeted = await createProject(db, "FUND", { budgets: [["10.00"]] });
    const transactionsOnly = await createProject(db, "FUND", { transactions: [["DISBURSEMENT", "5.00"], ["DISBURSEMENT", "-5.00"]] });
    const empty = await createProject(db, "FUND", {});
    const measure = async (name: string, projectIds: number[]) => {
      const code = uniqueCode(`FUNDVIEW-${name}`);
      const id = await createMeasure(db, { code });
      for (const projectId of projectIds) await db.insert(measureProjects).values({ measureId: id, projectId });
      return code;
    };
    const withBudget = await measure("B", [budgeted.id]);
    const withTransactions = await measure("T", [transactionsOnly.id]);
    const withBoth = await measure("BE", [empty.id, budgeted.id]);
    const withEmptyProject = await measure("E", [empty.id]);
    const withNoProject = await measure("N", []);

    const codes = async (hasFunding: boolean) => {
      const { measures } = await server.query(MEASURES, { filter: { search: "FUNDVIEW-", hasFunding }, first: 100 });
      return { codes: measures.nodes.map((m: { code: string }) => m.code).sort(), totalCount: measures.totalCount };
    };
    expect(await codes(true)).toEqual({ codes: [withBudget, withBoth, withTransactions].sort(), totalCount: 3 });
    expect(await codes(false)).toEqual({ codes: [withEmptyProject, withNoProject].sort(), totalCount: 2 });

    // The seed links no measure to a project: every seeded measure is without funding.
    const all = await server.query(`{ all: measures { totalCount } unfunded: measures(filter: { hasFunding: false }) { totalCount } }`);
    expect(all.unfunded.totalCount).toBe(all.all.totalCount - 3);
  });
});
