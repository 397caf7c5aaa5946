import { eq } from "drizzle-orm";
import { auditEvents } from "../src/modules/audit/audit.tables";
import { measures, measureStatusChanges } from "../src/modules/measures/measures.tables";
import { countRows, createMeasure, uniqueCode } from "./helpers/factories";
import { testDatabaseUrl } from "./helpers/databases";
import { startTestServer, type TestServer } from "./helpers/server";
import { COORDINATOR } from "./helpers/claims";

// PGlite runs one statement at a time, so these races only race on PostgreSQL
// (TEST_DATABASE_URL); on PGlite they still check the outcome of requests arriving together.
const racing = testDatabaseUrl() ? "on PostgreSQL, racing" : "on PGlite, serialised";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const SET_STATUS = `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { measure { version status } } }`;

describe(`concurrent changes (${racing})`, () => {
  it("of changes from the same version, exactly one succeeds and the others get CONFLICT", async () => {
    for (let round = 0; round < 8; round++) {
      const measureId = await createMeasure(server.database.db, { code: uniqueCode("RACE") });
      const { measures: page } = await server.query(`query($q: String) { measures(filter: { search: $q }) { nodes { id } } }`, {
        q: (await server.database.db.select({ code: measures.code }).from(measures).where(eq(measures.id, measureId)))[0]!.code,
      });
      const id = page.nodes[0].id;
      const auditBefore = await countRows(server.database.db, auditEvents);
      const attempts = ["AGREED", "WITHDRAWN", "AGREED", "WITHDRAWN"].map((status) =>
        server.requestAs(COORDINATOR, SET_STATUS, { input: { measureId: id, status, expectedVersion: 1, reason: "race" } }),
      );
      const results = await Promise.all(attempts);
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();
      expect(codes).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "OK"]);

      const [row] = await server.database.db.select().from(measures).where(eq(measures.id, measureId));
      expect(row!.version).toBe(2);
      const history = await server.database.db.select().from(measureStatusChanges).where(eq(measureStatusChanges.measureId, measureId));
      expect(history).toHaveLength(2);
      expect(history[1]!.toStatus).toBe(row!.status);
      expect(await countRows(server.database.db, auditEvents)).toBe(auditBefore + 1);
    }
  });

  it("requests with the same Idempotency-Key arriving together make one change", async () => {
    const code = uniqueCode("IDEM");
    const input = {
      partnershipCode: "EU-BY",
      code,
      title: "Arrives five times",
      policyAreaCode: "ASYLUM",
      leadSignatoryCode: "BY",
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        server.requestAs<any>(COORDINATOR, `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { measure { id } } }`, { input }, {
          "idempotency-key": `together-${code}`,
        }),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.createMeasure.measure.id)).size).toBe(1);
    expect(await server.database.db.select().from(measures).where(eq(measures.code, code))).toHaveLength(1);
  });
});
