import { and, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { nationalProgrammes } from "./national-programmes.tables";
import type { NationalProgrammeFilter } from "./national-programmes.types";

export type NationalProgrammeRow = typeof nationalProgrammes.$inferSelect;

/** National programmes by code, narrowed by state, kind and a day their period covers. */
export async function listNationalProgrammes(db: Executor, filter: NationalProgrammeFilter): Promise<NationalProgrammeRow[]> {
  const day = filter.coversDate;
  return db
    .select()
    .from(nationalProgrammes)
    .where(
      and(
        filter.countryCode == null ? undefined : eq(nationalProgrammes.countryCode, filter.countryCode),
        filter.kind == null ? undefined : eq(nationalProgrammes.kind, filter.kind),
        day == null
          ? undefined
          : and(
              or(isNull(nationalProgrammes.periodStart), lte(nationalProgrammes.periodStart, day)),
              or(isNull(nationalProgrammes.periodEnd), gte(nationalProgrammes.periodEnd, day)),
            ),
      ),
    )
    .orderBy(asc(nationalProgrammes.code));
}

export async function findNationalProgrammeByCode(db: Executor, code: string): Promise<NationalProgrammeRow | null> {
  const [row] = await db.select().from(nationalProgrammes).where(eq(nationalProgrammes.code, code));
  return row ?? null;
}

export const nationalProgrammesByIds = batchQuery<NationalProgrammeRow>("nationalProgrammesByIds", (db, ids) =>
  db.select().from(nationalProgrammes).where(idIn(nationalProgrammes.id, ids)));
