import { and, count, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client";
import { inline, type Bind, type QueryValues } from "../db/query-shapes";
import { runSelect } from "../db/row-mapper";
import { isCalendarDate } from "./calendar-date";
import { badUserInput } from "../graphql/errors";
import { truncate } from "./global-id";

/**
 * Relay-style keyset pagination. Rows are ordered by one sort key plus the row id as a
 * unique tiebreak, so cursors stay stable while rows are added or changed elsewhere:
 * a page is "the rows after (value, id)", never "rows 40 to 60".
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export type SortDirection = "ASC" | "DESC";

/** One way a list can be ordered: a SQL expression, how to read its value off a row, its SQL type. */
export interface SortKey<Row> {
  /** Names the ordering inside cursors, so a cursor cannot be used with another ordering. */
  name: string;
  expression: SQL;
  /** The row property it orders by: a page selects it, whatever else it leaves out (see columnsFor). */
  property: keyof Row & string;
  valueOf: (row: Row) => string | number;
  sqlType: "text" | "date" | "integer";
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<Row> {
  readonly edges: { cursor: string; node: Row }[];
  nodes: Row[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for it: a getter, so the query runs on access. */
  readonly totalCount: Promise<number>;
}

export interface PageQuery<Row> {
  args: PageArgs;
  sortKey: SortKey<Row>;
  direction: SortDirection;
  /** The row id column's SQL, the unique tiebreak. */
  idExpression: SQL;
  idOf: (row: Row) => number;
  /** Fetches rows matching `boundary` (may be undefined), in `orderBy` order, at most `limit`. */
  fetch: (boundary: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>;
  count: () => Promise<number>;
  /** How the cursor's values go into `boundary`: inline by default; as placeholders for a query prepared by shape. */
  bind?: Bind;
}

export async function paginate<Row>(query: PageQuery<Row>): Promise<Connection<Row>> {
  const { args, sortKey, idExpression, idOf, bind = inline } = query;
  const { size, backwards } = pageWindow(args);
  const cursor = args.after ?? args.before;
  const boundaryValues = cursor == null ? undefined : decodeCursor(cursor, sortKey);

  // Walking backwards (last/before) reads the order reversed, then flips the page back.
  const ascending = (query.direction === "ASC") !== backwards;
  const comparator = ascending ? sql`>` : sql`<`;
  const direction = ascending ? sql`asc` : sql`desc`;
  const boundary =
    boundaryValues &&
    sql`(${sortKey.expression}, ${idExpression}) ${comparator} (${bind(boundaryValues[0])}::${sql.raw(sortKey.sqlType)}, ${bind(boundaryValues[1])}::integer)`;
  const orderBy = [sql`${sortKey.expression} ${direction}`, sql`${idExpression} ${direction}`];

  const fetched = await query.fetch(boundary, orderBy, size + 1);
  const hasMore = fetched.length > size;
  const rows = fetched.slice(0, size);
  if (backwards) rows.reverse();

  const cursorOf = (node: Row | undefined) => (node === undefined ? null : encodeCursor(sortKey.name, sortKey.valueOf(node), idOf(node)));
  let edges: Connection<Row>["edges"] | undefined;
  let counted: Promise<number> | undefined;
  return {
    // Made when read: a client that asks for nodes needs no cursor per row.
    get edges() {
      edges ??= rows.map((node) => ({ cursor: cursorOf(node)!, node }));
      return edges;
    },
    nodes: rows,
    pageInfo: {
      // Only the side we walked is known exactly; the other side holds at least the cursor's row.
      hasNextPage: backwards ? args.before != null : hasMore,
      hasPreviousPage: backwards ? hasMore : args.after != null,
      startCursor: cursorOf(rows[0]),
      endCursor: cursorOf(rows.at(-1)),
    },
    get totalCount() {
      counted ??= query.count();
      return counted;
    },
  };
}

/**
 * A list's total (`totalCount`): every row of `table` matching `where` (its placeholders, if
 * any, filled from `values`). Asked for (`wanted`), it is counted in the page's own statement,
 * a statement less: `column` goes into the page's select (an uncorrelated subquery, run once)
 * and `read` takes it off the fetched rows. `count` answers from that, and counts in a
 * statement of its own otherwise (not asked for, or a page that came back empty).
 */
export function pageTotal(db: Executor, table: PgTable, where: SQL | undefined, { wanted, values }: { wanted: boolean; values?: QueryValues }) {
  let known: number | undefined;
  return {
    column: wanted
      ? sql<number | null>`(select count(*) from ${table}${where ? sql` where ${where}` : sql``})`.mapWith(Number)
      : sql<number | null>`null`,
    read(rows: { total: number | null }[]): void {
      known = rows[0]?.total ?? undefined;
    },
    count: async (): Promise<number> => {
      if (known !== undefined) return known;
      const [row] = await runSelect(db.select({ total: count() }).from(table).where(where), values?.values);
      return row?.total ?? 0;
    },
  };
}

/**
 * A page of one table's whole rows matching `where`, in `sortKey` order (the row id breaks
 * ties), with its total counted in the same statement when the query asks for it.
 */
export function pageOfRows<Row extends { id: number }>(
  db: Executor,
  table: PgTable & { id: AnyPgColumn; $inferSelect: Row },
  query: { where: SQL | undefined; args: PageArgs; sortKey: SortKey<Row>; direction: SortDirection; totalCount: boolean },
): Promise<Connection<Row>> {
  const { where, args, sortKey, direction } = query;
  const total = pageTotal(db, table, where, { wanted: query.totalCount });
  return paginate<Row>({
    args,
    sortKey,
    direction,
    idExpression: sql`${table.id}`,
    idOf: (row) => row.id,
    fetch: async (boundary, orderBy, limit) => {
      const rows = await runSelect(
        db.select({ row: table, total: total.column }).from(table).where(and(where, boundary)).orderBy(...orderBy).limit(limit),
      );
      total.read(rows);
      // drizzle types a generic table's rows as string-keyed records; they are its $inferSelect rows.
      return rows.map(({ row }) => row as Row);
    },
    count: total.count,
  });
}

function pageWindow(args: PageArgs): { size: number; backwards: boolean } {
  if (args.first != null && args.last != null) {
    throw badUserInput("Pass either first or last, not both");
  }
  if (args.after != null && args.before != null) {
    throw badUserInput("Pass either after or before, not both");
  }
  if (args.last != null && args.after != null) {
    throw badUserInput("last goes with before, not with after");
  }
  if (args.first != null && args.before != null) {
    throw badUserInput("first goes with after, not with before");
  }
  const backwards = args.last != null || args.before != null;
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`${args.last != null ? "last" : "first"} must be between 0 and ${MAX_PAGE_SIZE} (got ${size})`);
  }
  return { size, backwards };
}

export function encodeCursor(ordering: string, value: string | number, id: number): string {
  return Buffer.from(JSON.stringify([ordering, value, id]), "utf8").toString("base64url");
}

// A cursor's sort value goes back into SQL with a cast: check it has that type's shape, so
// a tampered cursor is the client's error, not a database error.
const VALUE_SHAPES: Record<SortKey<unknown>["sqlType"], (value: unknown) => boolean> = {
  text: (value) => typeof value === "string",
  date: (value) => typeof value === "string" && (value === "infinity" || isCalendarDate(value)),
  integer: isInt4,
};

function isInt4(value: unknown): boolean {
  return Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
}

function decodeCursor<Row>(cursor: string, sortKey: SortKey<Row>): [string | number, number] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const invalid = () => badUserInput(`"${truncate(cursor)}" is not a valid cursor; use a cursor returned by this API`);
  if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== "string" || !isInt4(decoded[2])) {
    throw invalid();
  }
  if (decoded[0] !== sortKey.name) {
    throw badUserInput(
      `This cursor belongs to the ordering ${decoded[0]}, not ${sortKey.name}; start again without a cursor`,
    );
  }
  if (!VALUE_SHAPES[sortKey.sqlType](decoded[1])) throw invalid();
  return [decoded[1], decoded[2]];
}
