import { eq } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { Database, Transaction } from "../src/db/client";
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
import { projectBudgets, projectParticipants, projects } from "../src/modules/projects/projects.tables";
import { sources } from "../src/modules/sources/sources.tables";
import { allocationSeeds, instrumentSeeds } from "./data/funding";
import { indicatorSeeds } from "./data/indicators";
import { legalActSeeds } from "./data/legal-acts";
import { measureDefaults, measureSeeds } from "./data/measures";
import { membershipSeeds } from "./data/memberships";
import { nationalProgrammeSeeds } from "./data/national-programmes";
import { statementSeeds } from "./data/statements";
import { organisationSeeds, type OrganisationSeed } from "./data/organisations";
import { partnershipLegalActSeeds, partnershipSeed, policyAreaSeeds, signatorySeeds, themeSeeds } from "./data/partnership";
import { projectSeeds } from "./data/projects";
import { sourceSeeds } from "./data/sources";

/** Resolves a natural code from the seed data to the id the database gave its row. */
type IdOf = (code: string) => number;

/**
 * Loads the policy brief's data (see seeds/data/) into a migrated database, in one
 * transaction. Does nothing when the EU-BY partnership is already there, so it is safe to
 * run on every start.
 * @throws when the seed data refers to a code it does not define.
 */
export async function seedDatabase(db: Database): Promise<void> {
  // PGlite has a single connection: everything below must go through `tx`, never `db`.
  await db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(eq(partnerships.code, partnershipSeed.code));
    if (existing.length > 0) return;

    const partnership = await seedPartnership(tx);
    const organisationId = await seedOrganisations(tx, partnership.signatoryId);
    // Sources name their publisher among the organisations.
    const sourceId = idsByCode(
      "source",
      await tx
        .insert(sources)
        .values(
          sourceSeeds.map(({ publisherOrganisation, ...source }) => ({
            ...source,
            publisherOrganisationId: optionalId(organisationId, publisherOrganisation),
          })),
        )
        .returning({ id: sources.id, code: sources.code }),
    );
    await insertAll(
      tx,
      memberships,
      membershipSeeds.map(({ organisation, source, ...membership }) => ({
        ...membership,
        organisationId: organisationId(organisation),
        sourceId: sourceId(source),
      })),
    );
    const instrumentId = await seedFunding(tx, { ...partnership, sourceId });
    const projectId = await seedProjects(tx, { ...partnership, sourceId, organisationId, instrumentId });
    const legalActId = await seedLegalActs(tx, sourceId, organisationId);
    const nationalProgrammeId = await seedNationalProgrammes(tx, sourceId);
    await seedStatements(tx, { ...partnership, sourceId, organisationId, nationalProgrammeId });
    await seedMeasures(tx, { ...partnership, sourceId, projectId, organisationId, legalActId });
    await insertAll(
      tx,
      partnershipLegalActs,
      partnershipLegalActSeeds.map(({ partnership: code, legalAct, source, ...link }) => ({
        ...link,
        partnershipId: partnership.partnershipId(code),
        legalActId: legalActId(legalAct),
        sourceId: sourceId(source),
      })),
    );
    await seedIndicators(tx, { ...partnership, sourceId });
  });
}

interface PartnershipIds {
  partnershipId: IdOf;
  signatoryId: IdOf;
  policyAreaId: IdOf;
  themeId: IdOf;
}

async function seedPartnership(tx: Transaction): Promise<PartnershipIds> {
  const partnershipId = idsByCode(
    "partnership",
    await tx.insert(partnerships).values(partnershipSeed).returning({ id: partnerships.id, code: partnerships.code }),
  );
  const signatoryId = idsByCode(
    "signatory",
    await tx.insert(signatories).values(signatorySeeds).returning({ id: signatories.id, code: signatories.code }),
  );
  const ownId = partnershipId(partnershipSeed.code);
  await insertAll(
    tx,
    partnershipSignatories,
    signatorySeeds.map((s) => ({ partnershipId: ownId, signatoryId: signatoryId(s.code) })),
  );
  // Policy area codes are unique per partnership; there is one partnership here.
  const policyAreaId = idsByCode(
    "policy area",
    await tx
      .insert(policyAreas)
      .values(policyAreaSeeds.map((a) => ({ ...a, partnershipId: ownId })))
      .returning({ id: policyAreas.id, code: policyAreas.code }),
  );
  const themeId = idsByCode(
    "theme",
    await tx.insert(themes).values(themeSeeds).returning({ id: themes.id, code: themes.code }),
  );
  return { partnershipId, signatoryId, policyAreaId, themeId };
}

