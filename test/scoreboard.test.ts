import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { newestEventId, toCursor } from "../src/modules/events/events.service";
import { DOCUMENTS } from "../src/web/documents";
import { scoreboardDocumentIds } from "../src/web/manifest";
import { SCOREBOARD_CONTENT_SECURITY_POLICY } from "../src/web/scoreboard";
import { startTestServer, type TestServer } from "./helpers/server";
import { openSocket, type TestSocket } from "./helpers/subscriptions";

// The page in a browser: test/browser/scoreboard.test.ts. Here: what the server serves, and when.

const post = (server: TestServer, body: unknown) =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const errorCode = async (response: Response) => ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

describe("the scoreboard page, on by default", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("serves the page at / for GET and HEAD, with a policy that allows this server only and no inline script or style", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(SCOREBOARD_CONTENT_SECURITY_POLICY);
    expect(SCOREBOARD_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    const html = await page.text();
    expect(html).toContain('<script defer src="/scoreboard/scoreboard.js"></script>');
    // Every script of the page is a file of this server: none inline.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script defer src="/scoreboard/scoreboard.js">']);

    const head = await fetch(`${server.origin}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-security-policy")).toBe(SCOREBOARD_CONTENT_SECURITY_POLICY);
    expect(await head.text()).toBe("");

    const cached = await fetch(`${server.origin}/`, { headers: { "if-none-match": page.headers.get("etag")! } });
    expect(cached.status).toBe(304);
  });

  it("serves the bundle, which holds the ids of the page's documents and none of their texts", async () => {
    const script = await fetch(`${server.origin}/scoreboard/scoreboard.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const text = await script.text();
    for (const id of Object.values(scoreboardDocumentIds())) expect(text).toContain(id);
    expect(text).not.toMatch(/(query|subscription) Scoreboard/);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);

    const style = await fetch(`${server.origin}/scoreboard/scoreboard.css`);
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await style.text()).not.toMatch(/url\(|@import/);

    expect((await fetch(`${server.origin}/scoreboard/trusted-documents.json`)).status).toBe(404);
    expect((await fetch(`${server.origin}/scoreboard/../package.json`)).status).toBe(404);
  });

  it("leaves other methods and paths as they were", async () => {
    expect((await fetch(`${server.origin}/`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${server.origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });

  it("runs each of the page's queries by id, without errors, for a visitor with no token, and its mutation for a signed-in person only", async () => {
    const ids = scoreboardDocumentIds();
    const variables: Record<keyof typeof DOCUMENTS, Record<string, unknown>> = {
      Plan: { partnership: "EU-BY" },
      PlanDiff: { partnership: "EU-BY", from: 1, to: 1 },
      MeasureList: { partnership: "EU-BY" },
      Measure: { partnership: "EU-BY", code: "SOC-1" },
      Money: {},
      Statistics: {},
      MyMeasures: { partnership: "EU-BY", signatory: "BY" },
      SetMeasureStatus: { input: { measureId: "TWVhc3VyZTox", expectedVersion: 1, status: "AGREED" } },
      MeasureChanges: { partnership: "EU-BY" },
      PlanChanges: { partnership: "EU-BY" },
    };
    for (const name of Object.keys(DOCUMENTS) as (keyof typeof DOCUMENTS)[]) {
      const response = await post(server, { documentId: ids[name], variables: variables[name] });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
      // The seed has no action-plan version: comparing version 1 with itself is refused (no version 1), the others answer.
      if (name === "PlanDiff") expect(body.errors?.map((error) => error.extensions.code)).toEqual(["BAD_USER_INPUT"]);
      // The one mutation needs a signed-in person.
      else if (name === "SetMeasureStatus") expect(body.errors?.map((error) => error.extensions.code)).toEqual(["UNAUTHENTICATED"]);
      // The subscriptions are served over WebSocket (below), not over HTTP.
      else if (name === "MeasureChanges" || name === "PlanChanges") expect(body.errors?.map((error) => error.extensions.code)).toEqual(["OPERATION_NOT_SUPPORTED"]);
      else expect({ name, errors: body.errors }).toEqual({ name, errors: undefined });
    }
  });
});

/** Subscribes with a raw graphql-ws payload (a document's id beside an empty query); resolves with the first delivery or the refusal. */
function firstDelivery(socket: TestSocket, payload: Record<string, unknown>): { result: Promise<{ data?: unknown; codes?: unknown[] }>; stop(): void } {
  let stop = () => {};
  const result = new Promise<{ data?: unknown; codes?: unknown[] }>((resolve) => {
    stop = socket.client.subscribe(payload as { query: string }, {
      next: (delivered) => resolve(delivered.errors ? { codes: delivered.errors.map((error) => error.extensions?.code) } : { data: delivered.data }),
      error: (error) => resolve({ codes: Array.isArray(error) ? error.map((each: { extensions?: { code?: unknown } }) => each.extensions?.code) : [String(error)] }),
      complete: () => resolve({}),
    });
  });
  return { result, stop: () => stop() };
}

describe("the page's subscriptions over WebSocket, with TRUSTED_DOCUMENTS_ONLY=true", () => {
  let server: TestServer;
  let socket: TestSocket;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS_ONLY: "true" } });
    socket = openSocket(server.wsUrl);
  });
  afterAll(async () => {
    await socket?.dispose();
    await server?.stop();
  });

  it("runs a subscription sent as a trusted document's id and delivers a change made after it", async () => {
    const ids = scoreboardDocumentIds();
    // Only trusted documents run here: changes are made with the page's own mutation.
    const move = async (status: string) => {
      const mine = (await (await post(server, { documentId: ids.MyMeasures, variables: { partnership: "EU-BY", signatory: "PL" } })).json()) as {
        data: { measures: { nodes: { id: string; version: number }[] } };
      };
      const measure = mine.data.measures.nodes[0]!;
      const moved = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await server.tokenFor({ sub: "secretariat", role: "COORDINATOR" })}` },
        body: JSON.stringify({ documentId: ids.SetMeasureStatus, variables: { input: { measureId: measure.id, expectedVersion: measure.version, status } } }),
      });
      expect(await moved.json()).toEqual({ data: { setMeasureStatus: { measure: expect.objectContaining({ status }) } } });
    };
    await move("AGREED");
    // After the newest event: the next change is delivered whenever the subscription starts.
    const after = toCursor(await newestEventId(server.database.db));
    const changes = firstDelivery(socket, { query: "", documentId: ids.MeasureChanges, variables: { partnership: "EU-BY", after } });
    await move("IN_PROGRESS");
    const delivered = await changes.result;
    expect(delivered).toEqual({ data: { measureChanged: { cursor: expect.any(String) } } });
    expect(delivered.data).not.toEqual({ measureChanged: { cursor: after } });
    changes.stop();
  });

  it("refuses a subscription's text, an unknown id, and an id beside a text, as over HTTP", async () => {
    const refusal = (payload: Record<string, unknown>) => firstDelivery(socket, payload).result;
    expect(await refusal({ query: DOCUMENTS.PlanChanges, variables: { partnership: "EU-BY" } })).toEqual({ codes: ["PERSISTED_QUERY_ID_REQUIRED"] });
    expect(await refusal({ query: "", documentId: `sha256:${"0".repeat(64)}`, variables: { partnership: "EU-BY" } })).toEqual({ codes: ["PERSISTED_QUERY_NOT_IN_LIST"] });
    expect(await refusal({ query: DOCUMENTS.PlanChanges, documentId: scoreboardDocumentIds().PlanChanges, variables: { partnership: "EU-BY" } })).toEqual({
      codes: ["BAD_USER_INPUT"],
    });
    expect(server.app.openSubscriptions()).toBe(0);
  });
});

describe("SCOREBOARD=false", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SCOREBOARD: "false" } });
  });
  afterAll(() => server?.stop());

  it("serves nothing at / and no page files, and the page's documents are not trusted", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(404);
    expect(await errorCode(page)).toBe("NOT_FOUND");
    expect((await fetch(`${server.origin}/scoreboard/scoreboard.js`)).status).toBe(404);
    const byId = await post(server, { documentId: scoreboardDocumentIds().Statistics });
    expect(byId.status).toBe(400);
  });
});

describe("the page's documents beside a deployment's manifest, with TRUSTED_DOCUMENTS_ONLY=true", () => {
  const OWN = `query Own { partnership(code: "EU-BY") { code } }`;
  let server: TestServer;
  beforeAll(async () => {
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), "scoreboard-documents-")), "persisted-documents.json");
    writeFileSync(manifest, JSON.stringify({ [createHash("sha256").update(OWN).digest("hex")]: OWN }));
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: "true" } });
  });
  afterAll(() => server?.stop());

  it("runs both, and nothing else", async () => {
    const own = await post(server, { documentId: `sha256:${createHash("sha256").update(OWN).digest("hex")}` });
    expect(await own.json()).toEqual({ data: { partnership: { code: "EU-BY" } } });
    const page = await post(server, { documentId: scoreboardDocumentIds().MeasureList, variables: { partnership: "EU-BY" } });
    expect(((await page.json()) as { data: { measures: { nodes: unknown[] } } }).data.measures.nodes).toHaveLength(17);
    const text = await post(server, { query: DOCUMENTS.MeasureList, variables: { partnership: "EU-BY" } });
    expect(text.status).toBe(400);
    expect(await errorCode(text)).toBe("PERSISTED_QUERY_ID_REQUIRED");
  });
});
