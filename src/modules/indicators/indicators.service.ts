import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { themes } from "../partnerships/partnerships.tables";
import { indicatorObservations, indicators } from "./indicators.tables";
import type { ObservationFilter } from "./indicators.types";

export type IndicatorRow = typeof indicators.$inferSelect;
export type ObservationRow = typeof indicatorObservations.$inferSelect;

/** Indicators by code; of one theme when `themeCode` is given (none for an unknown theme). */
export async function listIndicators(db: Executor, filter: { themeCode?: string | null }): Promise<IndicatorRow[]> {
  return db
    .select()
    .from(indicators)
    .where(
      filter.themeCode == null
        ? undefined
        : inArray(indicators.themeId, db.select({ id: themes.id }).from(themes).where(eq(themes.code, filter.themeCode))),
    )
    .orderBy(asc(indicators.code));
}

export async function findIndicatorByCode(db: Executor, code: string): Promise<IndicatorRow | null> {
  const [row] = await db.select().from(indicators).where(eq(indicators.code, code));
  return row ?? null;
}

// Batch queries behind the DataLoaders; each answers for many parents in one round trip.

export const indicatorsByIds = batchQuery("indicatorsByIds", (db, ids) =>
  db.select().from(indicators).where(idIn(indicators.id, ids)));

export const observationsByIds = batchQuery("observationsByIds", (db, ids) =>
  db.select().from(indicatorObservations).where(idIn(indicatorObservations.id, ids)));

/** The observations of each indicator that fall within `filter`, by period start, then geography. */
export const observationsOfIndicators = (db: Executor, indicatorIds: readonly number[], filter: ObservationFilter) =>
  db
    .select()
    .from(indicatorObservations)
    .where(
      and(
        idIn(indicatorObservations.indicatorId, indicatorIds),
        filter.geography == null ? undefined : eq(indicatorObservations.geography, filter.geography),
        filter.geographyRole == null ? undefined : eq(indicatorObservations.geographyRole, filter.geographyRole),
        filter.from == null ? undefined : gte(indicatorObservations.periodStart, filter.from),
        filter.to == null ? undefined : lte(indicatorObservations.periodEnd, filter.to),
      ),
    )
    .orderBy(asc(indicatorObservations.periodStart), asc(indicatorObservations.geography), asc(indicatorObservations.id));
