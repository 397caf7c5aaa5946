import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";
import { AppError } from "./errors";
import { checkOperationLimits, type OperationLimits } from "./limits";
import type { RateLimitStore } from "./rate-limit";

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
          const viewer = contextValue.viewer;
          const principal = viewer.kind === "user" ? `sub:${viewer.sub}` : `ip:${contextValue.clientAddress}`;
          let decision;
          try {
            decision = await options.rateLimits.consume(principal, cost);
          } catch (error) {
            // A rate limiter that is down must not take the API down with it.
            options.onRateLimitStoreError(error);
            return;
          }
          if (!decision.allowed) {
            throw new AppError(
              "RATE_LIMITED",
              `Too many requests: this one costs ${cost} points; try again in ${decision.retryAfterSeconds} s`,
              {
                retryAfterSeconds: decision.retryAfterSeconds,
                http: { status: 429, headers: new Map([["retry-after", String(decision.retryAfterSeconds)]]) },
              },
            );
          }
        },
      };
    },
  };
}
