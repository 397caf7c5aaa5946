import { and, count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../src/db/client";
import { measureResponsibilities, measures, measureStatusChanges } from "../../src/modules/measures/measures.tables";
import { partnerships, policyAreas, signatories } from "../../src/modules/partnerships/partnerships.tables";
import { ministry } from "./claims";
import type { TestServer } from "./server";

/**
 * Small factories for test data, on top of the seed. Codes are unique per call so tests
 * never collide with the seed or with each other.
 */

let sequence = 0;
export const uniqueCode = (prefix: string) => `${prefix}-${process.pid % 1000}-${++sequence}`;

export interface MeasureOverrides {
  code?: string;
  title?: string;
  description?: string;
  status?: (typeof measures.$inferInsert)["status"];
  deadline?: string | null;
  policyAreaCode?: string;
  leads?: string[];
  contributors?: string[];
}

/** Inserts a measure of EU-BY with its responsibilities and first history entry; returns its row id. */
export async function createMeasure(db: Database, overrides: MeasureOverrides = {}): Promise<number> {
  const [partnership] = await db.select().from(partnerships).where(eq(partnerships.code, "EU-BY"));
  const [area] = await db
    .select()
    .from(policyAreas)
    .where(and(eq(policyAreas.partnershipId, partnership!.id), eq(policyAreas.code, overrides.policyAreaCode ?? "ASYLUM")));
  const status = overrides.status ?? "PROPOSED";
  const [measure] = await db
    .insert(measures)
    .values({
      partnershipId: partnership!.id,
      policyAreaId: area!.id,
      code: overrides.code ?? uniqueCode("T"),
      title: overrides.title ?? "A test measure",
      description: overrides.description ?? "",
      status,
      deadline: overrides.deadline ?? null,
    })
    .returning({ id: measures.id });
  const responsibilities = [
    ...(overrides.leads ?? ["BY"]).map((code, position) => ({ code, role: "LEAD" as const, position })),
    ...(overrides.contributors ?? []).map((code, position) => ({ code, role: "CONTRIBUTING" as const, position })),
  ];
  for (const { code, role, position } of responsibilities) {
    const [signatory] = await db.select().from(signatories).where(eq(signatories.code, code));
    await db.insert(measureResponsibilities).values({ measureId: measure!.id, signatoryId: signatory!.id, role, position });
  }
  await db
    .insert(measureStatusChanges)
    .values({ measureId: measure!.id, toStatus: status, actorSub: "test", actorRole: "SYSTEM" });
  return measure!.id;
}

/** How many rows a table has: tests use it to prove a failed request changed nothing. */
export async function countRows(db: Database, table: PgTable): Promise<number> {
  const [row] = await db.select({ rows: count() }).from(table);
  return row?.rows ?? 0;
}

const PROPOSE_MEASURE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id code version } } }`;

/**
 * Proposes a measure of EU-BY through the API, as Poland's ministry (PL leads, BY contributes):
 * one audit record and one public measure.changed event. `overrides` change the input.
 */
export async function proposeMeasure(
  server: TestServer,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string; version: number }> {
  const result = await server.requestAs<any>(ministry("PL"), PROPOSE_MEASURE, {
    input: {
      partnershipCode: "EU-BY",
      code: uniqueCode("PROP"),
      title: "Seasonal work visas",
      description: "Agree on them.",
      policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY",
      leadSignatoryCode: "PL",
      contributingSignatoryCodes: ["BY"],
      ...overrides,
    },
  });
  expect(result.errors).toBeUndefined();
  return result.data.createMeasure.measure;
}
