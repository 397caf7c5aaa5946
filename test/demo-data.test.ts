import { sql } from "drizzle-orm";
import { DEMO_CODE_PREFIX, loadDemoData, removeDemoData, SYNTHETIC_NOTE } from "../seeds/demo";
import { selectRows } from "../src/db/client";
import { prepareDatabase } from "../src/db/prepare";
import { COORDINATOR } from "./helpers/claims";
import { startTestServer, type TestServer } from "./helpers/server";

// The demonstration data on this file's copy of the seeded template, loaded as SEED=demo does
// at start-up (prepareDatabase), read through the HTTP API, then removed again.
let server: TestServer;
let countsBefore: Record<string, number>;
let briefBefore: unknown;

/** Rows in every table of the schema, so that tables added later are counted too. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = server.database.db;
  const tables = await selectRows<{ name: string }>(
    db,
    sql`select table_name::text as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    counts[name] = row!.n;
  }
  return counts;
}

/** Figures of the brief's partnership that the demonstration data must leave alone. */
const BRIEF_FIGURES = `{
  fundingSummary(groupBy: [INSTRUMENT, PROJECT], filter: { partnershipCode: "EU-BY" }) {
    rows { currency budget committed disbursed expended instrument { code } project { code } }
    totals { currency budget committed disbursed expended undisbursed }
  }
  measures(filter: { partnershipCode: "EU-BY" }, first: 100) { totalCount nodes { code status overdue version } }
  overdue: measures(filter: { partnershipCode: "EU-BY", overdue: true }) { totalCount }
  projects(filter: { partnershipCode: "EU-BY" }) { totalCount nodes { code budgets { amount { amount currency } } } }
  actionPlanVersions(partnershipCode: "EU-BY") { number status }
  partnership(code: "EU-BY") { signatories { code } }
}`;

const DEMO_VIEW = `query($code: String!) {
  partnership(code: $code) { code description }
  overdue: measures(filter: { partnershipCode: $code, overdue: true }) { totalCount nodes { deadline status overdue note } }
  funding: fundingSummary(groupBy: [INSTRUMENT], filter: { partnershipCode: $code }) { totals { currency } }
  actionPlan(partnershipCode: $code) {
    number status note
    progress { overall { measures overdue completed } }
  }
}`;

beforeAll(async () => {
  server = await startTestServer();
  countsBefore = await rowCounts();
  briefBefore = await server.query(BRIEF_FIGURES);
  await prepareDatabase(server.database, { databaseUrl: server.database.url, seed: true, demo: true });
});

afterAll(async () => {
  await server?.stop();
});

