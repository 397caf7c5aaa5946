import { count } from "drizzle-orm";
import type { TokenClaims } from "../src/auth/tokens";
import { toGlobalId } from "../src/lib/global-id";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { testDatabaseUrl } from "./helpers/databases";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";
import { AUDITOR, COORDINATOR } from "./helpers/claims";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const MINISTRY_PL: TokenClaims = { sub: "ministry-pl", role: "MINISTRY", signatory: "PL" };

const IOM = "IOM-IRREGULAR-MIGRANTS";

// --- documents ------------------------------------------------------------------------

const PROJECT_FIELDS = `
  id code title description status version
  plannedStart plannedStartPrecision actualStart actualStartPrecision
  plannedEnd plannedEndPrecision actualEnd actualEndPrecision
  partnership { code }
  instrument { code }
  participants { role organisation { code } }
  budget { amount currency }
  budgets { status periodStart periodEnd valueDate amount { amount currency } qualifier }
  transactions { id type valueDate amount { amount currency } description provider { code } receiver { code } reverses { id } }
  transactionTotals { type amount { amount currency } }
`;
const TRANSACTION_FIELDS = `id type valueDate amount { amount currency } description provider { code } receiver { code } reverses { id }`;

const mutation = (name: string, input: string, payload = `project { ${PROJECT_FIELDS} } clientMutationId`) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { ${payload} } }`;

const CREATE = mutation("createProject", "CreateProjectInput");
const UPDATE = mutation("updateProject", "UpdateProjectInput");
const ADD_PARTICIPANT = mutation("addProjectParticipant", "AddProjectParticipantInput");
const REMOVE_PARTICIPANT = mutation("removeProjectParticipant", "RemoveProjectParticipantInput");
const RECORD_BUDGET = mutation("recordProjectBudget", "RecordProjectBudgetInput");
const TRANSACTION_PAYLOAD = `project { ${PROJECT_FIELDS} } transaction { ${TRANSACTION_FIELDS} } clientMutationId`;
const RECORD_TRANSACTION = mutation("recordProjectTransaction", "RecordProjectTransactionInput", TRANSACTION_PAYLOAD);
const REVERSE_TRANSACTION = mutation("reverseProjectTransaction", "ReverseProjectTransactionInput", TRANSACTION_PAYLOAD);

const PROJECT = `query($code: String!) { project(code: $code) { ${PROJECT_FIELDS} } }`;

// --- helpers --------------------------------------------------------------------------

interface ProjectRef {
  id: string;
  code: string;
  version: number;
}

const asCoordinator = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  server.requestAs(COORDINATOR, query, variables, headers);

/** The data of a request that must succeed; a failure shows the query and the errors. */
function dataOf<Data>(result: GraphQLResult<Data>, query: string): Data {
  if (result.errors?.length) {
    throw new Error(`Mutation failed:\n${query}\nerrors: ${JSON.stringify(result.errors, null, 2)}`);
  }
  return result.data as Data;
}

async function coordinatorDoes(query: string, input: Record<string, unknown>, headers?: Record<string, string>): Promise<any> {
  const data = dataOf(await asCoordinator(query, { input }, headers), query);
  return Object.values(data as object)[0];
}

/** Asserts exactly one error with this code, leaking nothing internal; gives its message. */
function expectError(result: GraphQLResult<unknown>, code: string): string {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions?.code).toBe(code);
  expect(error!.extensions).not.toHaveProperty("stacktrace");
  expect(JSON.stringify(error)).not.toMatch(/select |insert |update "|node_modules|at \w+ \(/i);
  // A rejected mutation answers no payload.
  expect(Object.values((result.data as object | null) ?? {}).every((value) => value === null)).toBe(true);
  return error!.message;
}

async function auditCount(): Promise<number> {
  const [row] = await server.database.db.select({ total: count() }).from(auditEvents);
  return row!.total;
}

const projectByCode = async (code: string) => (await server.query(PROJECT, { code })).project;

/**
 * Runs `attempt` and checks that it changed nothing: the project as the API serves it (row,
 * version, participants, budgets, transactions) and the audit trail are as before.
 */
async function expectNothingChanged(code: string, attempt: () => Promise<void>): Promise<void> {
  const [projectBefore, auditBefore] = [await projectByCode(code), await auditCount()];
  await attempt();
  expect(await projectByCode(code)).toEqual(projectBefore);
  expect(await auditCount()).toBe(auditBefore);
}

const createInput = (overrides: Record<string, unknown> = {}) => ({
  partnershipCode: "EU-BY",
  code: uniqueCode("PRJ"),
  title: "Border management training",
  description: "A test project",
  status: "PIPELINE",
  plannedStart: "2021-01-01",
  plannedStartPrecision: "MONTH",
  plannedEnd: "2023-12-31",
  plannedEndPrecision: "DAY",
  ...overrides,
});

/** A new project through the API, so every test has its own. */
async function newProject(overrides: Record<string, unknown> = {}): Promise<ProjectRef> {
  const { project } = await coordinatorDoes(CREATE, createInput(overrides));
  return { id: project.id, code: project.code, version: project.version };
}

/** A new project with one disbursement, for tests that reverse it. */
async function projectWithTransaction(): Promise<ProjectRef & { transactionId: string }> {
  const project = await newProject();
  const { transaction, project: after } = await coordinatorDoes(RECORD_TRANSACTION, transactionInput(project));
  return { ...project, version: after.version, transactionId: transaction.id };
}

const change = (project: ProjectRef, fields: Record<string, unknown> = {}) => ({
  projectId: project.id,
  expectedVersion: project.version,
  ...fields,
});

const transactionInput = (project: ProjectRef, fields: Record<string, unknown> = {}) =>
  change(project, {
    type: "DISBURSEMENT",
    valueDate: "2019-03-01",
    amount: { amount: "1500000.00", currency: "EUR" },
    providerOrganisationCode: "EU",
    receiverOrganisationCode: "IOM-BY",
    description: "First tranche",
    ...fields,
  });

const budgetInput = (project: ProjectRef, fields: Record<string, unknown> = {}) =>
  change(project, {
    status: "COMMITTED",
    periodStart: "2021-01-01",
    periodEnd: "2021-12-31",
    valueDate: "2021-01-01",
    amount: { amount: "250000.50", currency: "EUR" },
    ...fields,
  });

async function auditEventsOf(entityId: string, first: number) {
  const query = `query($filter: AuditLogFilter, $first: Int) {
    auditLog(filter: $filter, first: $first) { nodes { operation entityType entityId actor { sub role signatoryCode } before after requestId occurredAt } }
  }`;
  const result = await server.requestAs(AUDITOR, query, { filter: { entityId }, first });
  return dataOf(result, query).auditLog.nodes as any[];
}

// --- every mutation, for the role matrix and the stale-version checks ------------------

interface MutationCase {
  query: string;
  /** A project to change, prepared by the coordinator. */
  prepare: () => Promise<ProjectRef & { transactionId?: string }>;
  input: (project: ProjectRef & { transactionId?: string }) => Record<string, unknown>;
}

const MUTATIONS: Record<string, MutationCase> = {
  createProject: {
    query: CREATE,
    // Nothing to prepare: the "project" is the one the mutation would create.
    prepare: async () => ({ id: "", code: uniqueCode("NEW"), version: 0 }),
    input: (project) => createInput({ code: project.code }),
  },
  updateProject: {
    query: UPDATE,
    prepare: () => newProject(),
    input: (project) => change(project, { title: "Renamed", status: "IMPLEMENTATION" }),
  },
  addProjectParticipant: {
    query: ADD_PARTICIPANT,
    prepare: () => newProject(),
    input: (project) => change(project, { organisationCode: "IOM-BY", role: "IMPLEMENTING" }),
  },
  removeProjectParticipant: {
    query: REMOVE_PARTICIPANT,
    prepare: async () => {
      const project = await newProject();
      const { project: after } = await coordinatorDoes(ADD_PARTICIPANT, change(project, { organisationCode: "EU", role: "FUNDING" }));
      return { ...project, version: after.version };
    },
    input: (project) => change(project, { organisationCode: "EU", role: "FUNDING" }),
  },
  recordProjectBudget: {
    query: RECORD_BUDGET,
    prepare: () => newProject(),
    input: (project) => budgetInput(project),
  },
  recordProjectTransaction: {
    query: RECORD_TRANSACTION,
    prepare: () => newProject(),
    input: (project) => transactionInput(project),
  },
  reverseProjectTransaction: {
    query: REVERSE_TRANSACTION,
    prepare: () => projectWithTransaction(),
    input: (project) => change(project, { transactionId: project.transactionId, reason: "Booked twice" }),
  },
};

const CHANGE_MUTATIONS = Object.keys(MUTATIONS).filter((name) => name !== "createProject");

describe("who may change projects", () => {
  const REFUSED: [string, TokenClaims | null, string][] = [
    ["anonymous", null, "UNAUTHENTICATED"],
    ["a ministry (PL)", MINISTRY_PL, "FORBIDDEN"],
    ["an auditor", AUDITOR, "FORBIDDEN"],
  ];

  describe.each(Object.keys(MUTATIONS))("%s", (name) => {
    const { query, prepare, input } = MUTATIONS[name]!;

    it.each(REFUSED)("is refused to %s, and changes nothing", async (_who, claims, code) => {
      const project = await prepare();
      const variables = { input: input(project) };
      await expectNothingChanged(project.code, async () => {
        const result = claims ? await server.requestAs(claims, query, variables) : await server.request(query, variables);
        expectError(result, code);
      });
    });

    it("is done by the coordinator, with one audit record and the next version", async () => {
      const project = await prepare();
      const auditBefore = await auditCount();
      const payload = await coordinatorDoes(query, { ...input(project), clientMutationId: `call-${name}` });
      expect(payload.clientMutationId).toBe(`call-${name}`);
      expect(payload.project.version).toBe(project.version + 1);
      expect(await auditCount()).toBe(auditBefore + 1);
      const [event] = await auditEventsOf(payload.project.id, 1);
      expect(event).toMatchObject({
        operation: name,
        entityType: "Project",
        entityId: payload.project.id,
        actor: { sub: COORDINATOR.sub, role: "COORDINATOR", signatoryCode: null },
      });
      expect(event.requestId).toEqual(expect.any(String));
      expect(event.after).toMatchObject({ code: payload.project.code, version: project.version + 1 });
      if (name === "createProject") expect(event.before).toBeNull();
      else expect(event.before).toMatchObject({ code: project.code, version: project.version });
    });
  });
});

describe("optimistic concurrency", () => {
  it.each(CHANGE_MUTATIONS)("%s with a stale expectedVersion gives CONFLICT with the current version, and changes nothing", async (name) => {
    const { query, prepare, input } = MUTATIONS[name]!;
    const project = await prepare();
    // Someone else changes the project first.
    await coordinatorDoes(UPDATE, change(project, { title: "Changed by someone else" }));
    await expectNothingChanged(project.code, async () => {
      const result = await asCoordinator(query, { input: input(project) });
      expect(expectError(result, "CONFLICT")).toContain(`it is at version ${project.version + 1}, not ${project.version}`);
      expect(result.errors![0]!.extensions).toMatchObject({ currentVersion: project.version + 1 });
    });
  });
});

describe(`concurrent changes to a project's money (${testDatabaseUrl() ? "on PostgreSQL, racing" : "on PGlite, serialised"})`, () => {
  const outcomes = (results: GraphQLResult<unknown>[]) => results.map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();

  it("of transactions recorded together from the same version, exactly one is kept", async () => {
    for (let round = 0; round < 4; round++) {
      const project = await newProject();
      const auditBefore = await auditCount();
      const results = await Promise.all(
        ["100.00", "200.00", "300.00", "400.00"].map((amount) =>
          asCoordinator(RECORD_TRANSACTION, { input: transactionInput(project, { amount: { amount, currency: "EUR" } }) }),
        ),
      );
      expect(outcomes(results)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "OK"]);
      const after = await projectByCode(project.code);
      expect(after.version).toBe(2);
      expect(after.transactions).toHaveLength(1);
      expect(await auditCount()).toBe(auditBefore + 1);
    }
  });

  it("of reversals of one entry sent together, exactly one is kept", async () => {
    for (let round = 0; round < 4; round++) {
      const project = await projectWithTransaction();
      const results = await Promise.all(
        ["first", "second", "third"].map((reason) =>
          asCoordinator(REVERSE_TRANSACTION, { input: change(project, { transactionId: project.transactionId, reason }) }),
        ),
      );
      expect(outcomes(results)).toEqual(["CONFLICT", "CONFLICT", "OK"]);
      const after = await projectByCode(project.code);
      expect(after.transactions.map((t: any) => t.amount.amount)).toEqual(["1500000.00", "-1500000.00"]);
      expect(after.transactionTotals).toEqual([{ type: "DISBURSEMENT", amount: { amount: "0.00", currency: "EUR" } }]);
    }
  });
});

