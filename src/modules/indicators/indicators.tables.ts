import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgEnum, pgTable, text, type AnyPgColumn } from "drizzle-orm/pg-core";
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
 * What an observation's geography is to the figure: where the counted people go (DESTINATION),
 * where they come from (ORIGIN), the state whose offices issued the permits or visas
 * (ISSUING_STATE), or simply where the counted thing is (LOCATION).
 */
export const geographyRoleEnum = pgEnum("geography_role", ["DESTINATION", "ORIGIN", "ISSUING_STATE", "LOCATION"]);

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
    /** Null only for figures recorded before roles were (migration 0010). */
    geographyRole: geographyRoleEnum(),
    /** The countries the figure covers together, when it covers several within geography ("Bulgaria, Romania, Finland and Hungary"). */
    countries: text().array(),
    /** A share (unit "%") of another figure: Poland's half of the EU's 2018 permits. */
    shareOfObservationId: integer().references((): AnyPgColumn => indicatorObservations.id),
    /** A figure relative to these countries' ("below 1% as compared to Lithuania, Latvia and Poland"). */
    relativeToCountries: text().array(),
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
    check("indicator_observation_countries_format", sql`${t.countries} is null or array_to_string(${t.countries}, ',') ~ '^[A-Z]{2}(,[A-Z]{2})+$'`),
    check(
      "indicator_observation_relative_countries_format",
      sql`${t.relativeToCountries} is null or array_to_string(${t.relativeToCountries}, ',') ~ '^[A-Z]{2}(,[A-Z]{2})*$'`,
    ),
    index("indicator_observation_indicator_idx").on(t.indicatorId, t.periodStart),
  ],
);
