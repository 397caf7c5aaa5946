import type { Viewer } from "../auth/viewer";
import type { Database } from "../db/client";
import type { EventFeed } from "../modules/events/events.feed";
import { createActionPlanLoaders } from "../modules/action-plans/action-plans.loaders";
import { createAuditLoaders } from "../modules/audit/audit.loaders";
import type { IdempotentRequest } from "../modules/audit/idempotency";
import { createFundingLoaders } from "../modules/funding/funding.loaders";
import { createMeasureLoaders } from "../modules/measures/measures.loaders";
import { createOrganisationLoaders } from "../modules/organisations/organisations.loaders";
import { createPartnershipLoaders } from "../modules/partnerships/partnerships.loaders";
import { createProjectLoaders } from "../modules/projects/projects.loaders";
import type { WebhooksInContext } from "../modules/webhooks/webhooks.dispatcher";
import { createIndicatorLoaders } from "../modules/indicators/indicators.loaders";
import { createLegalActLoaders } from "../modules/legal-acts/legal-acts.loaders";
import { createSourceLoaders } from "../modules/sources/sources.loaders";
import { createMembershipLoaders } from "../modules/memberships/memberships.loaders";
import { createNationalProgrammeLoaders } from "../modules/national-programmes/national-programmes.loaders";
import { createStatementLoaders } from "../modules/statements/statements.loaders";

/** Everything a resolver may use for one request. Loaders are per request, so caches never leak between clients. */
export interface Context {
  db: Database;
  /** The server's id of this request (x-request-id), recorded with every change it makes. */
  requestId: string;
  /** The client's own id for the request, if it sent a valid one (see correlationIdOf). */
  correlationId: string | undefined;
  viewer: Viewer;
  /** The client's address, the rate-limit key of anonymous clients. */
  clientAddress: string;
  /** The request's Idempotency-Key, for mutations, and what became of it (src/modules/audit/idempotency.ts). */
  idempotency: IdempotentRequest | undefined;
  /** Aborted at the request's deadline (REQUEST_TIMEOUT_MS after it arrived), see src/lib/deadline.ts. */
  deadline: AbortSignal;
  loaders: Loaders;
  /** Which webhook URLs may be registered, and this instance's dispatcher (src/modules/webhooks). */
  webhooks: WebhooksInContext;
  /** The process's reader of the event outbox, which subscriptions read (src/modules/events). */
  events: EventFeed;
}

/**
 * Every feature module's loaders, one line per module; each appears on `context.loaders` under
 * its own name. Add a module's `createXLoaders` here.
 */
const FEATURE_LOADERS = [
  createPartnershipLoaders,
  createMeasureLoaders,
  createAuditLoaders,
  createOrganisationLoaders,
  createFundingLoaders,
  createProjectLoaders,
  createSourceLoaders,
  createIndicatorLoaders,
  createLegalActLoaders,
  createActionPlanLoaders,
  createMembershipLoaders,
  createNationalProgrammeLoaders,
  createStatementLoaders,
] as const;

type FeatureLoaders = (typeof FEATURE_LOADERS)[number];
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type Loaders = Intersection<ReturnType<FeatureLoaders>>;

/**
 * A request's loaders. A module's loaders are made when the request first uses one of them: a
 * request uses a few modules of the ~40 loaders, and building and merging them all cost ~40 µs
 * of CPU per request (a measure by id takes ~700 µs in all).
 */
export function createLoaders(db: Database): Loaders {
  return new LazyLoaders(db) as unknown as Loaders;
}

class LazyLoaders {
  /** Each feature module's loaders, by its index in FEATURE_LOADERS, once used. */
  readonly modules: Record<string, unknown>[] = [];

  constructor(readonly db: Database) {}
}

// A getter per loader name on the prototype, found once by making each module's loaders (that
// sends nothing to the database). The first use makes the module's loaders for the request.
for (const [index, feature] of FEATURE_LOADERS.entries()) {
  for (const name of Object.keys(feature(undefined as unknown as Database))) {
    Object.defineProperty(LazyLoaders.prototype, name, {
      get(this: LazyLoaders) {
        return (this.modules[index] ??= feature(this.db))[name];
      },
    });
  }
}