describe("the IOM project's money: a disbursement and its reversal", () => {
  it("records 1500000.00 EUR, reverses it, and the totals net to 0.00", async () => {
    const iom = await projectByCode(IOM);
    const auditBefore = await auditCount();

    const recorded = await coordinatorDoes(RECORD_TRANSACTION, transactionInput(iom));
    expect(recorded.transaction).toMatchObject({
      type: "DISBURSEMENT",
      valueDate: "2019-03-01",
      amount: { amount: "1500000.00", currency: "EUR" },
      description: "First tranche",
      provider: { code: "EU" },
      receiver: { code: "IOM-BY" },
      reverses: null,
    });
    expect(recorded.project.version).toBe(iom.version + 1);
    expect(recorded.project.transactions).toEqual([...iom.transactions, recorded.transaction]);
    expect(recorded.project.transactionTotals).toEqual([{ type: "DISBURSEMENT", amount: { amount: "1500000.00", currency: "EUR" } }]);
    // The budget is not money that moved: it stays as it was.
    expect(recorded.project.budget).toEqual([{ amount: "7000000.00", currency: "EUR" }]);

    const reversed = await coordinatorDoes(REVERSE_TRANSACTION, {
      projectId: iom.id,
      expectedVersion: recorded.project.version,
      transactionId: recorded.transaction.id,
      reason: "Booked against the wrong project",
    });
    expect(reversed.transaction).toMatchObject({
      type: "DISBURSEMENT",
      amount: { amount: "-1500000.00", currency: "EUR" },
      provider: { code: "EU" },
      receiver: { code: "IOM-BY" },
      reverses: { id: recorded.transaction.id },
    });
    expect(reversed.transaction.description).toContain("Booked against the wrong project");
    expect(reversed.transaction.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(reversed.project.version).toBe(iom.version + 2);
    expect(reversed.project.transactionTotals).toEqual([{ type: "DISBURSEMENT", amount: { amount: "0.00", currency: "EUR" } }]);

    // Both entries stay: nothing is edited or deleted.
    const after = await projectByCode(IOM);
    expect(after.transactions.map((t: any) => [t.id, t.amount.amount, t.reverses?.id ?? null])).toEqual([
      [recorded.transaction.id, "1500000.00", null],
      [reversed.transaction.id, "-1500000.00", recorded.transaction.id],
    ]);

    // One audit record per mutation, newest first, each with the project before and after.
    expect(await auditCount()).toBe(auditBefore + 2);
    const [reversal, disbursement] = await auditEventsOf(iom.id, 2);
    const transactionRowId = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString().split(":")[1]);
    expect(disbursement).toMatchObject({
      operation: "recordProjectTransaction",
      entityId: iom.id,
      before: { code: IOM, version: iom.version, transactions: { ids: [], totals: [] } },
      after: {
        code: IOM,
        version: iom.version + 1,
        transactions: {
          ids: [transactionRowId(recorded.transaction.id)],
          totals: [{ type: "DISBURSEMENT", currency: "EUR", amount: "1500000.00" }],
        },
      },
    });
    expect(reversal).toMatchObject({
      operation: "reverseProjectTransaction",
      before: { version: iom.version + 1 },
      after: {
        version: iom.version + 2,
        transactions: {
          ids: [transactionRowId(recorded.transaction.id), transactionRowId(reversed.transaction.id)],
          totals: [{ type: "DISBURSEMENT", currency: "EUR", amount: "0.00" }],
        },
      },
    });
    expect(reversal.after.budgets).toEqual({ count: 1, totals: [{ currency: "EUR", amount: "7000000.00" }] });
    expect(reversal.after.participants).toContainEqual({ organisationCode: "IOM-BY", role: "IMPLEMENTING" });
  });

  it("keeps amounts exact past a double's precision", async () => {
    const project = await newProject();
    const big = "12345678901234567.89";
    const { transaction, project: after } = await coordinatorDoes(
      RECORD_TRANSACTION,
      transactionInput(project, { type: "OUTGOING_COMMITMENT", amount: { amount: big, currency: "EUR" } }),
    );
    expect(transaction.amount.amount).toBe(big);
    const { transaction: reversal } = await coordinatorDoes(
      REVERSE_TRANSACTION,
      change({ ...project, version: after.version }, { transactionId: transaction.id, reason: "Typo" }),
    );
    expect(reversal.amount.amount).toBe(`-${big}`);
  });
});

