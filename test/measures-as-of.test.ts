import type { TokenClaims } from "../src/auth/tokens";
import { uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";
import { COORDINATOR, ministry } from "./helpers/claims";

/**
 * measures(asOf:) against a scripted sequence of status changes: the moments between the
 * steps are taken on this machine's clock (the database's), with a pause on either side so
 * that no change and no moment share a millisecond.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const BY = ministry("BY");

const CREATE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id code version } } }`;
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { version } } }`;
const AS_OF = `query($asOf: DateTime, $filter: MeasureFilter) {
  measures(asOf: $asOf, filter: $filter, first: 100) { totalCount nodes { code status overdue } } }`;

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

/** A moment strictly between what happened before and what happens next. */
async function moment(): Promise<string> {
  await pause();
  const now = new Date().toISOString();
  await pause();
  return now;
}

async function send(claims: TokenClaims, query: string, input: Record<string, unknown>) {
  const result = await server.requestAs<any>(claims, query, { input });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data)[0] as any;
}

const code = uniqueCode("ASOF");
const moments: Record<string, string> = {};

beforeAll(async () => {
  moments.beforeCreation = await moment();
  const { measure } = await send(BY, CREATE, {
    partnershipCode: "EU-BY",
    code,
    title: "Scripted measure",
    policyAreaCode: "ASYLUM",
    leadSignatoryCode: "BY",
    deadline: "2020-06-30",
  });
  let version = measure.version as number;
  const step = async (claims: TokenClaims, status: string, reason?: string) => {
    version = (await send(claims, SET_STATUS, { measureId: measure.id, expectedVersion: version, status, reason })).measure.version;
  };
  moments.proposed = await moment();
  await step(COORDINATOR, "AGREED");
  moments.agreed = await moment();
  await step(BY, "IN_PROGRESS");
  moments.inProgress = await moment();
  await step(BY, "ON_HOLD", "Waiting for the budget");
  moments.onHold = await moment();
  await step(BY, "IN_PROGRESS");
  await step(BY, "COMPLETED");
  moments.completed = await moment();
});

async function statusAt(asOf: string | null) {
  const data = await server.query(AS_OF, { asOf, filter: { search: code } });
  return data.measures.nodes.map((m: { code: string; status: string }) => m.status);
}

describe("measures(asOf:)", () => {
  it("gives each moment's status from the history, and leaves out what did not exist yet", async () => {
    expect(await statusAt(moments.beforeCreation!)).toEqual([]);
    expect(await statusAt(moments.proposed!)).toEqual(["PROPOSED"]);
    expect(await statusAt(moments.agreed!)).toEqual(["AGREED"]);
    expect(await statusAt(moments.inProgress!)).toEqual(["IN_PROGRESS"]);
    expect(await statusAt(moments.onHold!)).toEqual(["ON_HOLD"]);
    expect(await statusAt(moments.completed!)).toEqual(["COMPLETED"]);
    expect(await statusAt(null)).toEqual(["COMPLETED"]);
  });

  it("filters by the status at that moment, not today's", async () => {
    const onHoldThen = await server.query(AS_OF, { asOf: moments.onHold, filter: { statuses: ["ON_HOLD"], partnershipCode: "EU-BY" } });
    expect(onHoldThen.measures.nodes.map((m: { code: string }) => m.code)).toEqual([code]);
    expect(onHoldThen.measures.totalCount).toBe(1);
    const completedThen = await server.query(AS_OF, { asOf: moments.onHold, filter: { statuses: ["COMPLETED"], search: code } });
    expect(completedThen.measures.nodes).toEqual([]);
  });

  it("judges overdue by the deadline against that moment and the status then", async () => {
    // The deadline, 2020-06-30, has passed for every moment of the script: overdue until completed.
    const at = async (asOf: string) => (await server.query(AS_OF, { asOf, filter: { search: code } })).measures.nodes[0].overdue;
    expect(await at(moments.onHold!)).toBe(true);
    expect(await at(moments.completed!)).toBe(false);
    const beforeDeadline = await server.query(AS_OF, { asOf: "2020-01-01T00:00:00Z", filter: { partnershipCode: "EU-BY", overdue: true } });
    // Nothing existed on 2020-01-01 in this database: the seed and the script are recent.
    expect(beforeDeadline.measures.totalCount).toBe(0);
  });

  it("the seed's measures exist from the moment they were seeded, all PROPOSED", async () => {
    const now = await server.query(AS_OF, { asOf: new Date().toISOString(), filter: { partnershipCode: "EU-BY", statuses: ["PROPOSED"] } });
    expect(now.measures.totalCount).toBe(17);
  });

  it("a malformed moment is BAD_USER_INPUT", async () => {
    const result = await server.request(AS_OF, { asOf: "yesterday" });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

it("finds the seeded recommendations from the date the brief gives on, none before it", async () => {
  const count = async (asOf: string) =>
    ((await server.query(AS_OF, { asOf, filter: { partnershipCode: "EU-BY" } })) as any).measures.nodes.filter((m: { code: string }) => !m.code.startsWith("ASOF"));
  expect(await count("2019-06-30T00:00:00Z")).toEqual([]);
  const atEndOf2020 = await count("2020-12-31T00:00:00Z");
  expect(atEndOf2020).toHaveLength(17);
  expect(new Set(atEndOf2020.map((m: { status: string }) => m.status))).toEqual(new Set(["PROPOSED"]));
});