describe("the demonstration data", () => {
  it("adds DEMO- partnerships with overdue measures, several currencies and an adopted action plan", async () => {
    const { partnerships } = await server.query<{ partnerships: { code: string }[] }>(`{ partnerships { code } }`);
    expect(partnerships.map((p) => p.code)).toEqual(["DEMO-1", "DEMO-2", "EU-BY"]);
    for (const code of ["DEMO-1", "DEMO-2"]) {
      const view = await server.query(DEMO_VIEW, { code });
      expect(view.partnership.description).toContain(SYNTHETIC_NOTE);
      expect(view.overdue.totalCount).toBeGreaterThan(0);
      for (const measure of view.overdue.nodes) {
        expect(measure.deadline < new Date().toISOString().slice(0, 10)).toBe(true);
        expect(["COMPLETED", "WITHDRAWN"]).not.toContain(measure.status);
      }
      expect(view.funding.totals.length).toBeGreaterThanOrEqual(3);
      expect(view.actionPlan).toMatchObject({ number: 1, status: "ADOPTED", note: SYNTHETIC_NOTE });
      expect(view.actionPlan.progress.overall.measures).toBeGreaterThan(0);
      expect(view.actionPlan.progress.overall.overdue).toBeGreaterThan(0);
      expect(view.actionPlan.progress.overall.completed).toBeGreaterThan(0);
    }
  });

  it("has budgets, transactions with reversals, and measures linked to projects", async () => {
    const [figures] = await selectRows<Record<string, number>>(
      server.database.db,
      sql`select
        (select count(*)::int from project_budget b join project p on p.id = b.project_id join partnership s on s.id = p.partnership_id where s.code like 'DEMO-%') as budgets,
        (select count(*)::int from project_transaction t join project p on p.id = t.project_id join partnership s on s.id = p.partnership_id where s.code like 'DEMO-%') as transactions,
        (select count(*)::int from project_transaction t join project p on p.id = t.project_id join partnership s on s.id = p.partnership_id where s.code like 'DEMO-%' and t.reverses_id is not null) as reversals,
        (select count(*)::int from measure_project l join measure m on m.id = l.measure_id join partnership s on s.id = m.partnership_id where s.code like 'DEMO-%') as links`,
    );
    expect(figures!.budgets).toBeGreaterThan(0);
    expect(figures!.transactions).toBeGreaterThanOrEqual(2 * 190);
    expect(figures!.reversals).toBeGreaterThan(0);
    expect(figures!.links).toBeGreaterThan(0);
    // A reversal reads back through the API as one, with the entry it reverses.
    const { projects } = await server.query(`{ projects(filter: { partnershipCode: "DEMO-1" }, first: 100) {
      nodes { transactions { amount { amount } reverses { amount { amount } } } } } }`);
    const reversals = projects.nodes.flatMap((p: any) => p.transactions).filter((t: any) => t.reverses);
    expect(reversals.length).toBeGreaterThan(0);
    for (const reversal of reversals) expect(reversal.amount.amount).toBe(`-${reversal.reverses.amount.amount}`);
  });

  it("says it is synthetic in every note and description, and in its signatories' and organisations' codes and names", async () => {
    const db = server.database.db;
    const demo = sql`(select id from partnership where code like 'DEMO-%')`;
    const unmarked = await selectRows<{ what: string; n: number }>(
      db,
      sql`select 'measure' as what, count(*)::int as n from measure where partnership_id in ${demo} and coalesce(note, '') not like ${`${SYNTHETIC_NOTE}%`}
      union all select 'project', count(*)::int from project where partnership_id in ${demo} and coalesce(note, '') not like ${`${SYNTHETIC_NOTE}%`}
      union all select 'project_budget', count(*)::int from project_budget where project_id in (select id from project where partnership_id in ${demo}) and coalesce(note, '') <> ${SYNTHETIC_NOTE}
      union all select 'project_transaction', count(*)::int from project_transaction where project_id in (select id from project where partnership_id in ${demo}) and coalesce(description, '') not like ${`${SYNTHETIC_NOTE}%`}
      union all select 'action_plan_version', count(*)::int from action_plan_version where partnership_id in ${demo} and coalesce(note, '') <> ${SYNTHETIC_NOTE}
      union all select 'action_plan_entry', count(*)::int from action_plan_entry where version_id in (select id from action_plan_version where partnership_id in ${demo}) and description not like 'Synthetic demonstration measure.%'
      union all select 'partnership', count(*)::int from partnership where id in ${demo} and coalesce(description, '') not like ${`${SYNTHETIC_NOTE}%`}
      union all select 'signatory', count(*)::int from signatory s where (s.code like 'DEMO-%') <> (s.name like 'Synthetic %')
      union all select 'organisation', count(*)::int from organisation o where (o.code like 'DEMO-%') <> (o.name like 'Synthetic %')`,
    );
    expect(Object.fromEntries(unmarked.map((row) => [row.what, row.n]))).toEqual({
      measure: 0,
      project: 0,
      project_budget: 0,
      project_transaction: 0,
      action_plan_version: 0,
      action_plan_entry: 0,
      partnership: 0,
      signatory: 0,
      organisation: 0,
    });
    const { signatories, organisations } = await server.query(`{ signatories { code } organisations { code } }`);
    const generated = [...signatories, ...organisations].filter((row: { code: string }) => row.code.startsWith(DEMO_CODE_PREFIX));
    expect(generated.length).toBe(2 + 2 * 4);
  });

  it("leaves the brief's partnership as it was, while global views include the demonstration data", async () => {
    expect(await server.query(BRIEF_FIGURES)).toEqual(briefBefore);
    const { measures } = await server.query(`{ measures { totalCount } }`);
    expect(measures.totalCount).toBe(countsBefore.measure! + 2 * 60);
  });

  it("is loaded once: loading again adds nothing", async () => {
    const counts = await rowCounts();
    expect(await loadDemoData(server.database.db)).toEqual([]);
    expect(await rowCounts()).toEqual(counts);
  });

  it("is removed with everything added to it since, leaving exactly the brief's data and the audit trail", async () => {
    // Changes made through the API to the demonstration data since it was loaded: a status
    // change (append-only history), a progress report (append-only) and a draft of the plan.
    const { measures } = await server.query(`{ measures(filter: { partnershipCode: "DEMO-1", statuses: [AGREED] }, first: 1) {
      nodes { id version } } }`);
    const [measure] = measures.nodes;
    const moved = await server.requestAs(COORDINATOR, `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status } } }`, {
      input: { measureId: measure.id, expectedVersion: measure.version, status: "IN_PROGRESS" },
    });
    expect(moved.errors).toBeUndefined();
    const reported = await server.requestAs(COORDINATOR, `mutation($input: AddMeasureProgressUpdateInput!) { addMeasureProgressUpdate(input: $input) { measure { id } } }`, {
      input: { measureId: measure.id, expectedVersion: measure.version + 1, text: "Synthetic progress report" },
    });
    expect(reported.errors).toBeUndefined();
    const drafted = await server.requestAs(COORDINATOR, `mutation { openActionPlanDraft(input: { partnershipCode: "DEMO-1" }) { version { number } } }`);
    expect(drafted.errors).toBeUndefined();
    const auditEvents = (await rowCounts()).audit_event!;
    expect(auditEvents).toBeGreaterThan(countsBefore.audit_event!);

    expect(await removeDemoData(server.database.db)).toEqual(["DEMO-1", "DEMO-2"]);
    // The audit trail stays, and so do the events that announced its records (purged with age, EVENT_RETENTION_DAYS).
    const eventsAdded = auditEvents - countsBefore.audit_event!;
    expect(await rowCounts()).toEqual({ ...countsBefore, audit_event: auditEvents, event: countsBefore.event! + eventsAdded });
    expect(await server.query(BRIEF_FIGURES)).toEqual(briefBefore);
    expect((await server.query(`{ partnership(code: "DEMO-1") { code } }`)).partnership).toBeNull();
    // The guards are back on: the brief's history still cannot be deleted.
    await expect(server.database.db.execute(sql`delete from measure_status_change`)).rejects.toThrow();
    expect(await removeDemoData(server.database.db)).toEqual([]);
  });
});