describe("reversals that are refused", () => {
  it("a reversal, an entry already reversed, or an entry of another project: BAD_USER_INPUT, nothing changed", async () => {
    const project = await projectWithTransaction();
    const { transaction: reversal, project: after } = await coordinatorDoes(
      REVERSE_TRANSACTION,
      change(project, { transactionId: project.transactionId, reason: "Wrong amount" }),
    );
    const current = { ...project, version: after.version };
    await expectNothingChanged(project.code, async () => {
      const twice = await asCoordinator(REVERSE_TRANSACTION, { input: change(current, { transactionId: project.transactionId, reason: "Again" }) });
      expect(expectError(twice, "BAD_USER_INPUT")).toMatch(/already reversed/);
      const ofReversal = await asCoordinator(REVERSE_TRANSACTION, { input: change(current, { transactionId: reversal.id, reason: "Undo" }) });
      expect(expectError(ofReversal, "BAD_USER_INPUT")).toMatch(/itself a reversal/);
    });

    const other = await projectWithTransaction();
    await expectNothingChanged(project.code, async () => {
      const result = await asCoordinator(REVERSE_TRANSACTION, { input: change(current, { transactionId: other.transactionId, reason: "Wrong project" }) });
      expect(expectError(result, "BAD_USER_INPUT")).toMatch(/another project/);
    });
  });

  it("an unknown transaction is NOT_FOUND; an id of another type, or a blank reason, BAD_USER_INPUT", async () => {
    const project = await projectWithTransaction();
    await expectNothingChanged(project.code, async () => {
      const unknown = change(project, { transactionId: toGlobalId("ProjectTransaction", 999_999), reason: "Gone" });
      expectError(await asCoordinator(REVERSE_TRANSACTION, { input: unknown }), "NOT_FOUND");
      const wrongType = change(project, { transactionId: project.id, reason: "Not a transaction" });
      expect(expectError(await asCoordinator(REVERSE_TRANSACTION, { input: wrongType }), "BAD_USER_INPUT")).toMatch(/not of a ProjectTransaction/);
      const blank = change(project, { transactionId: project.transactionId, reason: "  " });
      expect(expectError(await asCoordinator(REVERSE_TRANSACTION, { input: blank }), "BAD_USER_INPUT")).toMatch(/reason must not be blank/);
    });
  });
});

