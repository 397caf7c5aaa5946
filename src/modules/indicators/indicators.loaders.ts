import type DataLoader from "dataloader";
import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import { indicatorsByIds, observationsByIds, observationsOfIndicators, type ObservationRow } from "./indicators.service";
import type { ObservationFilter } from "./indicators.types";

export function createIndicatorLoaders(db: Database) {
  const observationLoaders = new Map<string, DataLoader<number, ObservationRow[]>>();
  return {
    indicatorById: loaderOfOne((ids: readonly number[]) => indicatorsByIds(db, ids), (row) => row.id),
    observationById: loaderOfOne((ids: readonly number[]) => observationsByIds(db, ids), (row) => row.id),
    /**
     * One loader per filter: a query may ask for observations under different arguments
     * (through aliases), and each filter still costs one round trip for all indicators.
     */
    observationsByIndicatorId(filter: ObservationFilter): DataLoader<number, ObservationRow[]> {
      const key = JSON.stringify([filter.geography ?? null, filter.geographyRole ?? null, filter.from ?? null, filter.to ?? null]);
      let loader = observationLoaders.get(key);
      if (!loader) {
        loader = loaderOfMany(
          (ids: readonly number[]) => observationsOfIndicators(db, ids, filter),
          (row) => row.indicatorId,
        );
        observationLoaders.set(key, loader);
      }
      return loader;
    },
  };
}
