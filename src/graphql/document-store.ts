import type { DocumentNode } from "graphql";
import { BoundedCache, stringBytes, type CacheBounds } from "../lib/bounded-cache";

/**
 * Apollo's store of parsed and validated documents, by query hash, bounded by our own cache:
 * Apollo's default (an LRU of 30 MiB measured as each document's JSON) held ~14,000 documents
 * of a short query, whose memory is four times their JSON (their tokens and locations), and
 * reports nothing. Every other per-document cache (operation limits, selection lookahead)
 * is a WeakMap on the document, so it goes when the document leaves this store.
 */
export function documentStore(bounds: CacheBounds) {
  const documents = new BoundedCache<string, DocumentNode>(
    "documents",
    bounds,
    (key, document) => stringBytes(key) + DOCUMENT_BYTES_PER_TOKEN * tokenCount(document),
  );
  // Apollo's KeyValueCache interface; Apollo gives no time-to-live for documents.
  return {
    get: async (key: string) => documents.get(key),
    set: async (key: string, document: DocumentNode) => documents.set(key, document),
    delete: async (key: string) => documents.delete(key),
  };
}

/** A parsed and validated document's heap per token of its text, measured at 240 to 330 bytes. */
const DOCUMENT_BYTES_PER_TOKEN = 330;

/** The tokens of a document's text, which its memory follows (a node and a token object each). */
export function tokenCount(document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) tokens += 1;
  return tokens;
}
