import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { AppError } from "../graphql/errors";
import { pathOf, searchOf } from "../lib/http";
import { StartupError } from "../startup-problems";

/**
 * Trusted documents (persisted documents): a frontend team ships its operations as a manifest
 * `{ "<sha256>": "<document>" }`, the format graphql-codegen's client preset and Relay emit, and
 * sends `{ "documentId": "sha256:<hash>", "variables": ... }` (or `?documentId=...` over GET)
 * instead of the text. The text is put in its place before Apollo sees the request, so parsing,
 * validation, the limits and costs apply exactly as to the same text sent in full.
 * With `only`, nothing else runs: a hostile query has no way in at all.
 * Over WebSocket (src/graphql/websocket.ts) a subscribe message's payload carries the id the
 * same way, `{ "documentId": "sha256:<hash>", "query": "", "variables": ... }`: graphql-ws
 * requires `query` to be a string, so it is sent empty.
 */
export interface TrustedDocumentsSettings {
  /** A deployment's manifest (TRUSTED_DOCUMENTS), if any. */
  manifestPath: string | undefined;
  only: boolean;
  /** Documents the service ships and trusts always, by SHA-256 in hex (the scoreboard's, src/web/documents.ts). */
  builtIn?: Record<string, string>;
}

const DOCUMENT_ID = /^sha256:([0-9a-f]{64})$/;

/** Reads and checks the manifest: every key must be the SHA-256 of its document, in hex. */
export function loadTrustedDocuments({ manifestPath, only, builtIn = {} }: TrustedDocumentsSettings) {
  const documents = manifestPath === undefined ? new Map<string, string>() : readManifest(manifestPath);
  for (const [hash, document] of Object.entries(builtIn)) documents.set(hash, document);

  /** Puts the trusted document's text in the request (body or query string), or refuses the request. */
  const resolveRequest = (req: IncomingMessage & { body?: unknown }): void => {
    if (req.method === "GET") {
      const params = new URLSearchParams(searchOf(req));
      const documentId = params.get("documentId");
      if (documentId === null) return refuseFreeForm(params.has("query"));
      params.delete("documentId");
      params.set("query", documentFor(documentId, params.getAll("query").length > 0));
      req.url = `${pathOf(req)}?${params}`;
      return;
    }
    const body = req.body;
    if (req.method !== "POST" || body === null || typeof body !== "object" || Array.isArray(body)) return;
    // The common case, a query's text, with no copy of the body: the service's own page makes this run on every request.
    if (!("documentId" in body)) return refuseFreeForm("query" in body);
    const { documentId, ...rest } = body as Record<string, unknown>;
    if (documentId === undefined) return refuseFreeForm("query" in rest);
    if (typeof documentId !== "string") throw refused("PERSISTED_QUERY_NOT_IN_LIST", "documentId must be a string such as \"sha256:<hex>\"");
    req.body = { ...rest, query: documentFor(documentId, rest.query !== undefined) };
  };

  /** The text a subscribe message's payload stands for, or a refusal (an AppError). */
  const resolveSubscription = (payload: { query: string; documentId?: unknown }): string => {
    const { documentId, query } = payload;
    if (documentId === undefined) {
      refuseFreeForm(true);
      return query;
    }
    if (typeof documentId !== "string") throw refused("PERSISTED_QUERY_NOT_IN_LIST", "documentId must be a string such as \"sha256:<hex>\"");
    return documentFor(documentId, query !== "");
  };

  return { resolveRequest, resolveSubscription };

  function documentFor(documentId: string, withQuery: boolean): string {
    if (withQuery) throw refused("BAD_USER_INPUT", "Send either documentId or query, not both");
    const hash = DOCUMENT_ID.exec(documentId)?.[1];
    const document = hash === undefined ? undefined : documents.get(hash);
    if (document === undefined) {
      throw refused("PERSISTED_QUERY_NOT_IN_LIST", `No trusted document has the id ${JSON.stringify(documentId.slice(0, 80))}; ids read "sha256:<hex of the document's SHA-256>"`);
    }
    return document;
  }

  function refuseFreeForm(hasQuery: boolean): void {
    if (only && hasQuery) {
      throw refused(
        "PERSISTED_QUERY_ID_REQUIRED",
        'This server runs trusted documents only: send { "documentId": "sha256:<hash>" } of a document in its manifest, not a query',
      );
    }
  }
}

/** Refused before Apollo sees the request: HTTP 400 with the code (Apollo Router's codes for persisted documents). */
const refused = (code: "PERSISTED_QUERY_NOT_IN_LIST" | "PERSISTED_QUERY_ID_REQUIRED" | "BAD_USER_INPUT", message: string) => new AppError(code, message);

function readManifest(manifestPath: string): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new StartupError(`TRUSTED_DOCUMENTS: cannot read ${manifestPath} as JSON (${(error as Error).message})`);
  }
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    throw new StartupError(`TRUSTED_DOCUMENTS: ${manifestPath} must hold one object, { "<sha256 in hex>": "<document>" }`);
  }
  const documents = new Map<string, string>();
  const wrong: string[] = [];
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== "string" || createHash("sha256").update(document).digest("hex") !== hash) wrong.push(hash);
    else documents.set(hash, document);
  }
  if (wrong.length > 0) {
    throw new StartupError(
      `TRUSTED_DOCUMENTS: in ${manifestPath}, ${wrong.length} key(s) are not the SHA-256 (hex) of their document: ${wrong.slice(0, 3).join(", ")}`,
    );
  }
  return documents;
}
