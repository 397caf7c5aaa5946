import { eq, inArray } from "drizzle-orm";
import { DASHBOARD, FUNDING_SUMMARY, MEASURE_HISTORY, PROJECTS_BY_INSTRUMENT, SET_MEASURE_STATUS } from "../bench/operations";
import type { TokenClaims } from "../src/auth/tokens";
import { toGlobalId } from "../src/lib/global-id";
import { fundingInstruments } from "../src/modules/funding/funding.tables";
import { measureProjects, measureResponsibilities, measures, measureStatusChanges } from "../src/modules/measures/measures.tables";
import { partnerships, partnershipSignatories, policyAreas, signatories } from "../src/modules/partnerships/partnerships.tables";
import { projectBudgets, projects } from "../src/modules/projects/projects.tables";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * The SQL statements each benchmark operation (bench/operations.ts, the same query texts the
 * load driver sends) takes. Batching must hold: a page of 50 takes as many statements as a
 * page of 2. Counts only; bench/ measures the time.
 */

let server: TestServer;
let partnershipCode: string;
let instrumentCode: string;
let measureIds: number[];

const COORDINATOR: TokenClaims = { sub: "bench-coordinator", role: "COORDINATOR" };
const PAGE = 60;

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.database;
  partnershipCode = uniqueCode("BENCH");
  instrumentCode = uniqueCode("BENCH-FUND");

  // A partnership of its own with more than a page of measures and projects, shaped as the
  // benchmark's generated data is: leads (some joint), contributors, history, project links.
  const [partnership] = await db
    .insert(partnerships)
    .values({ code: partnershipCode, title: "Benchmark-shaped partnership", signedOn: "2016-10-13" })
    .returning({ id: partnerships.id });
  const partnershipId = partnership!.id;
  const parties = await db.select().from(signatories).where(inArray(signatories.code, ["BY", "EU", "PL", "LT", "FI"]));
  await db.insert(partnershipSignatories).values(parties.map((s) => ({ partnershipId, signatoryId: s.id })));
  const areas = await db
    .insert(policyAreas)
    .values(["MIGRATION_MANAGEMENT", "ASYLUM", "CIVIL_SOCIETY"].map((code, i) => ({ partnershipId, code, position: i + 1, title: `Area ${code}` })))
    .returning({ id: policyAreas.id });
  const [instrument] = await db
    .insert(fundingInstruments)
    .values({ code: instrumentCode, name: "Benchmark fund", kind: "FUND" })
    .returning({ id: fundingInstruments.id });

  const projectRows = await db
    .insert(projects)
    .values(
      Array.from({ length: PAGE }, (_, i) => ({
        partnershipId,
        code: `${partnershipCode}-P${String(i).padStart(3, "0")}`,
        title: `Benchmark project ${i}`,
        status: "IMPLEMENTATION" as const,
        instrumentId: instrument!.id,
        plannedStart: "2019-01-01",
        plannedStartPrecision: "MONTH" as const,
      })),
    )
    .returning({ id: projects.id });
  await db.insert(projectBudgets).values(
    projectRows.flatMap(({ id }, i) => [
      { projectId: id, status: "COMMITTED" as const, valueDate: "2019-01-01", amount: "1000.00", currency: "EUR" },
      { projectId: id, status: "INDICATIVE" as const, valueDate: "2020-01-01", amount: `${i + 1}.50`, currency: i % 2 ? "USD" : "EUR" },
    ]),
  );

  const measureRows = await db
    .insert(measures)
    .values(
      Array.from({ length: PAGE }, (_, i) => ({
        partnershipId,
        policyAreaId: areas[i % areas.length]!.id,
        code: `M-${String(i).padStart(3, "0")}`,
        title: `Benchmark measure ${i}`,
        status: "IN_PROGRESS" as const,
        version: 3,
        deadline: i % 2 ? "2020-06-30" : null,
      })),
    )
    .returning({ id: measures.id });
  measureIds = measureRows.map((m) => m.id);
  await db.insert(measureResponsibilities).values(
    measureIds.flatMap((measureId, i) => [
      { measureId, signatoryId: parties[i % parties.length]!.id, role: "LEAD" as const, position: 0 },
      // Every fifth measure is led jointly: `lead` is null, `leads` has two.
      ...(i % 5 === 0 ? [{ measureId, signatoryId: parties[(i + 1) % parties.length]!.id, role: "LEAD" as const, position: 1 }] : []),
      { measureId, signatoryId: parties[(i + 2) % parties.length]!.id, role: "CONTRIBUTING" as const, position: 0 },
    ]),
  );
  await db.insert(measureStatusChanges).values(
    measureIds.flatMap((measureId) =>
      (["PROPOSED", "AGREED", "IN_PROGRESS"] as const).map((toStatus, i, path) => ({
        measureId,
        fromStatus: i === 0 ? null : path[i - 1]!,
        toStatus,
        actorSub: "test",
        actorRole: "SYSTEM",
      })),
    ),
  );
  await db
    .insert(measureProjects)
    .values(measureIds.flatMap((measureId, i) => [projectRows[i]!.id, projectRows[(i + 7) % PAGE]!.id].map((projectId) => ({ measureId, projectId }))));
});
afterAll(() => server?.stop());

