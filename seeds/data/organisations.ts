import type { organisations } from "../../src/modules/organisations/organisations.tables";

type OrganisationRow = typeof organisations.$inferInsert;

export interface OrganisationSeed extends Pick<OrganisationRow, "code" | "name" | "kind"> {
  /** Code of the signatory the organisation belongs to. */
  signatory?: string;
  /** Code of the parent organisation (seeded before its children). */
  parent?: string;
}

/** The organisations the brief names. */
export const organisationSeeds: OrganisationSeed[] = [
  // The funder of the partnership's projects.
  { code: "EU", name: "European Union", kind: "EU_INSTITUTION", signatory: "EU" },
  { code: "EC", name: "European Commission", kind: "EU_INSTITUTION", signatory: "EU", parent: "EU" },
  { code: "EUROSTAT", name: "Eurostat", kind: "STATISTICAL_OFFICE", signatory: "EU", parent: "EU" },
  { code: "IOM", name: "International Organization for Migration", kind: "INTERGOVERNMENTAL" },
  { code: "IOM-BY", name: "IOM Belarus", kind: "INTERGOVERNMENTAL", parent: "IOM" },
  { code: "ICMPD", name: "International Centre for Migration Policy Development", kind: "INTERGOVERNMENTAL" },
  { code: "WBG", name: "World Bank Group", kind: "FINANCIAL_INSTITUTION" },
  { code: "EAEU", name: "Eurasian Economic Union", kind: "REGIONAL_ORGANISATION" },
  { code: "CIS", name: "Commonwealth of Independent States", kind: "REGIONAL_ORGANISATION" },
  { code: "BY-MIA", name: "Ministry of Internal Affairs of the Republic of Belarus", kind: "GOVERNMENT", signatory: "BY" },
  { code: "BY-SBC", name: "State Border Committee of the Republic of Belarus", kind: "GOVERNMENT", signatory: "BY" },
  { code: "BY-MFA", name: "Ministry of Foreign Affairs of the Republic of Belarus", kind: "GOVERNMENT", signatory: "BY" },
  { code: "BY-SSF", name: "Social Security Fund of the Republic of Belarus", kind: "GOVERNMENT", signatory: "BY" },
  { code: "LA-STRADA", name: "La Strada", kind: "CIVIL_SOCIETY" },
  { code: "PUBLIC-BOLOGNA-COMMITTEE", name: "Public Bologna Committee", kind: "CIVIL_SOCIETY" },
];
