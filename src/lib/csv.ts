/**
 * CSV as RFC 4180 has it: CRLF line ends; a field holding a comma, a quote, CR or LF is
 * quoted, its quotes doubled. Spreadsheets run a text cell that starts with =, +, -, @, tab
 * or CR as a formula (OWASP "CSV injection"), so such a text cell gets a leading single
 * quote. Decimal columns are exempt: an amount such as "-1500000.00" must stay a number.
 */

/** How a column's values are written: text is neutralised, decimals are written as they are. */
export type CsvKind = "text" | "decimal";

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
  /** "text" unless said otherwise. */
  kind?: CsvKind;
}

// What numeric::text prints, and nothing else: no exponent, no "Infinity", no leading "+".
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised (text only) and quoted as needed. */
export function csvField(value: string | number | boolean | null | undefined, kind: CsvKind = "text"): string {
  if (value == null) return "";
  let text = String(value);
  // A "decimal" that is not a plain decimal is treated as text: nothing reaches a sheet unchecked.
  if (!(kind === "decimal" && DECIMAL.test(text)) && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.join(",")}\r\n`;
}

export function csvHeader<Row>(columns: readonly CsvColumn<Row>[]): string {
  return csvRecord(columns.map((column) => csvField(column.header)));
}

export function csvRows<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  let chunk = "";
  for (const row of rows) chunk += csvRecord(columns.map((column) => csvField(column.value(row), column.kind)));
  return chunk;
}

/** Where CSV goes: an HTTP response, or any writable stream. */
export interface CsvSink {
  write(chunk: string): boolean;
  readonly destroyed: boolean;
  once(event: "drain" | "close" | "error", listener: () => void): unknown;
  off(event: "drain" | "close" | "error", listener: () => void): unknown;
}

/**
 * Writes a header and then each batch as it comes, waiting for the sink to drain when its
 * buffer is full, so memory holds one batch however many there are. Stops (and closes the
 * batch source, which ends its queries) as soon as the sink is closed, e.g. when the client
 * disconnects. Gives the number of rows handed to the sink, and whether every batch was.
 */
export async function streamCsv<Row>(
  sink: CsvSink,
  columns: readonly CsvColumn<Row>[],
  batches: AsyncIterable<readonly Row[]>,
): Promise<{ rows: number; complete: boolean }> {
  let rows = 0;
  if (!(await writeChunk(sink, csvHeader(columns)))) return { rows, complete: false };
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const drained = writeChunk(sink, csvRows(columns, batch));
    rows += batch.length;
    // `for await` calls the source's return() when we leave early: its queries stop there.
    if (!(await drained)) return { rows, complete: false };
  }
  return { rows, complete: true };
}

/** Writes a chunk; resolves false if the sink is (or gets) closed before it can take more. */
function writeChunk(sink: CsvSink, chunk: string): Promise<boolean> {
  if (sink.destroyed) return Promise.resolve(false);
  if (sink.write(chunk)) return Promise.resolve(true);
  // Closed while writing: 'close' has been emitted already, no 'drain' will come.
  if (sink.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (drained: boolean) => () => {
      sink.off("drain", onDrain);
      sink.off("close", onClose);
      sink.off("error", onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    sink.once("drain", onDrain);
    sink.once("close", onClose);
    sink.once("error", onClose);
  });
}
