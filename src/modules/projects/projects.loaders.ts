import type { Database } from "../../db/client";
import { LoadersByColumns, loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  budgetsOfProjects,
  budgetTotalsOfProjects,
  participantsOfProjects,
  participationsOfOrganisations,
  projectsByIds,
  projectsOfInstruments,
  transactionsByIds,
  transactionsOfProjects,
  transactionTotalsOfProjects,
} from "./projects.service";

export function createProjectLoaders(db: Database) {
  return {
    projectById: loaderOfOne((ids: readonly number[]) => projectsByIds(db, ids), (row) => row.id),
    projectsByInstrumentId: loaderOfMany(
      (ids: readonly number[]) => projectsOfInstruments(db, ids),
      // Only rows with this instrument come back, so instrumentId is never null here.
      (row) => row.instrumentId!,
    ),
    participantsByProjectId: loaderOfMany(
      (ids: readonly number[]) => participantsOfProjects(db, ids),
      (row) => row.projectId,
    ),
    participationsByOrganisationId: loaderOfMany(
      (ids: readonly number[]) => participationsOfOrganisations(db, ids),
      (row) => row.organisationId,
    ),
    budgetTotalsByProjectId: loaderOfMany(
      (ids: readonly number[]) => budgetTotalsOfProjects(db, ids),
      (row) => row.projectId,
    ),
    budgetsByProjectId: new LoadersByColumns((asked) =>
      loaderOfMany((ids: readonly number[]) => budgetsOfProjects(db, ids, asked), (row) => row.projectId),
    ),
    projectTransactionById: loaderOfOne((ids: readonly number[]) => transactionsByIds(db, ids), (row) => row.id),
    transactionsByProjectId: loaderOfMany(
      (ids: readonly number[]) => transactionsOfProjects(db, ids),
      (row) => row.projectId,
    ),
    transactionTotalsByProjectId: loaderOfMany(
      (ids: readonly number[]) => transactionTotalsOfProjects(db, ids),
      (row) => row.projectId,
    ),
  };
}
