import { createClient, type Client, type SubscribePayload } from "graphql-ws/client";
import { useEffect, useState } from "preact/hooks";
import type { DocumentName } from "../documents";
import { DOCUMENT_IDS, endpoint } from "./api";

/**
 * Live updates: the page follows the partnership's measure and action-plan changes over
 * WebSocket (the graphql-ws protocol, at this server's /graphql) and each view that shows them
 * reads its document again when one arrives. Only the change's cursor is taken from the
 * delivery: a view's own query says what it shows, so a live view and a reloaded one agree.
 *
 * After a drop the page reconnects and subscribes again with the last cursor it received
 * (`after`), so the server first delivers every change it missed. Before any change has
 * arrived there is no cursor: then the views are read again once reconnected instead.
 */

export type Connection = "connecting" | "live" | "reconnecting" | "refused";

export interface Live {
  /** Counts measure changes received: a view that shows measures reads them again when it moves. */
  measures: number;
  /** Counts action-plan changes received. */
  plan: number;
  connection: Connection;
}

/** Waits before subscribing again after a drop: 1, 2, 4 … up to 30 seconds. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/** The server closes with 4401 when the token is refused or has expired: retrying would not help. */
const UNAUTHORIZED = 4401;

export function useLive(partnership: string, token: string | null): Live {
  const [live, setLive] = useState<Live>({ measures: 0, plan: 0, connection: "connecting" });
  useEffect(() => {
    // A client replaced (another token) may still report its socket's close: not this one's state.
    let current = true;
    const changed = (kind: "measures" | "plan") => setLive((now) => ({ ...now, [kind]: now[kind] + 1 }));
    const connection = (state: Connection) => current && setLive((now) => ({ ...now, connection: state }));
    const client = createClient({
      url: socketUrl(),
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      // Reconnecting is done below, per subscription, so that it can resume from its cursor.
      retryAttempts: 0,
      on: {
        connected: () => connection("live"),
        closed: (event) => connection((event as CloseEvent).code === UNAUTHORIZED ? "refused" : "reconnecting"),
      },
    });
    const stops = [
      follow(client, "MeasureChanges", { partnership }, () => changed("measures")),
      follow(client, "PlanChanges", { partnership }, () => changed("plan")),
    ];
    return () => {
      current = false;
      for (const stop of stops) stop();
      void client.dispose();
    };
  }, [partnership, token]);
  return live;
}

/** ws(s)://<this host>/graphql: the same origin as the page's queries. */
function socketUrl(): string {
  const url = new URL(endpoint());
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

/** Subscribes to one of the page's subscription documents, again after each drop; gives the function that stops it. */
function follow(client: Client, name: DocumentName, variables: Record<string, unknown>, onChange: () => void): () => void {
  let cursor: string | null = null;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe = () => {};
  const subscribe = () => {
    // A trusted document by id: graphql-ws wants a query string, so it goes empty (src/http/trusted-documents.ts).
    const payload = { query: "", documentId: DOCUMENT_IDS[name], variables: { ...variables, after: cursor } } as SubscribePayload;
    unsubscribe = client.subscribe<Record<string, { cursor: string } | undefined>>(payload, {
      next: (result) => {
        const change = result.data ? Object.values(result.data)[0] : undefined;
        if (!change) return;
        cursor = change.cursor;
        attempt = 0;
        onChange();
      },
      error: (error) => {
        if (stopped) return;
        // A cursor older than the events kept (a page left open for weeks): read the views, and follow from now.
        if (Array.isArray(error) && cursor !== null) {
          cursor = null;
          subscribe();
          onChange();
          return;
        }
        // Other GraphQL errors (an array) and a refused token would come again: stop there.
        if (Array.isArray(error) || (error as CloseEvent).code === UNAUTHORIZED) return;
        timer = setTimeout(() => {
          subscribe();
          // Changes made while away are delivered after the cursor; without one, read the views again.
          if (cursor === null) onChange();
        }, backoff(attempt++));
      },
      complete: () => {},
    });
  };
  subscribe();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
