import { eq, sql } from "drizzle-orm";
import { DASHBOARD, FUNDING_SUMMARY, MEASURE_HISTORY, PROJECTS_BY_INSTRUMENT } from "../bench/operations";
import { toGlobalId } from "../src/lib/global-id";
import { measures } from "../src/modules/measures/measures.tables";
import { COORDINATOR, ministry } from "./helpers/claims";
import { createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type GraphQLResult, type TestServer } from "./helpers/server";

/**
 * A query text runs on graphql-js the first time and compiled by graphql-jit from then on
 * (GRAPHQL_COMPILE_FROM_USE=2, the default; src/graphql/execution.ts). The rest of the suite
 * runs compiled from the first use; here each request is sent twice and the two answers
 * (data, errors with their codes, paths and locations, HTTP status, SQL statements) must be
 * the same.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRAPHQL_COMPILE_FROM_USE: "2" } });
});

afterAll(async () => {
  await server.stop();
});

type Send = () => Promise<GraphQLResult<unknown>>;

async function expectSameTwice(send: Send): Promise<GraphQLResult<unknown>> {
  const onGraphqlJs = await send();
  const compiled = await send();
  expect(compiled).toEqual(onGraphqlJs);
  return compiled;
}

const MEASURE_BY_ID_ON_EVERY_SIDE = /* GraphQL */ `
  query Shapes($id: ID!, $withHistory: Boolean!, $skipArea: Boolean!) {
    first: node(id: $id) {
      __typename
      id
      ... on Measure {
        ...Essentials
        area: policyArea @skip(if: $skipArea) { code }
        statusHistory @include(if: $withHistory) { toStatus }
      }
      ... on Signatory { code }
    }
    again: node(id: $id) { ... on Measure { code } }
  }
  fragment Essentials on Measure { code title status overdue leads { code name } }
`;

describe("compiled execution answers as graphql-js does", () => {
  it("for the benchmark's reads", async () => {
    const [instrument] = await server.database.db.execute(sql`select code from funding_instrument order by id limit 1`).then((r) =>
      Array.isArray(r) ? r : (r as { rows: unknown[] }).rows,
    );
    const [measure] = await server.database.db.select({ id: measures.id }).from(measures).limit(1);
    const measureId = toGlobalId("Measure", measure!.id);
    const reads: [string, Record<string, unknown>][] = [
      [DASHBOARD, { partnershipCode: "EU-BY", first: 50 }],
      [MEASURE_HISTORY, { id: measureId }],
      [PROJECTS_BY_INSTRUMENT, { instrumentCode: (instrument as { code: string }).code, first: 50 }],
      [FUNDING_SUMMARY, { partnershipCode: "EU-BY" }],
    ];
    for (const [query, variables] of reads) {
      const result = await expectSameTwice(() => server.request(query, variables));
      expect(result.errors).toBeUndefined();
    }
  });

  it("for fragments, aliases, directives, __typename and an abstract type", async () => {
    const [measure] = await server.database.db.select({ id: measures.id }).from(measures).limit(1);
    for (const [id, withHistory, skipArea] of [
      [toGlobalId("Measure", measure!.id), true, false],
      [toGlobalId("Measure", measure!.id), false, true],
      [toGlobalId("Signatory", 1), true, true],
    ] as const) {
      const result = await expectSameTwice(() => server.request(MEASURE_BY_ID_ON_EVERY_SIDE, { id, withHistory, skipArea }));
      expect(result.errors).toBeUndefined();
    }
  });

  it("for introspection", async () => {
    const result = await expectSameTwice(() =>
      server.request(`{ __schema { queryType { name } } __type(name: "Measure") { name fields { name type { name kind } } } }`),
    );
    expect(result.data).toMatchObject({ __schema: { queryType: { name: "Query" } }, __type: { name: "Measure" } });
  });

  it("for errors a client causes: input, variables, permissions", async () => {
    const badId = await expectSameTwice(() => server.request(MEASURE_HISTORY, { id: "not-an-id" }));
    expect(badId.errors?.map((e) => [e.extensions?.code, e.path, e.locations])).toEqual([["BAD_USER_INPUT", ["node"], [{ line: 3, column: 5 }]]]);

    const badVariable = await expectSameTwice(() => server.request(DASHBOARD, { partnershipCode: "EU-BY", first: "fifty" }));
    expect(badVariable.status).toBe(400);

    const create = /* GraphQL */ `
      mutation Create($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { code } } }
    `;
    const othersMeasure = { partnershipCode: "EU-BY", code: uniqueCode("JIT"), title: "Not ours", policyAreaCode: "ASYLUM", leadSignatoryCode: "BY" };
    const forbidden = await expectSameTwice(() => server.requestAs(ministry("PL"), create, { input: othersMeasure }));
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);

    const tooLong = await expectSameTwice(() => server.requestAs(COORDINATOR, create, { input: { ...othersMeasure, title: "x".repeat(10_000) } }));
    expect(tooLong.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("for input fields left to their defaults", async () => {
    const create = /* GraphQL */ `
      mutation Create($input: CreateMeasureInput!) {
        createMeasure(input: $input) { measure { description responsibilities { role signatory { code } } } }
      }
    `;
    const input = () => ({ partnershipCode: "EU-BY", code: uniqueCode("JIT"), title: "Defaults", policyAreaCode: "ASYLUM", leadSignatoryCode: "BY" });
    await expectSameTwice(async () => {
      const result = await server.requestAs(COORDINATOR, create, { input: input() });
      expect(result.errors).toBeUndefined();
      return result;
    });
  });

  it("for a database error behind a resolver, mapped the same way and changing nothing", async () => {
    const code = uniqueCode("JIT-NOAUDIT");
    const id = await createMeasure(server.database.db, { code });
    const setStatus = /* GraphQL */ `
      mutation Set($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { status } } }
    `;
    await server.database.db.execute(sql`alter table audit_event add constraint jit_audit_refused check (false) not valid`);
    try {
      const refused = await expectSameTwice(() =>
        server.requestAs(COORDINATOR, setStatus, { input: { measureId: toGlobalId("Measure", id), status: "AGREED", expectedVersion: 1 } }),
      );
      expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["BAD_USER_INPUT", "A value is outside what is allowed"]]);
    } finally {
      await server.database.db.execute(sql`alter table audit_event drop constraint jit_audit_refused`);
    }
    const [row] = await server.database.db.select({ status: measures.status }).from(measures).where(eq(measures.id, id));
    expect(row!.status).toBe("PROPOSED");
  });
});
