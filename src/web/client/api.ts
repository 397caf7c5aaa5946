import { useEffect, useRef, useState } from "preact/hooks";
import type { DocumentName } from "../documents";

/** The ids of the page's operations ("sha256:<hex>"), put here by the build (src/web/build-client.ts). */
declare const SCOREBOARD_DOCUMENT_IDS: Record<DocumentName, string>;
export const DOCUMENT_IDS = SCOREBOARD_DOCUMENT_IDS;

export const endpoint = () => new URL(document.documentElement.dataset.endpoint ?? "/graphql", location.href).href;

/** The partnership the page shows (the page's data-partnership attribute). */
export const partnershipCode = (): string => document.documentElement.dataset.partnership ?? "EU-BY";

export class ApiError extends Error {
  constructor(
    message: string,
    /** The first error's extensions.code, e.g. CONFLICT. */
    readonly code: string | undefined,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The token a person pasted to sign in: kept in this tab's session storage only (gone when the
 * tab closes, never sent anywhere but this server's /graphql).
 */
const TOKEN_KEY = "scoreboard.token";
export const storedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const storeToken = (token: string | null): void => (token === null ? sessionStorage.removeItem(TOKEN_KEY) : sessionStorage.setItem(TOKEN_KEY, token));

/** What a token says about its holder, read for display only: the server checks the signature. */
export interface Claims {
  sub?: string;
  role?: string;
  signatory?: string;
  exp?: number;
}

export function claimsOf(token: string): Claims | null {
  try {
    const payload = token.split(".")[1] ?? "";
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Claims;
  } catch {
    return null;
  }
}

/** Runs one of the page's trusted documents by its id: the text of a query never leaves the server. */
export async function run<Data>(name: DocumentName, variables: Record<string, unknown> = {}): Promise<Data> {
  const token = storedToken();
  const response = await fetch(endpoint(), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ documentId: DOCUMENT_IDS[name], variables }),
  });
  type Body = { data?: Data; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  const body = (await response.json().catch(() => null)) as Body | null;
  if (!body || body.errors?.length || body.data == null) {
    const first = body?.errors?.[0];
    throw new ApiError(
      body?.errors?.map((error) => error.message).join("; ") || `The server answered HTTP ${response.status}`,
      typeof first?.extensions?.code === "string" ? first.extensions.code : undefined,
      first?.extensions ?? {},
    );
  }
  return body.data;
}

export type Loaded<Data> = { state: "loading" } | { state: "failed"; message: string } | { state: "done"; data: Data };

/**
 * Runs a document when the component appears and whenever `key` changes (showing "loading"
 * meanwhile), and again whenever `revision` changes (a live change, a move made here): then what is
 * shown stays until the new answer replaces it, and stays too if that read fails.
 */
export function useDocument<Data>(name: DocumentName, variables: Record<string, unknown>, key = "", revision = ""): Loaded<Data> {
  const [loaded, setLoaded] = useState<Loaded<Data>>({ state: "loading" });
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    let current = true;
    const refresh = shownKey.current === key;
    shownKey.current = key;
    if (!refresh) setLoaded({ state: "loading" });
    run<Data>(name, variables).then(
      (data) => current && setLoaded({ state: "done", data }),
      (error: Error) => current && setLoaded((shown) => (refresh && shown.state === "done" ? shown : { state: "failed", message: error.message })),
    );
    return () => {
      current = false;
    };
  }, [name, key, revision]);
  return loaded;
}
