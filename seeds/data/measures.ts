import type { measureResponsibilities, measures } from "../../src/modules/measures/measures.tables";
import { memberStateCodes } from "./partnership";
import { POLICY_BRIEF } from "./sources";

type MeasureRow = typeof measures.$inferInsert;
type ResponsibilityRole = NonNullable<(typeof measureResponsibilities.$inferInsert)["role"]>;

export interface ResponsibilitySeed {
  signatory: string;
  role: ResponsibilityRole;
  /** True where the brief does not name this signatory. */
  isAssumption: boolean;
}

export interface MeasureSeed extends Pick<MeasureRow, "code" | "title" | "description" | "note" | "locator"> {
  partnership: string;
  /** Code of the Declaration's policy area: a reading for every recommendation (see policyAreaNote). */
  policyArea: string;
  policyAreaNote: string;
  /** In the order the brief names them; that order becomes `position`. */
  responsibilities: ResponsibilitySeed[];
  themes: string[];
  projects: string[];
  /** Organisations acting beside the signatories, where the brief names them. */
  organisations?: { organisation: string; role: ResponsibilityRole }[];
  /** Agreements and rules the measure implements or concerns, by code. */
  legalActs?: { legalAct: string; relation: "IMPLEMENTS" | "CONCERNS" }[];
}

const lead = (signatory: string): ResponsibilitySeed => ({ signatory, role: "LEAD", isAssumption: false });
const assumedLead = (signatory: string): ResponsibilitySeed => ({ signatory, role: "LEAD", isAssumption: true });
const contributing = (signatory: string): ResponsibilitySeed => ({
  signatory,
  role: "CONTRIBUTING",
  isAssumption: false,
});
const assumedContributing = (signatory: string): ResponsibilitySeed => ({
  signatory,
  role: "CONTRIBUTING",
  isAssumption: true,
});

const assumedLeadNote = (signatory: string) =>
  `Lead ${signatory} is an assumption: the brief's recommendation names no lead.`;

/** The brief assigns no area of the Declaration to any recommendation: every area is a reading. */
const areaReading = (reason: string) =>
  `Area assumed: the brief assigns no area of the Declaration to its recommendations; ${reason}`;
const LEGAL_MOBILITY_READING = areaReading(
  "the brief treats visas and short-term travel as legal mobility (its conclusions speak of progress 'in the areas " +
    "of legal mobility', and it reviews visa issues among the areas of the Mobility Partnership).",
);

/** Where in the brief each recommendation is made. */
const CONCLUSIONS = "section 'Conclusions and recommendations'";
const LABOUR_PARAGRAPH = `${CONCLUSIONS}, paragraph 'In terms of labour migration'`;
const SOCIAL_PARAGRAPH = `${CONCLUSIONS}, paragraph 'The lack of access to the social protection system'`;
const EDUCATION_PARAGRAPH = `${CONCLUSIONS}, paragraph 'With regard to education and youth policy'`;
const VISA_PARAGRAPH = `${CONCLUSIONS}, paragraph 'An efficient implementation of the EU-Belarus Visa Facilitation agreement'`;
const DATA_PARAGRAPH = `${CONCLUSIONS}, paragraph 'To effectively assess and reform the existing migration policy'`;

/**
 * When the brief's recommendations were made: the brief prints no date, and the latest date it
 * gives is 13.08.2020 (web pages accessed then), so it was written on or after that day. The
 * seeded history is dated by it, flagged as an assumption in the change's reason.
 */
export const RECOMMENDED_AT = new Date("2020-08-13T00:00:00Z");

/** Shared by every measure: all are recommendations of the brief, not yet agreed. */
export const measureDefaults = {
  status: "PROPOSED",
  source: POLICY_BRIEF,
  createdAt: RECOMMENDED_AT,
  updatedAt: RECOMMENDED_AT,
  initialChange: {
    fromStatus: null,
    toStatus: "PROPOSED",
    reason:
      "Recommended by the policy brief. Dated 13 August 2020 as an assumption: the brief prints no date; " +
      "the latest date it gives is that of web pages it accessed on 13.08.2020.",
    actorSub: "seed",
    actorRole: "SYSTEM",
    changedAt: RECOMMENDED_AT,
  },
} as const;