describe("creating and changing projects", () => {
  it("creates a project with its dates and instrument", async () => {
    const code = uniqueCode("MPF");
    const { project } = await coordinatorDoes(CREATE, createInput({ code, instrumentCode: "MPF", actualStart: "2021-02-01", actualStartPrecision: "DAY" }));
    expect(project).toMatchObject({
      code,
      title: "Border management training",
      status: "PIPELINE",
      version: 1,
      partnership: { code: "EU-BY" },
      instrument: { code: "MPF" },
      plannedStart: "2021-01-01",
      plannedStartPrecision: "MONTH",
      actualStart: "2021-02-01",
      actualStartPrecision: "DAY",
      plannedEnd: "2023-12-31",
      plannedEndPrecision: "DAY",
      actualEnd: null,
      participants: [],
      budgets: [],
      transactions: [],
    });
    expect(await projectByCode(code)).toEqual(project);
  });

  it("updates only the given fields; null clears a nullable one", async () => {
    const project = await newProject({ instrumentCode: "MPF" });
    const { project: updated } = await coordinatorDoes(
      UPDATE,
      change(project, { title: "  Trimmed title  ", description: null, instrumentCode: null, plannedEnd: "2024-06-30" }),
    );
    expect(updated).toMatchObject({
      title: "Trimmed title",
      description: null,
      instrument: null,
      status: "PIPELINE",
      plannedStart: "2021-01-01",
      plannedEnd: "2024-06-30",
      plannedEndPrecision: "DAY",
      version: 2,
    });
    // A date is cleared together with its precision.
    const { project: cleared } = await coordinatorDoes(UPDATE, change({ ...project, version: 2 }, { plannedEnd: null, plannedEndPrecision: null }));
    expect(cleared).toMatchObject({ plannedEnd: null, plannedEndPrecision: null, plannedStart: "2021-01-01", version: 3 });
  });

  it("adds and removes participants; one organisation may hold several roles", async () => {
    let project = await newProject();
    for (const [organisationCode, role] of [["EU", "FUNDING"], ["IOM-BY", "IMPLEMENTING"], ["IOM-BY", "ACCOUNTABLE"]]) {
      const { project: after } = await coordinatorDoes(ADD_PARTICIPANT, change(project, { organisationCode, role }));
      project = { ...project, version: after.version };
    }
    expect(project.version).toBe(4);
    const { project: after } = await coordinatorDoes(REMOVE_PARTICIPANT, change(project, { organisationCode: "IOM-BY", role: "IMPLEMENTING" }));
    expect(after.participants).toEqual([
      { role: "FUNDING", organisation: { code: "EU" } },
      { role: "ACCOUNTABLE", organisation: { code: "IOM-BY" } },
    ]);
    project = { ...project, version: after.version };

    await expectNothingChanged(project.code, async () => {
      const again = await asCoordinator(REMOVE_PARTICIPANT, { input: change(project, { organisationCode: "IOM-BY", role: "IMPLEMENTING" }) });
      expect(expectError(again, "BAD_USER_INPUT")).toMatch(/IOM-BY does not take part in .* as IMPLEMENTING/);
      const duplicate = await asCoordinator(ADD_PARTICIPANT, { input: change(project, { organisationCode: "EU", role: "FUNDING" }) });
      expect(expectError(duplicate, "BAD_USER_INPUT")).toMatch(/EU already takes part/);
    });
  });

  it("records budget lines, added up exactly per currency", async () => {
    const project = await newProject();
    const { project: first } = await coordinatorDoes(RECORD_BUDGET, budgetInput(project, { qualifier: "APPROXIMATE" }));
    const { project: second } = await coordinatorDoes(
      RECORD_BUDGET,
      budgetInput({ ...project, version: first.version }, { status: "INDICATIVE", periodStart: null, periodEnd: null, amount: { amount: "0.01", currency: "EUR" } }),
    );
    expect(second.version).toBe(3);
    expect(second.budget).toEqual([{ amount: "250000.51", currency: "EUR" }]);
    expect(second.budgets).toEqual([
      { status: "COMMITTED", periodStart: "2021-01-01", periodEnd: "2021-12-31", valueDate: "2021-01-01", amount: { amount: "250000.50", currency: "EUR" }, qualifier: "APPROXIMATE" },
      { status: "INDICATIVE", periodStart: null, periodEnd: null, valueDate: "2021-01-01", amount: { amount: "0.01", currency: "EUR" }, qualifier: "EXACT" },
    ]);
  });
});