/** Parents first: each round inserts the organisations whose parent already has an id. */
async function seedOrganisations(tx: Transaction, signatoryId: IdOf): Promise<IdOf> {
  const ids = new Map<string, number>();
  let pending: OrganisationSeed[] = organisationSeeds;
  while (pending.length > 0) {
    const ready = pending.filter((o) => o.parent === undefined || ids.has(o.parent));
    if (ready.length === 0) {
      throw new Error(`Seed organisations with unknown parents: ${pending.map((o) => o.code).join(", ")}`);
    }
    const rows = await tx
      .insert(organisations)
      .values(
        ready.map(({ signatory, parent, ...organisation }) => ({
          ...organisation,
          signatoryId: optionalId(signatoryId, signatory),
          parentId: parent === undefined ? null : ids.get(parent),
        })),
      )
      .returning({ id: organisations.id, code: organisations.code });
    for (const row of rows) ids.set(row.code, row.id);
    pending = pending.filter((o) => !ids.has(o.code));
  }
  return lookupIn("organisation", ids);
}

async function seedFunding(tx: Transaction, ids: PartnershipIds & { sourceId: IdOf }): Promise<IdOf> {
  const instrumentId = idsByCode(
    "funding instrument",
    await tx
      .insert(fundingInstruments)
      .values(instrumentSeeds.map(({ parents: _parents, ...instrument }) => instrument))
      .returning({ id: fundingInstruments.id, code: fundingInstruments.code }),
  );
  await insertAll(
    tx,
    fundingInstrumentParents,
    instrumentSeeds.flatMap((i) =>
      (i.parents ?? []).map((parent) => ({ instrumentId: instrumentId(i.code), parentId: instrumentId(parent) })),
    ),
  );
  await insertAll(
    tx,
    instrumentAllocations,
    allocationSeeds.map(({ instrument, partnership, recipient, source, ...allocation }) => ({
      ...allocation,
      instrumentId: instrumentId(instrument),
      partnershipId: optionalId(ids.partnershipId, partnership),
      recipientSignatoryId: optionalId(ids.signatoryId, recipient),
      sourceId: optionalId(ids.sourceId, source),
    })),
  );
  return instrumentId;
}

async function seedProjects(
  tx: Transaction,
  ids: PartnershipIds & { sourceId: IdOf; organisationId: IdOf; instrumentId: IdOf },
): Promise<IdOf> {
  const projectId = idsByCode(
    "project",
    await tx
      .insert(projects)
      .values(
        projectSeeds.map(({ partnership, recipient, instrument, source, participants: _p, budgets: _b, ...project }) => ({
          ...project,
          partnershipId: optionalId(ids.partnershipId, partnership),
          recipientSignatoryId: optionalId(ids.signatoryId, recipient),
          instrumentId: optionalId(ids.instrumentId, instrument),
          sourceId: optionalId(ids.sourceId, source),
        })),
      )
      .returning({ id: projects.id, code: projects.code }),
  );
  await insertAll(
    tx,
    projectParticipants,
    projectSeeds.flatMap((p) =>
      p.participants.map(({ organisation, role }) => ({
        projectId: projectId(p.code),
        organisationId: ids.organisationId(organisation),
        role,
      })),
    ),
  );
  await insertAll(
    tx,
    projectBudgets,
    projectSeeds.flatMap((p) =>
      p.budgets.map(({ source, ...budget }) => ({
        ...budget,
        projectId: projectId(p.code),
        sourceId: optionalId(ids.sourceId, source),
      })),
    ),
  );
  return projectId;
}

