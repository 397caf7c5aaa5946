import { eq } from "drizzle-orm";
import { toGlobalId } from "../src/lib/global-id";
import { organisations } from "../src/modules/organisations/organisations.tables";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const codesOf = (list: { code: string }[]) => list.map((o) => o.code);

describe("organisations from the seed", () => {
  it("lists every organisation the brief names, by code", async () => {
    const data = await server.query(`{ organisations { code } }`);
    expect(codesOf(data.organisations)).toEqual([
      "BY-MFA", "BY-MIA", "BY-SBC", "BY-SSF", "CIS", "EAEU", "EC", "EU", "EUROSTAT", "ICMPD",
      "IOM", "IOM-BY", "LA-STRADA", "PUBLIC-BOLOGNA-COMMITTEE", "WBG",
    ]);
  });

  it("IOM Belarus is an office of IOM and implements the IOM project", async () => {
    const data = await server.query(`{
      organisation(code: "IOM-BY") {
        code name kind
        signatory { code }
        parent { code name children { code } }
        children { code }
        projects { role project { code budget { amount currency } } }
      }
    }`);
    expect(data.organisation).toEqual({
      code: "IOM-BY",
      name: "IOM Belarus",
      kind: "INTERGOVERNMENTAL",
      signatory: null,
      parent: { code: "IOM", name: "International Organization for Migration", children: [{ code: "IOM-BY" }] },
      children: [],
      projects: [
        { role: "IMPLEMENTING", project: { code: "IOM-IRREGULAR-MIGRANTS", budget: [{ amount: "7000000.00", currency: "EUR" }] } },
      ],
    });
  });

  it("the EU funds every project of the brief", async () => {
    const data = await server.query(`{ organisation(code: "EU") { kind signatory { code kind } children { code } projects { role project { code } } } }`);
    expect(data.organisation).toEqual({
      kind: "EU_INSTITUTION",
      signatory: { code: "EU", kind: "EU" },
      children: [{ code: "EC" }, { code: "EUROSTAT" }],
      projects: [
        { role: "FUNDING", project: { code: "EU-WB-COMPETITION-LAW" } },
        { role: "FUNDING", project: { code: "EU-WB-PRIVATE-SECTOR" } },
        { role: "FUNDING", project: { code: "IOM-IRREGULAR-MIGRANTS" } },
        { role: "FUNDING", project: { code: "MPF-MIGRATION-POLICY" } },
      ],
    });
  });

  it("returns null for an unknown code", async () => {
    const result = await server.request(`{ organisation(code: "NO-SUCH-ORG") { code } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ organisation: null });
  });
});

describe("filters", () => {
  const filtered = async (args: Record<string, unknown>) =>
    codesOf(
      (
        await server.query(`query($kind: OrganisationKind, $signatoryCode: String) { organisations(kind: $kind, signatoryCode: $signatoryCode) { code } }`, args)
      ).organisations,
    );

  it("by kind", async () => {
    expect(await filtered({ kind: "CIVIL_SOCIETY" })).toEqual(["LA-STRADA", "PUBLIC-BOLOGNA-COMMITTEE"]);
    expect(await filtered({ kind: "FINANCIAL_INSTITUTION" })).toEqual(["WBG"]);
  });

  it("by signatory, alone or with a kind", async () => {
    expect(await filtered({ signatoryCode: "BY" })).toEqual(["BY-MFA", "BY-MIA", "BY-SBC", "BY-SSF"]);
    expect(await filtered({ signatoryCode: "EU", kind: "STATISTICAL_OFFICE" })).toEqual(["EUROSTAT"]);
    expect(await filtered({ signatoryCode: "BY", kind: "INTERGOVERNMENTAL" })).toEqual([]);
    expect(await filtered({ signatoryCode: "ZZ" })).toEqual([]);
  });

  it("refuses an unknown kind", async () => {
    const result = await server.request(`{ organisations(kind: CHARITY) { code } }`);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Value "CHARITY" does not exist in "OrganisationKind" enum/),
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("node(id:)", () => {
  it("round-trips an organisation's global id", async () => {
    const { organisation } = await server.query(`{ organisation(code: "WBG") { id } }`);
    const data = await server.query(`query($id: ID!) { node(id: $id) { __typename id ... on Organisation { code kind } } }`, {
      id: organisation.id,
    });
    expect(data.node).toEqual({ __typename: "Organisation", id: organisation.id, code: "WBG", kind: "FINANCIAL_INSTITUTION" });
    const missing = await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("Organisation", 999999) });
    expect(missing.node).toBeNull();
  });
});

describe("batching", () => {
  it("loads parents, children and projects of every organisation in a constant number of statements", async () => {
    const QUERY = `{ organisations { code signatory { code } parent { code } children { code } projects { role project { code } } } }`;
    const before = await server.request(QUERY);
    // More organisations, each an office of IOM: the statement count must not change.
    const [iom] = await server.database.db.select().from(organisations).where(eq(organisations.code, "IOM"));
    await server.database.db.insert(organisations).values(
      Array.from({ length: 10 }, () => ({ code: uniqueCode("OFFICE"), name: "An IOM office", kind: "INTERGOVERNMENTAL" as const, parentId: iom!.id })),
    );
    const after = await server.request(QUERY);
    expect(after.errors).toBeUndefined();
    expect((after.data as any).organisations.find((o: { code: string }) => o.code === "IOM").children).toHaveLength(11);
    // list + signatories + parents + children + participations
    expect(before.statements).toBe(5);
    expect(after.statements).toBe(before.statements);
  });
});
