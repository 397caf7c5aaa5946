import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTrustedDocuments } from "../src/http/trusted-documents";
import { StartupError } from "../src/startup-problems";
import { startTestServer, type TestServer } from "./helpers/server";

const PARTNERSHIP = `query Partnership($code: String!) { partnership(code: $code) { code signedOn } }`;
/** Costs 1 + 100 × (1 + 100) points: over a QUERY_MAX_COST of 5000 whoever sends it. */
const EXPENSIVE = `query Expensive { measures(first: 100) { nodes { statusHistory(first: 100) { toStatus reason } } } }`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A manifest as graphql-codegen's client preset writes it, in a temporary directory. */
function writeManifest(documents: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "trusted-documents-")), "persisted-documents.json");
  writeFileSync(file, JSON.stringify(Object.fromEntries(documents.map((document) => [sha256(document), document]))));
  return file;
}

const post = (server: TestServer, body: unknown) =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("trusted documents", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS: writeManifest([PARTNERSHIP, EXPENSIVE]), QUERY_MAX_COST: "5000", RATE_LIMIT_POINTS: "5000" } });
  });
  afterAll(() => server?.stop());

  it("runs a document by its id, over POST and GET", async () => {
    const byPost = await post(server, { documentId: `sha256:${sha256(PARTNERSHIP)}`, variables: { code: "EU-BY" } });
    expect(byPost.status).toBe(200);
    expect(await byPost.json()).toEqual({ data: { partnership: { code: "EU-BY", signedOn: "2016-10-13" } } });

    const search = new URLSearchParams({ documentId: `sha256:${sha256(PARTNERSHIP)}`, variables: JSON.stringify({ code: "EU-BY" }) });
    const byGet = await fetch(`${server.url}?${search}`, { headers: { "apollo-require-preflight": "true" } });
    expect(byGet.status).toBe(200);
    expect(await byGet.json()).toEqual({ data: { partnership: { code: "EU-BY", signedOn: "2016-10-13" } } });
  });

  it("still lets other queries through unless TRUSTED_DOCUMENTS_ONLY", async () => {
    expect((await server.query(`{ partnership(code: "EU-BY") { code } }`)).partnership).toEqual({ code: "EU-BY" });
  });

  it("refuses an unknown id, a malformed one, and an id with a query", async () => {
    for (const body of [
      { documentId: `sha256:${sha256("{ __typename }")}` },
      { documentId: sha256(PARTNERSHIP) },
      { documentId: 42 },
    ]) {
      const response = await post(server, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    }
    const both = await post(server, { documentId: `sha256:${sha256(PARTNERSHIP)}`, query: "{ __typename }" });
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual({ errors: [{ message: "Send either documentId or query, not both", extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("applies the limits and costs to trusted documents too", async () => {
    const response = await post(server, { documentId: `sha256:${sha256(EXPENSIVE)}` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("COST_LIMIT_EXCEEDED");
  });
});

describe("TRUSTED_DOCUMENTS_ONLY=true", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS: writeManifest([PARTNERSHIP]), TRUSTED_DOCUMENTS_ONLY: "true" } });
  });
  afterAll(() => server?.stop());

  it("runs the manifest's documents and nothing else, over POST and GET, with a clear error", async () => {
    const trusted = await post(server, { documentId: `sha256:${sha256(PARTNERSHIP)}`, variables: { code: "EU-BY" } });
    expect(trusted.status).toBe(200);

    const message = 'This server runs trusted documents only: send { "documentId": "sha256:<hash>" } of a document in its manifest, not a query';
    for (const refused of [
      await post(server, { query: PARTNERSHIP, variables: { code: "EU-BY" } }),
      await post(server, { query: "{ __schema { types { name } } }" }),
      await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { "apollo-require-preflight": "true" } }),
    ]) {
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ errors: [{ message, extensions: { code: "PERSISTED_QUERY_ID_REQUIRED" } }] });
    }
  });
});

describe("a manifest that does not hold", () => {
  it("stops start-up with what is wrong in it", () => {
    const file = writeManifest([PARTNERSHIP]);
    writeFileSync(file, JSON.stringify({ [sha256("{ a }")]: "{ b }", [sha256(PARTNERSHIP)]: PARTNERSHIP }));
    expect(() => loadTrustedDocuments({ manifestPath: file, only: false })).toThrow(
      new StartupError(`TRUSTED_DOCUMENTS: in ${file}, 1 key(s) are not the SHA-256 (hex) of their document: ${sha256("{ a }")}`),
    );
    writeFileSync(file, "[]");
    expect(() => loadTrustedDocuments({ manifestPath: file, only: false })).toThrow(/must hold one object/);
    expect(() => loadTrustedDocuments({ manifestPath: `${file}.missing`, only: false })).toThrow(/cannot read/);
  });
});
