import { sql } from "drizzle-orm";
import type { TokenClaims } from "../src/auth/tokens";
import { actionPlanEntries, actionPlanVersions } from "../src/modules/action-plans/action-plans.tables";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { measures, measureStatusChanges } from "../src/modules/measures/measures.tables";
import { testDatabaseUrl } from "./helpers/databases";
import { countRows, uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";
import { AUDITOR, COORDINATOR, ministry } from "./helpers/claims";

/**
 * The plan's life over HTTP, in order: the seed has no version; the coordinator drafts the
 * first from the 17 recommendations, adopts it, drafts and adopts a second; diffs, progress
 * reports and the ministry's view follow. Each step builds on the one before.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const VERSION_FIELDS = `id number status revision note openedBy adoptedBy adoptedAt supersededAt basedOn { number }`;
const OPEN = `mutation($input: OpenActionPlanDraftInput!) { openActionPlanDraft(input: $input) { clientMutationId version { ${VERSION_FIELDS} measures(first: 100) { totalCount } } } }`;
const ADD = `mutation($input: AddMeasureToActionPlanDraftInput!) { addMeasureToActionPlanDraft(input: $input) { version { ${VERSION_FIELDS} } } }`;
const REVISE = `mutation($input: ReviseActionPlanDraftMeasureInput!) { reviseActionPlanDraftMeasure(input: $input) { version { ${VERSION_FIELDS} } } }`;
const WITHDRAW = `mutation($input: WithdrawMeasureFromActionPlanDraftInput!) { withdrawMeasureFromActionPlanDraft(input: $input) { version { ${VERSION_FIELDS} } } }`;
const RESTORE = `mutation($input: RestoreMeasureInActionPlanDraftInput!) { restoreMeasureInActionPlanDraft(input: $input) { version { ${VERSION_FIELDS} } } }`;
const ADOPT = `mutation($input: AdoptActionPlanDraftInput!) { adoptActionPlanDraft(input: $input) { clientMutationId version { ${VERSION_FIELDS} } superseded { ${VERSION_FIELDS} } } }`;
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status version } } }`;
const UPDATE = `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { measure { version completionLevel title } } }`;
const CREATE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id code version } } }`;

const ENTRY_FIELDS = `code title description deadline withdrawn withdrawalReason status overdue policyArea { code } leads { code } contributors { code } measure { code status }`;
const PLAN = `query($version: Int) { actionPlan(partnershipCode: "EU-BY", version: $version) {
  ${VERSION_FIELDS} measures(first: 100, filter: { includeWithdrawn: true }) { totalCount nodes { ${ENTRY_FIELDS} } } } }`;
const FIGURES = `measures byStatus { status count } overdue completed completedShare`;
const PROGRESS = `query($version: Int, $signatoryCode: String) { actionPlan(partnershipCode: "EU-BY", version: $version) {
  progress(signatoryCode: $signatoryCode) { asOf signatory { code } version { number } overall { ${FIGURES} }
    byPolicyArea { policyArea { code } ${FIGURES} } byLeadSignatory { signatory { code } ${FIGURES} } } } }`;
const DIFF = `query($from: Int!, $to: Int!) { actionPlanDiff(partnershipCode: "EU-BY", from: $from, to: $to) {
  from { number } to { number }
  added { code title leads { code } }
  withdrawn { code withdrawalReason }
  changed { code measure { code } changes { field from to } before { title } after { title } } } }`;

const codeOf = (result: GraphQLResult<unknown>) => result.errors?.map((e) => e.extensions?.code);

async function asCoordinator(query: string, variables: Record<string, unknown>) {
  return server.requestAs<any>(COORDINATOR, query, variables);
}

async function ok(query: string, input: Record<string, unknown>, claims: TokenClaims = COORDINATOR) {
  const result = await server.requestAs<any>(claims, query, { input });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data)[0] as any;
}

const measureIds = new Map<string, string>();
async function measure(code: string): Promise<{ id: string; version: number; status: string }> {
  const data = await server.query(`query($q: String) { measures(filter: { search: $q }, first: 100) { nodes { id code version status } } }`, {
    q: code,
  });
  const found = data.measures.nodes.find((m: { code: string }) => m.code === code);
  measureIds.set(code, found.id);
  return found;
}

/** A measure's global id by code; measures created by a test are registered under a label. */
async function idOf(code: string): Promise<string> {
  return measureIds.get(code) ?? (await measure(code)).id;
}

/** A version as a signed-in reader sees it (drafts are not public: test/read-safety.test.ts). */
async function plan(version?: number) {
  const result = await server.requestAs<any>(AUDITOR, PLAN, { version });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data.actionPlan;
}

/** Everything a refused request must leave as it was. */
async function planState() {
  const db = server.database.db;
  return {
    versions: await db.select().from(actionPlanVersions).orderBy(actionPlanVersions.id),
    entries: await countRows(db, actionPlanEntries),
    measures: await db.select({ id: measures.id, status: measures.status, version: measures.version, title: measures.title }).from(measures).orderBy(measures.id),
    history: await countRows(db, measureStatusChanges),
    audit: await countRows(db, auditEvents),
  };
}

async function expectRefused(code: string, send: () => Promise<GraphQLResult<unknown>>) {
  const before = await planState();
  const result = await send();
  expect(codeOf(result)).toEqual([code]);
  expect(await planState()).toEqual(before);
  return result.errors![0]!;
}

let draft: { id: string; revision: number };
const edit = (extra: Record<string, unknown>) => ({ draftId: draft.id, expectedRevision: draft.revision, ...extra });
async function editDraft(query: string, extra: Record<string, unknown>) {
  const version = (await ok(query, edit(extra))).version;
  expect(version.revision).toBe(draft.revision + 1);
  draft = { id: version.id, revision: version.revision };
  return version;
}

describe("before any version", () => {
  it("the seed has recommendations but no action plan yet", async () => {
    const data = await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { number } actionPlan(partnershipCode: "EU-BY") { number } }`);
    expect(data).toEqual({ actionPlanVersions: [], actionPlan: null });
  });

  it("an unknown partnership is BAD_USER_INPUT", async () => {
    expect(await server.badUserInput(`{ actionPlanVersions(partnershipCode: "XX-YY") { number } }`)).toMatch(/no partnership XX-YY/);
  });
});

describe("version 1: drafted from the recommendations, edited, adopted", () => {
  it("only the coordinator opens a draft", async () => {
    const input = { partnershipCode: "EU-BY" };
    await expectRefused("UNAUTHENTICATED", () => server.request(OPEN, { input }));
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("BY"), OPEN, { input }));
    await expectRefused("FORBIDDEN", () => server.requestAs(AUDITOR, OPEN, { input }));
  });

  it("the first draft holds every measure that is not withdrawn, as worded now", async () => {
    const { clientMutationId, version } = await ok(OPEN, { partnershipCode: "EU-BY", note: "First indicative action plan", clientMutationId: "o-1" });
    expect(clientMutationId).toBe("o-1");
    expect(version).toMatchObject({ number: 1, status: "DRAFT", revision: 1, note: "First indicative action plan", openedBy: "secretariat-1", adoptedAt: null, basedOn: null });
    expect(version.measures.totalCount).toBe(17);
    draft = { id: version.id, revision: 1 };
    const lab1 = (await plan(1)).measures.nodes.find((e: any) => e.code === "LAB-1");
    expect(lab1).toMatchObject({ status: "PROPOSED", withdrawn: false, policyArea: { code: "LABOUR_MIGRATION_LEGAL_MOBILITY" } });
    expect(lab1.leads.map((s: any) => s.code)).toEqual(["EU", "BY"]);
  });

  it("a second draft while one is open is CONFLICT, naming the open one", async () => {
    const error = await expectRefused("CONFLICT", () => asCoordinator(OPEN, { input: { partnershipCode: "EU-BY" } }));
    expect(error.message).toMatch(/Version 1 .* already open as a draft/);
    expect(error.extensions).toMatchObject({ draftId: draft.id });
  });

  it("the draft's wording, deadline, area and leads change in the draft only", async () => {
    const lab2 = await measure("LAB-2");
    const version = await editDraft(REVISE, {
      measureId: lab2.id,
      title: "Employment partnerships and a joint vacancy database",
      deadline: "2020-12-31",
      leadSignatoryCodes: ["BY", "PL"],
      contributingSignatoryCodes: ["LT"],
    });
    expect(version.status).toBe("DRAFT");
    const entry = (await plan(1)).measures.nodes.find((e: any) => e.code === "LAB-2");
    expect(entry).toMatchObject({ title: "Employment partnerships and a joint vacancy database", deadline: "2020-12-31" });
    expect(entry.leads.map((s: any) => s.code)).toEqual(["BY", "PL"]);
    expect(entry.contributors.map((s: any) => s.code)).toEqual(["LT"]);
    // The measure itself keeps its wording until the draft is adopted.
    const current = await server.query(`query($id: ID!) { node(id: $id) { ... on Measure { title deadline version } } }`, { id: lab2.id });
    expect(current.node).toMatchObject({ title: expect.stringMatching(/^Partnerships of employment actors/), deadline: null, version: lab2.version });
  });

  it("a stale revision is CONFLICT with the current one, and changes nothing", async () => {
    const lab3 = await measure("LAB-3");
    const error = await expectRefused("CONFLICT", () =>
      asCoordinator(REVISE, { input: { draftId: draft.id, expectedRevision: draft.revision - 1, measureId: lab3.id, title: "Too late" } }),
    );
    expect(error.extensions).toMatchObject({ currentRevision: draft.revision });
  });

  it("bad edits are BAD_USER_INPUT and change nothing", async () => {
    const lab3 = await measure("LAB-3");
    const refused = async (extra: Record<string, unknown>, pattern: RegExp) => {
      const error = await expectRefused("BAD_USER_INPUT", () => asCoordinator(REVISE, { input: edit({ measureId: lab3.id, ...extra }) }));
      expect(error.message).toMatch(pattern);
    };
    await refused({ leadSignatoryCodes: [] }, /at least one lead/);
    await refused({ leadSignatoryCodes: ["BY", "PL", "BY"] }, /BY named more than once among the leads/);
    await refused({ leadSignatoryCodes: ["BY"], contributingSignatoryCodes: ["BY"] }, /cannot both lead and contribute/);
    await refused({ leadSignatoryCodes: ["XX"] }, /Not signatories of this partnership: XX/);
    await refused({ policyAreaCode: "NOWHERE" }, /no policy area NOWHERE/);
    await refused({ title: "x".repeat(600) }, /title/);
    await refused({ leadSignatoryCodes: ["not a code"] }, /leadSignatoryCodes/);
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("BY"), REVISE, { input: edit({ measureId: lab3.id, title: "Mine" }) }));
    await expectRefused("NOT_FOUND", () => asCoordinator(REVISE, { input: { ...edit({ measureId: lab3.id }), draftId: "QWN0aW9uUGxhblZlcnNpb246OTk5OQ" } }));
  });

  it("withdrawing a measure only this draft holds takes it out; the measure stays a proposal", async () => {
    const dat2 = await measure("DAT-2");
    const version = await editDraft(WITHDRAW, { measureId: dat2.id, reason: "Covered by DAT-1" });
    expect(version.status).toBe("DRAFT");
    const entries = (await plan(1)).measures;
    expect(entries.totalCount).toBe(16);
    expect((await measure("DAT-2")).status).toBe("PROPOSED");
    await expectRefused("BAD_USER_INPUT", () => asCoordinator(REVISE, { input: edit({ measureId: dat2.id, title: "x" }) }));
  });

  it("a measure a ministry proposed joins the draft worded as proposed", async () => {
    const code = uniqueCode("PL");
    const created = await ok(
      CREATE,
      {
        partnershipCode: "EU-BY",
        code,
        title: "Bilateral labour agreement with Poland",
        policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY",
        leadSignatoryCode: "PL",
        contributingSignatoryCodes: ["BY"],
        deadline: "2021-06-30",
      },
      ministry("PL"),
    );
    measureIds.set("PL-NEW", created.measure.id);
    await editDraft(ADD, { measureId: created.measure.id });
    const entry = (await plan(1)).measures.nodes.find((e: any) => e.code === code);
    expect(entry).toMatchObject({ title: "Bilateral labour agreement with Poland", deadline: "2021-06-30", status: "PROPOSED" });
    expect(entry.leads.map((s: any) => s.code)).toEqual(["PL"]);
    expect(entry.contributors.map((s: any) => s.code)).toEqual(["BY"]);
    const again = await expectRefused("BAD_USER_INPUT", () => asCoordinator(ADD, { input: edit({ measureId: created.measure.id }) }));
    expect(again.message).toMatch(/already in draft version 1/);
  });

  it("adoption agrees every measure of the draft, gives them the draft's wording, and is audited", async () => {
    const auditBefore = await countRows(server.database.db, auditEvents);
    await expectRefused("CONFLICT", () => asCoordinator(ADOPT, { input: { draftId: draft.id, expectedRevision: draft.revision - 1 } }));
    const { version, superseded, clientMutationId } = await ok(ADOPT, { draftId: draft.id, expectedRevision: draft.revision, clientMutationId: "a-1" });
    expect(clientMutationId).toBe("a-1");
    expect(superseded).toBeNull();
    expect(version).toMatchObject({ number: 1, status: "ADOPTED", adoptedBy: "secretariat-1", supersededAt: null });
    expect(version.adoptedAt).toEqual(expect.any(String));

    const adopted = await plan();
    expect(adopted.number).toBe(1);
    expect(adopted.measures.totalCount).toBe(17);
    expect(adopted.measures.nodes.every((e: any) => e.status === "AGREED" && e.measure.status === "AGREED")).toBe(true);

    const lab2 = (
      await server.requestAs<any>(
        AUDITOR,
        `query($id: ID!) { node(id: $id) { ... on Measure { title deadline leads { code } statusHistory { fromStatus toStatus reason actor { sub } } } } }`,
        { id: await idOf("LAB-2") },
      )
    ).data;
    expect(lab2.node).toMatchObject({ title: "Employment partnerships and a joint vacancy database", deadline: "2020-12-31" });
    expect(lab2.node.leads.map((s: any) => s.code)).toEqual(["BY", "PL"]);
    expect(lab2.node.statusHistory.at(-1)).toEqual({
      fromStatus: "PROPOSED",
      toStatus: "AGREED",
      reason: "Agreed in version 1 of the action plan",
      actor: { sub: "secretariat-1" },
    });
    expect((await measure("DAT-2")).status).toBe("PROPOSED");

    // One record for the version, one per measure it changed (17 agreed).
    const audit = await server.requestAs<any>(
      AUDITOR,
      `query($id: ID!) { auditLog(filter: { entityId: $id }, first: 100) { nodes { operation actor { sub } before after } } }`,
      { id: draft.id },
    );
    expect(audit.data.auditLog.nodes.map((e: any) => e.operation)).toEqual([
      "adoptActionPlanDraft",
      "addMeasureToActionPlanDraft",
      "withdrawMeasureFromActionPlanDraft",
      "reviseActionPlanDraftMeasure",
      "openActionPlanDraft",
    ]);
    const revise = audit.data.auditLog.nodes[3];
    expect(revise.before.measure).toMatchObject({ code: "LAB-2", deadline: null, leadCodes: ["BY"] });
    expect(revise.after.measure).toMatchObject({ code: "LAB-2", deadline: "2020-12-31", leadCodes: ["BY", "PL"], contributorCodes: ["LT"] });
    expect(audit.data.auditLog.nodes[0].before).toMatchObject({ status: "DRAFT" });
    expect(audit.data.auditLog.nodes[0].after).toMatchObject({ status: "ADOPTED", measures: 17, withdrawn: 0 });
    expect(await countRows(server.database.db, auditEvents)).toBe(auditBefore + 1 + 17);
  });

  it("adopting it again is CONFLICT (its revision moved), never a second adoption", async () => {
    await expectRefused("CONFLICT", () => asCoordinator(ADOPT, { input: { draftId: draft.id, expectedRevision: draft.revision } }));
  });
});

describe("an adopted version's content is fixed; statuses move", () => {
  it("editing an adopted version is refused", async () => {
    const [version] = (await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { id revision } }`)).actionPlanVersions;
    const lab3 = await idOf("LAB-3");
    const error = await expectRefused("BAD_USER_INPUT", () =>
      asCoordinator(REVISE, { input: { draftId: version.id, expectedRevision: version.revision, measureId: lab3, title: "x" } }),
    );
    expect(error.message).toMatch(/Version 1 is ADOPTED: its content is fixed/);
  });

  it("the database itself refuses to change what was agreed", async () => {
    const db = server.database.db;
    // drizzle wraps the database's error; its message is the cause's.
    const refusal = (statement: ReturnType<typeof sql>) =>
      db.execute(statement).then(
        () => "accepted",
        (error: { cause?: Error; message: string }) => error.cause?.message ?? error.message,
      );
    expect(await refusal(sql`update action_plan_entry set title = 'rewritten'`)).toMatch(/version 1 is adopted: its content cannot change/);
    expect(await refusal(sql`delete from action_plan_entry_responsibility`)).toMatch(/is adopted: its content cannot change/);
    expect(await refusal(sql`insert into action_plan_entry_responsibility select version_id, measure_id, 1, 'LEAD', 9 from action_plan_entry limit 1`)).toMatch(
      /is adopted/,
    );
    expect(await refusal(sql`update action_plan_version set note = 'rewritten'`)).toMatch(/cannot go from ADOPTED to ADOPTED/);
    expect(await refusal(sql`update action_plan_version set status = 'DRAFT', adopted_at = null`)).toMatch(/cannot go from ADOPTED to DRAFT/);
    expect(await refusal(sql`delete from action_plan_version`)).toMatch(/cannot be deleted/);
    expect(await refusal(sql`truncate action_plan_entry cascade`)).toMatch(/append-only/);
  });

  it("updateMeasure may no longer reword a measure of the plan, but completion level still moves", async () => {
    const lab3 = await measure("LAB-3");
    const error = await expectRefused("BAD_USER_INPUT", () =>
      asCoordinator(UPDATE, { input: { measureId: lab3.id, expectedVersion: lab3.version, title: "Reworded outside the plan" } }),
    );
    expect(error.message).toMatch(/LAB-3 is in version 1 of the action plan: .*reviseActionPlanDraftMeasure/);
    const updated = await ok(UPDATE, { measureId: lab3.id, expectedVersion: lab3.version, completionLevel: "LIMITED" });
    expect(updated.measure.completionLevel).toBe("LIMITED");
  });

  it("ministries move the statuses of the measures they lead under the adopted plan", async () => {
    for (const [code, claims, steps] of [
      ["SOC-1", ministry("BY"), ["IN_PROGRESS", "COMPLETED"]],
      ["EDU-1", ministry("BY"), ["IN_PROGRESS"]],
      ["VIS-1", ministry("EU"), ["IN_PROGRESS"]],
    ] as const) {
      for (const status of steps) {
        const current = await measure(code);
        await ok(SET_STATUS, { measureId: current.id, expectedVersion: current.version, status }, claims);
      }
    }
    const entries = (await plan()).measures.nodes;
    expect(entries.find((e: any) => e.code === "SOC-1").status).toBe("COMPLETED");
    expect(entries.find((e: any) => e.code === "SOC-1").title).toMatch(/^Social security agreements/);
  });
});

