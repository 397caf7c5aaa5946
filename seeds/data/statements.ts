import type { statements } from "../../src/modules/statements/statements.tables";
import { POLICY_BRIEF } from "./sources";

export type StatementSeed = Omit<
  typeof statements.$inferInsert,
  "id" | "sourceId" | "themeId" | "madeByOrganisationId" | "nationalProgrammeId"
> & {
  source: string;
  theme?: string;
  madeByOrganisation?: string;
  nationalProgramme?: string;
};

/**
 * What the brief says that is neither a series' figure nor a legal provision: standing facts,
 * dated statements and forecasts with who made them, and trends it gives without numbers.
 */
export const statementSeeds: StatementSeed[] = [
  {
    code: "EU-LARGEST-DONOR-BY",
    kind: "STATEMENT",
    text: "The EU currently represents the largest donor in Belarus.",
    source: POLICY_BRIEF,
    locator: "section 'Context'",
  },
  {
    code: "VISA-FREE-FORECAST-2014",
    kind: "FORECAST",
    text: "An EU-Belarus visa-free regime within ten years.",
    // "Warsaw, July 2014" (footnote 28)
    madeOn: "2014-07-01",
    madeOnPrecision: "MONTH",
    madeBy: "a group of migration experts from academia, NGOs, government and international organisations",
    expectedBy: "2024-01-01",
    expectedByPrecision: "YEAR",
    quantity: "10",
    unit: "years",
    qualifier: "AT_MOST",
    asStated: "within ten years",
    theme: "VISA_ISSUES",
    source: "YELISEYEU-2014",
    locator: "footnote 28",
  },
  {
    code: "BY-MFA-VISA-LIBERALISATION-2020",
    kind: "STATEMENT",
    text: "Discussions on visa liberalisation with the EU might start soon.",
    madeOn: "2020-01-01",
    madeOnPrecision: "YEAR",
    madeByOrganisation: "BY-MFA",
    theme: "VISA_ISSUES",
    source: "SCHENGENVISAINFO-2020",
    locator: "footnote 29",
  },
  {
    code: "BY-STUDENTS-FALLING",
    kind: "TREND",
    text: "The total number of students in Belarus has been decreasing.",
    trendDirection: "FALLING",
    since: "2014-01-01",
    sincePrecision: "YEAR",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    source: "BELSAT-2019",
    locator: "footnote 22",
  },
  {
    code: "BY-GRADUATE-UNEMPLOYMENT-RISING",
    kind: "TREND",
    text: "The number of unemployed graduates in Belarus has been on the rise.",
    trendDirection: "RISING",
    since: "2014-01-01",
    sincePrecision: "YEAR",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    source: "BELSAT-2019",
    locator: "footnote 22",
  },
  {
    code: "BY-ACADEMIC-MOBILITY-RISING",
    kind: "TREND",
    text:
      "Belarus has been consistently extending international academic mobility of teaching staff and students, and " +
      "the number of higher education specialties available in English.",
    trendDirection: "RISING",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    source: "EHEA-PARIS-2018-APPENDIX",
    locator: "footnote 17, p. 3",
  },
  {
    code: "YOUTH-MIGRATION-INTENTIONS",
    kind: "STATEMENT",
    text:
      "The lack of the qualifications in high demand restricts the migratory intentions of young people interested in " +
      "temporary employment abroad.",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    source: "PUSHKEVICH-2018",
    locator: "section 'Student Mobility and Entrepreneurship'",
  },
  {
    code: "LT-SHORTAGE-JOBS-BY",
    kind: "STATEMENT",
    text: "Belarusian labour migrants in Lithuania often work exactly in the identified shortage professions.",
    theme: "LABOUR_MOBILITY",
    source: "TUT-BY-2019",
    locator: "footnote 13",
  },
  {
    code: "PL-ATTRACTS-MORE-MIGRANTS",
    kind: "TREND",
    text: "Poland attracts more Belarusian labour migrants every year.",
    trendDirection: "RISING",
    theme: "SOCIAL_PROTECTION",
    source: POLICY_BRIEF,
    locator: "section 'Social protection'",
  },
  {
    code: "BY-TOURISTS-TO-EU-FLUCTUATING",
    kind: "TREND",
    text: "The flow of Belarusian tourists to the neighbouring EU countries has fluctuated.",
    trendDirection: "FLUCTUATING",
    theme: "VISA_ISSUES",
    source: POLICY_BRIEF,
    locator: "section 'Visa issues'",
  },
  {
    code: "BY-SSF-CONTRIBUTIONS-FALLING",
    kind: "TREND",
    text:
      "The labour emigration of Belarusians (especially undocumented) results in a consistent reduction of " +
      "contributions to the Social Security Fund.",
    trendDirection: "FALLING",
    theme: "SOCIAL_PROTECTION",
    source: POLICY_BRIEF,
    locator: "section 'Social protection'",
  },
  {
    code: "BY-SOCIAL-ASSISTANCE-COVERAGE",
    kind: "STATEMENT",
    text: "The various social assistance programmes cover more than half of the national population.",
    quantity: "50",
    unit: "% of the national population",
    qualifier: "AT_LEAST",
    asStated: "more than half",
    theme: "SOCIAL_PROTECTION",
    nationalProgramme: "BY-SOCIAL-PROTECTION-SYSTEM",
    source: POLICY_BRIEF,
    locator: "section 'Social protection'",
  },
  {
    code: "BY-MIA-MIGRANT-GUIDANCE",
    kind: "STATEMENT",
    text:
      "The website of the Ministry of Internal Affairs previously entailed a provisional list of recommended actions " +
      "for individual migrants moving abroad for employment purposes.",
    madeOn: "2017-01-01",
    madeOnPrecision: "YEAR",
    madeByOrganisation: "BY-MIA",
    theme: "EMPLOYMENT_PORTAL",
    source: "SOZHNEWS-2017",
    locator: "footnote 30",
  },
  {
    code: "LA-STRADA-MIGRANT-GUIDANCE",
    kind: "STATEMENT",
    text: "The website of the La Strada Program still features a similar list, and La Strada operates a hotline advising on safe travel abroad.",
    madeByOrganisation: "LA-STRADA",
    theme: "EMPLOYMENT_PORTAL",
    source: "LA-STRADA-WORK-ABROAD",
    locator: "footnote 31",
  },
];
