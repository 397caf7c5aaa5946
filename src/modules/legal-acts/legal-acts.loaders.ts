import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  legalActLinksOfMeasures,
  legalActLinksOfPartnerships,
  legalActsByIds,
  measureLinksOfLegalActs,
  organisationsOfLegalActs,
  partiesOfLegalActs,
  provisionsByIds,
  provisionsOfLegalActs,
} from "./legal-acts.service";

export function createLegalActLoaders(db: Database) {
  return {
    legalActById: loaderOfOne((ids: readonly number[]) => legalActsByIds(db, ids), (row) => row.id),
    partiesByLegalActId: loaderOfMany((ids: readonly number[]) => partiesOfLegalActs(db, ids), (row) => row.legalActId),
    provisionsByLegalActId: loaderOfMany(
      (ids: readonly number[]) => provisionsOfLegalActs(db, ids),
      (row) => row.legalActId,
    ),
    provisionById: loaderOfOne((ids: readonly number[]) => provisionsByIds(db, ids), (row) => row.id),
    organisationsByLegalActId: loaderOfMany(
      (ids: readonly number[]) => organisationsOfLegalActs(db, ids),
      (row) => row.legalActId,
    ),
    legalActLinksByMeasureId: loaderOfMany(
      async (ids: readonly number[]) => (await legalActLinksOfMeasures(db, ids)).map((row) => row.link),
      (row) => row.measureId,
    ),
    measureLinksByLegalActId: loaderOfMany(
      (ids: readonly number[]) => measureLinksOfLegalActs(db, ids),
      (row) => row.legalActId,
    ),
    legalActLinksByPartnershipId: loaderOfMany(
      async (ids: readonly number[]) => (await legalActLinksOfPartnerships(db, ids)).map((row) => row.link),
      (row) => row.partnershipId,
    ),
  };
}