/** The brief's recommendations (section "Conclusions and recommendations"), in its order. No deadlines are given. */
export const measureSeeds: MeasureSeed[] = [
  {
    code: "LAB-1",
    partnership: "EU-BY",
    title: "Develop the indicative action plan for labour migration",
    description:
      "The key priority for labour migration: an indicative action plan outlining a set of measures to help create " +
      "and improve labour conditions and ensure that people can freely use the available opportunities.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: areaReading("the recommendation is made 'in terms of labour migration'."),
    locator: LABOUR_PARAGRAPH,
    responsibilities: [lead("EU"), lead("BY")],
    note: "Led jointly: the brief says both sides need to take additional measures.",
    themes: ["LABOUR_MOBILITY"],
    projects: [],
  },
  {
    code: "LAB-2",
    partnership: "EU-BY",
    title: "Partnerships of employment actors and a joint database of vacancies",
    description:
      "European and Belarusian employment actors establish reliable partnerships and build a joint database of " +
      "vacancies, which could also host information on work and exchange programmes and legal data on a variety of topics.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: areaReading("the recommendation is made 'in terms of labour migration'."),
    locator: LABOUR_PARAGRAPH,
    responsibilities: [assumedLead("BY"), assumedContributing("PL"), assumedContributing("LT")],
    note: "Lead BY and contributors PL and LT are assumptions: the brief says only 'the European and Belarusian employment actors'.",
    themes: ["LABOUR_MOBILITY", "EMPLOYMENT_PORTAL"],
    projects: [],
  },
  {
    code: "LAB-3",
    partnership: "EU-BY",
    title: "Roadmap for migrants' development for high-skilled workers",
    description:
      "A 'roadmap for migrants' development' for the employment of high-skilled personnel, providing an initial " +
      "package of rights and guarantees, and opportunities for advanced training, education and prospects related " +
      "to employment in the EU.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: areaReading("the recommendation is made 'in terms of labour migration'."),
    locator: LABOUR_PARAGRAPH,
    responsibilities: [assumedLead("EU")],
    note: assumedLeadNote("EU"),
    themes: ["LABOUR_MOBILITY"],
    projects: [],
  },
  {
    code: "LAB-4",
    partnership: "EU-BY",
    title: "Reliable information source / employment portal for migrants",
    description:
      "A reliable information source for Belarusian migrants to facilitate safe labour mobility to the EU: a " +
      "database of employment opportunities in the signatory countries, with information on employment rights and " +
      "obligations, social protection and other key aspects, of use to migrants, authorities, the public and the " +
      "academic community.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: areaReading("the brief's section 'Employment portal' asks for it 'to facilitate safe labour mobility to the EU'."),
    locator: "section 'Employment portal'",
    responsibilities: [assumedLead("BY")],
    note: assumedLeadNote("BY"),
    themes: ["EMPLOYMENT_PORTAL"],
    projects: [],
  },
  {
    code: "SOC-1",
    partnership: "EU-BY",
    title: "Social security agreements with all signatories, Poland first, then put into practice",
    description:
      "Belarus has social security agreements only with Russia, Lithuania and Latvia. First, conclude such " +
      "agreements with all signatories of the Mobility Partnership Declaration, prioritising Poland, which attracts " +
      "more Belarusian labour migrants every year; second, transpose their provisions into practice, so that " +
      "Belarusians can exercise their social and pension rights outside the country.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("the brief discusses it under 'Social protection', which no area of the Declaration names; read as using the potential of migration for development."),
    locator: "section 'Social protection'; " + SOCIAL_PARAGRAPH,
    responsibilities: [lead("BY"), contributing("PL")],
    themes: ["SOCIAL_PROTECTION"],
    legalActs: [
      { legalAct: "SSA-BY-RU", relation: "CONCERNS" },
      { legalAct: "SSA-BY-LT", relation: "CONCERNS" },
      { legalAct: "SSA-BY-LV", relation: "CONCERNS" },
    ],
    projects: [],
  },
  {
    code: "SOC-2",
    partnership: "EU-BY",
    title: "Transfer of pension entitlements",
    description:
      "Address the transfer of pension entitlements between the country of employment and Belarus. The CIS pension " +
      "agreement of 1992 was never set up, and with 16 years of contributions needed for a pension (20 by 2025), " +
      "long-term emigration to the EU may become an obstacle to receiving a pension.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("the brief discusses it under 'Social protection', which no area of the Declaration names; read as using the potential of migration for development."),
    locator: "section 'Social protection'",
    responsibilities: [assumedLead("BY")],
    note: assumedLeadNote("BY"),
    themes: ["SOCIAL_PROTECTION"],
    legalActs: [
      { legalAct: "CIS-PENSION-1992", relation: "CONCERNS" },
      { legalAct: "BY-PENSION-QUALIFYING-PERIOD", relation: "CONCERNS" },
    ],
    projects: [],
  },
  {
    code: "SOC-3",
    partnership: "EU-BY",
    title: "Legal mediation and counselling services for migrants",
    description: "Develop legal mediation and counselling services for migrants.",
    policyArea: "CIVIL_SOCIETY",
    policyAreaNote: areaReading("legal mediation and counselling services for migrants, read as a horizontal initiative involving civil society."),
    locator: SOCIAL_PARAGRAPH,
    responsibilities: [assumedLead("BY")],
    note: assumedLeadNote("BY"),
    themes: ["SOCIAL_PROTECTION"],
    projects: [],
  },
  {
    code: "SOC-4",
    partnership: "EU-BY",
    title: "Assess EU-EAEU Social Security and Pension Security Agreements",
    description:
      "The EU and the Eurasian Economic Union assess the possibility of developing Social Security and Pension " +
      "Security Agreements, which may considerably ease the life of regional migrant workers.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("the brief discusses it under 'Social protection', which no area of the Declaration names; read as using the potential of migration for development."),
    locator: SOCIAL_PARAGRAPH,
    responsibilities: [lead("EU")],
    note: "Led with the Eurasian Economic Union, which is not a signatory (see organisations): 'the EU and the EAEU could assess'.",
    themes: ["SOCIAL_PROTECTION"],
    organisations: [{ organisation: "EAEU", role: "LEAD" }],
    projects: [],
  },
  {
    code: "EDU-1",
    partnership: "EU-BY",
    title: "Revise the foundations of the education system",
    description:
      "Belarus revises the foundations of its education system to enhance the coordination between the State, the " +
      "educational institutions and the private sector, so that youth access to higher, vocational and secondary " +
      "special education matches the needs of employers and the economy.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("made 'with regard to education and youth policy'; the brief places entrepreneurship, its neighbour topic, 'within the migration and development area'."),
    locator: EDUCATION_PARAGRAPH,
    responsibilities: [lead("BY")],
    themes: ["STUDENT_MOBILITY_ENTREPRENEURSHIP"],
    projects: [],
  },
  {
    code: "EDU-2",
    partnership: "EU-BY",
    title: "Independent quality control agency for education",
    description:
      "Complete the legal groundwork paving the way to an independent quality control agency in line with the " +
      "European standards and guidelines.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("made 'with regard to education and youth policy'; the brief places entrepreneurship, its neighbour topic, 'within the migration and development area'."),
    locator: EDUCATION_PARAGRAPH,
    responsibilities: [lead("BY")],
    themes: ["STUDENT_MOBILITY_ENTREPRENEURSHIP"],
    projects: [],
  },
  {
    code: "EDU-3",
    partnership: "EU-BY",
    title: "Roadmap for accession to PISA",
    description:
      "Accelerate the development of a Roadmap for accession to the Programme for International Student " +
      "Assessment, including a system of education quality assessment and management in educational institutions.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("made 'with regard to education and youth policy'; the brief places entrepreneurship, its neighbour topic, 'within the migration and development area'."),
    locator: EDUCATION_PARAGRAPH,
    responsibilities: [lead("BY")],
    themes: ["STUDENT_MOBILITY_ENTREPRENEURSHIP"],
    projects: [],
  },
  {
    code: "EDU-4",
    partnership: "EU-BY",
    title: "Dialogue of the Public Bologna Committee and state agencies on abolishing the work assignment",
    description:
      "The Mobility Partnership could facilitate a dialogue between the Public Bologna Committee and the competent " +
      "state agencies on abolishing the post-graduate work assignment, a major obstacle to working abroad after " +
      "graduation and to the full transition of Belarus' education system to the Bologna Process.",
    policyArea: "CIVIL_SOCIETY",
    policyAreaNote: areaReading("a dialogue with the Public Bologna Committee, a civil society body, read as a horizontal initiative involving civil society."),
    locator: EDUCATION_PARAGRAPH,
    responsibilities: [assumedLead("EU"), contributing("BY")],
    note: assumedLeadNote("EU"),
    themes: ["STUDENT_MOBILITY_ENTREPRENEURSHIP"],
    organisations: [{ organisation: "PUBLIC-BOLOGNA-COMMITTEE", role: "CONTRIBUTING" }],
    legalActs: [{ legalAct: "BY-WORK-ASSIGNMENT", relation: "CONCERNS" }],
    projects: [],
  },
  {
    code: "VIS-1",
    partnership: "EU-BY",
    title: "Implement the Visa Facilitation Agreement, Member States more active",
    description:
      "An efficient implementation of the EU-Belarus Visa Facilitation Agreement through effective cooperation " +
      "within the Mobility Partnership; the EU signatory countries could take a more active role in steering and " +
      "facilitating its implementation.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: LEGAL_MOBILITY_READING,
    locator: VISA_PARAGRAPH,
    responsibilities: [assumedLead("EU"), ...memberStateCodes.map(contributing)],
    note: "Lead EU is an assumption: the brief names no lead. Contributing: the seven signatory Member States ('the EU countries-signatories could potentially take a more active role').",
    themes: ["VISA_ISSUES"],
    legalActs: [{ legalAct: "EU-BY-VFA", relation: "IMPLEMENTS" }],
    projects: [],
  },
  {
    code: "VIS-2",
    partnership: "EU-BY",
    title: "Visa Liberalisation Agreement (long term)",
    description:
      "Work towards a Visa Liberalisation Agreement with the EU, a long-term objective; specific actions within the " +
      "Partnership could expedite the process.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: LEGAL_MOBILITY_READING,
    locator: VISA_PARAGRAPH,
    responsibilities: [assumedLead("EU"), assumedContributing("BY")],
    note: "Lead EU and contributor BY are assumptions: the brief names no actor for the Visa Liberalisation Agreement.",
    themes: ["VISA_ISSUES"],
    projects: [],
  },
  {
    code: "BRD-1",
    partnership: "EU-BY",
    title: "Free movement in border regions: local border traffic with LT and PL",
    description:
      "Free movement of residents of the border regions of Belarus, Lithuania and Poland, a step Belarus could " +
      "pursue more actively already now: of the local border traffic agreements signed in 2010 only the " +
      "Belarusian-Latvian one is in force.",
    policyArea: "LABOUR_MIGRATION_LEGAL_MOBILITY",
    policyAreaNote: LEGAL_MOBILITY_READING,
    locator: VISA_PARAGRAPH,
    responsibilities: [lead("BY"), contributing("LT"), contributing("PL")],
    themes: ["CROSS_BORDER_MOBILITY"],
    legalActs: [
      { legalAct: "LBT-BY-LT", relation: "CONCERNS" },
      { legalAct: "LBT-BY-PL", relation: "CONCERNS" },
    ],
    projects: [],
  },
  {
    code: "DAT-1",
    partnership: "EU-BY",
    title: "Comparable statistics and an EU-Belarus consolidated database",
    description:
      "Comparable statistics and qualitative studies, including surveys, and an EU-Belarus consolidated database " +
      "allowing better monitoring of the situation and a timely response based on regular feedback between the parties.",
    policyArea: "MIGRATION_MANAGEMENT",
    policyAreaNote: areaReading("comparable statistics and a consolidated database for monitoring, read as managing migration flows."),
    locator: DATA_PARAGRAPH,
    responsibilities: [lead("EU"), lead("BY")],
    themes: ["DATA_NEEDS"],
    projects: [],
  },
  {
    code: "DAT-2",
    partnership: "EU-BY",
    title: "Coordinate and finance qualitative and interdisciplinary migration studies",
    description:
      "Ensure coordination and financing of qualitative studies on migration, including interdisciplinary ones, at " +
      "research institutes and higher education institutions in Belarus and in the Declaration's signatory " +
      "countries, forming with other EU research initiatives a scientific base to help Belarus improve its migration policies.",
    policyArea: "MIGRATION_DEVELOPMENT",
    policyAreaNote: areaReading("studies to 'help Belarus improve its migration policies', read as using the potential of migration for development."),
    locator: DATA_PARAGRAPH,
    responsibilities: [assumedLead("BY")],
    note: assumedLeadNote("BY"),
    themes: ["DATA_NEEDS"],
    projects: [],
  },
];