async function seedMeasures(
  tx: Transaction,
  ids: PartnershipIds & { sourceId: IdOf; projectId: IdOf; organisationId: IdOf; legalActId: IdOf },
): Promise<void> {
  const measureId = idsByCode(
    "measure",
    await tx
      .insert(measures)
      .values(
        measureSeeds.map(({ partnership, policyArea, responsibilities: _r, themes: _t, projects: _p, organisations: _o, legalActs: _l, ...measure }) => ({
          ...measure,
          partnershipId: ids.partnershipId(partnership),
          policyAreaId: ids.policyAreaId(policyArea),
          policyAreaIsAssumption: true,
          status: measureDefaults.status,
          createdAt: measureDefaults.createdAt,
          updatedAt: measureDefaults.updatedAt,
          sourceId: ids.sourceId(measureDefaults.source),
        })),
      )
      .returning({ id: measures.id, code: measures.code }),
  );
  await insertAll(
    tx,
    measureResponsibilities,
    measureSeeds.flatMap((m) =>
      m.responsibilities.map(({ signatory, role, isAssumption }, index) => ({
        measureId: measureId(m.code),
        signatoryId: ids.signatoryId(signatory),
        role,
        position: index + 1,
        isAssumption,
      })),
    ),
  );
  await insertAll(
    tx,
    measureOrganisations,
    measureSeeds.flatMap((m) =>
      (m.organisations ?? []).map(({ organisation, role }, index) => ({
        measureId: measureId(m.code),
        organisationId: ids.organisationId(organisation),
        role,
        position: index + 1,
      })),
    ),
  );
  await insertAll(
    tx,
    measureLegalActs,
    measureSeeds.flatMap((m) =>
      (m.legalActs ?? []).map(({ legalAct, relation }) => ({
        measureId: measureId(m.code),
        legalActId: ids.legalActId(legalAct),
        relation,
      })),
    ),
  );
  await insertAll(
    tx,
    measureThemes,
    measureSeeds.flatMap((m) => m.themes.map((theme) => ({ measureId: measureId(m.code), themeId: ids.themeId(theme) }))),
  );
  await insertAll(
    tx,
    measureProjects,
    measureSeeds.flatMap((m) =>
      m.projects.map((project) => ({ measureId: measureId(m.code), projectId: ids.projectId(project) })),
    ),
  );
  await insertAll(
    tx,
    measureStatusChanges,
    measureSeeds.map((m) => ({ ...measureDefaults.initialChange, measureId: measureId(m.code) })),
  );
}

async function seedIndicators(tx: Transaction, ids: PartnershipIds & { sourceId: IdOf }): Promise<void> {
  const indicatorId = idsByCode(
    "indicator",
    await tx
      .insert(indicators)
      .values(
        indicatorSeeds.map(({ theme, observations: _o, ...indicator }) => ({
          ...indicator,
          themeId: optionalId(ids.themeId, theme),
        })),
      )
      .returning({ id: indicators.id, code: indicators.code }),
  );
  // Shares come after the figures they are shares of, so the latter have ids.
  const observationIds = new Map<string, number>();
  const keyOf = (indicator: string, geography: string, periodLabel: string) => `${indicator}|${geography}|${periodLabel}`;
  for (const shares of [false, true]) {
    const rows = indicatorSeeds.flatMap((i) =>
      i.observations
        .filter((o) => (o.shareOf !== undefined) === shares)
        .map(({ source, shareOf, geographyRole, ...observation }) => ({
          ...observation,
          indicatorId: indicatorId(i.code),
          geographyRole: geographyRole ?? i.geographyRole,
          shareOfObservationId:
            shareOf === undefined
              ? null
              : lookupIn("observation", observationIds)(keyOf(shareOf.indicator, shareOf.geography, shareOf.periodLabel)),
          sourceId: ids.sourceId(source),
        })),
    );
    if (rows.length === 0) continue;
    const inserted = await tx
      .insert(indicatorObservations)
      .values(rows)
      .returning({ id: indicatorObservations.id, indicatorId: indicatorObservations.indicatorId, geography: indicatorObservations.geography, periodLabel: indicatorObservations.periodLabel });
    const codeOfIndicator = new Map(indicatorSeeds.map((i) => [indicatorId(i.code), i.code]));
    for (const row of inserted) observationIds.set(keyOf(codeOfIndicator.get(row.indicatorId)!, row.geography, row.periodLabel), row.id);
  }
}

