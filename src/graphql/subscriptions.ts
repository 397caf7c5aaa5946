import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";
import { AppError } from "./errors";

/**
 * Over HTTP the API answers queries and mutations. A subscription needs a connection that
 * stays open, which this service does not serve (and its schema has no Subscription type):
 * refused before execution as the client's error, where execution would fail it as an
 * internal one ("Schema is not configured to execute subscription operation").
 */
export const refuseSubscriptionsOverHttp: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === "subscription") {
          throw new AppError(
            "OPERATION_NOT_SUPPORTED",
            "Subscriptions are not supported over HTTP (and this API has none): send queries and mutations",
            { http: { status: 400 } },
          );
        }
      },
    };
  },
};
