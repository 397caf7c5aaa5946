import { and, asc, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { seedDatabase } from "../seeds/seed";
import type { Database } from "../src/db/client";
import { fundingInstrumentParents, fundingInstruments, instrumentAllocations } from "../src/modules/funding/funding.tables";
import { indicatorObservations, indicators } from "../src/modules/indicators/indicators.tables";
import {
  legalActOrganisations,
  legalActParties,
  legalActProvisions,
  legalActs,
  measureLegalActs,
  partnershipLegalActs,
} from "../src/modules/legal-acts/legal-acts.tables";
import { memberships } from "../src/modules/memberships/memberships.tables";
import { nationalProgrammes } from "../src/modules/national-programmes/national-programmes.tables";
import { statements } from "../src/modules/statements/statements.tables";
import {
  measureOrganisations,
  measureProjects,
  measureResponsibilities,
  measureStatusChanges,
  measureThemes,
  measures,
} from "../src/modules/measures/measures.tables";
import { organisations } from "../src/modules/organisations/organisations.tables";
import {
  partnershipSignatories,
  partnerships,
  policyAreas,
  signatories,
  themes,
} from "../src/modules/partnerships/partnerships.tables";
import {
  projectBudgets,
  projectParticipants,
  projectTransactions,
  projects,
} from "../src/modules/projects/projects.tables";
import { sources } from "../src/modules/sources/sources.tables";
import { openTestDatabase, type TestDatabase } from "./helpers/databases";
import { countRows } from "./helpers/factories";

const allTables: Record<string, PgTable> = {
  partnerships,
  signatories,
  partnershipSignatories,
  policyAreas,
  themes,
  sources,
  organisations,
  fundingInstruments,
  fundingInstrumentParents,
  instrumentAllocations,
  projects,
  projectParticipants,
  projectBudgets,
  projectTransactions,
  measures,
  measureResponsibilities,
  measureThemes,
  measureProjects,
  measureStatusChanges,
  indicators,
  indicatorObservations,
  legalActs,
  legalActParties,
  legalActProvisions,
  legalActOrganisations,
  measureLegalActs,
  partnershipLegalActs,
  measureOrganisations,
  memberships,
  nationalProgrammes,
  statements,
};

// The test file's own copy of the template, which global setup migrated and seeded through
// prepareDatabase, as a start-up does: on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(allTables)) counts[name] = await countRows(db, table);
  return counts;
}

async function observationsOf(indicatorCode: string) {
  return db
    .select({
      periodLabel: indicatorObservations.periodLabel,
      periodStart: indicatorObservations.periodStart,
      periodEnd: indicatorObservations.periodEnd,
      geography: indicatorObservations.geography,
      value: indicatorObservations.value,
      valueMax: indicatorObservations.valueMax,
      qualifier: indicatorObservations.qualifier,
      asStated: indicatorObservations.asStated,
      source: sources.code,
      locator: indicatorObservations.locator,
      isAssumption: indicatorObservations.isAssumption,
    })
    .from(indicatorObservations)
    .innerJoin(indicators, eq(indicators.id, indicatorObservations.indicatorId))
    .innerJoin(sources, eq(sources.id, indicatorObservations.sourceId))
    .where(eq(indicators.code, indicatorCode))
    .orderBy(asc(indicatorObservations.periodStart), asc(indicatorObservations.geography));
}

