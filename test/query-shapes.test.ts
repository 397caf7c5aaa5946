import { asc, eq, sql, type SQL } from "drizzle-orm";
import { inline, queryByShape, QueryValues, type Bind } from "../src/db/query-shapes";
import { signatories } from "../src/modules/partnerships/partnerships.tables";
import { openTestDatabase, type TestDatabase } from "./helpers/databases";

/** Selects prepared once per shape (src/db/query-shapes.ts), on the seed's signatories. */

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

type Signatory = { code: string };

/** Signatory codes matching `condition(bind)`, and how many times a select had to be built. */
function signatoryLookup(maxShapes?: number) {
  const run = queryByShape<Signatory>("signatories", maxShapes);
  let builds = 0;
  const codes = async (condition: (bind: Bind) => SQL) => {
    const values = new QueryValues();
    const where = condition(values.bind);
    const { db } = database;
    const build = () => {
      builds += 1;
      return db.select({ code: signatories.code }).from(signatories).where(where).orderBy(asc(signatories.code));
    };
    return (await run(db, [where], build, values)).map((row) => row.code);
  };
  return { codes, builds: () => builds };
}

describe("queryByShape", () => {
  it("builds a shape once and runs it with each call's values", async () => {
    const lookup = signatoryLookup();
    expect(await lookup.codes((bind) => eq(signatories.code, bind("PL")))).toEqual(["PL"]);
    expect(await lookup.codes((bind) => eq(signatories.code, bind("LT")))).toEqual(["LT"]);
    const oneOf = (codes: string[]) => (bind: Bind) => sql`${signatories.code} in (${sql.join(codes.map((code) => sql`${bind(code)}`), sql`, `)})`;
    expect(await lookup.codes(oneOf(["RO", "BG"]))).toEqual(["BG", "RO"]);
    expect(await lookup.codes(oneOf(["FI", "HU"]))).toEqual(["FI", "HU"]);
    // Three values make another statement than two.
    expect(await lookup.codes(oneOf(["FI", "HU", "EU"]))).toEqual(["EU", "FI", "HU"]);
    expect(lookup.builds()).toBe(3);
  });

  it("gives a value written into the statement a shape of its own, never a stale statement", async () => {
    const lookup = signatoryLookup();
    expect(await lookup.codes(() => eq(signatories.code, inline("PL")))).toEqual(["PL"]);
    expect(await lookup.codes(() => eq(signatories.code, inline("LT")))).toEqual(["LT"]);
    expect(await lookup.codes(() => eq(signatories.code, inline("PL")))).toEqual(["PL"]);
    expect(lookup.builds()).toBe(2);
  });

  it("keeps at most maxShapes shapes, the oldest going first", async () => {
    const lookup = signatoryLookup(2);
    const code = (value: string) => () => eq(signatories.code, value);
    await lookup.codes(code("PL"));
    await lookup.codes(code("LT"));
    await lookup.codes(code("LT"));
    expect(lookup.builds()).toBe(2);
    await lookup.codes(code("RO"));
    expect(await lookup.codes(code("PL"))).toEqual(["PL"]);
    expect(lookup.builds()).toBe(4);
  });
});
