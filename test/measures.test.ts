import { eq } from "drizzle-orm";
import { toGlobalId } from "../src/lib/global-id";
import { measures, measureStatusChanges } from "../src/modules/measures/measures.tables";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const codesOf = (data: Record<string, any>): string[] => data.measures.nodes.map((m: { code: string }) => m.code);

describe("measures from the seed", () => {
  it("lists the brief's 17 recommendations, ordered by code", async () => {
    const data = await server.query(`{ measures(first: 100) { totalCount nodes { code status deadline overdue version } } }`);
    expect(data.measures.totalCount).toBe(17);
    expect(codesOf(data)).toEqual([
      "BRD-1", "DAT-1", "DAT-2", "EDU-1", "EDU-2", "EDU-3", "EDU-4", "LAB-1", "LAB-2",
      "LAB-3", "LAB-4", "SOC-1", "SOC-2", "SOC-3", "SOC-4", "VIS-1", "VIS-2",
    ]);
    // The brief sets no deadline anywhere, and every recommendation starts as a proposal.
    for (const measure of data.measures.nodes) {
      expect(measure).toMatchObject({ status: "PROPOSED", deadline: null, overdue: false, version: 1 });
    }
  });

  it("shows joint leads, contributors and which responsibilities are assumptions", async () => {
    const data = await server.query(`{
      measures(filter: { search: "LAB-" }, first: 10) {
        nodes {
          code
          policyArea { code position }
          lead { code }
          leads { code }
          responsibilities { role isAssumption signatory { code kind } }
          statusHistory { fromStatus toStatus reason }
        }
      }
    }`);
    const [lab1, lab2] = data.measures.nodes;
    expect(lab1).toMatchObject({
      code: "LAB-1",
      policyArea: { code: "LABOUR_MIGRATION_LEGAL_MOBILITY", position: 3 },
      lead: null,
      statusHistory: [{ fromStatus: null, toStatus: "PROPOSED" }],
    });
    expect(lab1.leads.map((s: { code: string }) => s.code).sort()).toEqual(["BY", "EU"]);
    expect(lab2.lead).toEqual({ code: "BY" });
    expect(lab2.responsibilities).toEqual([
      { role: "LEAD", isAssumption: true, signatory: { code: "BY", kind: "PARTNER_COUNTRY" } },
      { role: "CONTRIBUTING", isAssumption: true, signatory: { code: "PL", kind: "EU_MEMBER_STATE" } },
      { role: "CONTRIBUTING", isAssumption: true, signatory: { code: "LT", kind: "EU_MEMBER_STATE" } },
    ]);
  });
});

