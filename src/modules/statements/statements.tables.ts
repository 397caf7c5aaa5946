import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { codeCheck, datePrecisionEnum, nonBlankCheck, provenanceColumns, qualifierEnum } from "../../db/columns";
import { nationalProgrammes } from "../national-programmes/national-programmes.tables";
import { organisations } from "../organisations/organisations.tables";
import { themes } from "../partnerships/partnerships.tables";
import { sources } from "../sources/sources.tables";

/** A STATEMENT says how things are; a FORECAST what someone expects by a date; a TREND which way something moves, without figures. */
export const statementKindEnum = pgEnum("statement_kind", ["STATEMENT", "FORECAST", "TREND"]);

export const trendDirectionEnum = pgEnum("trend_direction", ["RISING", "FALLING", "FLUCTUATING"]);

/**
 * What the brief or a source it cites says that is neither a series' figure nor a legal
 * provision: the EU as the largest donor in Belarus, the experts' 2014 forecast of visa-free
 * travel within ten years, the Foreign Ministry's 2020 statement, falling student numbers.
 */
export const statements = pgTable(
  "statement",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    kind: statementKindEnum().notNull(),
    /** What is said, close to the source's words. */
    text: text().notNull(),
    /** When it was said or made, where the source dates it. */
    madeOn: date({ mode: "string" }),
    madeOnPrecision: datePrecisionEnum(),
    /** Who said it, in the source's words, where no organisation stands for them. */
    madeBy: text(),
    madeByOrganisationId: integer().references(() => organisations.id),
    /** For a forecast: the date by which it expects it ("within ten years" of 2014: 2024). */
    expectedBy: date({ mode: "string" }),
    expectedByPrecision: datePrecisionEnum(),
    /** For a trend: its direction, and since when. */
    trendDirection: trendDirectionEnum(),
    since: date({ mode: "string" }),
    sincePrecision: datePrecisionEnum(),
    /** A figure the statement gives, in unit ("more than half" of the population: 50 %, AT_LEAST). */
    quantity: numeric({ precision: 20, scale: 4 }),
    unit: text(),
    qualifier: qualifierEnum(),
    asStated: text(),
    themeId: integer().references(() => themes.id),
    /** The national programme the statement is about, if any. */
    nationalProgrammeId: integer().references(() => nationalProgrammes.id),
    sourceId: integer()
      .notNull()
      .references(() => sources.id),
    /** Where in the source: "footnote 28", a section. */
    locator: text(),
    ...provenanceColumns(),
  },
  (t) => [
    codeCheck("statement_code_format", t.code),
    nonBlankCheck("statement_text_not_blank", t.text),
    check("statement_made_precision", sql`(${t.madeOn} is null) = (${t.madeOnPrecision} is null)`),
    check("statement_expected_precision", sql`(${t.expectedBy} is null) = (${t.expectedByPrecision} is null)`),
    check("statement_since_precision", sql`(${t.since} is null) = (${t.sincePrecision} is null)`),
    check("statement_forecast_has_date", sql`(${t.kind} = 'FORECAST') = (${t.expectedBy} is not null)`),
    check("statement_trend_has_direction", sql`(${t.kind} = 'TREND') = (${t.trendDirection} is not null)`),
    check("statement_quantity_unit", sql`(${t.quantity} is null) or (${t.unit} is not null and ${t.qualifier} is not null)`),
    index("statement_kind_idx").on(t.kind),
  ],
);
