import { Kind } from "graphql";
import { DateScalar, DateTimeScalar, DecimalScalar } from "./scalars";

describe("DateTime serialisation", () => {
  it("gives a Date's ISO string, as JSON would have written it", () => {
    const moment = new Date("2026-11-27T21:54:42.123Z");
    expect(DateTimeScalar.serialize(moment)).toBe("2026-11-27T21:54:42.123Z");
    expect(JSON.stringify({ at: DateTimeScalar.serialize(moment) })).toBe(JSON.stringify({ at: moment }));
  });

  it("refuses an invalid Date", () => {
    expect(() => DateTimeScalar.serialize(new Date("not a date"))).toThrow(/invalid Date/);
  });

  it("leaves strings and other values to graphql-scalars", () => {
    expect(DateTimeScalar.serialize("2016-10-13T10:00:00+02:00")).toEqual(new Date("2016-10-13T08:00:00Z"));
    expect(() => DateTimeScalar.serialize("yesterday")).toThrow(/invalid date-time-string/);
  });
});

describe("Date serialisation", () => {
  it("gives a calendar date as it is, and refuses a day that does not exist", () => {
    expect(DateScalar.serialize("2016-10-13")).toBe("2016-10-13");
    expect(() => DateScalar.serialize("2019-02-29")).toThrow();
  });
});

describe("Date input", () => {
  it("refuses year 0000 as bad input, in variables and literals, and takes year 0001", () => {
    expect(() => DateScalar.parseValue("0000-01-01")).toThrow(expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }));
    expect(() => DateScalar.parseLiteral({ kind: Kind.STRING, value: "0000-12-31" }, {})).toThrow(/not a day of the calendar/);
    expect(DateScalar.parseValue("0001-01-01")).toBe("0001-01-01");
  });
});

describe("Decimal serialisation", () => {
  it("keeps the digits, and refuses a float", () => {
    expect(DecimalScalar.serialize("7000000.00")).toBe("7000000.00");
    expect(() => DecimalScalar.serialize(0.1)).toThrow(/Decimal cannot represent/);
  });
});
