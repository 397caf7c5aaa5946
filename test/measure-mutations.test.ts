import { eq, sql } from "drizzle-orm";
import type { TokenClaims } from "../src/auth/tokens";
import { fromGlobalIdOf, toGlobalId } from "../src/lib/global-id";
import { auditEvents, idempotencyKeys } from "../src/modules/audit/audit.tables";
import { measures, measureStatusChanges } from "../src/modules/measures/measures.tables";
import { countRows, createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";
import { AUDITOR, COORDINATOR, ministry } from "./helpers/claims";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const MEASURE_FIELDS = `id code status version title deadline lead { code } responsibilities { role signatory { code } }
  statusHistory { fromStatus toStatus reason actor { sub role signatoryCode } }
  progressUpdates { text evidenceUrl author { sub } }`;

const CREATE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { clientMutationId measure { ${MEASURE_FIELDS} } } }`;
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { clientMutationId measure { ${MEASURE_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { measure { ${MEASURE_FIELDS} } } }`;
const PROGRESS = `mutation($input: AddMeasureProgressUpdateInput!) { addMeasureProgressUpdate(input: $input) { measure { ${MEASURE_FIELDS} } } }`;

const newMeasureInput = (overrides: Record<string, unknown> = {}) => ({
  partnershipCode: "EU-BY",
  code: uniqueCode("NEW"),
  title: "Bilateral labour agreement with Poland",
  description: "Negotiate and sign it.",
  policyAreaCode: "LABOUR_MIGRATION_LEGAL_MOBILITY",
  leadSignatoryCode: "PL",
  contributingSignatoryCodes: ["BY"],
  deadline: "2027-06-30",
  ...overrides,
});

/** The whole state a failed request must leave untouched. */
async function databaseState() {
  const db = server.database.db;
  const rows = await db.select({ id: measures.id, status: measures.status, version: measures.version, title: measures.title }).from(measures);
  return {
    measures: rows.sort((a, b) => a.id - b.id),
    history: await countRows(db, measureStatusChanges),
    audit: await countRows(db, auditEvents),
  };
}