async function seedLegalActs(tx: Transaction, sourceId: IdOf, organisationId: IdOf): Promise<IdOf> {
  const legalActId = idsByCode(
    "legal act",
    await tx
      .insert(legalActs)
      .values(
        legalActSeeds.map(({ source, parties: _p, organisations: _o, provisions: _v, ...act }) => ({
          ...act,
          sourceId: sourceId(source),
        })),
      )
      .returning({ id: legalActs.id, code: legalActs.code }),
  );
  await insertAll(
    tx,
    legalActParties,
    legalActSeeds.flatMap((a) => a.parties.map((partyCode) => ({ legalActId: legalActId(a.code), partyCode }))),
  );
  await insertAll(
    tx,
    legalActOrganisations,
    legalActSeeds.flatMap((a) =>
      (a.organisations ?? []).map(({ organisation, role }) => ({
        legalActId: legalActId(a.code),
        organisationId: organisationId(organisation),
        role,
      })),
    ),
  );
  // One act at a time: a provision that replaces another needs the other's id.
  for (const act of legalActSeeds) {
    const idsByKey = new Map<string, number>();
    for (const [index, { key, replaces, ...provision }] of act.provisions.entries()) {
      const [row] = await tx
        .insert(legalActProvisions)
        .values({
          ...provision,
          legalActId: legalActId(act.code),
          position: index + 1,
          replacesId: replaces === undefined ? null : lookupIn(`provision of ${act.code}`, idsByKey)(replaces),
        })
        .returning({ id: legalActProvisions.id });
      if (key !== undefined) idsByKey.set(key, row!.id);
    }
  }
  return legalActId;
}

async function seedNationalProgrammes(tx: Transaction, sourceId: IdOf): Promise<IdOf> {
  return idsByCode(
    "national programme",
    await tx
      .insert(nationalProgrammes)
      .values(nationalProgrammeSeeds.map(({ source, ...programme }) => ({ ...programme, sourceId: sourceId(source) })))
      .returning({ id: nationalProgrammes.id, code: nationalProgrammes.code }),
  );
}

async function seedStatements(
  tx: Transaction,
  ids: PartnershipIds & { sourceId: IdOf; organisationId: IdOf; nationalProgrammeId: IdOf },
): Promise<void> {
  await insertAll(
    tx,
    statements,
    statementSeeds.map(({ source, theme, madeByOrganisation, nationalProgramme, ...statement }) => ({
      ...statement,
      sourceId: ids.sourceId(source),
      themeId: optionalId(ids.themeId, theme),
      madeByOrganisationId: optionalId(ids.organisationId, madeByOrganisation),
      nationalProgrammeId: optionalId(ids.nationalProgrammeId, nationalProgramme),
    })),
  );
}

/** One statement per table; drizzle rejects an empty VALUES list, so empty tables are skipped. */
async function insertAll<T extends PgTable>(tx: Transaction, table: T, rows: PgInsertValue<T>[]): Promise<void> {
  if (rows.length > 0) await tx.insert(table).values(rows);
}

function idsByCode(kind: string, rows: { id: number; code: string }[]): IdOf {
  return lookupIn(kind, new Map(rows.map((row) => [row.code, row.id])));
}

function lookupIn(kind: string, ids: Map<string, number>): IdOf {
  return (code) => {
    const id = ids.get(code);
    if (id === undefined) throw new Error(`Seed data refers to an unknown ${kind} "${code}"`);
    return id;
  };
}

function optionalId(idOf: IdOf, code: string | undefined): number | null {
  return code === undefined ? null : idOf(code);
}
