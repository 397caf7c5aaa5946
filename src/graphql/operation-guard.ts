import type { ApolloServerPlugin } from "@apollo/server";
import { concurrencyCap } from "./concurrency-cap";
import type { Context } from "./context";
import { AppError } from "./errors";
import { checkOperationLimits, type OperationLimits } from "./limits";
import { chargeRateLimit, principalOf, type RateLimitStore } from "./rate-limit";

/**
 * Runs after an operation is parsed and validated and before it executes: refuses what is
 * too deep, too aliased, too broad or too costly, takes one of the caller's slots for
 * operations running at once (given back when the response is sent, error or not), then
 * charges its cost to the caller's rate limit. Nothing it refuses has touched the database.
 */
export function operationGuard(options: {
  limits: OperationLimits;
  rateLimits: RateLimitStore | undefined;
  /** Operations one principal may run at once; 0: no cap. */
  maxConcurrentPerPrincipal: number;
  onRateLimitStoreError: (error: unknown) => void;
}): ApolloServerPlugin<Context> {
  const cap = options.maxConcurrentPerPrincipal > 0 ? concurrencyCap(options.maxConcurrentPerPrincipal) : undefined;
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ request, document, operation, contextValue, schema }) {
          // Apollo has already refused a document without a matching operation.
          if (!operation) return;
          let cost: number;
          try {
            cost = checkOperationLimits(schema, document, operation, request.variables ?? {}, options.limits);
          } catch (error) {
            // Refused before execution: the request as a whole is bad, HTTP 400 (not 500).
            if (error instanceof AppError) error.extensions.http = { status: 400 };
            throw error;
          }
          if (!cap && !options.rateLimits) return;
          const principal = principalOf(contextValue.viewer, contextValue.clientAddress);
          release = cap?.enter(principal);
          if (options.rateLimits) await chargeRateLimit(options.rateLimits, principal, cost, options.onRateLimitStoreError);
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };
}
