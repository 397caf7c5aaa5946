import { eq } from "drizzle-orm";
import type { TokenClaims } from "../src/auth/tokens";
import { toGlobalId } from "../src/lib/global-id";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { measures } from "../src/modules/measures/measures.tables";
import { countRows, createMeasure, uniqueCode } from "./helpers/factories";
import { startTestServer, type TestServer } from "./helpers/server";

/**
 * Every role against every measure mutation. The measure is led by PL with LT contributing;
 * HU has nothing to do with it. A refused request changes nothing and leaves no audit row.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

type Outcome = "OK" | "UNAUTHENTICATED" | "FORBIDDEN";
const ROLES: [string, TokenClaims | null][] = [
  ["anonymous", null],
  ["AUDITOR", { sub: "auditor", role: "AUDITOR" }],
  ["MINISTRY of the lead (PL)", { sub: "pl", role: "MINISTRY", signatory: "PL" }],
  ["MINISTRY of a contributor (LT)", { sub: "lt", role: "MINISTRY", signatory: "LT" }],
  ["MINISTRY of another signatory (HU)", { sub: "hu", role: "MINISTRY", signatory: "HU" }],
  ["COORDINATOR", { sub: "coordinator", role: "COORDINATOR" }],
];

interface MutationCase {
  name: string;
  /** Expected outcome per role, in the order of ROLES. */
  outcomes: Outcome[];
  request: (measureId: string) => { query: string; variables: Record<string, unknown> };
}

const CASES: MutationCase[] = [
  {
    name: "createMeasure (led by PL)",
    outcomes: ["UNAUTHENTICATED", "FORBIDDEN", "OK", "FORBIDDEN", "FORBIDDEN", "OK"],
    request: () => ({
      query: `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id } } }`,
      variables: {
        input: { partnershipCode: "EU-BY", code: uniqueCode("RM"), title: "Matrix", policyAreaCode: "ASYLUM", leadSignatoryCode: "PL" },
      },
    }),
  },
  {
    name: "setMeasureStatus (AGREED -> IN_PROGRESS)",
    outcomes: ["UNAUTHENTICATED", "FORBIDDEN", "OK", "FORBIDDEN", "FORBIDDEN", "OK"],
    request: (measureId) => ({
      query: `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { id } } }`,
      variables: { input: { measureId, status: "IN_PROGRESS", expectedVersion: 1 } },
    }),
  },
  {
    name: "updateMeasure",
    outcomes: ["UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "OK"],
    request: (measureId) => ({
      query: `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { measure { id } } }`,
      variables: { input: { measureId, expectedVersion: 1, title: "Retitled" } },
    }),
  },
  {
    name: "addMeasureProgressUpdate",
    outcomes: ["UNAUTHENTICATED", "FORBIDDEN", "OK", "OK", "FORBIDDEN", "OK"],
    request: (measureId) => ({
      query: `mutation($input: AddMeasureProgressUpdateInput!) { addMeasureProgressUpdate(input: $input) { measure { id } } }`,
      variables: { input: { measureId, expectedVersion: 1, text: "Done our part" } },
    }),
  },
];

const matrix = CASES.flatMap((mutation) => ROLES.map(([role, claims], i) => [mutation.name, role, mutation.outcomes[i]!, mutation, claims] as const));

it.each(matrix)("%s as %s: %s", async (_name, _role, outcome, mutation, claims) => {
  const rowId = await createMeasure(server.database.db, { code: uniqueCode("M"), status: "AGREED", leads: ["PL"], contributors: ["LT"] });
  const { query, variables } = mutation.request(toGlobalId("Measure", rowId));
  const measureBefore = await server.database.db.select().from(measures).where(eq(measures.id, rowId));
  const auditBefore = await countRows(server.database.db, auditEvents);

  const result = claims ? await server.requestAs(claims, query, variables) : await server.request(query, variables);

  if (outcome === "OK") {
    expect(result.errors).toBeUndefined();
    expect(await countRows(server.database.db, auditEvents)).toBe(auditBefore + 1);
  } else {
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([outcome]);
    expect(await countRows(server.database.db, auditEvents)).toBe(auditBefore);
    expect(await server.database.db.select().from(measures).where(eq(measures.id, rowId))).toEqual(measureBefore);
  }
});