describe("seedDatabase", () => {
  it("seeds the partnership with its nine signatories", async () => {
    const [partnership] = await db.select().from(partnerships).where(eq(partnerships.code, "EU-BY"));
    expect(partnership.signedOn).toBe("2016-10-13");

    const linked = await db
      .select({ code: signatories.code, kind: signatories.kind })
      .from(partnershipSignatories)
      .innerJoin(signatories, eq(signatories.id, partnershipSignatories.signatoryId))
      .where(eq(partnershipSignatories.partnershipId, partnership.id))
      .orderBy(asc(signatories.id));
    expect(linked).toEqual([
      { code: "BY", kind: "PARTNER_COUNTRY" },
      { code: "EU", kind: "EU" },
      ...["BG", "LV", "LT", "HU", "PL", "RO", "FI"].map((code) => ({ code, kind: "EU_MEMBER_STATE" })),
    ]);
  });

  it("seeds the Declaration's six areas in order", async () => {
    const areas = await db.select({ position: policyAreas.position, code: policyAreas.code }).from(policyAreas).orderBy(asc(policyAreas.position));
    expect(areas).toEqual([
      { position: 1, code: "MIGRATION_MANAGEMENT" },
      { position: 2, code: "IRREGULAR_MIGRATION_TRAFFICKING" },
      { position: 3, code: "LABOUR_MIGRATION_LEGAL_MOBILITY" },
      { position: 4, code: "CIVIL_SOCIETY" },
      { position: 5, code: "ASYLUM" },
      { position: 6, code: "MIGRATION_DEVELOPMENT" },
    ]);
    expect(await countRows(db, themes)).toBe(7);
  });

  it("seeds the 17 recommended measures with their areas, leads and assumption flags", async () => {
    const responsibilities = await db
      .select({
        measure: measures.code,
        area: policyAreas.position,
        signatory: signatories.code,
        role: measureResponsibilities.role,
        isAssumption: measureResponsibilities.isAssumption,
      })
      .from(measureResponsibilities)
      .innerJoin(measures, eq(measures.id, measureResponsibilities.measureId))
      .innerJoin(policyAreas, eq(policyAreas.id, measures.policyAreaId))
      .innerJoin(signatories, eq(signatories.id, measureResponsibilities.signatoryId))
      .orderBy(asc(measures.id), asc(measureResponsibilities.position));

    // code -> [area, leads, contributing] ("BY?" = assumed)
    const summary = new Map<string, [number, string[], string[]]>();
    for (const r of responsibilities) {
      const entry = summary.get(r.measure) ?? [r.area, [], []];
      if (r.role === "LEAD") entry[1].push(r.isAssumption ? `${r.signatory}?` : r.signatory);
      else entry[2].push(r.isAssumption ? `${r.signatory}?` : r.signatory);
      summary.set(r.measure, entry);
    }
    expect(Object.fromEntries(summary)).toEqual({
      "LAB-1": [3, ["EU", "BY"], []],
      "LAB-2": [3, ["BY?"], ["PL?", "LT?"]],
      "LAB-3": [3, ["EU?"], []],
      "LAB-4": [3, ["BY?"], []],
      "SOC-1": [6, ["BY"], ["PL"]],
      "SOC-2": [6, ["BY?"], []],
      "SOC-3": [4, ["BY?"], []],
      "SOC-4": [6, ["EU"], []],
      "EDU-1": [6, ["BY"], []],
      "EDU-2": [6, ["BY"], []],
      "EDU-3": [6, ["BY"], []],
      "EDU-4": [4, ["EU?"], ["BY"]],
      "VIS-1": [3, ["EU?"], ["BG", "LV", "LT", "HU", "PL", "RO", "FI"]],
      "VIS-2": [3, ["EU?"], ["BY?"]],
      "BRD-1": [3, ["BY"], ["LT", "PL"]],
      "DAT-1": [1, ["EU", "BY"], []],
      "DAT-2": [6, ["BY?"], []],
    });

    const rows = await db.select().from(measures);
    expect(rows).toHaveLength(17);
    for (const measure of rows) {
      expect(measure).toMatchObject({ status: "PROPOSED", deadline: null, isAssumption: false });
      expect(measure.description.length).toBeGreaterThan(measure.title.length);
      // The brief assigns no area to any recommendation: each area is flagged and says why it was chosen.
      expect(measure.policyAreaIsAssumption).toBe(true);
      expect(measure.policyAreaNote).toMatch(/^Area assumed: the brief assigns no area/);
      expect(measure.locator).toMatch(/^section '/);
    }
    // An assumed lead or contributor is explained on its measure.
    const assumedLeads = new Set(responsibilities.filter((r) => r.isAssumption).map((r) => r.measure));
    for (const measure of rows.filter((m) => assumedLeads.has(m.code))) {
      expect(measure.note).toMatch(/assumption/);
    }
  });

  it("records one initial status change per measure, dated by the brief (flagged as an assumption)", async () => {
    const changes = await db.select().from(measureStatusChanges);
    expect(changes).toHaveLength(17);
    for (const change of changes) {
      expect(change).toMatchObject({
        fromStatus: null,
        toStatus: "PROPOSED",
        actorSub: "seed",
        actorRole: "SYSTEM",
        changedAt: new Date("2020-08-13T00:00:00Z"),
      });
      expect(change.reason).toMatch(/^Recommended by the policy brief\. Dated 13 August 2020 as an assumption: the brief prints no date/);
    }
    const rows = await db.select({ createdAt: measures.createdAt }).from(measures);
    expect(new Set(rows.map((row) => row.createdAt.toISOString()))).toEqual(new Set(["2020-08-13T00:00:00.000Z"]));
  });

  it("seeds the ENI allocation as over EUR 170 million for 2014-2020", async () => {
    const [allocation] = await db
      .select({
        amount: instrumentAllocations.amount,
        currency: instrumentAllocations.currency,
        qualifier: instrumentAllocations.qualifier,
        asStated: instrumentAllocations.asStated,
        periodStart: instrumentAllocations.periodStart,
        periodEnd: instrumentAllocations.periodEnd,
        recipient: signatories.code,
      })
      .from(instrumentAllocations)
      .innerJoin(fundingInstruments, eq(fundingInstruments.id, instrumentAllocations.instrumentId))
      .innerJoin(signatories, eq(signatories.id, instrumentAllocations.recipientSignatoryId))
      .where(eq(fundingInstruments.code, "ENI"));
    expect(allocation).toEqual({
      amount: "170000000.00",
      currency: "EUR",
      qualifier: "AT_LEAST",
      asStated: "over €170 million",
      periodStart: "2014-01-01",
      periodEnd: "2020-12-31",
      recipient: "BY",
    });

    const mpfParents = await db
      .select({ code: fundingInstruments.code })
      .from(fundingInstrumentParents)
      .innerJoin(fundingInstruments, eq(fundingInstruments.id, fundingInstrumentParents.parentId))
      .orderBy(asc(fundingInstruments.code));
    expect(mpfParents.map((p) => p.code)).toEqual(["AMIF", "ISF"]);
  });

  it("seeds the IOM project with its funder, implementers and EUR 7 million budget", async () => {
    const [project] = await db.select().from(projects).where(eq(projects.code, "IOM-IRREGULAR-MIGRANTS"));
    expect(project).toMatchObject({
      status: "IMPLEMENTATION",
      actualStart: "2018-10-01",
      actualStartPrecision: "QUARTER",
      plannedEnd: "2022-01-01",
      plannedEndPrecision: "YEAR",
    });

    const participants = await db
      .select({ organisation: organisations.code, role: projectParticipants.role })
      .from(projectParticipants)
      .innerJoin(organisations, eq(organisations.id, projectParticipants.organisationId))
      .where(eq(projectParticipants.projectId, project.id))
      .orderBy(asc(projectParticipants.id));
    expect(participants).toEqual([
      { organisation: "EU", role: "FUNDING" },
      { organisation: "IOM-BY", role: "IMPLEMENTING" },
      { organisation: "BY-MIA", role: "IMPLEMENTING" },
      { organisation: "BY-SBC", role: "IMPLEMENTING" },
    ]);

    const budgets = await db.select().from(projectBudgets).where(eq(projectBudgets.projectId, project.id));
    expect(budgets).toEqual([
      expect.objectContaining({ amount: "7000000.00", currency: "EUR", valueDate: "2018-10-01", isAssumption: true }),
    ]);

    const [iomBelarus] = await db
      .select({ parent: organisations.parentId })
      .from(organisations)
      .where(eq(organisations.code, "IOM-BY"));
    const [iom] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "IOM"));
    expect(iomBelarus.parent).toBe(iom.id);
  });

  it("seeds the World Bank programme's EUR 4.8 million and no budget where the brief gives no amount", async () => {
    const budgets = await db
      .select({ project: projects.code, amount: projectBudgets.amount, currency: projectBudgets.currency })
      .from(projectBudgets)
      .innerJoin(projects, eq(projects.id, projectBudgets.projectId))
      .orderBy(asc(projects.code));
    expect(budgets).toEqual([
      { project: "EU-WB-PRIVATE-SECTOR", amount: "4800000.00", currency: "EUR" },
      { project: "IOM-IRREGULAR-MIGRANTS", amount: "7000000.00", currency: "EUR" },
    ]);
    expect(await countRows(db, projectTransactions)).toBe(0);
  });

  it("keeps each figure exactly as printed, with its source", async () => {
    expect(await observationsOf("EU-WORK-PERMITS-BY")).toEqual([
      expect.objectContaining({ periodLabel: "2016", geography: "EU", value: "17790.0000", asStated: "17.790", source: "EUROSTAT", locator: "footnote 6" }),
      expect.objectContaining({ periodLabel: "2017", geography: "EU", value: "28057.0000", asStated: "28.057", source: "EUROSTAT" }),
      expect.objectContaining({ periodLabel: "2018", geography: "EU", value: "35981.0000", asStated: "35,981", qualifier: "EXACT" }),
    ]);

    const poland = await observationsOf("PL-FIRST-WORK-PERMITS-BY");
    expect(poland.map((o) => [o.periodLabel, o.value])).toEqual([
      ["2016", "4870.0000"],
      ["2017", "10518.0000"],
      ["2018", "19233.0000"],
    ]);
    expect(poland[2]).toMatchObject({ source: "DEMOGRAPHIC-YEARBOOK-PL-2019", locator: "footnote 8, p. 443" });

    expect(await observationsOf("PL-SEASONAL-WORK-PERMITS-BY")).toContainEqual(
      // "nearly" keeps its direction: at most.
      expect.objectContaining({ value: "17000.0000", qualifier: "AT_MOST", asStated: "nearly 17.000" }),
    );
    expect(await observationsOf("EU-WORK-PERMITS-BY-GROWTH")).toEqual([
      expect.objectContaining({ value: "8000.0000", valueMax: "10000.0000", qualifier: "RANGE", asStated: "some 8.000-10.000", isAssumption: true }),
    ]);
    expect(await observationsOf("LT-FIRST-WORK-PERMITS-BY")).toEqual([
      expect.objectContaining({ value: "2500.0000", qualifier: "APPROXIMATE", asStated: "some 2.500" }),
      expect.objectContaining({ value: "3000.0000", qualifier: "AT_LEAST", asStated: "over 3.000" }),
      expect.objectContaining({ value: "6725.0000", qualifier: "EXACT", asStated: "6.725" }),
    ]);
    expect(await observationsOf("LA-STRADA-ASSISTED")).toEqual([
      expect.objectContaining({ value: "287.0000", source: "GENDER-PERSPECTIVES-2019", locator: "footnote 32" }),
    ]);
  });

  it("stores values that match their printed text, and explains every assumption", async () => {
    const all = await db.select().from(indicatorObservations);
    expect(all.length).toBeGreaterThanOrEqual(40);
    // Shares the brief gives in words: "half of them" (50), "most" (more than half).
    const inWords: Record<string, string> = { "half of them": "50.0000", most: "50.0000" };
    for (const o of all) {
      // The brief uses '.' (and once ',') as a thousands separator.
      const printed = o.asStated in inWords ? [inWords[o.asStated]] : (o.asStated.match(/\d[\d.,]*/g) ?? []).map((n) => `${n.replace(/[.,]/g, "")}.0000`);
      expect(printed).toEqual(o.qualifier === "RANGE" ? [o.value, o.valueMax] : [o.value]);
      if (o.isAssumption) expect(o.note).toBeTruthy();
    }
  });

  it("seeds the Visa Facilitation Agreement's fees and the local border traffic agreements", async () => {
    const [vfa] = await db.select().from(legalActs).where(eq(legalActs.code, "EU-BY-VFA"));
    expect(vfa).toMatchObject({ status: "IN_FORCE", signedOn: "2020-01-01", signedOnPrecision: "MONTH" });
    // The fee before and after: EUR 60 through June 2020, replaced by EUR 35 as of July 2020.
    const provisions = await db
      .select()
      .from(legalActProvisions)
      .where(eq(legalActProvisions.legalActId, vfa.id))
      .orderBy(asc(legalActProvisions.position));
    expect(provisions.map((p) => [p.amount, p.currency, p.quantity, p.qualifier, p.asStated])).toEqual([
      ["60.00", "EUR", null, "EXACT", "instead of €60"],
      ["35.00", "EUR", null, "EXACT", "€35 instead of €60"],
      ["30.00", "EUR", null, "AT_MOST", "may not exceed €30"],
      [null, null, "10.0000", "EXACT", "10 working days"],
      [null, null, "11.0000", "EXACT", "eleven"],
      [null, null, "5.0000", "AT_MOST", "up to five years"],
    ]);
    expect(provisions[0]).toMatchObject({ effectiveUntil: "2020-06-01", effectiveUntilPrecision: "MONTH", effectiveFrom: null });
    expect(provisions[1]).toMatchObject({ effectiveFrom: "2020-07-01", effectiveFromPrecision: "MONTH", replacesId: provisions[0]!.id });

    const borderTraffic = await db
      .select({ code: legalActs.code, status: legalActs.status, inForceFrom: legalActs.inForceFrom })
      .from(legalActs)
      .innerJoin(legalActParties, and(eq(legalActParties.legalActId, legalActs.id), eq(legalActParties.partyCode, "BY")))
      .where(eq(legalActs.kind, "BILATERAL_AGREEMENT"))
      .orderBy(asc(legalActs.code));
    expect(borderTraffic.filter((a) => a.code.startsWith("LBT-"))).toEqual([
      { code: "LBT-BY-LT", status: "NOT_IN_FORCE", inForceFrom: null },
      { code: "LBT-BY-LV", status: "IN_FORCE", inForceFrom: "2012-02-01" },
      { code: "LBT-BY-PL", status: "NOT_IN_FORCE", inForceFrom: null },
    ]);
  });

  it("changes nothing when run a second time", async () => {
    const before = await rowCounts();
    await seedDatabase(db);
    expect(await rowCounts()).toEqual(before);
    expect(before).toMatchObject({
      partnerships: 1,
      signatories: 9,
      measures: 17,
      measureStatusChanges: 17,
      measureLegalActs: 9,
      partnershipLegalActs: 3,
      measureOrganisations: 2,
      memberships: 10,
      nationalProgrammes: 3,
    });
  });
});