/** Runs a request that must fail with `code`, and proves it changed nothing. */
async function expectRefused(code: string, send: () => Promise<{ errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>) {
  const before = await databaseState();
  const result = await send();
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(await databaseState()).toEqual(before);
  return result;
}

async function measureIdOf(code: string) {
  const data = await server.query(`query($q: String) { measures(filter: { search: $q }, first: 100) { nodes { id code version status } } }`, { q: code });
  return data.measures.nodes.find((m: { code: string }) => m.code === code) as { id: string; version: number; status: string };
}

describe("createMeasure", () => {
  it("a ministry proposes a measure its own signatory leads; it starts as PROPOSED, attributed", async () => {
    const input = newMeasureInput({ clientMutationId: "abc-1" });
    const result = await server.requestAs<any>(ministry("PL"), CREATE, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data.createMeasure).toMatchObject({
      clientMutationId: "abc-1",
      measure: {
        code: input.code,
        status: "PROPOSED",
        version: 1,
        deadline: "2027-06-30",
        lead: { code: "PL" },
        responsibilities: [
          { role: "LEAD", signatory: { code: "PL" } },
          { role: "CONTRIBUTING", signatory: { code: "BY" } },
        ],
        statusHistory: [{ fromStatus: null, toStatus: "PROPOSED", actor: { sub: "ministry-pl", role: "MINISTRY", signatoryCode: "PL" } }],
      },
    });
  });

  it("a ministry may not propose a measure another signatory leads", async () => {
    const result = await expectRefused("FORBIDDEN", () =>
      server.requestAs(ministry("PL"), CREATE, { input: newMeasureInput({ leadSignatoryCode: "BY" }) }),
    );
    expect(result.errors?.[0]?.message).toBe("A ministry may only propose measures led by its own signatory (PL)");
  });

  it.each([
    ["an empty title", { title: "" }, "title must not be empty"],
    ["a blank title", { title: "   " }, "title must not be blank"],
    ["a title of 10,000 characters", { title: "x".repeat(10_000) }, "title must be at most 500 characters"],
    ["a lowercase code", { code: "lab-9" }, "code must be 1 to 40 upper-case letters"],
    ["an unknown policy area", { policyAreaCode: "SPACE" }, "The partnership has no policy area SPACE"],
    ["an unknown partnership", { partnershipCode: "EU-XX" }, "There is no partnership EU-XX"],
    ["a signatory outside the partnership", { contributingSignatoryCodes: ["DE"] }, "Not signatories of this partnership: DE"],
    ["a lead that also contributes", { contributingSignatoryCodes: ["PL"] }, "PL cannot both lead and contribute"],
    ["a duplicate code", { code: "LAB-1" }, "EU-BY already has a measure LAB-1; choose another code"],
    ["an impossible deadline", { deadline: "2027-02-30" }, "LocalDate"],
  ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_case, overrides, message) => {
    const result = await expectRefused("BAD_USER_INPUT", () => server.requestAs(COORDINATOR, CREATE, { input: newMeasureInput(overrides) }));
    expect(result.errors?.[0]?.message).toContain(message);
  });
});

describe("setMeasureStatus", () => {
  it("answers with the measure as a read of it gives it afterwards, every column alike", async () => {
    const code = uniqueCode("ANSWER");
    await createMeasure(server.database.db, { code, leads: ["PL"] });
    const { id } = await measureIdOf(code);
    const fields = `id code title description status version deadline overdue completionLevel createdAt updatedAt
      policyArea { code } policyAreaIsAssumption isAssumption locator lead { code }`;
    const answer = await server.requestAs<any>(COORDINATOR, `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { ${fields} } } }`, {
      input: { measureId: id, status: "AGREED", expectedVersion: 1 },
    });
    expect(answer.errors).toBeUndefined();
    const read = await server.query<any>(`query($id: ID!) { node(id: $id) { ... on Measure { ${fields} } } }`, { id });
    expect(answer.data.setMeasureStatus.measure).toEqual(read.node);
    expect(read.node).toMatchObject({ status: "AGREED", version: 2 });
  });

  it("follows a measure through its life, with reasons and actors", async () => {
    const code = uniqueCode("LIFE");
    await createMeasure(server.database.db, { code, leads: ["PL"], contributors: ["LT"] });
    const { id } = await measureIdOf(code);
    const move = (claims: TokenClaims, status: string, expectedVersion: number, reason?: string) =>
      server.requestAs<any>(claims, SET_STATUS, { input: { measureId: id, status, expectedVersion, reason } });

    expect((await move(COORDINATOR, "AGREED", 1)).data.setMeasureStatus.measure).toMatchObject({ status: "AGREED", version: 2 });
    expect((await move(ministry("PL"), "IN_PROGRESS", 2)).data.setMeasureStatus.measure.version).toBe(3);
    await expectRefused("BAD_USER_INPUT", () => move(ministry("PL"), "ON_HOLD", 3));
    expect((await move(ministry("PL"), "ON_HOLD", 3, "Waiting for the Sejm")).errors).toBeUndefined();
    expect((await move(ministry("PL"), "IN_PROGRESS", 4)).errors).toBeUndefined();
    expect((await move(ministry("PL"), "COMPLETED", 5)).errors).toBeUndefined();
    await expectRefused("FORBIDDEN", () => move(ministry("PL"), "IN_PROGRESS", 6, "More to do"));
    const reopened = await move(COORDINATOR, "IN_PROGRESS", 6, "Evaluation found gaps");
    expect(reopened.data.setMeasureStatus.measure.statusHistory.map((h: any) => [h.fromStatus, h.toStatus, h.reason, h.actor.sub])).toEqual([
      [null, "PROPOSED", null, "test"],
      ["PROPOSED", "AGREED", null, "secretariat-1"],
      ["AGREED", "IN_PROGRESS", null, "ministry-pl"],
      ["IN_PROGRESS", "ON_HOLD", "Waiting for the Sejm", "ministry-pl"],
      ["ON_HOLD", "IN_PROGRESS", null, "ministry-pl"],
      ["IN_PROGRESS", "COMPLETED", null, "ministry-pl"],
      ["COMPLETED", "IN_PROGRESS", "Evaluation found gaps", "secretariat-1"],
    ]);
  });

  it("names the allowed moves when a move is not allowed", async () => {
    const code = uniqueCode("BADMOVE");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    const result = await expectRefused("BAD_USER_INPUT", () =>
      server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "COMPLETED", expectedVersion: 1 } }),
    );
    expect(result.errors?.[0]?.message).toBe("A PROPOSED measure can move to AGREED or WITHDRAWN, not to COMPLETED");
  });

  it("only the coordinator agrees or withdraws, and only lead ministries move the others", async () => {
    const code = uniqueCode("WHO");
    await createMeasure(server.database.db, { code, status: "AGREED", leads: ["PL"], contributors: ["LT"] });
    const { id } = await measureIdOf(code);
    const input = (status: string, reason?: string) => ({ input: { measureId: id, status, expectedVersion: 1, reason } });
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("PL"), SET_STATUS, input("WITHDRAWN", "no money")));
    // A contributor is not a lead; a stranger is neither.
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("LT"), SET_STATUS, input("IN_PROGRESS")));
    await expectRefused("FORBIDDEN", () => server.requestAs(ministry("HU"), SET_STATUS, input("IN_PROGRESS")));
    await expectRefused("FORBIDDEN", () => server.requestAs(AUDITOR, SET_STATUS, input("IN_PROGRESS")));
    await expectRefused("UNAUTHENTICATED", () => server.request(SET_STATUS, input("IN_PROGRESS")));
    expect((await server.requestAs(COORDINATOR, SET_STATUS, input("WITHDRAWN", "Superseded"))).errors).toBeUndefined();
  });

  it("refuses a stale version with CONFLICT and the current version", async () => {
    const code = uniqueCode("STALE");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "AGREED", expectedVersion: 1 } });
    const result = await expectRefused("CONFLICT", () =>
      server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "WITHDRAWN", expectedVersion: 1, reason: "x" } }),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
  });

  it("gives NOT_FOUND for an unknown measure and BAD_USER_INPUT for a malformed or foreign id", async () => {
    const input = (measureId: string) => ({ input: { measureId, status: "AGREED", expectedVersion: 1 } });
    await expectRefused("NOT_FOUND", () => server.requestAs(COORDINATOR, SET_STATUS, input(toGlobalId("Measure", 999_999))));
    await expectRefused("BAD_USER_INPUT", () => server.requestAs(COORDINATOR, SET_STATUS, input("nonsense")));
    await expectRefused("BAD_USER_INPUT", () => server.requestAs(COORDINATOR, SET_STATUS, input(toGlobalId("Project", 1))));
    await expectRefused("BAD_USER_INPUT", () =>
      server.requestAs(COORDINATOR, `mutation { setMeasureStatus(input: { measureId: "x", status: FINISHED, expectedVersion: 1 }) { clientMutationId } }`),
    );
  });

  it("shows who changed a status only to signed-in clients", async () => {
    const query = `{ measures(filter: { search: "LAB-1" }, first: 1) { nodes { statusHistory { toStatus actor { sub } } } } }`;
    const anonymous = await server.query(query);
    expect(anonymous.measures.nodes[0].statusHistory[0]).toEqual({ toStatus: "PROPOSED", actor: null });
    const signedIn = await server.requestAs<any>(ministry("BY"), query);
    expect(signedIn.data.measures.nodes[0].statusHistory[0].actor).toEqual({ sub: "seed" });
  });
});

