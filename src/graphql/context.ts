import type { Viewer } from "../auth/viewer";
import type { Database } from "../db/client";
import { createAuditLoaders } from "../modules/audit/audit.loaders";
import { createFundingLoaders } from "../modules/funding/funding.loaders";
import { createMeasureLoaders } from "../modules/measures/measures.loaders";
import { createOrganisationLoaders } from "../modules/organisations/organisations.loaders";
import { createPartnershipLoaders } from "../modules/partnerships/partnerships.loaders";
import { createProjectLoaders } from "../modules/projects/projects.loaders";
import { createIndicatorLoaders } from "../modules/indicators/indicators.loaders";
import { createLegalActLoaders } from "../modules/legal-acts/legal-acts.loaders";
import { createSourceLoaders } from "../modules/sources/sources.loaders";

/** Everything a resolver may use for one request. Loaders are per request, so caches never leak between clients. */
export interface Context {
  db: Database;
  requestId: string;
  viewer: Viewer;
  /** The client's address, the rate-limit key of anonymous clients. */
  clientAddress: string;
  /** The request's Idempotency-Key header, for mutations. */
  idempotencyKey: string | undefined;
  loaders: Loaders;
}

export function createLoaders(db: Database) {
  return {
    ...createPartnershipLoaders(db),
    ...createMeasureLoaders(db),
    ...createAuditLoaders(db),
    ...createOrganisationLoaders(db),
    ...createFundingLoaders(db),
    ...createProjectLoaders(db),
    ...createSourceLoaders(db),
    ...createIndicatorLoaders(db),
    ...createLegalActLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
