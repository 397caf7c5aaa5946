import type { Database } from "../src/db/client";
import { toGlobalId } from "../src/lib/global-id";
import { legalActParties, legalActProvisions, legalActs } from "../src/modules/legal-acts/legal-acts.tables";
import { sources } from "../src/modules/sources/sources.tables";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const PROVISION_FIELDS = `text quantity unit amount { amount currency } qualifier asStated effectiveFrom isAssumption note`;

/** A legal act of its own, citing a source of its own, with parties and `provisionCount` provisions. */
async function createLegalAct(db: Database, parties: string[], provisionCount: number): Promise<string> {
  const code = uniqueCode("ACT");
  const [source] = await db.insert(sources).values({ code: uniqueCode("SRC"), title: "A test source" }).returning({ id: sources.id });
  const [act] = await db
    .insert(legalActs)
    .values({ code, title: "A test agreement", kind: "BILATERAL_AGREEMENT", status: "SIGNED", sourceId: source!.id })
    .returning({ id: legalActs.id });
  await db.insert(legalActParties).values(parties.map((partyCode) => ({ legalActId: act!.id, partyCode })));
  for (let position = provisionCount; position > 0; position -= 1) {
    await db.insert(legalActProvisions).values({ legalActId: act!.id, position, text: `Provision ${position}` });
  }
  return code;
}

describe("legal acts from the seed", () => {
  it("keeps the Visa Facilitation Agreement's fees as money and its other figures as quantities, in order", async () => {
    const data = await server.query(`{
      legalAct(code: "EU-BY-VFA") {
        code title kind status signedOn signedOnPrecision inForceFrom inForceFromPrecision parties isAssumption
        source { code publisher }
        provisions { ${PROVISION_FIELDS} }
      }
    }`);
    expect(data.legalAct).toMatchObject({
      code: "EU-BY-VFA",
      title: "EU-Belarus Visa Facilitation Agreement",
      kind: "EU_AGREEMENT",
      status: "IN_FORCE",
      signedOn: "2020-01-01",
      signedOnPrecision: "MONTH",
      inForceFrom: "2020-07-01",
      inForceFromPrecision: "MONTH",
      parties: ["BY", "EU"],
      isAssumption: false,
      source: { code: "EC-2020-VFA", publisher: "European Commission" },
    });
    const provisions = data.legalAct.provisions;
    expect(provisions.map((p: { asStated: string }) => p.asStated)).toEqual([
      "instead of €60",
      "€35 instead of €60",
      "may not exceed €30",
      "10 working days",
      "eleven",
      "up to five years",
    ]);
    expect(provisions[1]).toMatchObject({
      text: "The visa fee is €35 instead of €60.",
      quantity: null,
      unit: null,
      amount: { amount: "35.00", currency: "EUR" },
      qualifier: "EXACT",
      effectiveFrom: "2020-07-01",
      isAssumption: false,
    });
    expect(provisions[2]).toMatchObject({ amount: { amount: "30.00", currency: "EUR" }, qualifier: "AT_MOST" });
    expect(provisions[3]).toMatchObject({ quantity: "10.0000", unit: "working days", amount: null, qualifier: "EXACT" });
    expect(provisions[4]).toMatchObject({ quantity: "11.0000", unit: "categories of travellers", effectiveFrom: null });
    expect(provisions[5]).toMatchObject({ quantity: "5.0000", unit: "years", qualifier: "AT_MOST" });
  });

  it("tells the one local border traffic agreement in force from the two that are not", async () => {
    const data = await server.query(`{
      legalActs(partyCode: "BY", kind: BILATERAL_AGREEMENT) {
        code status signedOn signedOnPrecision inForceFrom inForceFromPrecision parties
        provisions { quantity unit qualifier asStated }
      }
    }`);
    const borderTraffic = data.legalActs.filter((act: { code: string }) => act.code.startsWith("LBT-"));
    expect(borderTraffic.map((act: { code: string; status: string }) => `${act.code} ${act.status}`)).toEqual([
      "LBT-BY-LT NOT_IN_FORCE",
      "LBT-BY-LV IN_FORCE",
      "LBT-BY-PL NOT_IN_FORCE",
    ]);
    const [lithuania, latvia] = borderTraffic;
    expect(latvia).toMatchObject({
      signedOn: "2010-01-01",
      signedOnPrecision: "YEAR",
      inForceFrom: "2012-02-01",
      inForceFromPrecision: "DAY",
      parties: ["BY", "LV"],
    });
    expect(lithuania).toMatchObject({ inForceFrom: null, inForceFromPrecision: null, parties: ["BY", "LT"] });
    expect(latvia.provisions[0]).toEqual({ quantity: "50.0000", unit: "km", qualifier: "EXACT", asStated: "within 50 kilometres" });
    // A provision without a figure has no qualifier either.
    expect(latvia.provisions[1]).toEqual({ quantity: null, unit: null, qualifier: null, asStated: null });
  });

  it("flags what the brief does not state", async () => {
    const data = await server.query(`{
      ssa: legalAct(code: "SSA-BY-RU") { isAssumption note parties provisions { text } source { code } }
      rules: legalAct(code: "LT-WORK-PERMIT-RULES-2019") { isAssumption provisions { quantity unit asStated isAssumption } }
      pension: legalAct(code: "CIS-PENSION-1992") { kind status signedOn signedOnPrecision }
    }`);
    expect(data.ssa).toMatchObject({ isAssumption: true, parties: ["BY", "RU"], provisions: [], source: { code: "POLICY-BRIEF-2020" } });
    expect(data.ssa.note).toMatch(/only with Russia, Lithuania and Latvia/);
    expect(data.rules.isAssumption).toBe(false);
    expect(data.rules.provisions.map((p: { isAssumption: boolean }) => p.isAssumption)).toEqual([false, false, true]);
    expect(data.rules.provisions[2]).toMatchObject({ quantity: "12.0000", unit: "months", asStated: "12-month" });
    expect(data.pension).toEqual({
      kind: "MULTILATERAL_AGREEMENT",
      status: "NOT_IMPLEMENTED",
      signedOn: "1992-01-01",
      signedOnPrecision: "YEAR",
    });
  });
});