describe("benchmark operations", () => {
  it("(1) the dashboard page takes 4 statements, for 2 measures as for 50", async () => {
    const small = await server.request(DASHBOARD, { partnershipCode, first: 2 });
    const large = await server.request<any>(DASHBOARD, { partnershipCode, first: 50 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    const { measures: page } = large.data;
    expect(page.totalCount).toBe(PAGE);
    expect(page.nodes).toHaveLength(50);
    expect(page.nodes[0]).toMatchObject({
      code: "M-000",
      lead: null,
      leads: [{ code: expect.any(String) }, { code: expect.any(String) }],
      responsibilities: [{ role: "LEAD" }, { role: "LEAD" }, { role: "CONTRIBUTING", signatory: { code: expect.any(String) } }],
      projects: [{ instrument: { code: instrumentCode } }, { instrument: { code: instrumentCode } }],
    });
    expect(page.nodes[1].lead).toEqual({ code: expect.any(String), name: expect.any(String) });
    // page with its count + policy areas + responsibilities with their signatories + projects with their instruments
    expect(small.statements).toBe(4);
    expect(large.statements).toBe(small.statements);
  });

  it("(2) a measure by id with its status history takes 1 statement", async () => {
    const result = await server.request<any>(MEASURE_HISTORY, { id: toGlobalId("Measure", measureIds[3]!) });
    expect(result.errors).toBeUndefined();
    expect(result.data.node.statusHistory.map((change: { toStatus: string }) => change.toStatus)).toEqual(["PROPOSED", "AGREED", "IN_PROGRESS"]);
    // the measure joined with its history
    expect(result.statements).toBe(1);
  });

  it("(3) projects by instrument with budget lines take 2 statements, for 2 projects as for 50", async () => {
    const small = await server.request(PROJECTS_BY_INSTRUMENT, { instrumentCode, first: 2 });
    const large = await server.request<any>(PROJECTS_BY_INSTRUMENT, { instrumentCode, first: 50 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    const { projects: page } = large.data;
    expect(page.totalCount).toBe(PAGE);
    expect(page.nodes).toHaveLength(50);
    expect(page.nodes[1]).toMatchObject({
      instrument: { code: instrumentCode },
      budgets: [
        { status: "COMMITTED", amount: { amount: "1000.00", currency: "EUR" } },
        { status: "INDICATIVE", amount: { amount: "2.50", currency: "USD" } },
      ],
    });
    // page (with its instruments and count) + budget lines
    expect(small.statements).toBe(2);
    expect(large.statements).toBe(small.statements);
  });

  it("(4) the funding summary by instrument and year takes 2 statements, for one instrument as for three", async () => {
    const result = await server.request<any>(FUNDING_SUMMARY, { partnershipCode });
    expect(result.errors).toBeUndefined();
    const none = { committed: "0.00", disbursed: "0.00", expended: "0.00", undisbursed: "0.00" };
    const instrument = { code: instrumentCode, name: "Benchmark fund" };
    // Budget lines: 1000.00 EUR in 2019 for each project; (i + 1).50 in 2020, in EUR for even i, in USD for odd i.
    expect(result.data.fundingSummary).toEqual({
      rows: [
        { instrument, year: 2019, currency: "EUR", budget: "60000.00", ...none },
        { instrument, year: 2020, currency: "EUR", budget: "915.00", ...none },
        { instrument, year: 2020, currency: "USD", budget: "945.00", ...none },
      ],
      totals: [
        { currency: "EUR", budget: "60915.00", ...none },
        { currency: "USD", budget: "945.00", ...none },
      ],
    });
    // the summary + its instruments
    expect(result.statements).toBe(2);

    const { db } = server.database;
    const [partnership] = await db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.code, partnershipCode));
    for (const code of ["A", "B"]) {
      const [other] = await db
        .insert(fundingInstruments)
        .values({ code: `${instrumentCode}-${code}`, name: `Benchmark fund ${code}`, kind: "FUND" })
        .returning({ id: fundingInstruments.id });
      const [project] = await db
        .insert(projects)
        .values({ partnershipId: partnership!.id, code: `${partnershipCode}-${code}`, title: `Project ${code}`, status: "IMPLEMENTATION", instrumentId: other!.id })
        .returning({ id: projects.id });
      await db.insert(projectBudgets).values({ projectId: project!.id, status: "COMMITTED", valueDate: "2021-01-01", amount: "10.00", currency: "EUR" });
    }
    const more = await server.request<any>(FUNDING_SUMMARY, { partnershipCode });
    expect(more.errors).toBeUndefined();
    expect(more.data.fundingSummary.rows).toHaveLength(5);
    expect(more.statements).toBe(result.statements);
  });

  it("(5) setMeasureStatus takes 1 statement, and as many again on the way back", async () => {
    const id = toGlobalId("Measure", measureIds[10]!);
    const onHold = await server.requestAs<any>(COORDINATOR, SET_MEASURE_STATUS, {
      input: { measureId: id, expectedVersion: 3, status: "ON_HOLD", reason: "Waiting for funding", clientMutationId: "bench-1" },
    });
    expect(onHold.errors).toBeUndefined();
    expect(onHold.data.setMeasureStatus).toEqual({ clientMutationId: "bench-1", measure: { id, status: "ON_HOLD", version: 4 } });
    // one statement that is the change: the measure locked, the update guarded by the rules, the
    // history entry, the audit record, the event with its notification and the measure for the
    // payload (changeStatus in measures.commands.ts)
    expect(onHold.statements).toBe(1);

    const back = await server.requestAs<any>(COORDINATOR, SET_MEASURE_STATUS, {
      input: { measureId: id, expectedVersion: 4, status: "IN_PROGRESS", reason: "Funding found" },
    });
    expect(back.errors).toBeUndefined();
    expect(back.data.setMeasureStatus.measure).toEqual({ id, status: "IN_PROGRESS", version: 5 });
    expect(back.statements).toBe(onHold.statements);
    const [row] = await server.database.db.select({ version: measures.version }).from(measures).where(eq(measures.id, measureIds[10]!));
    expect(row!.version).toBe(5);
  });
});
