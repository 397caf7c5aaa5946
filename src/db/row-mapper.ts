import { Column, getTableName, is, noopDecoder, SQL, Subquery } from "drizzle-orm";

/** A selected field as drizzle lists it for a query: where it goes in the row, and what it is. */
export interface SelectedField {
  path: string[];
  field: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/**
 * drizzle's mapping of a result row (`mapResultRow`), worked out once per query instead of
 * for every value of every row: drizzle tests each field's class, walks its path with an
 * iterator and calls its decoder on every value, ~15% of the CPU of a page of 50 measures
 * (bench/RESULTS.md). Same result: nested objects by path, each value through its column's
 * decoder (identity ones skipped), and a left-joined table's object null when all its
 * columns are.
 */
export function rowMapper(fields: SelectedField[], joinsNotNullableMap?: Record<string, boolean>): (rows: unknown[][]) => unknown[] {
  const columns = fields.map(({ path, field }, index) => {
    const decoder = decoderOf(field);
    return {
      key: path[path.length - 1]!,
      parent: path.length === 2 ? path[0]! : undefined,
      // Nested objects are made where drizzle makes them, so keys keep drizzle's order.
      opensParent: path.length === 2 && !fields.slice(0, index).some((earlier) => earlier.path.length === 2 && earlier.path[0] === path[0]),
      decode: decoder === noopDecoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : decoder,
      table: is(field, Column) ? getTableName(field.table) : undefined,
    };
  });
  if (fields.some(({ path }) => path.length > 2)) throw new Error("rowMapper: selections nest at most one level");
  const nested = [...new Set(columns.flatMap((c) => (c.parent === undefined ? [] : [c.parent])))];
  // As drizzle: an object whose columns all come from one table that may be missing (left
  // joined) is null when all those columns are.
  const nullable = nested.flatMap((parent) => {
    const tableColumns = columns.flatMap((c, index) => (c.parent === parent && c.table !== undefined ? [{ index, table: c.table }] : []));
    const tables = new Set(tableColumns.map((c) => c.table));
    const [table] = tables;
    const mayBeMissing = joinsNotNullableMap && tables.size === 1 && !joinsNotNullableMap[table!];
    return mayBeMissing ? [{ parent, indexes: tableColumns.map((c) => c.index) }] : [];
  });

  const mapRow = (row: unknown[]) => {
    const result: Record<string, unknown> = {};
    for (let index = 0; index < columns.length; index++) {
      const { key, parent, opensParent, decode } = columns[index]!;
      const raw = row[index];
      const value = raw === null ? null : decode ? decode.mapFromDriverValue(raw) : raw;
      if (parent === undefined) result[key] = value;
      else ((opensParent ? (result[parent] = {}) : result[parent]) as Record<string, unknown>)[key] = value;
    }
    for (const { parent, indexes } of nullable) {
      if (indexes.every((index) => row[index] === null)) result[parent] = null;
    }
    return result;
  };
  return (rows) => rows.map(mapRow);
}

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder;
  return (field as { sql: { decoder: Decoder } }).sql.decoder;
}

/** What drizzle's prepared selects hold (on both drivers), unnamed in its public types. */
interface PreparedSelect {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
}

/** Gives a prepared drizzle select the row mapper above in place of drizzle's own. */
export function withRowMapper<Prepared>(prepared: Prepared): Prepared {
  const select = prepared as PreparedSelect;
  if (select.fields && !select.customResultMapper) select.customResultMapper = rowMapper(select.fields, select.joinsNotNullableMap);
  return prepared;
}

/**
 * Runs a drizzle select (a query built for this request) with the row mapper above, its
 * placeholders filled from `values`. Unnamed, as awaiting the select would run it: whether
 * PostgreSQL keeps it prepared stays the connection policy's choice (src/db/client.ts).
 */
export function runSelect<Row>(select: PromiseLike<Row[]>, values: Record<string, unknown> = {}): Promise<Row[]> {
  const prepared = (select as unknown as { _prepare(): { execute(values: Record<string, unknown>): Promise<Row[]> } })._prepare();
  return withRowMapper(prepared).execute(values);
}