describe("filters", () => {
  const codes = async (args: Record<string, unknown>) =>
    (
      await server.query(`query($kind: LegalActKind, $partyCode: String, $organisationCode: String) { legalActs(kind: $kind, partyCode: $partyCode, organisationCode: $organisationCode) { code } }`, args)
    ).legalActs.map((act: { code: string }) => act.code);

  it("lists every act by code", async () => {
    expect(await codes({})).toEqual([
      "BY-MINSK-AIRPORT-VISA-FREE",
      "BY-PENSION-QUALIFYING-PERIOD",
      "BY-WORK-ASSIGNMENT",
      "CIS-PENSION-1992",
      "EU-BY-READMISSION",
      "EU-BY-VFA",
      "LBT-BY-LT",
      "LBT-BY-LV",
      "LBT-BY-PL",
      "LT-FOREIGNERS-LAW-2017",
      "LT-WORK-PERMIT-RULES-2019",
      "PL-EMPLOYMENT-LAW-2018",
      "PL-POLES-CARD",
      "SSA-BY-LT",
      "SSA-BY-LV",
      "SSA-BY-RU",
    ]);
  });

  it("narrows by kind, by party, and by both", async () => {
    expect(await codes({ kind: "NATIONAL_LAW" })).toEqual(["LT-FOREIGNERS-LAW-2017", "PL-EMPLOYMENT-LAW-2018", "PL-POLES-CARD"]);
    expect(await codes({ organisationCode: "CIS" })).toEqual(["CIS-PENSION-1992"]);
    expect(await codes({ kind: "EU_AGREEMENT" })).toEqual(["EU-BY-READMISSION", "EU-BY-VFA"]);
    expect(await codes({ partyCode: "LV" })).toEqual(["LBT-BY-LV", "SSA-BY-LV"]);
    expect(await codes({ partyCode: "EU" })).toEqual(["EU-BY-READMISSION", "EU-BY-VFA"]);
    expect(await codes({ partyCode: "LT", kind: "NATIONAL_RULE" })).toEqual(["LT-WORK-PERMIT-RULES-2019"]);
    expect(await codes({ partyCode: "FI" })).toEqual([]);
  });
});

describe("lookups", () => {
  it("returns null for an unknown code", async () => {
    expect(await server.query(`{ legalAct(code: "NO-SUCH-ACT") { code } }`)).toEqual({ legalAct: null });
  });

  it("finds a legal act again by its global id", async () => {
    const { legalAct } = await server.query(`{ legalAct(code: "PL-EMPLOYMENT-LAW-2018") { id } }`);
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { __typename id ... on LegalAct { code kind inForceFrom provisions { asStated } } } }`,
      { id: legalAct.id },
    );
    expect(data.node).toEqual({
      __typename: "LegalAct",
      id: legalAct.id,
      code: "PL-EMPLOYMENT-LAW-2018",
      kind: "NATIONAL_LAW",
      inForceFrom: "2018-01-01",
      provisions: [{ asStated: null }, { asStated: "270 days per year" }, { asStated: "threefold" }],
    });
    expect(await server.query(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId("LegalAct", 999_999) })).toEqual({ node: null });
  });
});

describe("bad arguments", () => {
  it.each(["lv", "LVA", "", "1A"])("rejects partyCode %j", async (partyCode) => {
    const result = await server.request(`query($partyCode: String) { legalActs(partyCode: $partyCode) { code } }`, { partyCode });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(result.errors?.[0]?.message).toMatch(/partyCode must be an ISO 3166 alpha-2 code/);
  });

  it("rejects an unknown kind", async () => {
    const result = await server.request(`{ legalActs(kind: TREATY) { code } }`);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });
});

// Adds rows, so it has a database of its own: the seed lists above stay true in any order.
describe("batching", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const QUERY = `{ legalActs { code parties provisions { text amount { amount } } source { code } } }`;

  it("takes the same small number of statements however many acts, parties and provisions there are", async () => {
    const before = await server.request<{ legalActs: { code: string }[] }>(QUERY);
    expect(before.errors).toBeUndefined();
    // Acts, parties, provisions, sources.
    expect(before.statements).toBe(4);

    const code = await createLegalAct(server.database.db, ["BY", "UA", "MD"], 3);
    await createLegalAct(server.database.db, ["BY", "PL"], 2);
    const after = await server.request<{ legalActs: { code: string; parties: string[]; provisions: { text: string }[] }[] }>(QUERY);
    expect(after.errors).toBeUndefined();
    expect(after.data!.legalActs).toHaveLength(before.data!.legalActs.length + 2);
    expect(after.statements).toBe(4);
    // Provisions come in position order, not insertion order; parties by code.
    expect(after.data!.legalActs.find((act) => act.code === code)).toMatchObject({
      parties: ["BY", "MD", "UA"],
      provisions: [{ text: "Provision 1" }, { text: "Provision 2" }, { text: "Provision 3" }],
    });
  });
});
