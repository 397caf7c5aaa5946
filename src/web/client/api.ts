import { useEffect, useState } from "preact/hooks";
import type { DocumentName } from "../documents";

/** The ids of the page's operations ("sha256:<hex>"), put here by the build (src/web/build-client.ts). */
declare const SCOREBOARD_DOCUMENT_IDS: Record<DocumentName, string>;

const endpoint = () => new URL(document.documentElement.dataset.endpoint ?? "/graphql", location.href).href;

/** The partnership the page shows (the page's data-partnership attribute). */
export const partnershipCode = (): string => document.documentElement.dataset.partnership ?? "EU-BY";

export class ApiError extends Error {}

/** Runs one of the page's trusted documents by its id: the text of a query never leaves the server. */
export async function run<Data>(name: DocumentName, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(endpoint(), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ documentId: SCOREBOARD_DOCUMENT_IDS[name], variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: Data; errors?: { message: string }[] } | null;
  if (!body || body.errors?.length || body.data == null) {
    throw new ApiError(body?.errors?.map((error) => error.message).join("; ") || `The server answered HTTP ${response.status}`);
  }
  return body.data;
}

export type Loaded<Data> = { state: "loading" } | { state: "failed"; message: string } | { state: "done"; data: Data };

/** Runs a document when the component appears and whenever `key` changes. */
export function useDocument<Data>(name: DocumentName, variables: Record<string, unknown>, key = ""): Loaded<Data> {
  const [loaded, setLoaded] = useState<Loaded<Data>>({ state: "loading" });
  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    run<Data>(name, variables).then(
      (data) => current && setLoaded({ state: "done", data }),
      (error: Error) => current && setLoaded({ state: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [name, key]);
  return loaded;
}
