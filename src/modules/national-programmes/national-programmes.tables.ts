import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { codeCheck, datePrecisionEnum, nonBlankCheck, provenanceColumns } from "../../db/columns";
import { sources } from "../sources/sources.tables";

export const nationalProgrammeKindEnum = pgEnum("national_programme_kind", [
  "STRATEGY",
  "PROGRAMME",
  "SUB_PROGRAMME",
  "SYSTEM_OF_MEASURES",
]);

/**
 * A state's own strategy or programme that the partnership's areas match or depend on: Belarus'
 * sub-programme "External Migration" for 2016-2020, its National Sustainable Development
 * Strategy until 2030, its Comprehensive System of Measures for Social Protection (March 2000).
 */
export const nationalProgrammes = pgTable(
  "national_programme",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    kind: nationalProgrammeKindEnum().notNull(),
    /** The state, by ISO 3166 alpha-2 code. */
    countryCode: text().notNull(),
    /** The period it covers, as far as the source gives it: "until 2030" has an end only. */
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    /** The period as the source puts it: "for 2016-2020", "until 2030". */
    periodLabel: text(),
    adoptedOn: date({ mode: "string" }),
    adoptedOnPrecision: datePrecisionEnum(),
    description: text(),
    sourceId: integer().references(() => sources.id),
    /** Where in the source it is named. */
    locator: text(),
    ...provenanceColumns(),
  },
  (t) => [
    codeCheck("national_programme_code_format", t.code),
    nonBlankCheck("national_programme_title_not_blank", t.title),
    check("national_programme_country_format", sql`${t.countryCode} ~ '^[A-Z]{2}$'`),
    check("national_programme_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
    check("national_programme_adopted_precision", sql`(${t.adoptedOn} is null) = (${t.adoptedOnPrecision} is null)`),
    index("national_programme_country_idx").on(t.countryCode),
  ],
);
