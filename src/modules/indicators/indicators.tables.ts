import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgTable, text } from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck, provenanceColumns, qualifierEnum } from "../../db/columns";
import { themes } from "../partnerships/partnerships.tables";
import { sources } from "../sources/sources.tables";

/** A statistical series the plan is judged by ("EU permits for work reasons, Belarus nationals"). */
export const indicators = pgTable(
  "indicator",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    unit: text().notNull(),
    description: text(),
    themeId: integer().references(() => themes.id),
  },
  (t) => [codeCheck("indicator_code_format", t.code), nonBlankCheck("indicator_title_not_blank", t.title)],
);

/**
 * One figure of a series. `asStated` keeps the number exactly as printed ("17.790", "nearly
 * 17.000") beside its parsed value; RANGE figures ("8.000-10.000") also fill `valueMax`.
 */
export const indicatorObservations = pgTable(
  "indicator_observation",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    indicatorId: integer()
      .notNull()
      .references(() => indicators.id),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    /** The period as the source puts it: "2018", "end of 2017", "2016-2018". */
    periodLabel: text().notNull(),
    /** ISO 3166 alpha-2 code, or "EU" for the Union as a whole. */
    geography: text().notNull(),
    value: numeric({ precision: 20, scale: 4 }).notNull(),
    valueMax: numeric({ precision: 20, scale: 4 }),
    qualifier: qualifierEnum().notNull(),
    asStated: text().notNull(),
    sourceId: integer()
      .notNull()
      .references(() => sources.id),
    /** Where in the source: "footnote 6", "p. 443". */
    locator: text(),
    ...provenanceColumns(),
  },
  (t) => [
    check("indicator_observation_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
    check(
      "indicator_observation_range",
      sql`(${t.qualifier} = 'RANGE') = (${t.valueMax} is not null) and (${t.valueMax} is null or ${t.valueMax} >= ${t.value})`,
    ),
    check("indicator_observation_geography_format", sql`${t.geography} ~ '^[A-Z]{2}$'`),
    nonBlankCheck("indicator_observation_as_stated_not_blank", t.asStated),
    index("indicator_observation_indicator_idx").on(t.indicatorId, t.periodStart),
  ],
);
