import { BRIEF_DATES, BRIEF_FIGURES, BRIEF_RECORDS, type BriefDate, type BriefFigure } from "./brief-facts";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * The brief's facts (test/brief-facts.ts) against the data the API serves: every figure with
 * its value, qualifier and printed text, every date with its precision, and the number of
 * readings the data flags as assumptions. A change that loses or alters one fails here.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

type Figure = Omit<BriefFigure, "where">;
type Money = { amount: string; currency: string };

/** "17790.0000" → "17790", "7000000.00" → "7000000": values compare without trailing zeros. */
const plain = (decimal: string) => (decimal.includes(".") ? decimal.replace(/\.?0+$/, "") : decimal);
const moneyValue = (money: Money) => `${plain(money.amount)} ${money.currency}`;

const figure = (value: string, qualifier: string, printed: string, valueMax?: string | null): Figure => ({
  value,
  ...(valueMax == null ? {} : { valueMax: plain(valueMax) }),
  qualifier: qualifier as Figure["qualifier"],
  printed,
});

const DATA = `{
  partnership(code: "EU-BY") { signedOn }
  indicators(first: 100) { code observations(first: 100) { geography periodLabel value valueMax qualifier asStated isAssumption } }
  legalActs(first: 100) {
    code signedOn signedOnPrecision inForceFrom inForceFromPrecision isAssumption
    provisions(first: 100) { asStated quantity amount { amount currency } qualifier effectiveFrom effectiveFromPrecision isAssumption }
  }
  fundingInstruments(first: 100) { code periodStart periodEnd allocations { amount { amount currency } qualifier asStated isAssumption } }
  projects(first: 100, filter: { recipientCode: "BY" }) {
    nodes { code actualStart actualStartPrecision plannedEnd plannedEndPrecision isAssumption budgets { amount { amount currency } qualifier asStated isAssumption } }
  }
  statements(first: 100) {
    code quantity qualifier asStated isAssumption
    madeOn madeOnPrecision expectedBy expectedByPrecision since sincePrecision
  }
  nationalProgrammes(first: 100) { code periodStart periodEnd adoptedOn adoptedOnPrecision isAssumption }
  partnerships { code legalActs { relation legalAct { code } } }
  sources(first: 100) { code accessedOn }
  measures(filter: { partnershipCode: "EU-BY" }, first: 100) {
    nodes {
      code isAssumption policyAreaIsAssumption responsibilities { isAssumption }
      organisations { role isAssumption organisation { code } } legalActs { relation isAssumption legalAct { code } }
    }
  }
  memberships(first: 100) { memberCode organisation { code } isAssumption }
  cis: legalActs(organisationCode: "CIS") { code organisations { role organisation { code } } }
}`;

let figures: Map<string, Figure>;
let dates: Map<string, Omit<BriefDate, "where" | "printed">>;
let data: any;

beforeAll(async () => {
  data = await server.query(DATA);
  figures = new Map();
  const addFigure = (where: string, served: Figure) => {
    // Two figures in one place would make the list ambiguous.
    expect(figures.has(where)).toBe(false);
    figures.set(where, served);
  };
  for (const indicator of data.indicators) {
    for (const o of indicator.observations) {
      addFigure(`observation ${indicator.code} ${o.geography} ${o.periodLabel}`, figure(plain(o.value), o.qualifier, o.asStated, o.valueMax));
    }
  }
  for (const act of data.legalActs) {
    for (const p of act.provisions) {
      if (p.quantity === null && p.amount === null) continue;
      addFigure(`provision ${act.code} ${p.asStated}`, figure(p.amount ? moneyValue(p.amount) : plain(p.quantity), p.qualifier, p.asStated));
    }
  }
  for (const instrument of data.fundingInstruments) {
    for (const a of instrument.allocations) addFigure(`allocation ${instrument.code}`, figure(moneyValue(a.amount), a.qualifier, a.asStated));
  }
  for (const project of data.projects.nodes) {
    for (const b of project.budgets) addFigure(`budget ${project.code}`, figure(moneyValue(b.amount), b.qualifier, b.asStated));
  }
  for (const s of data.statements) {
    if (s.quantity !== null) addFigure(`statement ${s.code}`, figure(plain(s.quantity), s.qualifier, s.asStated));
  }

  dates = new Map();
  const addDate = (where: string, date: string | null, precision?: string | null) => {
    if (date !== null) dates.set(where, { date, ...(precision == null ? {} : { precision: precision as BriefDate["precision"] }) });
  };
  addDate("partnership EU-BY signedOn", data.partnership.signedOn);
  for (const i of data.fundingInstruments) {
    addDate(`fundingInstrument ${i.code} periodStart`, i.periodStart);
    addDate(`fundingInstrument ${i.code} periodEnd`, i.periodEnd);
  }
  for (const p of data.nationalProgrammes) {
    addDate(`nationalProgramme ${p.code} periodStart`, p.periodStart);
    addDate(`nationalProgramme ${p.code} periodEnd`, p.periodEnd);
    addDate(`nationalProgramme ${p.code} adoptedOn`, p.adoptedOn, p.adoptedOnPrecision);
  }
  for (const act of data.legalActs) {
    addDate(`legalAct ${act.code} signedOn`, act.signedOn, act.signedOnPrecision);
    addDate(`legalAct ${act.code} inForceFrom`, act.inForceFrom, act.inForceFromPrecision);
    for (const p of act.provisions) addDate(`provision ${act.code} ${p.asStated} effectiveFrom`, p.effectiveFrom, p.effectiveFromPrecision);
  }
  for (const p of data.projects.nodes) {
    addDate(`project ${p.code} actualStart`, p.actualStart, p.actualStartPrecision);
    addDate(`project ${p.code} plannedEnd`, p.plannedEnd, p.plannedEndPrecision);
  }
  for (const s of data.statements) {
    addDate(`statement ${s.code} madeOn`, s.madeOn, s.madeOnPrecision);
    addDate(`statement ${s.code} expectedBy`, s.expectedBy, s.expectedByPrecision);
    addDate(`statement ${s.code} since`, s.since, s.sincePrecision);
  }
  for (const s of data.sources) addDate(`source ${s.code} accessedOn`, s.accessedOn);
});

