import { createClient, type Client } from "graphql-ws/client";
import WebSocket from "ws";

/** What a subscription has received so far. */
export interface Received<Data> {
  items: Data[];
  /** GraphQL errors, or the close event that ended it. */
  errors: { message?: string; extensions?: Record<string, unknown>; code?: number; reason?: string }[];
  completed: boolean;
  /** Resolves once `predicate` holds (checked on each message); fails the test with what came if the subscription ends first. */
  until(predicate: (received: Received<Data>) => boolean): Promise<void>;
  stop(): void;
}

export interface TestSocket {
  client: Client;
  /** The close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<Data = any>(query: string, variables?: Record<string, unknown>): Received<Data>;
  dispose(): Promise<void>;
}

/** A graphql-ws client on the test server's /graphql, with a token in connection_init when given. */
export function openSocket(wsUrl: string, token?: string): TestSocket {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: { closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    client,
    closed,
    subscribe<Data>(query: string, variables?: Record<string, unknown>) {
      const waiters = new Set<() => void>();
      const received: Received<Data> = {
        items: [],
        errors: [],
        completed: false,
        until: (predicate) =>
          new Promise<void>((resolve, reject) => {
            const check = () => {
              if (predicate(received)) {
                waiters.delete(check);
                resolve();
              } else if (received.completed) {
                waiters.delete(check);
                reject(new Error(`the subscription ended: ${JSON.stringify({ items: received.items.length, errors: received.errors })}`));
              }
            };
            waiters.add(check);
            check();
          }),
        stop: () => unsubscribe(),
      };
      const notify = () => [...waiters].forEach((check) => check());
      const unsubscribe = client.subscribe<Data>(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) received.errors.push(...(result.errors as Received<Data>["errors"]));
            if (result.data) received.items.push(result.data as Data);
            notify();
          },
          error: (error) => {
            received.errors.push(...(Array.isArray(error) ? error : [error as Received<Data>["errors"][number]]));
            received.completed = true;
            notify();
          },
          complete: () => {
            received.completed = true;
            notify();
          },
        },
      );
      return received;
    },
    dispose: async () => {
      await client.dispose();
    },
  };
}
