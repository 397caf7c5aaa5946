import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { badUserInput } from "../../graphql/errors";
import { partnerships, partnershipSignatories, policyAreas, signatories, themes } from "./partnerships.tables";
import type { SignatoryKind } from "./partnerships.types";

export type PartnershipRow = typeof partnerships.$inferSelect;
export type SignatoryRow = typeof signatories.$inferSelect;
export type PolicyAreaRow = typeof policyAreas.$inferSelect;
export type ThemeRow = typeof themes.$inferSelect;

export async function listPartnerships(db: Executor): Promise<PartnershipRow[]> {
  return db.select().from(partnerships).orderBy(asc(partnerships.code));
}

export async function findPartnershipByCode(db: Executor, code: string): Promise<PartnershipRow | null> {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.code, code));
  return row ?? null;
}

// Lookups by a code the client sent: one that names nothing is BAD_USER_INPUT.

export async function requirePartnership(db: Executor, code: string): Promise<PartnershipRow> {
  const partnership = await findPartnershipByCode(db, code);
  if (!partnership) throw badUserInput(`There is no partnership ${code}`);
  return partnership;
}

export async function requirePolicyAreaId(db: Executor, partnershipId: number, code: string): Promise<number> {
  const [area] = await db
    .select({ id: policyAreas.id })
    .from(policyAreas)
    .where(and(eq(policyAreas.partnershipId, partnershipId), eq(policyAreas.code, code)));
  if (!area) throw badUserInput(`The partnership has no policy area ${code}`);
  return area.id;
}

/** Ids of signatories of the partnership by code; names any code that is not one. */
export async function requireSignatoryIds(db: Executor, partnershipId: number, codes: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: signatories.id, code: signatories.code })
    .from(signatories)
    .innerJoin(partnershipSignatories, eq(partnershipSignatories.signatoryId, signatories.id))
    .where(and(eq(partnershipSignatories.partnershipId, partnershipId), inArray(signatories.code, codes)));
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  const unknown = [...new Set(codes.filter((code) => !ids.has(code)))];
  if (unknown.length) throw badUserInput(`Not signatories of this partnership: ${unknown.join(", ")}`);
  return ids;
}

export async function listSignatories(db: Executor, filter: { kind?: SignatoryKind | null }): Promise<SignatoryRow[]> {
  return db
    .select()
    .from(signatories)
    .where(filter.kind ? eq(signatories.kind, filter.kind) : undefined)
    .orderBy(asc(signatories.code));
}

export async function findSignatoryByCode(db: Executor, code: string): Promise<SignatoryRow | null> {
  const [row] = await db.select().from(signatories).where(eq(signatories.code, code));
  return row ?? null;
}

/** Policy areas in declaration order, of some partnerships or of all. */
export async function listPolicyAreas(db: Executor, filter: { partnershipIds?: readonly number[] }): Promise<PolicyAreaRow[]> {
  return db
    .select()
    .from(policyAreas)
    .where(filter.partnershipIds ? idIn(policyAreas.partnershipId, filter.partnershipIds) : undefined)
    .orderBy(asc(policyAreas.partnershipId), asc(policyAreas.position));
}

export async function listThemes(db: Executor): Promise<ThemeRow[]> {
  return db.select().from(themes).orderBy(asc(themes.code));
}

export const partnershipsByIds = batchQuery("partnershipsByIds", (db, ids) =>
  db.select().from(partnerships).where(idIn(partnerships.id, ids)));

export const signatoriesByIds = batchQuery("signatoriesByIds", (db, ids) =>
  db.select().from(signatories).where(idIn(signatories.id, ids)));

export const policyAreasByIds = batchQuery("policyAreasByIds", (db, ids) =>
  db.select().from(policyAreas).where(idIn(policyAreas.id, ids)));

export const themesByIds = batchQuery("themesByIds", (db, ids) =>
  db.select().from(themes).where(idIn(themes.id, ids)));

export const signatoriesOfPartnerships = batchQuery("signatoriesOfPartnerships", (db, partnershipIds) =>
  db
    .select({ partnershipId: partnershipSignatories.partnershipId, signatory: signatories })
    .from(partnershipSignatories)
    .innerJoin(signatories, eq(signatories.id, partnershipSignatories.signatoryId))
    .where(idIn(partnershipSignatories.partnershipId, partnershipIds))
    .orderBy(asc(signatories.code)));
