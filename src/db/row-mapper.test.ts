import * as drizzle from "drizzle-orm";
import { sql } from "drizzle-orm";
import { boolean, date, integer, json, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { rowMapper, type SelectedField } from "./row-mapper";

// drizzle's own mapping, the reference: exported at run time, left out of its types.
const { mapResultRow, orderSelectedFields } = drizzle as unknown as {
  mapResultRow(fields: SelectedField[], row: unknown[], joinsNotNullableMap?: Record<string, boolean>): unknown;
  orderSelectedFields(selection: Record<string, unknown>): SelectedField[];
};

const items = pgTable("item", {
  id: integer().primaryKey(),
  title: text().notNull(),
  amount: numeric({ precision: 14, scale: 2 }),
  due: date({ mode: "string" }),
  active: boolean().notNull(),
  settings: json(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
const owners = pgTable("owner", {
  id: integer().primaryKey(),
  name: text().notNull(),
  seenAt: timestamp({ withTimezone: true }),
});

const rows: unknown[][] = [
  [1, "First", "1234.50", "2026-01-31", true, '{"a":1}', "2026-11-28 02:24:53.871+00", 7, "Owner", "2026-11-27 10:00:00+00", "3"],
  [2, "Second", null, null, false, null, "2026-11-28 03:00:00+00", null, null, null, "0"],
  [3, "Third", "0.01", "2030-12-31", true, "[]", "2026-11-28 04:00:00.5+00", 8, "Other", null, "12"],
];

function expectSameAsDrizzle(selection: Record<string, unknown>, joinsNotNullableMap?: Record<string, boolean>) {
  const fields = orderSelectedFields(selection);
  const cut = rows.map((row) => row.slice(0, fields.length));
  const expected = cut.map((row) => mapResultRow(fields, row, joinsNotNullableMap));
  const mapped = rowMapper(fields, joinsNotNullableMap)(cut);
  expect(mapped).toEqual(expected);
  // Same keys in the same order (rows end up in audit snapshots and JSON).
  expect(mapped.map((row) => JSON.stringify(row))).toEqual(expected.map((row) => JSON.stringify(row)));
  return mapped;
}

describe("rowMapper maps rows as drizzle does", () => {
  it("for a whole table: timestamps become dates, numerics stay exact strings", () => {
    const [first] = expectSameAsDrizzle(drizzle.getTableColumns(items)) as Record<string, unknown>[];
    expect(first!.createdAt).toEqual(new Date("2026-11-28T02:24:53.871Z"));
    expect(first!.amount).toBe("1234.50");
  });

  it("for a table with a left-joined one nested, null when its row is missing, and SQL fields with decoders", () => {
    const selection = {
      ...drizzle.getTableColumns(items),
      owner: owners,
      total: sql<number>`count(*)`.mapWith(Number),
    };
    const mapped = expectSameAsDrizzle(selection, { item: true, owner: false }) as Record<string, unknown>[];
    expect(mapped.map((row) => row.owner === null)).toEqual([false, true, false]);
    expect(mapped.map((row) => row.total)).toEqual([3, 0, 12]);
  });

  it("for nested objects of the main table's columns, and of a left-joined table's columns with a SQL field", () => {
    const selection = {
      id: items.id,
      money: { amount: items.amount, due: items.due },
      title: items.title,
      active: items.active,
      settings: items.settings,
      createdAt: items.createdAt,
      // The second row has this table's columns null but the SQL field not.
      owner: { id: owners.id, name: owners.name, seenAt: owners.seenAt, label: sql<string>`'label'` },
    };
    const mapped = expectSameAsDrizzle(selection, { item: true, owner: false }) as Record<string, unknown>[];
    expect(mapped.map((row) => row.owner === null)).toEqual([false, true, false]);
  });

  it("keeps an inner-joined table's object even when all its columns are null", () => {
    const mapped = expectSameAsDrizzle({ ...drizzle.getTableColumns(items), owner: owners, total: sql`1` }, { item: true, owner: true });
    expect(mapped[1]).toMatchObject({ owner: { id: null, name: null, seenAt: null } });
  });
});
