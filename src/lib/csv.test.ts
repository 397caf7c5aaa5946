import { EventEmitter } from "node:events";
import { csvField, csvHeader, csvRows, streamCsv, type CsvColumn, type CsvSink } from "./csv";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["two\r\nlines", '"two\r\nlines"'],
    ["café ✓", "café ✓"],
  ])("writes %j as %j", (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it("writes null and undefined as empty, numbers and booleans as text", () => {
    expect([csvField(null), csvField(undefined), csvField(2019), csvField(false)]).toEqual(["", "", "2019", "false"]);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["\rx", "\"'\rx\""],
    ['=HYPERLINK("http://x", "y")', "\"'=HYPERLINK(\"\"http://x\"\", \"\"y\"\")\""],
    ["a=b", "a=b"],
  ])("neutralises the text cell %j as %j", (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it("leaves decimal cells as numbers, negative ones included, and treats anything else in them as text", () => {
    expect(csvField("-1500000.00", "decimal")).toBe("-1500000.00");
    expect(csvField("0.01", "decimal")).toBe("0.01");
    expect(csvField("-1500000.00", "text")).toBe("'-1500000.00");
    expect(csvField("-1+2", "decimal")).toBe("'-1+2");
    expect(csvField("-1e5", "decimal")).toBe("'-1e5");
  });
});

describe("records", () => {
  const columns: CsvColumn<{ name: string; amount: string }>[] = [
    { header: "name", value: (row) => row.name },
    { header: "amount", value: (row) => row.amount, kind: "decimal" },
  ];

  it("end with CRLF, header first", () => {
    expect(csvHeader(columns) + csvRows(columns, [{ name: "x, y", amount: "-1.50" }])).toBe('name,amount\r\n"x, y",-1.50\r\n');
  });
});

/** A sink that takes `capacity` writes before it wants to drain. */
class FakeSink extends EventEmitter implements CsvSink {
  chunks: string[] = [];
  destroyed = false;
  constructor(private capacity: number) {
    super();
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return --this.capacity > 0;
  }
}

describe("streamCsv", () => {
  const columns: CsvColumn<number>[] = [{ header: "n", value: (n) => n, kind: "decimal" }];

  it("waits for the sink to drain before reading the next batch", async () => {
    const sink = new FakeSink(1);
    let read = 0;
    async function* batches() {
      for (let i = 0; i < 3; i++) {
        read++;
        yield [i];
      }
    }
    const done = streamCsv(sink, columns, batches());
    await new Promise((resolve) => setImmediate(resolve));
    // The header filled the sink: nothing more is read until it drains.
    expect({ read, chunks: sink.chunks }).toEqual({ read: 0, chunks: ["n\r\n"] });
    const drainUntilDone = setInterval(() => sink.emit("drain"), 1);
    expect(await done).toEqual({ rows: 3, complete: true });
    clearInterval(drainUntilDone);
    expect(sink.chunks.join("")).toBe("n\r\n0\r\n1\r\n2\r\n");
  });

  it("stops, and closes the source, when the sink closes", async () => {
    const sink = new FakeSink(2);
    let closed = false;
    async function* batches() {
      try {
        for (let i = 0; ; i++) yield [i];
      } finally {
        closed = true;
      }
    }
    const done = streamCsv(sink, columns, batches());
    await new Promise((resolve) => setImmediate(resolve));
    sink.destroyed = true;
    sink.emit("close");
    expect(await done).toEqual({ rows: 1, complete: false });
    expect(closed).toBe(true);
  });
});
