import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { datePrecisionEnum, provenanceColumns } from "../../db/columns";
import { organisations } from "../organisations/organisations.tables";
import { sources } from "../sources/sources.tables";

/**
 * A state's membership of a union (Belarus in the EAEU and the CIS, Poland in the EU), by
 * ISO 3166 alpha-2 code: a member need not be a signatory (Russia in the EAEU).
 */
export const memberships = pgTable(
  "membership",
  {
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    memberCode: text().notNull(),
    since: date({ mode: "string" }),
    sincePrecision: datePrecisionEnum(),
    sourceId: integer().references(() => sources.id),
    /** Where in the source the membership is stated. */
    locator: text(),
    ...provenanceColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.memberCode] }),
    check("membership_member_code_format", sql`${t.memberCode} ~ '^[A-Z]{2}$'`),
    check("membership_since_precision", sql`(${t.since} is null) = (${t.sincePrecision} is null)`),
    index("membership_member_idx").on(t.memberCode),
  ],
);