describe("the brief's facts in the data", () => {
  it.each(BRIEF_FIGURES.map((fact) => [fact.where, fact] as const))("figure: %s", (where, { where: _where, ...expected }) => {
    expect(figures.get(where)).toEqual(expected);
  });

  it("lists every figure the data serves: a figure added to the data is added to the list too", () => {
    expect([...figures.keys()].sort()).toEqual(BRIEF_FIGURES.map((fact) => fact.where).sort());
  });

  it.each(BRIEF_DATES.map((fact) => [fact.where, fact] as const))("date: %s", (where, { where: _where, printed: _printed, ...expected }) => {
    expect(dates.get(where)).toEqual(expected);
  });

  it("holds every fact without a figure as a record of its own, and no record the list lacks", () => {
    const records = [
      ...data.measures.nodes.flatMap((m: any) => [
        ...m.legalActs.map((l: any) => `measure ${m.code} ${l.relation} ${l.legalAct.code}`),
        ...m.organisations.map((o: any) => `actor ${m.code} ${o.role} ${o.organisation.code}`),
      ]),
      ...data.partnerships.flatMap((p: any) => p.legalActs.map((l: any) => `partnership ${p.code} ${l.relation} ${l.legalAct.code}`)),
      ...data.cis.flatMap((a: any) => a.organisations.map((o: any) => `frame ${a.code} ${o.role} ${o.organisation.code}`)),
      ...data.memberships.map((m: any) => `membership ${m.organisation.code} ${m.memberCode}`),
      ...data.nationalProgrammes.map((p: any) => `programme ${p.code}`),
      ...data.statements.map((s: any) => `statement ${s.code}`),
    ];
    expect(records.sort()).toEqual([...BRIEF_RECORDS].sort());
  });

  it("totals: the facts of the brief the data holds, and the readings it flags as assumptions", () => {
    expect({ figures: BRIEF_FIGURES.length, dates: BRIEF_DATES.length, records: BRIEF_RECORDS.length }).toEqual({
      figures: 69,
      dates: 29,
      records: 42,
    });

    const flagged = (items: { isAssumption: boolean }[]) => items.filter((item) => item.isAssumption).length;
    const measures = data.measures.nodes;
    const assumptions = {
      measureAreas: measures.filter((m: any) => m.policyAreaIsAssumption).length,
      measureResponsibilities: flagged(measures.flatMap((m: any) => m.responsibilities)),
      measureOrganisations: flagged(measures.flatMap((m: any) => m.organisations)),
      measureLegalActs: flagged(measures.flatMap((m: any) => m.legalActs)),
      measures: flagged(measures),
      observations: flagged(data.indicators.flatMap((i: any) => i.observations)),
      legalActs: flagged(data.legalActs),
      provisions: flagged(data.legalActs.flatMap((a: any) => a.provisions)),
      allocations: flagged(data.fundingInstruments.flatMap((i: any) => i.allocations)),
      projects: flagged(data.projects.nodes),
      budgets: flagged(data.projects.nodes.flatMap((p: any) => p.budgets)),
      statements: flagged(data.statements),
      nationalProgrammes: flagged(data.nationalProgrammes),
      memberships: flagged(data.memberships),
    };
    expect(assumptions).toEqual({
      measureAreas: 17,
      measureResponsibilities: 12,
      measureOrganisations: 0,
      measureLegalActs: 0,
      measures: 0,
      observations: 11,
      legalActs: 4,
      provisions: 3,
      allocations: 0,
      projects: 3,
      budgets: 2,
      statements: 0,
      nationalProgrammes: 1,
      memberships: 0,
    });
    expect(Object.values(assumptions).reduce((sum, n) => sum + n, 0)).toBe(53);
  });
});
