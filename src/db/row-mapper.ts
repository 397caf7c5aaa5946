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
 *
 * A query's rows are made by a function written for its selection, one object literal per
 * row: a loop storing each value under a key read from a list costs ~10x more per row (a
 * store whose key changes at every step, ~3.5% of the CPU of a page of projects with their
 * budget lines). The keys are the selection's own, from this program, never a client's.
 */
export function rowMapper(fields: SelectedField[], joinsNotNullableMap?: Record<string, boolean>): (rows: unknown[][]) => unknown[] {
  if (fields.some(({ path }) => path.length > 2)) throw new Error("rowMapper: selections nest at most one level");
  // In an object literal this key would set the prototype rather than a property.
  if (fields.some(({ path }) => path.includes("__proto__"))) throw new Error("rowMapper: no key may be __proto__");
  const columns = fields.map(({ path, field }) => {
    const decoder = decoderOf(field);
    return {
      key: path[path.length - 1]!,
      parent: path.length === 2 ? path[0]! : undefined,
      decoder: decoder === noopDecoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : decoder,
      table: is(field, Column) ? getTableName(field.table) : undefined,
    };
  });
  const valueAt = (index: number) =>
    columns[index]!.decoder ? `(row[${index}] === null ? null : decoders[${index}].mapFromDriverValue(row[${index}]))` : `row[${index}]`;
  // Nested objects come where drizzle makes them (at their first column), so keys keep drizzle's order.
  const entries: string[] = [];
  const nestedDone = new Set<string>();
  columns.forEach(({ key, parent }, index) => {
    if (parent === undefined) {
      entries.push(`${JSON.stringify(key)}: ${valueAt(index)}`);
      return;
    }
    if (nestedDone.has(parent)) return;
    nestedDone.add(parent);
    const members = columns.flatMap((column, at) => (column.parent === parent ? [at] : []));
    const object = `{ ${members.map((at) => `${JSON.stringify(columns[at]!.key)}: ${valueAt(at)}`).join(", ")} }`;
    // As drizzle: an object whose columns all come from one table that may be missing (left
    // joined) is null when all those columns are.
    const ofTables = members.filter((at) => columns[at]!.table !== undefined);
    const tables = new Set(ofTables.map((at) => columns[at]!.table!));
    const [table] = tables;
    const mayBeMissing = joinsNotNullableMap && tables.size === 1 && !joinsNotNullableMap[table!];
    const missing = ofTables.map((at) => `row[${at}] === null`).join(" && ");
    entries.push(`${JSON.stringify(parent)}: ${mayBeMissing ? `${missing} ? null : ${object}` : object}`);
  });
  const decoders = columns.map((column) => column.decoder);
  const mapRow = new Function("decoders", "row", `return { ${entries.join(", ")} };`) as (decoders: unknown[], row: unknown[]) => unknown;
  return (rows) => rows.map((row) => mapRow(decoders, row));
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