describe("bad input gets BAD_USER_INPUT (or NOT_FOUND) and changes nothing", () => {
  const CREATE_CASES: [string, Record<string, unknown>, RegExp][] = [
    ["an empty title", { title: "" }, /title must not be empty/],
    ["a blank title", { title: "   " }, /title must not be blank/],
    ["a title of 10,000 characters", { title: "x".repeat(10_000) }, /title must be at most 500 characters/],
    ["an unknown status", { status: "DONE" }, /Value "DONE" does not exist in "ProjectStatus" enum/],
    ["a lowercase code", { code: "iom-2" }, /code must be 1 to 40 upper-case letters/],
    ["an end before its start", { plannedStart: "2022-01-01", plannedEnd: "2021-12-31" }, /plannedEnd \(2021-12-31\) is before plannedStart \(2022-01-01\)/],
    ["an actual end before the actual start", { actualStart: "2022-01-01", actualStartPrecision: "DAY", actualEnd: "2021-01-01", actualEndPrecision: "YEAR" }, /actualEnd .* is before actualStart/],
    ["a date without its precision", { plannedStartPrecision: null }, /plannedStartPrecision is required with plannedStart/],
    ["a precision without its date", { actualEndPrecision: "YEAR" }, /actualEndPrecision is given without actualEnd/],
    ["a malformed date", { plannedStart: "2021-02-30" }, /LocalDate/],
    ["an unknown partnership", { partnershipCode: "EU-XX" }, /There is no partnership EU-XX/],
    ["an unknown instrument", { instrumentCode: "NO-SUCH-FUND" }, /There is no funding instrument NO-SUCH-FUND/],
    ["a duplicate project code", { code: IOM }, /There is already a project IOM-IRREGULAR-MIGRANTS; choose another code/],
  ];

  it.each(CREATE_CASES)("createProject with %s", async (_case, overrides, message) => {
    const input = createInput(overrides);
    const auditBefore = await auditCount();
    const iomBefore = await projectByCode(IOM);
    expect(expectError(await asCoordinator(CREATE, { input }), "BAD_USER_INPUT")).toMatch(message);
    if (input.code !== IOM) expect(await projectByCode(input.code as string)).toBeNull();
    expect(await projectByCode(IOM)).toEqual(iomBefore);
    expect(await auditCount()).toBe(auditBefore);
  });

  const UPDATE_CASES: [string, Record<string, unknown>, RegExp][] = [
    ["an empty title", { title: "" }, /title must not be empty/],
    ["a title of 10,000 characters", { title: "x".repeat(10_000) }, /title must be at most 500 characters/],
    ["an unknown status", { status: "FINISHED" }, /Value "FINISHED" does not exist in "ProjectStatus" enum/],
    ["an end before the existing start", { plannedEnd: "2020-12-31" }, /plannedEnd \(2020-12-31\) is before plannedStart \(2021-01-01\)/],
    ["a start after the existing end", { plannedStart: "2024-01-01" }, /plannedEnd \(2023-12-31\) is before plannedStart \(2024-01-01\)/],
    ["a cleared date whose precision stays", { plannedStart: null }, /plannedStartPrecision is given without plannedStart/],
    ["an unknown instrument", { instrumentCode: "NO-SUCH-FUND" }, /There is no funding instrument NO-SUCH-FUND/],
    ["the code of another project", { code: IOM }, /There is already a project IOM-IRREGULAR-MIGRANTS/],
    ["a malformed project id", { projectId: "not an id" }, /"not an id" is not a valid id/],
    ["the id of something else", { projectId: toGlobalId("Measure", 1) }, /is the id of a Measure, not of a Project/],
  ];

  it.each(UPDATE_CASES)("updateProject with %s", async (_case, fields, message) => {
    const project = await newProject();
    await expectNothingChanged(project.code, async () => {
      expect(expectError(await asCoordinator(UPDATE, { input: change(project, fields) }), "BAD_USER_INPUT")).toMatch(message);
    });
  });

  it("updateProject of an unknown project id gives NOT_FOUND", async () => {
    const auditBefore = await auditCount();
    const input = { projectId: toGlobalId("Project", 999_999), expectedVersion: 1, title: "Nobody" };
    expect(expectError(await asCoordinator(UPDATE, { input }), "NOT_FOUND")).toBe("No project has this id");
    expect(await auditCount()).toBe(auditBefore);
  });

  const MONEY_CASES: [string, unknown, RegExp][] = [
    ["a negative amount", { amount: "-5.00", currency: "EUR" }, /amount must be a positive amount with at most two decimals/],
    ["zero", { amount: "0.00", currency: "EUR" }, /amount must be a positive amount/],
    ["an exponent", { amount: "1e3", currency: "EUR" }, /Decimal must be a string of digits/],
    ["NaN", { amount: "NaN", currency: "EUR" }, /Decimal must be a string of digits/],
    ["more than two decimals", { amount: "1.234", currency: "EUR" }, /amount must be a positive amount with at most two decimals/],
    ["a number instead of a string", { amount: 1500, currency: "EUR" }, /Decimal must be a string of digits/],
    ['the currency "EURO"', { amount: "1.00", currency: "EURO" }, /currency must be an ISO 4217 currency code/],
    ['the currency "eur"', { amount: "1.00", currency: "eur" }, /currency must be an ISO 4217 currency code/],
    ['the currency "XYZ"', { amount: "1.00", currency: "XYZ" }, /currency must be an ISO 4217 currency code/],
  ];

  it.each(MONEY_CASES)("recordProjectTransaction with %s", async (_case, amount, message) => {
    const project = await newProject();
    await expectNothingChanged(project.code, async () => {
      expect(expectError(await asCoordinator(RECORD_TRANSACTION, { input: transactionInput(project, { amount }) }), "BAD_USER_INPUT")).toMatch(message);
    });
  });

  it.each(MONEY_CASES)("recordProjectBudget with %s", async (_case, amount, message) => {
    const project = await newProject();
    await expectNothingChanged(project.code, async () => {
      expect(expectError(await asCoordinator(RECORD_BUDGET, { input: budgetInput(project, { amount }) }), "BAD_USER_INPUT")).toMatch(message);
    });
  });

  const OTHER_CASES: [string, string, (project: ProjectRef) => Record<string, unknown>, RegExp][] = [
    ["recordProjectTransaction: an unknown type", RECORD_TRANSACTION, (p) => transactionInput(p, { type: "REFUND" }), /Value "REFUND" does not exist in "TransactionType" enum/],
    ["recordProjectTransaction: an unknown provider", RECORD_TRANSACTION, (p) => transactionInput(p, { providerOrganisationCode: "NOBODY" }), /There is no organisation NOBODY/],
    ["recordProjectTransaction: an unknown receiver", RECORD_TRANSACTION, (p) => transactionInput(p, { receiverOrganisationCode: "NOBODY" }), /There is no organisation NOBODY/],
    ["recordProjectBudget: a period that ends before it starts", RECORD_BUDGET, (p) => budgetInput(p, { periodStart: "2022-01-01", periodEnd: "2021-12-31" }), /periodEnd \(2021-12-31\) is before periodStart \(2022-01-01\)/],
    ["recordProjectBudget: an unknown status", RECORD_BUDGET, (p) => budgetInput(p, { status: "PLANNED" }), /Value "PLANNED" does not exist in "BudgetStatus" enum/],
    ["addProjectParticipant: an unknown organisation", ADD_PARTICIPANT, (p) => change(p, { organisationCode: "NOBODY", role: "FUNDING" }), /There is no organisation NOBODY/],
    ["addProjectParticipant: an unknown role", ADD_PARTICIPANT, (p) => change(p, { organisationCode: "EU", role: "SPONSOR" }), /Value "SPONSOR" does not exist in "OrganisationRole" enum/],
    ["removeProjectParticipant: an organisation that does not take part", REMOVE_PARTICIPANT, (p) => change(p, { organisationCode: "WBG", role: "IMPLEMENTING" }), /WBG does not take part in .* as IMPLEMENTING \(participants: none\)/],
    ["removeProjectParticipant: an unknown organisation", REMOVE_PARTICIPANT, (p) => change(p, { organisationCode: "NOBODY", role: "FUNDING" }), /There is no organisation NOBODY/],
  ];

  it.each(OTHER_CASES)("%s", async (_case, query, input, message) => {
    const project = await newProject();
    await expectNothingChanged(project.code, async () => {
      expect(expectError(await asCoordinator(query, { input: input(project) }), "BAD_USER_INPUT")).toMatch(message);
    });
  });

  it.each(CHANGE_MUTATIONS)("%s of an unknown project id gives NOT_FOUND", async (name) => {
    const { query, prepare, input } = MUTATIONS[name]!;
    const project = await prepare();
    await expectNothingChanged(project.code, async () => {
      const result = await asCoordinator(query, { input: { ...input(project), projectId: toGlobalId("Project", 999_999) } });
      expect(expectError(result, "NOT_FOUND")).toBe("No project has this id");
    });
  });
});

