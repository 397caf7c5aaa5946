import { sql } from "drizzle-orm";
import { boolean, check, char, numeric, pgEnum, text, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Column shapes shared by several features. Money is always `numeric` plus an ISO 4217
 * currency: drivers hand numerics back as exact strings, never floats.
 */

/** How a figure is hedged in its source: "over 170 million" is AT_LEAST. */
export const qualifierEnum = pgEnum("qualifier", ["EXACT", "AT_LEAST", "AT_MOST", "APPROXIMATE", "RANGE"]);

/** How precise a date is: "end of 2018" is stored as 2018-10-01 with QUARTER precision. */
export const datePrecisionEnum = pgEnum("date_precision", ["DAY", "MONTH", "QUARTER", "YEAR"]);

export const amountColumn = () => numeric({ precision: 20, scale: 2 });
export const currencyColumn = () => char({ length: 3 });

/** Rows that are reasonable readings rather than statements of the source say so. */
export const provenanceColumns = () => ({
  isAssumption: boolean().notNull().default(false),
  note: text(),
});

/** ISO 4217 shape: three upper-case letters. */
export const currencyCheck = (name: string, column: AnyPgColumn) => check(name, sql`${column} ~ '^[A-Z]{3}$'`);

/** Codes are short, upper-case and URL-safe: "EU-BY", "LAB-1", "IOM-BY". */
export const codeCheck = (name: string, column: AnyPgColumn) =>
  check(name, sql`${column} ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'`);

export const nonBlankCheck = (name: string, column: AnyPgColumn) => check(name, sql`length(btrim(${column})) > 0`);
