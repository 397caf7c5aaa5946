/**
 * "YYYY-MM-DD", a day that exists ("2020-02-30" has the shape but is no date, nor has
 * "0000-01-01": the calendar has no year 0, and PostgreSQL refuses it). Checked by its
 * characters, without a regular expression's match array or a round trip through `Date`: the
 * Date scalar checks every date it serialises with it (see scalars.ts).
 */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

const DASH = 45;
const ZERO = 48;

/** The number the `length` decimal digits at `start` write, or -1 if one of them is not a digit. */
function digitsAt(value: string, start: number, length: number): number {
  let number = 0;
  for (let index = start; index < start + length; index++) {
    const digit = value.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}
