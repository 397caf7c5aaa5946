import { isCalendarDate } from "./calendar-date";

describe("isCalendarDate", () => {
  it.each([
    ["2016-10-13", true],
    ["2020-02-29", true],
    ["2019-02-29", false],
    ["2020-13-01", false],
    ["2020-1-01", false],
    ["2021-04-31", false],
    ["2021-12-31", true],
    ["1900-02-29", false],
    ["2000-02-29", true],
    ["2020-00-10", false],
    ["2020-01-00", false],
    ["2020-01-1x", false],
    ["2020/01/10", false],
    ["2020-01-10T00:00:00Z", false],
    ["yesterday", false],
    ["0000-01-01", false],
    ["0001-01-01", true],
  ])("%s -> %s", (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});
