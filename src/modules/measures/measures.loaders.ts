import DataLoader from "dataloader";
import type { Database } from "../../db/client";
import { LoadersByColumns, loaderOfMany, loaderOfOne } from "../../lib/loaders";
import {
  measuresByIds,
  measuresWithHistoryByIds,
  measuresOfProjects,
  organisationsOfMeasures,
  progressUpdatesOfMeasures,
  projectsOfMeasures,
  responsibilitiesOfMeasures,
  statusHistoryOfMeasures,
  themesOfMeasures,
  type MeasureRow,
} from "./measures.service";

export function createMeasureLoaders(db: Database) {
  const loaders = {
    measureById: loaderOfOne((ids: readonly number[]) => measuresByIds(db, ids), (row) => row.id),
    responsibilitiesByMeasureId: loaderOfMany(
      (ids: readonly number[]) => responsibilitiesOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    projectsByMeasureId: new LoadersByColumns((asked) =>
      loaderOfMany((ids: readonly number[]) => projectsOfMeasures(db, ids, asked), (row) => row.measureId),
    ),
    themesByMeasureId: loaderOfMany((ids: readonly number[]) => themesOfMeasures(db, ids), (row) => row.measureId),
    statusHistoryByMeasureId: loaderOfMany(
      (ids: readonly number[]) => statusHistoryOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    progressUpdatesByMeasureId: loaderOfMany(
      (ids: readonly number[]) => progressUpdatesOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    organisationsByMeasureId: loaderOfMany(
      (ids: readonly number[]) => organisationsOfMeasures(db, ids),
      (row) => row.measureId,
    ),
    measuresByProjectId: loaderOfMany((ids: readonly number[]) => measuresOfProjects(db, ids), (row) => row.projectId),
  };
  type StatusChange = Awaited<ReturnType<typeof statusHistoryOfMeasures>>[number];
  return {
    ...loaders,
    /**
     * A measure with its status history, in one statement, for a query that asks for both
     * (`node(id:)`). It primes the two loaders it stands for, where the history field finds it.
     */
    measureWithHistoryById: new DataLoader<number, MeasureRow | null>(async (ids) => {
      const found = new Map<number, { measure: MeasureRow; history: StatusChange[] }>();
      for (const { measure, change } of await measuresWithHistoryByIds(db, ids)) {
        let entry = found.get(measure.id);
        if (!entry) found.set(measure.id, (entry = { measure, history: [] }));
        if (change) entry.history.push(change);
      }
      return ids.map((id) => {
        const entry = found.get(id);
        if (!entry) return null;
        loaders.measureById.prime(id, entry.measure);
        loaders.statusHistoryByMeasureId.prime(id, entry.history);
        return entry.measure;
      });
    }),
  };
}