describe("updateMeasure and progress updates", () => {
  it("the coordinator rewrites content, responsibilities and project links", async () => {
    const code = uniqueCode("UPD");
    await createMeasure(server.database.db, { code, deadline: "2028-01-01" });
    const { id } = await measureIdOf(code);
    const { projects } = await server.query(`{ projects(first: 1, filter: { search: "IOM" }) { nodes { id code } } }`);
    const result = await server.requestAs<any>(COORDINATOR, UPDATE, {
      input: {
        measureId: id,
        expectedVersion: 1,
        title: "Joint return and reintegration programme",
        deadline: null,
        leadSignatoryCodes: ["EU", "BY"],
        contributingSignatoryCodes: ["PL"],
        projectIds: [projects.nodes[0].id],
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.updateMeasure.measure).toMatchObject({
      title: "Joint return and reintegration programme",
      deadline: null,
      version: 2,
      lead: null,
      responsibilities: [
        { role: "LEAD", signatory: { code: "EU" } },
        { role: "LEAD", signatory: { code: "BY" } },
        { role: "CONTRIBUTING", signatory: { code: "PL" } },
      ],
    });
    const linked = await server.query(`query($id: ID!) { node(id: $id) { ... on Measure { projects { code } } } }`, { id });
    expect(linked.node.projects).toEqual([{ code: projects.nodes[0].code }]);
  });

  it("refuses a lead named twice as bad input, changing nothing", async () => {
    const code = uniqueCode("TWICE");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    const error = await expectRefused("BAD_USER_INPUT", () =>
      server.requestAs(COORDINATOR, UPDATE, { input: { measureId: id, expectedVersion: 1, leadSignatoryCodes: ["EU", "EU"] } }),
    );
    expect(error.errors![0]!.message).toBe("EU named more than once among the leads");
  });

  it("is the coordinator's alone", async () => {
    const { id } = await measureIdOf("LAB-2");
    for (const claims of [ministry("BY"), AUDITOR]) {
      await expectRefused("FORBIDDEN", () => server.requestAs(claims, UPDATE, { input: { measureId: id, expectedVersion: 1, title: "Mine now" } }));
    }
    await expectRefused("UNAUTHENTICATED", () => server.request(UPDATE, { input: { measureId: id, expectedVersion: 1, title: "Mine now" } }));
  });

  it("leads and contributors report progress; others may not", async () => {
    const code = uniqueCode("PROG");
    await createMeasure(server.database.db, { code, leads: ["BY"], contributors: ["LT"] });
    const { id } = await measureIdOf(code);
    const report = (claims: TokenClaims, expectedVersion: number | undefined, text: string, evidenceUrl?: string) =>
      server.requestAs<any>(claims, PROGRESS, { input: { measureId: id, expectedVersion, text, evidenceUrl } });
    expect((await report(ministry("BY"), 1, "Draft law published", "https://pravo.by/draft")).errors).toBeUndefined();
    const second = await report(ministry("LT"), undefined, "Consulted the Lithuanian employment service");
    expect(second.data.addMeasureProgressUpdate.measure.progressUpdates).toEqual([
      { text: "Draft law published", evidenceUrl: "https://pravo.by/draft", author: { sub: "ministry-by" } },
      { text: "Consulted the Lithuanian employment service", evidenceUrl: null, author: { sub: "ministry-lt" } },
    ]);
    await expectRefused("FORBIDDEN", () => report(ministry("PL"), 3, "Not ours"));
    await expectRefused("FORBIDDEN", () => report(AUDITOR, 3, "Not ours"));
    await expectRefused("BAD_USER_INPUT", () => report(ministry("BY"), 3, "   "));
    await expectRefused("BAD_USER_INPUT", () => report(ministry("BY"), 3, "Evidence", "javascript:alert(1)"));
  });

  it("a progress note leaves the version alone, so it never blocks the lead's next status change", async () => {
    const code = uniqueCode("NOTE");
    await createMeasure(server.database.db, { code, status: "AGREED", leads: ["BY"], contributors: ["LT"] });
    const { id } = await measureIdOf(code);
    // The lead reads version 1; a contributor then reports progress.
    const noted = await server.requestAs<any>(ministry("LT"), PROGRESS, { input: { measureId: id, text: "Trainers recruited" } });
    expect(noted.data.addMeasureProgressUpdate.measure.version).toBe(1);
    const started = await server.requestAs<any>(ministry("BY"), SET_STATUS, { input: { measureId: id, status: "IN_PROGRESS", expectedVersion: 1 } });
    expect(started.errors).toBeUndefined();
    expect(started.data.setMeasureStatus.measure.version).toBe(2);

    // A note that asks for a version is added only at that version.
    const stale = await expectRefused("CONFLICT", () =>
      server.requestAs(ministry("LT"), PROGRESS, { input: { measureId: id, expectedVersion: 1, text: "About the agreed plan" } }),
    );
    expect(stale.errors![0]!.extensions).toMatchObject({ currentVersion: 2 });
    const current = await server.requestAs<any>(ministry("LT"), PROGRESS, { input: { measureId: id, expectedVersion: 2, text: "Under way" } });
    expect(current.data.addMeasureProgressUpdate.measure.progressUpdates.map((u: { text: string }) => u.text)).toEqual([
      "Trainers recruited",
      "Under way",
    ]);
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("audit trail", () => {
  const AUDIT = `query($filter: AuditLogFilter, $first: Int) {
    auditLog(filter: $filter, first: $first) {
      totalCount
      nodes { operation entityType entityId actor { sub role signatoryCode } before after requestId correlationId occurredAt }
    }
  }`;

  it("records every successful change with actor, before, after and request id, and nothing for a failed one", async () => {
    const code = uniqueCode("AUD");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    const auditBefore = await countRows(server.database.db, auditEvents);
    await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "AGREED", expectedVersion: 1 } }, { "x-request-id": "req-42" });
    await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "AGREED", expectedVersion: 1 } });
    expect(await countRows(server.database.db, auditEvents)).toBe(auditBefore + 1);

    const log = await server.requestAs<any>(AUDITOR, AUDIT, { filter: { entityId: id } });
    expect(log.data.auditLog.totalCount).toBe(1);
    const [event] = log.data.auditLog.nodes;
    expect(event).toMatchObject({
      operation: "setMeasureStatus",
      entityType: "Measure",
      entityId: id,
      actor: { sub: "secretariat-1", role: "COORDINATOR", signatoryCode: null },
      before: { status: "PROPOSED", version: 1 },
      after: { status: "AGREED", version: 2 },
      requestId: expect.stringMatching(UUID),
      correlationId: "req-42",
    });
    expect(Date.now() - Date.parse(event.occurredAt)).toBeLessThan(60 * 60 * 1000);
    // The measure as every change records it (measureSnapshot): its columns, times as JavaScript
    // writes them, who is responsible, what it links to; the status change alters only its own.
    const isoTime = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(event.before).sort()).toEqual(
      ["code", "completionLevel", "createdAt", "deadline", "description", "id", "isAssumption", "locator", "note", "partnershipId",
        "policyAreaId", "policyAreaIsAssumption", "policyAreaNote", "progressUpdates", "projectIds", "responsibilities", "sourceId",
        "status", "title", "updatedAt", "version"],
    );
    expect(event.before).toMatchObject({ id: fromGlobalIdOf("Measure", id), code, createdAt: isoTime, updatedAt: isoTime });
    expect(event.after).toEqual({ ...event.before, status: "AGREED", version: 2, updatedAt: isoTime });
    expect(Date.parse(event.after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(event.before.updatedAt));
  });

  it("records the server's request id, never the client's, and keeps only a well-formed correlation id apart", async () => {
    const code = uniqueCode("REQID");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    const moves = [
      { sent: '=HYPERLINK("http://evil.example","click")', status: "AGREED" },
      { sent: "same-id", status: "IN_PROGRESS" },
      { sent: "same-id", status: "ON_HOLD", reason: "Waiting for the budget" },
    ];
    const responseIds: string[] = [];
    for (const [index, move] of moves.entries()) {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await server.tokenFor(COORDINATOR)}`, "x-request-id": move.sent },
        body: JSON.stringify({ query: SET_STATUS, variables: { input: { measureId: id, status: move.status, reason: move.reason, expectedVersion: index + 1 } } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      responseIds.push(response.headers.get("x-request-id")!);
    }
    const log = await server.requestAs<any>(AUDITOR, AUDIT, { filter: { entityId: id }, first: 10 });
    const events = log.data.auditLog.nodes.reverse();
    expect(events.map((e: any) => e.correlationId)).toEqual([null, "same-id", "same-id"]);
    // Each change carries the id its response announced: the server's, one per request.
    expect(events.map((e: any) => e.requestId)).toEqual(responseIds);
    for (const requestId of responseIds) expect(requestId).toMatch(UUID);
    expect(new Set(responseIds).size).toBe(3);
    const history = await server.database.db
      .select({ requestId: measureStatusChanges.requestId })
      .from(measureStatusChanges)
      .where(sql`${measureStatusChanges.measureId} = ${fromGlobalIdOf("Measure", id)} and ${measureStatusChanges.fromStatus} is not null`)
      .orderBy(measureStatusChanges.id);
    expect(history.map((change) => change.requestId)).toEqual(responseIds);
  });

  it("filters by actor and operation, and is for auditors and the coordinator only", async () => {
    await server.requestAs(ministry("PL"), CREATE, { input: newMeasureInput() });
    const byMinistry = await server.requestAs<any>(COORDINATOR, AUDIT, { filter: { actor: "ministry-pl", operation: "createMeasure" }, first: 100 });
    expect(byMinistry.data.auditLog.nodes.length).toBeGreaterThanOrEqual(1);
    expect(byMinistry.data.auditLog.nodes.every((e: any) => e.operation === "createMeasure" && e.actor.sub === "ministry-pl")).toBe(true);
    expect((await server.requestAs(ministry("PL"), AUDIT, {})).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await server.request(AUDIT, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rolls the change back when the audit record cannot be written", async () => {
    const code = uniqueCode("NOAUDIT");
    await createMeasure(server.database.db, { code });
    const { id } = await measureIdOf(code);
    await server.database.db.execute(sql`alter table audit_event add constraint audit_refused check (false) not valid`);
    try {
      await expectRefused("BAD_USER_INPUT", () =>
        server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status: "AGREED", expectedVersion: 1 } }),
      );
    } finally {
      await server.database.db.execute(sql`alter table audit_event drop constraint audit_refused`);
    }
    expect((await measureIdOf(code)).status).toBe("PROPOSED");
  });

  it("cannot be rewritten, not even by the database owner", async () => {
    for (const statement of [
      sql`update audit_event set actor_sub = 'someone else'`,
      sql`delete from audit_event`,
      sql`update measure_status_change set reason = 'rewritten'`,
      sql`delete from measure_status_change`,
    ]) {
      await expect(server.database.db.execute(statement)).rejects.toThrow();
    }
  });
});

describe("Idempotency-Key", () => {
  /** The raw answer, to compare byte for byte. */
  const postWithKey = async (claims: TokenClaims, query: string, variables: Record<string, unknown>, key: string) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await server.tokenFor(claims)}`, "idempotency-key": key },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: await response.text(), replayed: response.headers.get("idempotent-replayed") };
  };

  it("answers a retry with the first response, byte for byte, instead of applying the change twice", async () => {
    const input = newMeasureInput({ leadSignatoryCode: "LT", contributingSignatoryCodes: [], clientMutationId: "first" });
    const key = `key-${input.code}`;
    const first = await postWithKey(ministry("LT"), CREATE, { input }, key);
    expect(first).toMatchObject({ status: 200, replayed: null });
    expect(JSON.parse(first.body).errors).toBeUndefined();
    const auditAfterFirst = await countRows(server.database.db, auditEvents);

    // The client's label for the call is not part of the change: the retry gets the first answer, label included.
    const again = await postWithKey(ministry("LT"), CREATE, { input: { ...input, clientMutationId: "retry" } }, key);
    expect(again).toEqual({ status: 200, body: first.body, replayed: "true" });
    expect(await countRows(server.database.db, auditEvents)).toBe(auditAfterFirst);

    const changed = await server.requestAs(ministry("LT"), CREATE, { input: { ...input, title: "Something else" } }, { "idempotency-key": key });
    expect(changed.errors?.[0]).toMatchObject({
      message: "This Idempotency-Key was already used for a different request; use a new key for a new change",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("answers a retry with the version its own change produced, after later changes", async () => {
    const measureId = toGlobalId("Measure", await createMeasure(server.database.db, { code: uniqueCode("REPLAY"), leads: ["BY"] }));
    const agree = { input: { measureId, status: "AGREED", expectedVersion: 1 } };
    const key = uniqueCode("agree-key");
    const first = await postWithKey(COORDINATOR, SET_STATUS, agree, key);
    expect(JSON.parse(first.body).data.setMeasureStatus.measure).toMatchObject({ status: "AGREED", version: 2 });

    const start = { input: { measureId, status: "IN_PROGRESS", expectedVersion: 2 } };
    expect((await server.requestAs(ministry("BY"), SET_STATUS, start)).errors).toBeUndefined();

    const retry = await postWithKey(COORDINATOR, SET_STATUS, agree, key);
    expect(retry).toEqual({ status: 200, body: first.body, replayed: "true" });
    const now = await server.requestAs<any>(COORDINATOR, `query($id: ID!) { node(id: $id) { ... on Measure { status version } } }`, { id: measureId });
    expect(now.data.node).toEqual({ status: "IN_PROGRESS", version: 3 });
  });

  it("refuses the key for the same input under another operation document", async () => {
    const measureId = toGlobalId("Measure", await createMeasure(server.database.db, { code: uniqueCode("REPLAY"), leads: ["BY"] }));
    const agree = { input: { measureId, status: "AGREED", expectedVersion: 1 } };
    const key = uniqueCode("doc-key");
    expect(JSON.parse((await postWithKey(COORDINATOR, SET_STATUS, agree, key)).body).errors).toBeUndefined();
    const otherFields = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id } } }`;
    const retry = await server.requestAs(COORDINATOR, otherFields, agree, { "idempotency-key": key });
    expect(retry.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("gives retries sent at once one change and the same answer", async () => {
    const measureId = toGlobalId("Measure", await createMeasure(server.database.db, { code: uniqueCode("REPLAY"), leads: ["BY"] }));
    const agree = { input: { measureId, status: "AGREED", expectedVersion: 1 } };
    const key = uniqueCode("race-key");
    const answers = await Promise.all([1, 2, 3].map(() => postWithKey(COORDINATOR, SET_STATUS, agree, key)));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers.filter((answer) => answer.replayed === "true")).toHaveLength(2);
    expect(JSON.parse(answers[0]!.body).data.setMeasureStatus.measure.version).toBe(2);
    const changes = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, fromGlobalIdOf("Measure", measureId)));
    expect(changes.filter((change) => change.entityType === "Measure" && change.operation === "setMeasureStatus")).toHaveLength(1);
  });

  it("is forgotten after a day: the same key then makes a new change", async () => {
    const key = { "idempotency-key": uniqueCode("old-key") };
    const first = await server.requestAs<any>(ministry("HU"), CREATE, { input: newMeasureInput({ leadSignatoryCode: "HU", contributingSignatoryCodes: [] }) }, key);
    expect(first.errors).toBeUndefined();
    await server.database.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(idempotencyKeys.key, key["idempotency-key"]));
    const later = await server.requestAs<any>(ministry("HU"), CREATE, { input: newMeasureInput({ leadSignatoryCode: "HU", contributingSignatoryCodes: [] }) }, key);
    expect(later.errors).toBeUndefined();
    expect(later.data.createMeasure.measure.id).not.toBe(first.data.createMeasure.measure.id);
    const remembered = await server.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.principal, "MINISTRY:HU:ministry-hu"));
    expect(remembered).toHaveLength(1);
  });

  it("replays nothing to a token that shares the caller's sub but not its role or signatory: it gets the answer it gets without a key", async () => {
    const code = uniqueCode("IDEM");
    const measureId = toGlobalId("Measure", await createMeasure(server.database.db, { code, leads: ["BY"], contributors: ["LV"] }));
    const desk = "shared-desk";
    const coordinator: TokenClaims = { sub: desk, role: "COORDINATOR" };
    const agree = { input: { measureId, status: "AGREED", expectedVersion: 1 } };
    const key = { "idempotency-key": uniqueCode("agree") };
    expect((await server.requestAs(coordinator, SET_STATUS, agree, key)).errors).toBeUndefined();
    expect((await server.requestAs(coordinator, SET_STATUS, agree, key)).errors).toBeUndefined();
    for (const claims of [{ sub: desk, role: "MINISTRY", signatory: "PL" }, { sub: desk, role: "AUDITOR" }] as TokenClaims[]) {
      await expectRefused("FORBIDDEN", () => server.requestAs(claims, SET_STATUS, agree));
      await expectRefused("FORBIDDEN", () => server.requestAs(claims, SET_STATUS, agree, key));
    }

    // Between ministries: Latvia contributes to the measure, Poland does not.
    const report = { input: { measureId, expectedVersion: 2, text: "Drafted the agreement" } };
    const reportKey = { "idempotency-key": uniqueCode("report") };
    expect((await server.requestAs({ sub: desk, role: "MINISTRY", signatory: "LV" }, PROGRESS, report, reportKey)).errors).toBeUndefined();
    await expectRefused("FORBIDDEN", () => server.requestAs({ sub: desk, role: "MINISTRY", signatory: "PL" }, PROGRESS, report));
    await expectRefused("FORBIDDEN", () => server.requestAs({ sub: desk, role: "MINISTRY", signatory: "PL" }, PROGRESS, report, reportKey));
  });

  it("is scoped to the caller", async () => {
    const key = { "idempotency-key": uniqueCode("shared-key") };
    const mine = await server.requestAs<any>(ministry("LV"), CREATE, { input: newMeasureInput({ leadSignatoryCode: "LV", contributingSignatoryCodes: [] }) }, key);
    const theirs = await server.requestAs<any>(ministry("FI"), CREATE, { input: newMeasureInput({ leadSignatoryCode: "FI", contributingSignatoryCodes: [] }) }, key);
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.createMeasure.measure.id).not.toBe(mine.data.createMeasure.measure.id);
  });
});
