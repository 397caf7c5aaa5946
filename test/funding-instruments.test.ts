import { eq } from "drizzle-orm";
import { toGlobalId } from "../src/lib/global-id";
import { fundingInstruments, instrumentAllocations } from "../src/modules/funding/funding.tables";
import { partnerships } from "../src/modules/partnerships/partnerships.tables";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const codesOf = (list: { code: string }[]) => list.map((i) => i.code);

const ALLOCATION_FIELDS = `id periodStart periodEnd amount { amount currency } qualifier asStated isAssumption note
  instrument { code } partnership { code } recipient { code kind }`;

describe("funding instruments from the seed", () => {
  it("lists every instrument the brief names, by code", async () => {
    const data = await server.query(`{ fundingInstruments { code kind } }`);
    expect(codesOf(data.fundingInstruments)).toEqual([
      "AMIF", "CBC", "ENI", "ERASMUS_PLUS", "EU4YOUTH", "ISF", "MOST", "MPF", "TAIEX", "TEMPUS",
    ]);
    expect(data.fundingInstruments.find((i: { code: string }) => i.code === "ENI").kind).toBe("FINANCING_INSTRUMENT");
  });

  it("the MPF is financed under AMIF and ISF, and funds the migration policy project", async () => {
    const data = await server.query(`{
      fundingInstrument(code: "MPF") {
        code name kind description
        parents { code kind children { code } }
        children { code }
        allocations { id }
        projects { code instrument { code } }
      }
    }`);
    expect(data.fundingInstrument).toMatchObject({
      code: "MPF",
      name: "Mobility Partnership Facility",
      kind: "FACILITY",
      description: expect.stringMatching(/smaller-scale projects/),
      parents: [
        { code: "AMIF", kind: "FUND", children: [{ code: "MPF" }] },
        { code: "ISF", kind: "FUND", children: [{ code: "MPF" }] },
      ],
      children: [],
      allocations: [],
      projects: [{ code: "MPF-MIGRATION-POLICY", instrument: { code: "MPF" } }],
    });
  });

  it("ENI allocated over EUR 170 million to Belarus for 2014-2020, for bilateral cooperation rather than the partnership", async () => {
    const data = await server.query(`{ fundingInstrument(code: "ENI") { parents { code } projects { code } allocations { ${ALLOCATION_FIELDS} } } }`);
    expect(data.fundingInstrument).toMatchObject({ parents: [], projects: [] });
    expect(data.fundingInstrument.allocations).toEqual([
      {
        id: expect.any(String),
        periodStart: "2014-01-01",
        periodEnd: "2020-12-31",
        amount: { amount: "170000000.00", currency: "EUR" },
        qualifier: "AT_LEAST",
        asStated: "over €170 million",
        isAssumption: false,
        note: expect.stringContaining("does not tie the money to the Mobility Partnership"),
        instrument: { code: "ENI" },
        partnership: null,
        recipient: { code: "BY", kind: "PARTNER_COUNTRY" },
      },
    ]);
  });

  it("returns null for an unknown code", async () => {
    const result = await server.request(`{ fundingInstrument(code: "NO-SUCH") { code } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ fundingInstrument: null });
  });
});

describe("allocations", () => {
  it("lists an instrument's allocations by period, with or without a recipient", async () => {
    const db = server.database.db;
    const [erasmus] = await db.select().from(fundingInstruments).where(eq(fundingInstruments.code, "ERASMUS_PLUS"));
    const [partnership] = await db.select().from(partnerships).where(eq(partnerships.code, "EU-BY"));
    const allocation = (periodStart: string, amount: string) => ({
      instrumentId: erasmus!.id,
      partnershipId: partnership!.id,
      periodStart,
      periodEnd: "2027-12-31",
      amount,
      currency: "EUR",
      qualifier: "APPROXIMATE" as const,
      isAssumption: true,
      note: "Test allocation",
    });
    await db.insert(instrumentAllocations).values([allocation("2021-01-01", "99999999999999999.99"), allocation("2014-01-01", "0.01")]);
    const data = await server.query(`{ fundingInstrument(code: "ERASMUS_PLUS") { allocations { ${ALLOCATION_FIELDS} } } }`);
    expect(
      data.fundingInstrument.allocations.map((a: any) => [a.periodStart, a.amount.amount, a.qualifier, a.recipient, a.isAssumption]),
    ).toEqual([
      ["2014-01-01", "0.01", "APPROXIMATE", null, true],
      ["2021-01-01", "99999999999999999.99", "APPROXIMATE", null, true],
    ]);
  });
});

describe("node(id:)", () => {
  it("round-trips an instrument's and an allocation's global ids", async () => {
    const { fundingInstrument } = await server.query(`{ fundingInstrument(code: "ENI") { id allocations { id } } }`);
    const data = await server.query(
      `query($instrument: ID!, $allocation: ID!) {
        instrument: node(id: $instrument) { __typename id ... on FundingInstrument { code } }
        allocation: node(id: $allocation) { __typename id ... on InstrumentAllocation { amount { amount currency } instrument { code } } }
      }`,
      { instrument: fundingInstrument.id, allocation: fundingInstrument.allocations[0].id },
    );
    expect(data).toEqual({
      instrument: { __typename: "FundingInstrument", id: fundingInstrument.id, code: "ENI" },
      allocation: {
        __typename: "InstrumentAllocation",
        id: fundingInstrument.allocations[0].id,
        amount: { amount: "170000000.00", currency: "EUR" },
        instrument: { code: "ENI" },
      },
    });
    const missing = await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("InstrumentAllocation", 999999) });
    expect(missing.node).toBeNull();
  });
});

describe("batching", () => {
  it("loads the relations of every instrument in a constant number of statements", async () => {
    const result = await server.request(`{
      fundingInstruments {
        code parents { code } children { code } projects { code }
        allocations { amount { amount } instrument { code } partnership { code } recipient { code } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    // list + parents + children + projects + allocations + their instruments + partnerships + recipients
    expect(result.statements).toBe(8);
  });
});
