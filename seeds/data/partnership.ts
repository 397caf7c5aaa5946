import type { partnerships, policyAreas, signatories, themes } from "../../src/modules/partnerships/partnerships.tables";
import { POLICY_BRIEF } from "./sources";

/** The Joint Declaration of 13 October 2016 and who signed it. */

type PartnershipSeed = Omit<typeof partnerships.$inferInsert, "id">;
type SignatorySeed = Omit<typeof signatories.$inferInsert, "id">;
type PolicyAreaSeed = Omit<typeof policyAreas.$inferInsert, "id" | "partnershipId">;
type ThemeSeed = Omit<typeof themes.$inferInsert, "id">;

export const partnershipSeed: PartnershipSeed = {
  code: "EU-BY",
  title:
    "Joint Declaration on a Mobility Partnership between the Republic of Belarus and the European Union and its participating Member States",
  signedOn: "2016-10-13",
  description:
    "Signed on 13 October 2016 by the Republic of Belarus, the European Union and seven EU Member States. " +
    "The Declaration covers all the main aspects of migration policy but contains no detailed implementation plan: " +
    "the signatories intend to develop and regularly update an indicative action plan of specific measures.",
};

/** In the order the brief lists them: Belarus, the EU, then the seven Member States. */
export const signatorySeeds: SignatorySeed[] = [
  { code: "BY", name: "Republic of Belarus", kind: "PARTNER_COUNTRY" },
  { code: "EU", name: "European Union", kind: "EU" },
  { code: "BG", name: "Bulgaria", kind: "EU_MEMBER_STATE" },
  { code: "LV", name: "Latvia", kind: "EU_MEMBER_STATE" },
  { code: "LT", name: "Lithuania", kind: "EU_MEMBER_STATE" },
  { code: "HU", name: "Hungary", kind: "EU_MEMBER_STATE" },
  { code: "PL", name: "Poland", kind: "EU_MEMBER_STATE" },
  { code: "RO", name: "Romania", kind: "EU_MEMBER_STATE" },
  { code: "FI", name: "Finland", kind: "EU_MEMBER_STATE" },
];

export const memberStateCodes = signatorySeeds.filter((s) => s.kind === "EU_MEMBER_STATE").map((s) => s.code);

/** The six areas of the Declaration, in its order. */
export const policyAreaSeeds: PolicyAreaSeed[] = [
  { position: 1, code: "MIGRATION_MANAGEMENT", title: "Improving the overall management of migration flows" },
  {
    position: 2,
    code: "IRREGULAR_MIGRATION_TRAFFICKING",
    title: "Preventing and countering irregular migration and human trafficking",
  },
  {
    position: 3,
    code: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    title: "Labour migration and other types of legal mobility",
  },
  { position: 4, code: "CIVIL_SOCIETY", title: "Horizontal initiatives involving civil society" },
  { position: 5, code: "ASYLUM", title: "Capacity building in the asylum area" },
  {
    position: 6,
    code: "MIGRATION_DEVELOPMENT",
    title: "Utilising the potential of migration for sustainable development",
  },
];

/** The brief's own section headings: tags across areas. */
export const themeSeeds: ThemeSeed[] = [
  { code: "LABOUR_MOBILITY", title: "Labour mobility" },
  { code: "STUDENT_MOBILITY_ENTREPRENEURSHIP", title: "Student mobility and entrepreneurship" },
  { code: "VISA_ISSUES", title: "Visa issues" },
  { code: "DATA_NEEDS", title: "Data needs" },
  { code: "EMPLOYMENT_PORTAL", title: "Employment portal" },
  { code: "SOCIAL_PROTECTION", title: "Social protection" },
  { code: "CROSS_BORDER_MOBILITY", title: "Cross-border mobility" },
];

/** Agreements the Declaration takes into account: "the three agreements on local border traffic ... signed in 2010". */
export const partnershipLegalActSeeds = ["LBT-BY-LV", "LBT-BY-LT", "LBT-BY-PL"].map((legalAct) => ({
  partnership: "EU-BY",
  legalAct,
  relation: "TAKES_INTO_ACCOUNT" as const,
  source: POLICY_BRIEF,
  locator: "section 'Cross-border mobility'",
}));