describe("filters", () => {
  const filtered = async (filter: Record<string, unknown>) =>
    codesOf(await server.query(`query($filter: MeasureFilter) { measures(filter: $filter, first: 100) { nodes { code } } }`, { filter }));

  it("by policy area", async () => {
    // The brief treats visas and short-term travel as legal mobility: VIS-1, VIS-2 and BRD-1 are read into it.
    expect(await filtered({ policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY" })).toEqual([
      "BRD-1", "LAB-1", "LAB-2", "LAB-3", "LAB-4", "VIS-1", "VIS-2",
    ]);
  });

  it("by lead and by any responsibility", async () => {
    expect(await filtered({ partnershipCode: "EU-BY", leadSignatoryCode: "PL" })).toEqual([]);
    expect(await filtered({ responsibleSignatoryCode: "PL" })).toEqual(["BRD-1", "LAB-2", "SOC-1", "VIS-1"]);
    expect(await filtered({ leadSignatoryCode: "EU", policyAreaCode: "MIGRATION_MANAGEMENT" })).toEqual(["DAT-1"]);
    expect(await filtered({ leadSignatoryCode: "EU", policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY" })).toEqual([
      "LAB-1", "LAB-3", "VIS-1", "VIS-2",
    ]);
  });

  it("by status, text and unknown codes", async () => {
    expect(await filtered({ statuses: ["AGREED", "IN_PROGRESS"] })).toEqual([]);
    expect(await filtered({ statuses: [] })).toEqual([]);
    expect(await filtered({ search: "pension" })).toEqual(expect.arrayContaining(["SOC-2"]));
    expect(await filtered({ search: "100%_" })).toEqual([]);
    expect(await filtered({ partnershipCode: "EU-XX" })).toEqual([]);
  });

  it("by overdue, computed from the deadline and status", async () => {
    const late = uniqueCode("LATE");
    const lateButDone = uniqueCode("DONE");
    const future = uniqueCode("FUT");
    await createMeasure(server.database.db, { code: late, deadline: "2020-01-31", status: "IN_PROGRESS" });
    await createMeasure(server.database.db, { code: lateButDone, deadline: "2020-01-31", status: "COMPLETED" });
    await createMeasure(server.database.db, { code: future, deadline: "2999-12-31", status: "AGREED" });
    expect(await filtered({ overdue: true })).toEqual([late]);
    const notOverdue = await filtered({ overdue: false });
    expect(notOverdue).toEqual(expect.arrayContaining([lateButDone, future, "LAB-1"]));
    expect(notOverdue).not.toContain(late);
  });
});

describe("pagination", () => {
  const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: MeasureOrder) {
    measures(filter: { search: "PAGE-" }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      edges { cursor node { code deadline } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  beforeAll(async () => {
    for (let i = 0; i < 45; i++) {
      await createMeasure(server.database.db, {
        code: `PAGE-${String(i).padStart(2, "0")}`,
        // Every third without a deadline, and duplicate deadlines, to exercise the tiebreak.
        deadline: i % 3 === 0 ? null : `2030-0${(i % 4) + 1}-15`,
      });
    }
  });

  it("walks forward and backward with cursors, without gaps or repeats", async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { measures }: any = await server.query(PAGE, { first: 10, after });
      expect(measures.totalCount).toBe(45);
      forward.push(...measures.edges.map((e: any) => e.node.code));
      if (!measures.pageInfo.hasNextPage) break;
      after = measures.pageInfo.endCursor;
    }
    expect(forward).toEqual(Array.from({ length: 45 }, (_, i) => `PAGE-${String(i).padStart(2, "0")}`));

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { measures }: any = await server.query(PAGE, { last: 10, before });
      backward.unshift(...measures.edges.map((e: any) => e.node.code));
      if (!measures.pageInfo.hasPreviousPage) break;
      before = measures.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it("orders by deadline with measures without one last, stable across pages", async () => {
    const seen: { code: string; deadline: string | null }[] = [];
    let after: string | null = null;
    do {
      const { measures }: any = await server.query(PAGE, { first: 7, after, orderBy: { field: "DEADLINE", direction: "ASC" } });
      seen.push(...measures.edges.map((e: any) => e.node));
      after = measures.pageInfo.hasNextPage ? measures.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((m) => m.code)).size).toBe(45);
    const deadlines = seen.map((m) => m.deadline ?? "9999-99-99");
    expect(deadlines).toEqual([...deadlines].sort());
    expect(seen.slice(-15).every((m) => m.deadline === null)).toBe(true);
  });

  it("counts the total in the page's statement when asked, and apart for an empty page", async () => {
    const query = `query($after: String) {
      measures(filter: { policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY" }, first: 3, after: $after) { ...Total pageInfo { endCursor } }
    }
    fragment Total on MeasureConnection { totalCount }`;
    const first = await server.request<any>(query, {});
    const total = first.data.measures.totalCount;
    expect(total).toBe(7);
    expect(first.statements).toBe(1);

    // The seed's 7 legal mobility measures: pages of 3 and 1, then the empty page past the last
    // row, which brings no count along: it is counted apart.
    const statements: number[] = [];
    let page = first.data.measures;
    while (page.pageInfo.endCursor) {
      const next = await server.request<any>(query, { after: page.pageInfo.endCursor });
      expect(next.data.measures.totalCount).toBe(total);
      statements.push(next.statements);
      page = next.data.measures;
    }
    expect(statements).toEqual([1, 1, 2]);

    const withoutTotal = await server.request<any>(`{ measures(first: 3) { nodes { code } } }`);
    expect(withoutTotal.statements).toBe(1);
  });

  it("refuses a cursor of another ordering", async () => {
    const { measures }: any = await server.query(PAGE, { first: 1 });
    const result = await server.request(PAGE, {
      first: 1,
      after: measures.pageInfo.endCursor,
      orderBy: { field: "TITLE", direction: "DESC" },
    });
    expect(result.errors?.[0]).toMatchObject({
      message: "This cursor belongs to the ordering CODE, not TITLE; start again without a cursor",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("batching", () => {
  const DASHBOARD = `query($first: Int) {
    measures(first: $first) {
      totalCount
      nodes {
        id code title status overdue
        policyArea { code title }
        lead { code } leads { code }
        responsibilities { role signatory { code name } }
        projects { code title }
        themes { code }
        statusHistory { toStatus changedAt }
      }
    }
  }`;

  it("sends the same number of SQL statements for 2 measures as for 100", async () => {
    for (let i = 0; i < 90; i++) await createMeasure(server.database.db, { contributors: ["PL", "LT"] });
    const small = await server.request(DASHBOARD, { first: 2 });
    const large = await server.request(DASHBOARD, { first: 100 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect((large.data as any).measures.nodes).toHaveLength(100);
    // page with its count + areas + responsibilities with their signatories + projects + themes + history
    expect(small.statements).toBe(6);
    expect(large.statements).toBe(small.statements);
  });
});

describe("node(id:)", () => {
  it("fetches a measure by its global id, and null for an id that names nothing", async () => {
    const { measures } = await server.query(`{ measures(first: 1) { nodes { id code } } }`);
    const [first] = measures.nodes;
    const data = await server.query(`query($id: ID!) { node(id: $id) { __typename id ... on Measure { code } } }`, {
      id: first.id,
    });
    expect(data.node).toEqual({ __typename: "Measure", id: first.id, code: first.code });
    const missing = await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("Measure", 999999) });
    expect(missing.node).toBeNull();
  });

  it("reads a measure with its status history in one statement, asked directly or through fragments", async () => {
    const { db } = server.database;
    const withHistory = await createMeasure(db, { status: "AGREED" });
    await db.insert(measureStatusChanges).values({ measureId: withHistory, fromStatus: "AGREED", toStatus: "IN_PROGRESS", actorSub: "test", actorRole: "SYSTEM" });
    // No history at all (only possible by writing the table directly): an empty list, not a missing measure.
    const [model] = await db.select().from(measures).where(eq(measures.id, withHistory));
    const [bare] = await db
      .insert(measures)
      .values({ partnershipId: model!.partnershipId, policyAreaId: model!.policyAreaId, code: uniqueCode("T"), title: "No history", description: "" })
      .returning({ id: measures.id });
    const withoutHistory = bare!.id;
    const ids = [withHistory, withoutHistory].map((id) => toGlobalId("Measure", id));

    const direct = await server.request<any>(`query($id: ID!) { node(id: $id) { ... on Measure { code statusHistory { toStatus } } } }`, { id: ids[0] });
    expect(direct.data.node.statusHistory).toEqual([{ toStatus: "AGREED" }, { toStatus: "IN_PROGRESS" }]);
    expect(direct.statements).toBe(1);

    const named = await server.request<any>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ...Detail } }
       fragment Detail on Measure { version ...History }
       fragment History on Measure { statusHistory { fromStatus toStatus } }`,
      { ids: [...ids, toGlobalId("Measure", 999999)] },
    );
    expect(named.data.nodes).toEqual([
      { id: ids[0], version: 1, statusHistory: [{ fromStatus: null, toStatus: "AGREED" }, { fromStatus: "AGREED", toStatus: "IN_PROGRESS" }] },
      { id: ids[1], version: 1, statusHistory: [] },
      null,
    ]);
    expect(named.statements).toBe(1);

    const withoutIt = await server.request<any>(`query($id: ID!) { node(id: $id) { ... on Measure { code } } }`, { id: ids[0] });
    expect(withoutIt.statements).toBe(1);
  });
});