describe("version 2: drafted from version 1, adopted, version 1 superseded", () => {
  it("the next draft starts from the adopted version", async () => {
    const { version } = await ok(OPEN, { partnershipCode: "EU-BY", note: "2019 review" });
    expect(version).toMatchObject({ number: 2, status: "DRAFT", basedOn: { number: 1 } });
    expect(version.measures.totalCount).toBe(17);
    draft = { id: version.id, revision: version.revision };
  });

  it("edits: a withdrawal with its reason, a new wording, an earlier deadline, a new measure", async () => {
    await editDraft(WITHDRAW, { measureId: await idOf("VIS-2"), reason: "Superseded by the visa facilitation track" });
    await editDraft(WITHDRAW, { measureId: await idOf("EDU-3"), reason: "Not a priority" });
    await editDraft(RESTORE, { measureId: await idOf("EDU-3") });
    await editDraft(REVISE, { measureId: await idOf("SOC-1"), title: "Social security agreements with every signatory" });
    await editDraft(REVISE, { measureId: await idOf("EDU-1"), deadline: "2019-12-31" });
    const lab4 = await measure("LAB-4");
    await editDraft(REVISE, { measureId: lab4.id, deadline: "2019-06-30", policyAreaCode: "CIVIL_SOCIETY" });
    const code = uniqueCode("NEW");
    const created = await ok(CREATE, {
      partnershipCode: "EU-BY",
      code,
      title: "Joint return monitoring",
      policyAreaCode: "IRREGULAR_MIGRATION_TRAFFICKING",
      leadSignatoryCode: "EU",
      deadline: "2030-01-01",
    });
    measureIds.set("NEW", created.measure.id);
    await editDraft(ADD, { measureId: created.measure.id });

    const entries = (await plan(2)).measures.nodes;
    expect(entries.find((e: any) => e.code === "VIS-2")).toMatchObject({ withdrawn: true, withdrawalReason: "Superseded by the visa facilitation track" });
    expect(entries.find((e: any) => e.code === "EDU-3")).toMatchObject({ withdrawn: false, withdrawalReason: null });
    // Version 1 is untouched by the draft.
    const v1 = (await plan(1)).measures.nodes;
    expect(v1.find((e: any) => e.code === "VIS-2")).toMatchObject({ withdrawn: false });
    expect(v1.find((e: any) => e.code === "SOC-1").title).toMatch(/^Social security agreements with all signatories/);
  });

  it("a completed measure cannot be withdrawn, by the status rules", async () => {
    const soc1 = await idOf("SOC-1");
    const error = await expectRefused("BAD_USER_INPUT", () => asCoordinator(WITHDRAW, { input: edit({ measureId: soc1, reason: "Done" }) }));
    expect(error.message).toMatch(/SOC-1: .*COMPLETED/);
  });

  it("adoption supersedes version 1 in the same transaction; the withdrawn measure becomes WITHDRAWN", async () => {
    const { version, superseded } = await ok(ADOPT, { draftId: draft.id, expectedRevision: draft.revision });
    expect(version).toMatchObject({ number: 2, status: "ADOPTED" });
    expect(superseded).toMatchObject({ number: 1, status: "SUPERSEDED", supersededAt: version.adoptedAt });
    const versions = (await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { number status } }`)).actionPlanVersions;
    expect(versions).toEqual([
      { number: 1, status: "SUPERSEDED" },
      { number: 2, status: "ADOPTED" },
    ]);
    expect((await plan()).number).toBe(2);
    const vis2 = await server.query(`query($id: ID!) { node(id: $id) { ... on Measure { status statusHistory { toStatus reason } } } }`, {
      id: await idOf("VIS-2"),
    });
    expect(vis2.node.status).toBe("WITHDRAWN");
    expect(vis2.node.statusHistory.at(-1)).toEqual({ toStatus: "WITHDRAWN", reason: "Superseded by the visa facilitation track" });
    expect((await measure("SOC-1")).status).toBe("COMPLETED");
  });

  it("only one version is ever adopted, whatever the database is asked", async () => {
    await expect(server.database.db.execute(sql`update action_plan_version set status = 'ADOPTED', superseded_at = null`)).rejects.toThrow();
  });
});

describe("actionPlanDiff", () => {
  it("lists what version 2 added, withdrew and changed, field by field", async () => {
    const { actionPlanDiff: diff } = await server.query(DIFF, { from: 1, to: 2 });
    expect(diff.from.number).toBe(1);
    expect(diff.to.number).toBe(2);
    expect(diff.added).toEqual([{ code: expect.stringMatching(/^NEW-/), title: "Joint return monitoring", leads: [{ code: "EU" }] }]);
    expect(diff.withdrawn).toEqual([{ code: "VIS-2", withdrawalReason: "Superseded by the visa facilitation track" }]);
    expect(diff.changed.map((c: any) => [c.code, c.changes])).toEqual([
      ["EDU-1", [{ field: "DEADLINE", from: null, to: "2019-12-31" }]],
      [
        "LAB-4",
        [
          { field: "POLICY_AREA", from: "LABOUR_MIGRATION_LEGAL_MOBILITY", to: "CIVIL_SOCIETY" },
          { field: "DEADLINE", from: null, to: "2019-06-30" },
        ],
      ],
      ["SOC-1", [{ field: "TITLE", from: expect.stringMatching(/^Social security agreements with all/), to: "Social security agreements with every signatory" }]],
    ]);
    const soc1 = diff.changed.find((c: any) => c.code === "SOC-1");
    expect(soc1.measure.code).toBe("SOC-1");
    expect(soc1.before.title).not.toEqual(soc1.after.title);
  });

  it("runs backwards too, and a version against itself is empty", async () => {
    const { actionPlanDiff: back } = await server.query(DIFF, { from: 2, to: 1 });
    expect(back.added.map((e: any) => e.code)).toEqual(["VIS-2"]);
    expect(back.withdrawn.map((e: any) => e.code)).toEqual([expect.stringMatching(/^NEW-/)]);
    const { actionPlanDiff: same } = await server.query(DIFF, { from: 2, to: 2 });
    expect(same).toMatchObject({ added: [], withdrawn: [], changed: [] });
  });

  it("a version that does not exist is BAD_USER_INPUT", async () => {
    expect(await server.badUserInput(DIFF, { from: 1, to: 9 })).toMatch(/has no version 9/);
  });
});

describe("progress reports", () => {
  const count = (figures: any, status: string) => figures.byStatus.find((s: any) => s.status === status).count;

  it("the adopted version: counts by status, overdue and completed share, overall, per area and per lead", async () => {
    const { progress } = (await server.query(PROGRESS, {})).actionPlan;
    expect(progress.version.number).toBe(2);
    expect(progress.signatory).toBeNull();
    // 17 of version 1, VIS-2 withdrawn by version 2, one added (and agreed by the adoption): 17 measures.
    // Overdue: LAB-2, LAB-4, EDU-1 and the Polish proposal have deadlines in the past.
    expect(progress.overall).toMatchObject({ measures: 17, completed: 1, overdue: 4 });
    expect(count(progress.overall, "COMPLETED")).toBe(1);
    expect(count(progress.overall, "IN_PROGRESS")).toBe(2);
    expect(count(progress.overall, "AGREED")).toBe(14);
    expect(count(progress.overall, "PROPOSED")).toBe(0);
    expect(progress.overall.byStatus.map((s: any) => s.status)).toEqual(["PROPOSED", "AGREED", "IN_PROGRESS", "ON_HOLD", "COMPLETED", "WITHDRAWN"]);
    expect(progress.overall.completedShare).toBeCloseTo(1 / 17, 10);

    // Every area, in the Declaration's order, adding up to the whole.
    expect(progress.byPolicyArea.map((a: any) => a.policyArea.code)).toEqual([
      "MIGRATION_MANAGEMENT",
      "IRREGULAR_MIGRATION_TRAFFICKING",
      "LABOUR_MIGRATION_LEGAL_MOBILITY",
      "CIVIL_SOCIETY",
      "ASYLUM",
      "MIGRATION_DEVELOPMENT",
    ]);
    expect(progress.byPolicyArea.reduce((sum: number, a: any) => sum + a.measures, 0)).toBe(17);
    const asylum = progress.byPolicyArea.find((a: any) => a.policyArea.code === "ASYLUM");
    expect(asylum).toMatchObject({ measures: 0, completed: 0, overdue: 0, completedShare: null });
    const development = progress.byPolicyArea.find((a: any) => a.policyArea.code === "MIGRATION_DEVELOPMENT");
    // SOC-1 (completed), SOC-2, SOC-4, EDU-1 (in progress, overdue), EDU-2, EDU-3; DAT-2 is not in the plan.
    expect(development).toMatchObject({ measures: 6, completed: 1, overdue: 1 });

    // Jointly led measures count for each lead: BY leads LAB-1 and DAT-1 with the EU, LAB-2 with PL.
    const lead = (code: string) => progress.byLeadSignatory.find((s: any) => s.signatory.code === code);
    expect(progress.byLeadSignatory.map((s: any) => s.signatory.code)).toEqual(["BY", "EU", "PL"]);
    expect(lead("BY")).toMatchObject({ measures: 11, completed: 1, overdue: 3 });
    expect(lead("EU")).toMatchObject({ measures: 7, completed: 0, overdue: 0 });
    expect(lead("PL")).toMatchObject({ measures: 2, completed: 0, overdue: 2 });
  });

  it("a superseded version reports its measures as they stood when it was superseded", async () => {
    // After version 2's adoption: complete EDU-1 (led by BY). Version 1's report must not see it.
    const edu1 = await measure("EDU-1");
    await ok(SET_STATUS, { measureId: edu1.id, expectedVersion: edu1.version, status: "COMPLETED" }, ministry("BY"));
    const v1 = (await server.query(PROGRESS, { version: 1 })).actionPlan.progress;
    expect(v1.version.number).toBe(1);
    expect(new Date(v1.asOf).getTime()).toBeLessThan(Date.now());
    expect(v1.overall).toMatchObject({ measures: 17, completed: 1 });
    expect(count(v1.overall, "WITHDRAWN")).toBe(0);
    expect(count(v1.overall, "IN_PROGRESS")).toBe(2);
    const v2 = (await server.query(PROGRESS, {})).actionPlan.progress;
    expect(v2.overall).toMatchObject({ completed: 2, overdue: 3 });
  });

  it("a ministry sees the same figures for its own signatory", async () => {
    const mine = await server.requestAs<any>(ministry("BY"), `{ myActionPlanProgress(partnershipCode: "EU-BY") {
      signatory { code } overall { ${FIGURES} } byPolicyArea { policyArea { code } measures } byLeadSignatory { signatory { code } ${FIGURES} } } }`);
    expect(mine.errors).toBeUndefined();
    const report = mine.data.myActionPlanProgress;
    expect(report.signatory.code).toBe("BY");
    const filtered = (await server.query(PROGRESS, { signatoryCode: "BY" })).actionPlan.progress;
    expect(report.overall).toEqual(filtered.overall);
    const whole = (await server.query(PROGRESS, {})).actionPlan.progress;
    const { signatory: _by, ...byFigures } = whole.byLeadSignatory.find((s: any) => s.signatory.code === "BY");
    expect(report.overall).toEqual(byFigures);
    expect(report.byLeadSignatory.map((s: any) => s.signatory.code)).toEqual(["BY"]);
  });

  it("the ministry view needs a ministry token", async () => {
    const query = `{ myActionPlanProgress(partnershipCode: "EU-BY") { overall { measures } } }`;
    expect(codeOf(await server.request(query))).toEqual(["UNAUTHENTICATED"]);
    expect(codeOf(await server.requestAs(COORDINATOR, query))).toEqual(["FORBIDDEN"]);
  });

  it("a report in one request costs a constant number of statements", async () => {
    const result = await server.request(PROGRESS, {});
    expect(result.errors).toBeUndefined();
    // version, progress cells, policy areas, lead signatories
    expect(result.statements).toBe(5);
  });
});

describe("version lookups", () => {
  it("node(id) finds a version; actionPlan(version) a given one; filters narrow its measures", async () => {
    const [v1] = (await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { id number } }`)).actionPlanVersions;
    const node = await server.query(`query($id: ID!) { node(id: $id) { ... on ActionPlanVersion { number status } } }`, { id: v1.id });
    expect(node.node).toEqual({ number: 1, status: "SUPERSEDED" });
    const filtered = await server.query(`{ actionPlan(partnershipCode: "EU-BY", version: 2) {
      measures(first: 2, filter: { leadSignatoryCode: "BY", policyAreaCode: "MIGRATION_DEVELOPMENT" }) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } } }`);
    const page = filtered.actionPlan.measures;
    expect(page.nodes.map((e: any) => e.code)).toEqual(["EDU-1", "EDU-2"]);
    expect(page.totalCount).toBe(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await server.query(`query($after: String) { actionPlan(partnershipCode: "EU-BY", version: 2) {
      measures(first: 10, after: $after, filter: { leadSignatoryCode: "BY", policyAreaCode: "MIGRATION_DEVELOPMENT" }) { nodes { code } } } }`, {
      after: page.pageInfo.endCursor,
    });
    expect([...page.nodes, ...next.actionPlan.measures.nodes].map((e: any) => e.code)).toEqual(["EDU-1", "EDU-2", "EDU-3", "SOC-1", "SOC-2"]);
    expect(await server.query(`{ actionPlan(partnershipCode: "EU-BY", version: 7) { number } }`)).toEqual({ actionPlan: null });
  });
});

