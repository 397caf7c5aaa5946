import { integer, pgEnum, pgTable, text, type AnyPgColumn } from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck } from "../../db/columns";
import { signatories } from "../partnerships/partnerships.tables";

export const organisationKindEnum = pgEnum("organisation_kind", [
  "INTERGOVERNMENTAL",
  "GOVERNMENT",
  "EU_INSTITUTION",
  "CIVIL_SOCIETY",
  "REGIONAL_ORGANISATION",
  "STATISTICAL_OFFICE",
  "FINANCIAL_INSTITUTION",
]);

export const organisations = pgTable(
  "organisation",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: organisationKindEnum().notNull(),
    /** The signatory a ministry or agency belongs to, if any. */
    signatoryId: integer().references(() => signatories.id),
    /** E.g. IOM Belarus is an office of IOM. */
    parentId: integer().references((): AnyPgColumn => organisations.id),
  },
  (t) => [codeCheck("organisation_code_format", t.code), nonBlankCheck("organisation_name_not_blank", t.name)],
);
