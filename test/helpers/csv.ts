/**
 * A strict RFC 4180 reader: every record ends with CRLF, a quote may only open a field or
 * close it, quotes inside are doubled. Anything else throws.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let closed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else (quoted = false), (closed = true);
    } else if (c === ",") {
      record.push(field), (field = ""), (closed = false);
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field), records.push(record), (record = []), (field = ""), (closed = false), i++;
    } else if (closed || c === "\r" || c === "\n") {
      throw new Error(`Not RFC 4180 at offset ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
    } else if (c === '"') {
      if (field !== "") throw new Error(`A quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else {
      field += c;
    }
  }
  if (quoted || field !== "" || record.length) throw new Error("The last record does not end with CRLF");
  return records;
}
