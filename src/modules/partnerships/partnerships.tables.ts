import { date, integer, pgEnum, pgTable, primaryKey, smallint, text, unique } from "drizzle-orm/pg-core";
import { codeCheck, nonBlankCheck } from "../../db/columns";

export const signatoryKindEnum = pgEnum("signatory_kind", ["EU", "EU_MEMBER_STATE", "PARTNER_COUNTRY"]);

export const partnerships = pgTable(
  "partnership",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    signedOn: date({ mode: "string" }).notNull(),
    description: text(),
  },
  (t) => [codeCheck("partnership_code_format", t.code), nonBlankCheck("partnership_title_not_blank", t.title)],
);

/** A party that can sign partnerships: the EU, a Member State or a partner country. */
export const signatories = pgTable(
  "signatory",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: signatoryKindEnum().notNull(),
  },
  (t) => [codeCheck("signatory_code_format", t.code), nonBlankCheck("signatory_name_not_blank", t.name)],
);

export const partnershipSignatories = pgTable(
  "partnership_signatory",
  {
    partnershipId: integer()
      .notNull()
      .references(() => partnerships.id),
    signatoryId: integer()
      .notNull()
      .references(() => signatories.id),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.signatoryId] })],
);

/** The areas a partnership's declaration names, in the declaration's order. */
export const policyAreas = pgTable(
  "policy_area",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    partnershipId: integer()
      .notNull()
      .references(() => partnerships.id),
    code: text().notNull(),
    position: smallint().notNull(),
    title: text().notNull(),
  },
  (t) => [
    unique("policy_area_code_per_partnership").on(t.partnershipId, t.code),
    unique("policy_area_position_per_partnership").on(t.partnershipId, t.position),
    codeCheck("policy_area_code_format", t.code),
    nonBlankCheck("policy_area_title_not_blank", t.title),
  ],
);

/** Cross-cutting themes of the plan ("visa issues", "data needs"): tags, not areas. */
export const themes = pgTable(
  "theme",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
  },
  (t) => [codeCheck("theme_code_format", t.code), nonBlankCheck("theme_title_not_blank", t.title)],
);
