import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";
import { AppError } from "./errors";

/**
 * Over HTTP the API answers queries and mutations. A subscription needs a connection that
 * stays open: it is served over WebSocket at the same path (src/graphql/websocket.ts, the
 * graphql-ws protocol). Over HTTP it is refused before execution as the client's error,
 * pointing there (server-sent events are not served).
 */
export const refuseSubscriptionsOverHttp: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === "subscription") {
          throw new AppError(
            "OPERATION_NOT_SUPPORTED",
            "Subscriptions are served over WebSocket at /graphql (the graphql-ws protocol, graphql-transport-ws), not over HTTP",
            { http: { status: 400 } },
          );
        }
      },
    };
  },
};
