import { date, integer, pgTable, smallint, text } from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck } from "../../db/columns";

/** A publication that figures and facts are cited from (the policy brief, Eurostat, a yearbook). */
export const sources = pgTable(
  "source",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    publisher: text(),
    year: smallint(),
    url: text(),
    accessedOn: date({ mode: "string" }),
  },
  (t) => [codeCheck("source_code_format", t.code), nonBlankCheck("source_title_not_blank", t.title)],
);