describe(`concurrent plan changes (${testDatabaseUrl() ? "on PostgreSQL, racing" : "on PGlite, serialised"})`, () => {
  it("of opens sent together exactly one draft is opened; of adoptions of it, exactly one adopts", async () => {
    const opened = await Promise.all([1, 2, 3].map(() => asCoordinator(OPEN, { input: { partnershipCode: "EU-BY" } })));
    expect(opened.map((r) => codeOf(r)?.[0] ?? "OK").sort()).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    const version = opened.find((r) => !r.errors)!.data.openActionPlanDraft.version;
    const adopted = await Promise.all(
      [1, 2, 3].map(() => asCoordinator(ADOPT, { input: { draftId: version.id, expectedRevision: version.revision } })),
    );
    expect(adopted.map((r) => codeOf(r)?.[0] ?? "OK").sort()).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    const versions = (await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { number status } }`)).actionPlanVersions;
    expect(versions.map((v: any) => v.status)).toEqual(["SUPERSEDED", "SUPERSEDED", "ADOPTED"]);
  });
});

describe("a version's measures, for frontends", () => {
  it("a page costs the same number of statements for 2 measures as for all of them", async () => {
    const page = (first: number) =>
      server.request(`query($first: Int) { actionPlan(partnershipCode: "EU-BY") { measures(first: $first) { totalCount
        nodes { code title status overdue policyArea { code } leads { code } contributors { code } measure { code version projects { code } } } } } }`, {
        first,
      });
    const small = await page(2);
    const full = await page(100);
    expect(small.errors).toBeUndefined();
    expect(full.errors).toBeUndefined();
    expect((full.data as any).actionPlan.measures.nodes.length).toBeGreaterThan(10);
    // version (2), page, count, policy areas, signatories, measures, their projects
    expect(small.statements).toBe(8);
    expect(full.statements).toBe(small.statements);
  });
});

describe("discarding a draft", () => {
  const DISCARD = `mutation($input: DiscardActionPlanDraftInput!) { discardActionPlanDraft(input: $input) { discardedDraftId clientMutationId } }`;
  const versions = async () => (await server.query(`{ actionPlanVersions(partnershipCode: "EU-BY") { id number status revision } }`)).actionPlanVersions;

  it("abandons the open draft; the audit trail keeps what it held; the next draft takes its number", async () => {
    const { version } = await ok(OPEN, { partnershipCode: "EU-BY", note: "An idea we drop" });
    draft = { id: version.id, revision: version.revision };
    await editDraft(REVISE, { measureId: await idOf("LAB-3"), title: "A wording nobody adopts" });
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("BY"), DISCARD, { input: edit({}) }));
    await expectRefused("CONFLICT", () => asCoordinator(DISCARD, { input: { draftId: draft.id, expectedRevision: 1 } }));

    const discarded = await ok(DISCARD, { ...edit({}), clientMutationId: "d-1" });
    expect(discarded).toEqual({ discardedDraftId: draft.id, clientMutationId: "d-1" });
    expect((await versions()).map((v: any) => v.status)).toEqual(["SUPERSEDED", "SUPERSEDED", "ADOPTED"]);
    const audit = await server.requestAs<any>(AUDITOR, `query($id: ID!) { auditLog(filter: { entityId: $id }, first: 10) { nodes { operation before after } } }`, {
      id: draft.id,
    });
    expect(audit.data.auditLog.nodes[0]).toMatchObject({ operation: "discardActionPlanDraft", before: { number: version.number, status: "DRAFT" }, after: null });

    const again = await ok(OPEN, { partnershipCode: "EU-BY" });
    expect(again.version.number).toBe(version.number);
    expect(again.version.id).not.toBe(version.id);
    draft = { id: again.version.id, revision: again.version.revision };
    await ok(DISCARD, edit({}));
  });

  it("an adopted version cannot be discarded", async () => {
    const adopted = (await versions()).find((v: any) => v.status === "ADOPTED");
    const error = await expectRefused("BAD_USER_INPUT", () =>
      asCoordinator(DISCARD, { input: { draftId: adopted.id, expectedRevision: adopted.revision } }),
    );
    expect(error.message).toMatch(/is ADOPTED: its content is fixed/);
  });
});
