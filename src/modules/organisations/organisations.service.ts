import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { signatories } from "../partnerships/partnerships.tables";
import { organisations } from "./organisations.tables";
import type { OrganisationKind } from "./organisations.types";

export type OrganisationRow = typeof organisations.$inferSelect;

export interface OrganisationListFilter {
  kind?: OrganisationKind | null;
  signatoryCode?: string | null;
}

/**
 * Organisations by code; an unknown signatory code matches none. Async because a drizzle
 * query runs again on every then(), and Apollo's resolver instrumentation calls then()
 * besides graphql-js: a real Promise runs it once.
 */
export async function listOrganisations(db: Executor, filter: OrganisationListFilter): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(
      and(
        filter.kind != null ? eq(organisations.kind, filter.kind) : undefined,
        filter.signatoryCode != null
          ? sql`${organisations.signatoryId} in (select ${signatories.id} from ${signatories} where ${signatories.code} = ${filter.signatoryCode})`
          : undefined,
      ),
    )
    .orderBy(asc(organisations.code));
}

export async function findOrganisationByCode(db: Executor, code: string): Promise<OrganisationRow | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row ?? null;
}

// Batch queries behind the DataLoaders.

export const organisationsByIds = batchQuery<OrganisationRow>("organisationsByIds", (db, ids) =>
  db.select().from(organisations).where(idIn(organisations.id, ids)));

export const childrenOfOrganisations = batchQuery<OrganisationRow>("childrenOfOrganisations", (db, parentIds) =>
  db
    .select()
    .from(organisations)
    .where(idIn(organisations.parentId, parentIds))
    .orderBy(asc(organisations.code)));
