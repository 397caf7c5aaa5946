import type { TokenClaims } from "../src/auth/tokens";
import { startTestServer, type TestServer } from "./helpers/server";

const COORDINATOR: TokenClaims = { sub: "secretariat", role: "COORDINATOR" };
const BY_MINISTRY: TokenClaims = { sub: "minsk-desk", role: "MINISTRY", signatory: "BY" };
const FI_MINISTRY: TokenClaims = { sub: "helsinki-desk", role: "MINISTRY", signatory: "FI" };
const AUDITOR: TokenClaims = { sub: "court-of-auditors", role: "AUDITOR" };

const LAB_2 = `query { measure(partnershipCode: "EU-BY", code: "LAB-2") { id code version status nextStatuses leads { code } } }`;
const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status version } } }`;

describe("lookups a frontend needs", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("finds a measure by its partnership's code and its own, and a project by code; null for what does not exist", async () => {
    const found = await server.query(LAB_2);
    expect(found.measure).toMatchObject({ code: "LAB-2", status: "PROPOSED", leads: [{ code: "BY" }] });
    const { node } = await server.query(`query($id: ID!) { node(id: $id) { ... on Measure { code partnership { code } } } }`, { id: found.measure.id });
    expect(node).toEqual({ code: "LAB-2", partnership: { code: "EU-BY" } });
    expect((await server.query(`{ measure(partnershipCode: "EU-BY", code: "NOPE-1") { code } }`)).measure).toBeNull();
    expect((await server.query(`{ measure(partnershipCode: "DEMO-9", code: "LAB-2") { code } }`)).measure).toBeNull();

    const { projects } = await server.query(`{ projects(first: 1) { nodes { code } } }`);
    const code = projects.nodes[0].code;
    expect((await server.query(`query($code: String!) { project(code: $code) { code } }`, { code })).project).toEqual({ code });
  });

  it("answers nextStatuses for the viewer who asks", async () => {
    const asked = async (claims?: TokenClaims) => {
      const result = claims ? await server.requestAs(claims, LAB_2) : await server.request(LAB_2);
      expect(result.errors).toBeUndefined();
      return (result.data as { measure: { nextStatuses: string[] } }).measure.nextStatuses;
    };
    // PROPOSED: agreeing and withdrawing are the coordinator's alone.
    expect(await asked()).toEqual(["AGREED", "WITHDRAWN"]);
    expect(await asked(COORDINATOR)).toEqual(["AGREED", "WITHDRAWN"]);
    expect(await asked(BY_MINISTRY)).toEqual([]);
    expect(await asked(AUDITOR)).toEqual([]);

    const { measure } = await server.query(LAB_2);
    const agreed = await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: measure.id, status: "AGREED", expectedVersion: measure.version } });
    expect(agreed.errors).toBeUndefined();
    // AGREED: the lead may start it or put it on hold; withdrawing stays the coordinator's.
    expect(await asked()).toEqual(["IN_PROGRESS", "ON_HOLD", "WITHDRAWN"]);
    expect(await asked(COORDINATOR)).toEqual(["IN_PROGRESS", "ON_HOLD", "WITHDRAWN"]);
    expect(await asked(BY_MINISTRY)).toEqual(["IN_PROGRESS", "ON_HOLD"]);
    expect(await asked(FI_MINISTRY)).toEqual([]);
    expect(await asked(AUDITOR)).toEqual([]);
  });
});

describe("errors a UI can show", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const VALID_STATUSES = "use one of PROPOSED, AGREED, IN_PROGRESS, ON_HOLD, COMPLETED, WITHDRAWN.";

  it("lists the valid values of an enum, in a literal and in a variable", async () => {
    expect(await server.badUserInput(`{ measures(filter: { statuses: [DONE] }) { totalCount } }`)).toBe(
      `Value "DONE" does not exist in "MeasureStatus" enum: ${VALID_STATUSES}`,
    );
    expect(await server.badUserInput(`query($s: [MeasureStatus!]) { measures(filter: { statuses: $s }) { totalCount } }`, { s: ["in_progress"] })).toBe(
      `Variable "$s" got invalid value "in_progress" at "s[0]"; Value "in_progress" does not exist in "MeasureStatus" enum: ${VALID_STATUSES}`,
    );
  });

  it("lists them in production too, without suggestions", async () => {
    const production = await startTestServer({ nodeEnv: "production" });
    try {
      const result = await production.request(`{ measures(filter: { statuses: [in_progress] }) { totalCount } }`);
      expect(result.errors?.[0]?.message).toBe(`Value "in_progress" does not exist in "MeasureStatus" enum: ${VALID_STATUSES}`);
    } finally {
      await production.stop();
    }
  });

  it("gives every page-size error the same shape and status: HTTP 400, no path, no data", async () => {
    const pages = [
      `{ measures(first: 101) { totalCount } }`,
      `{ measures(first: -1) { totalCount } }`,
      `{ measures(last: -1) { totalCount } }`,
      `{ partnerships(first: 101) { code } }`,
      `{ partnerships(first: -1) { code } }`,
      `{ measures(first: 1) { nodes { statusHistory(first: -1) { toStatus } } } }`,
      `{ measures(first: 1) { nodes { statusHistory(last: 101) { toStatus } } } }`,
    ];
    for (const query of pages) {
      const result = await server.request(query);
      expect({ query, status: result.status, data: result.data, errors: result.errors }).toEqual({
        query,
        status: 400,
        data: undefined,
        errors: [{ message: expect.stringMatching(/^(first|last) must not be (greater than 100|less than 0)$/), extensions: { code: "BAD_USER_INPUT" } }],
      });
    }
    const variable = await server.request(`query($n: Int) { measures(first: $n) { totalCount } }`, { n: -1 });
    expect(variable).toMatchObject({ status: 400, errors: [{ message: "first must not be less than 0", extensions: { code: "BAD_USER_INPUT" } }] });
    expect(variable.errors![0]).not.toHaveProperty("path");
  });

  it("says a disallowed move as a sentence: an IN_PROGRESS measure", async () => {
    const { measure } = await server.query(LAB_2);
    let version = measure.version;
    for (const status of ["AGREED", "IN_PROGRESS"]) {
      const moved = await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: measure.id, status, expectedVersion: version } });
      expect(moved.errors).toBeUndefined();
      version = (moved.data as { setMeasureStatus: { measure: { version: number } } }).setMeasureStatus.measure.version;
    }
    const refused = await server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: measure.id, status: "PROPOSED", expectedVersion: version } });
    expect(refused.errors?.[0]?.message).toBe("An IN_PROGRESS measure can move to ON_HOLD or COMPLETED or WITHDRAWN, not to PROPOSED");
  });
});
