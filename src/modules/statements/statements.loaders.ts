import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import { statementsByIds, statementsOfNationalProgrammes } from "./statements.service";

export function createStatementLoaders(db: Database) {
  return {
    statementById: loaderOfOne((ids: readonly number[]) => statementsByIds(db, ids), (row) => row.id),
    statementsByNationalProgrammeId: loaderOfMany(
      (ids: readonly number[]) => statementsOfNationalProgrammes(db, ids),
      // Only rows of these programmes come back, so the id is never null here.
      (row) => row.nationalProgrammeId!,
    ),
  };
}
