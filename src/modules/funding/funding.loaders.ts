import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  allocationsByIds,
  allocationsOfInstruments,
  childrenOfInstruments,
  exchangeRatesByIds,
  fundingInstrumentsByIds,
  parentsOfInstruments,
} from "./funding.service";

export function createFundingLoaders(db: Database) {
  return {
    fundingInstrumentById: loaderOfOne((ids: readonly number[]) => fundingInstrumentsByIds(db, ids), (row) => row.id),
    parentInstrumentsByInstrumentId: loaderOfMany(
      (ids: readonly number[]) => parentsOfInstruments(db, ids),
      (row) => row.instrumentId,
    ),
    childInstrumentsByInstrumentId: loaderOfMany(
      (ids: readonly number[]) => childrenOfInstruments(db, ids),
      (row) => row.parentId,
    ),
    instrumentAllocationById: loaderOfOne((ids: readonly number[]) => allocationsByIds(db, ids), (row) => row.id),
    allocationsByInstrumentId: loaderOfMany(
      (ids: readonly number[]) => allocationsOfInstruments(db, ids),
      (row) => row.instrumentId,
    ),
    exchangeRateById: loaderOfOne((ids: readonly number[]) => exchangeRatesByIds(db, ids), (row) => row.id),
  };
}
