import type { Database } from "../../db/client";
import { loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  measuresByIds,
  measuresOfProjects,
  progressUpdatesOfMeasures,
  projectsOfMeasures,
  responsibilitiesOfMeasures,
  statusHistoryOfMeasures,
  themesOfMeasures,
} from "./measures.service";

export function createMeasureLoaders(db: Database) {
  return {
    measureById: loaderOfOne((ids: readonly number[]) => measuresByIds(db, ids), (row) => row.id),
    responsibilitiesByMeasureId: loaderOfMany(
      (ids: readonly number[]) => responsibilitiesOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    projectsByMeasureId: loaderOfMany((ids: readonly number[]) => projectsOfMeasures(db, ids), (row) => row.measureId),
    themesByMeasureId: loaderOfMany((ids: readonly number[]) => themesOfMeasures(db, ids), (row) => row.measureId),
    statusHistoryByMeasureId: loaderOfMany(
      (ids: readonly number[]) => statusHistoryOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    progressUpdatesByMeasureId: loaderOfMany(
      (ids: readonly number[]) => progressUpdatesOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    measuresByProjectId: loaderOfMany((ids: readonly number[]) => measuresOfProjects(db, ids), (row) => row.projectId),
  };
}
