import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";
import { AppError } from "./errors";
import { checkOperationLimits, type OperationLimits } from "./limits";
import { chargeRateLimit, principalOf, type RateLimitStore } from "./rate-limit";

/**
 * Runs after an operation is parsed and validated and before it executes: refuses what is
 * too deep, too aliased or too costly, then charges its cost to the caller's rate limit.
 * Nothing it refuses has touched the database.
 */
export function operationGuard(options: {
  limits: OperationLimits;
  rateLimits: RateLimitStore | undefined;
  onRateLimitStoreError: (error: unknown) => void;
}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
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
          if (!options.rateLimits) return;
          const principal = principalOf(contextValue.viewer, contextValue.clientAddress);
          await chargeRateLimit(options.rateLimits, principal, cost, options.onRateLimitStoreError);
        },
      };
    },
  };
}
