import { createHash } from "node:crypto";
import { DOCUMENTS, type DocumentName } from "./documents";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The manifest of the page's documents, { "<sha256 hex>": "<document>" }, the format TRUSTED_DOCUMENTS reads. */
export function scoreboardManifest(): Record<string, string> {
  return Object.fromEntries(Object.values(DOCUMENTS).map((document) => [sha256(document), document]));
}

/** Each document's id as the page sends it. */
export function scoreboardDocumentIds(): Record<DocumentName, string> {
  return Object.fromEntries(Object.entries(DOCUMENTS).map(([name, document]) => [name, `sha256:${sha256(document)}`])) as Record<DocumentName, string>;
}