describe("idempotency keys", () => {
  it("the same key twice applies the change once and answers the same result", async () => {
    const project = await newProject();
    const auditBefore = await auditCount();
    const headers = { "idempotency-key": `tx-${project.code}` };
    const first = await coordinatorDoes(RECORD_TRANSACTION, transactionInput(project), headers);
    const second = await coordinatorDoes(RECORD_TRANSACTION, transactionInput(project), headers);
    expect(second).toEqual(first);
    expect(second.transaction.id).toBe(first.transaction.id);
    expect(second.project.version).toBe(project.version + 1);
    const after = await projectByCode(project.code);
    expect(after.transactions).toHaveLength(1);
    expect(after.version).toBe(project.version + 1);
    expect(await auditCount()).toBe(auditBefore + 1);
  });

  it("replays createProject's first answer, whatever the clientMutationId", async () => {
    const input = createInput();
    const headers = { "idempotency-key": `create-${input.code}` };
    const auditBefore = await auditCount();
    const first = await coordinatorDoes(CREATE, { ...input, clientMutationId: "first" }, headers);
    // A retry may carry a new clientMutationId: it labels the call, not the change. The
    // answer is the first one, its label included.
    const again = await coordinatorDoes(CREATE, { ...input, clientMutationId: "retry" }, headers);
    expect(again).toEqual(first);
    expect(again.clientMutationId).toBe("first");
    expect(await auditCount()).toBe(auditBefore + 1);
  });

  it("the same key with a different input gives BAD_USER_INPUT and changes nothing", async () => {
    const project = await newProject();
    const headers = { "idempotency-key": `budget-${project.code}` };
    const first = await coordinatorDoes(RECORD_BUDGET, budgetInput(project), headers);
    await expectNothingChanged(project.code, async () => {
      const other = budgetInput({ ...project, version: first.project.version }, { amount: { amount: "1.00", currency: "EUR" } });
      const result = await asCoordinator(RECORD_BUDGET, { input: other }, headers);
      expect(expectError(result, "BAD_USER_INPUT")).toMatch(/Idempotency-Key was already used for a different request/);
      // Or with another operation.
      const update = await asCoordinator(UPDATE, { input: change({ ...project, version: first.project.version }, { title: "Other" }) }, headers);
      expect(expectError(update, "BAD_USER_INPUT")).toMatch(/Idempotency-Key was already used/);
    });
  });

  it("a key is the caller's own: another coordinator's same key is a new change", async () => {
    const project = await newProject();
    const headers = { "idempotency-key": `shared-${project.code}` };
    const first = await coordinatorDoes(UPDATE, change(project, { title: "First" }), headers);
    const other = { sub: "secretariat-2", role: "COORDINATOR" } as const;
    const result = await server.requestAs(other, UPDATE, { input: change({ ...project, version: 2 }, { title: "Second" }) }, headers);
    expect(dataOf(result, UPDATE).updateProject.project).toMatchObject({ title: "Second", version: 3 });
    expect(first.project.version).toBe(2);
  });

  it("a refused request does not use up the key", async () => {
    const project = await newProject();
    const headers = { "idempotency-key": `retry-${project.code}` };
    const stale = await asCoordinator(UPDATE, { input: change({ ...project, version: 7 }, { title: "Late" }) }, headers);
    expectError(stale, "CONFLICT");
    const { project: updated } = await coordinatorDoes(UPDATE, change(project, { title: "On time" }), headers);
    expect(updated).toMatchObject({ title: "On time", version: 2 });
  });
});
