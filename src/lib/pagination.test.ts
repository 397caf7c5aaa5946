import { sql } from "drizzle-orm";
import { encodeCursor, paginate, type PageArgs, type SortKey } from "./pagination";

interface Row {
  id: number;
  code: string;
}

const sortKey: SortKey<Row> = { name: "CODE", expression: sql`code`, property: "code", valueOf: (row) => row.code, sqlType: "text" };

/** Runs paginate against an in-memory fetch that records the limit it was asked for. */
async function page(args: PageArgs, rows: Row[] = []) {
  const limits: number[] = [];
  const connection = await paginate<Row>({
    args,
    sortKey,
    direction: "ASC",
    idExpression: sql`id`,
    idOf: (row) => row.id,
    fetch: async (_boundary, _orderBy, limit) => {
      limits.push(limit);
      return rows.slice(0, limit);
    },
    count: async () => rows.length,
  });
  return { connection, limits };
}

const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, code: `C${i + 1}` }));

describe("paginate", () => {
  it("asks for one row more than the page to know whether another page follows", async () => {
    const { connection, limits } = await page({ first: 2 }, rows(5));
    expect(limits).toEqual([3]);
    expect(connection.nodes.map((r) => r.id)).toEqual([1, 2]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it("defaults to 20 and counts lazily", async () => {
    const { connection, limits } = await page({}, rows(3));
    expect(limits).toEqual([21]);
    expect(await connection.totalCount).toBe(3);
  });

  it("reverses a backward page into list order", async () => {
    const { connection } = await page({ last: 2 }, rows(5).reverse());
    expect(connection.nodes.map((r) => r.id)).toEqual([4, 5]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it.each<[PageArgs, RegExp]>([
    [{ first: 101 }, /first must be between 0 and 100/],
    [{ last: -1 }, /last must be between 0 and 100/],
    [{ first: 1, last: 1 }, /either first or last/],
    [{ after: "x", before: "y" }, /either after or before/],
    [{ after: "not-a-cursor" }, /is not a valid cursor/],
    [{ after: encodeCursor("TITLE", "x", 1) }, /belongs to the ordering TITLE, not CODE/],
    [{ after: Buffer.from(JSON.stringify(["CODE", "x", 2 ** 40])).toString("base64url") }, /not a valid cursor/],
  ])("rejects %j", async (args, message) => {
    await expect(page(args)).rejects.toMatchObject({ message: expect.stringMatching(message), extensions: { code: "BAD_USER_INPUT" } });
  });
});
