import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
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
    .where(filter.partnershipIds ? inArray(policyAreas.partnershipId, [...filter.partnershipIds]) : undefined)
    .orderBy(asc(policyAreas.partnershipId), asc(policyAreas.position));
}

export async function listThemes(db: Executor): Promise<ThemeRow[]> {
  return db.select().from(themes).orderBy(asc(themes.code));
}

export const partnershipsByIds = (db: Executor, ids: readonly number[]) =>
  db.select().from(partnerships).where(inArray(partnerships.id, [...ids]));

export const signatoriesByIds = (db: Executor, ids: readonly number[]) =>
  db.select().from(signatories).where(inArray(signatories.id, [...ids]));

export const policyAreasByIds = (db: Executor, ids: readonly number[]) =>
  db.select().from(policyAreas).where(inArray(policyAreas.id, [...ids]));

export const themesByIds = (db: Executor, ids: readonly number[]) =>
  db.select().from(themes).where(inArray(themes.id, [...ids]));

export const signatoriesOfPartnerships = (db: Executor, partnershipIds: readonly number[]) =>
  db
    .select({ partnershipId: partnershipSignatories.partnershipId, signatory: signatories })
    .from(partnershipSignatories)
    .innerJoin(signatories, eq(signatories.id, partnershipSignatories.signatoryId))
    .where(inArray(partnershipSignatories.partnershipId, [...partnershipIds]))
    .orderBy(asc(signatories.code));
