import type { Database } from "../db/client";
import { createMeasureLoaders } from "../modules/measures/measures.loaders";
import { createPartnershipLoaders } from "../modules/partnerships/partnerships.loaders";

/** Everything a resolver may use for one request. Loaders are per request, so caches never leak between clients. */
export interface Context {
  db: Database;
  requestId: string;
  loaders: Loaders;
}

export function createLoaders(db: Database) {
  return {
    ...createPartnershipLoaders(db),
    ...createMeasureLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
