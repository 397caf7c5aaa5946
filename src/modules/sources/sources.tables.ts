import { date, integer, pgTable, smallint, text } from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck } from "../../db/columns";
import { organisations } from "../organisations/organisations.tables";

/** A publication that figures and facts are cited from (the policy brief, Eurostat, a yearbook). */
export const sources = pgTable(
  "source",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    /** The publisher as the citation names it. */
    publisher: text(),
    /** The publisher among the organisations, where it is one (Eurostat, IOM, the European Commission). */
    publisherOrganisationId: integer().references(() => organisations.id),
    year: smallint(),
    url: text(),
    accessedOn: date({ mode: "string" }),
  },
  (t) => [codeCheck("source_code_format", t.code), nonBlankCheck("source_title_not_blank", t.title)],
);
