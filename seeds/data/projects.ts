import type { projectBudgets, projectParticipants, projects } from "../../src/modules/projects/projects.tables";

type ProjectRow = typeof projects.$inferInsert;
type BudgetRow = typeof projectBudgets.$inferInsert;
type ParticipantRole = NonNullable<(typeof projectParticipants.$inferInsert)["role"]>;

export interface ProjectSeed
  extends Omit<
    ProjectRow,
    "id" | "partnershipId" | "recipientSignatoryId" | "instrumentId" | "sourceId" | "version" | "createdAt" | "updatedAt"
  > {
  /** Only where the source ties the project to the partnership: no invented links. */
  partnership?: string;
  /** The country the project is for. */
  recipient?: string;
  instrument?: string;
  source?: string;
  participants: { organisation: string; role: ParticipantRole }[];
  budgets: (Omit<BudgetRow, "id" | "projectId" | "sourceId"> & { source?: string })[];
}

/**
 * The projects the brief describes. It reports no disbursements, so no transactions are
 * seeded. Dates of coarse precision are stored as the first day of their period.
 */
export const projectSeeds: ProjectSeed[] = [
  {
    code: "IOM-IRREGULAR-MIGRANTS",
    // "Signing of the Mobility Partnership Declaration prompted the launch of the new EU-funded project"
    partnership: "EU-BY",
    recipient: "BY",
    title: "Helping Belarus Address the Phenomenon of Increasing Numbers of Irregular Migrants",
    description:
      "EU-funded 4-year project launched at the end of 2018, prompted by the signing of the Mobility Partnership " +
      "Declaration. Expected result by 2022: an integrated migration management system and a sustainable national " +
      "assisted voluntary return and reintegration system in Belarus, including the construction and reconstruction " +
      "of migrant accommodation centres in line with EU best practices and international standards.",
    status: "IMPLEMENTATION",
    // "at the end of 2018"
    actualStart: "2018-10-01",
    actualStartPrecision: "QUARTER",
    // a 4-year project with results "by 2022"
    plannedEnd: "2022-01-01",
    plannedEndPrecision: "YEAR",
    source: "IOM-2018",
    note: "Status as of the brief (2020): launched at the end of 2018, results expected by 2022. Funding instrument not named.",
    participants: [
      { organisation: "EU", role: "FUNDING" },
      { organisation: "IOM-BY", role: "IMPLEMENTING" },
      { organisation: "BY-MIA", role: "IMPLEMENTING" },
      { organisation: "BY-SBC", role: "IMPLEMENTING" },
    ],
    budgets: [
      {
        status: "COMMITTED",
        valueDate: "2018-10-01",
        amount: "7000000.00",
        currency: "EUR",
        qualifier: "EXACT",
        asStated: "7 million EUR",
        source: "IOM-2018",
        isAssumption: true,
        note:
          "Assumed committed: the brief says 'The EU funding amounts to 7 million EUR' for a launched project. " +
          "Value date assumed to be the project start (end of 2018, stored as 2018-10-01); budget period not given.",
      },
    ],
  },
  {
    code: "EU-WB-PRIVATE-SECTOR",
    // A joint EU and World Bank Group project in Belarus; the brief does not tie it to the partnership.
    recipient: "BY",
    title: "EU and World Bank Group technical assistance programme for private sector development in Belarus",
    description:
      "Joint EU and World Bank Group technical assistance programme stimulating the development of the private " +
      "sector in Belarus, including through development of small and medium businesses, attracting investment and " +
      "preparing a paperless trading system.",
    status: "IMPLEMENTATION",
    source: "EXPORT-2019",
    isAssumption: true,
    note:
      "Status assumed (the brief calls it a recent EU initiative). Roles assumed: the EU as funder, the World Bank " +
      "Group as implementer (the brief says 'joint projects of the EU and the World Bank Group'). Instrument and dates not given.",
    participants: [
      { organisation: "EU", role: "FUNDING" },
      { organisation: "WBG", role: "IMPLEMENTING" },
    ],
    budgets: [
      {
        status: "INDICATIVE",
        valueDate: "2019-01-01",
        amount: "4800000.00",
        currency: "EUR",
        qualifier: "EXACT",
        asStated: "4.8 million EUR",
        source: "EXPORT-2019",
        isAssumption: true,
        note:
          "Assumed indicative: the brief does not say whether the 4.8 million EUR is committed. Value date not given: " +
          "set to 2019-01-01, the year of the cited source (Export, 2019).",
      },
    ],
  },
  {
    code: "EU-WB-COMPETITION-LAW",
    // A joint EU and World Bank Group project in Belarus; the brief does not tie it to the partnership.
    recipient: "BY",
    title: "EU and World Bank Group project strengthening Belarusian competition law",
    description: "Envisages the creation of a roadmap to draft regulations for competition development.",
    status: "IMPLEMENTATION",
    source: "EXPORT-2019",
    isAssumption: true,
    note:
      "Status assumed (the brief calls it a recent EU initiative). Roles assumed: the EU as funder, the World Bank " +
      "Group as implementer. No amount, instrument or dates given.",
    participants: [
      { organisation: "EU", role: "FUNDING" },
      { organisation: "WBG", role: "IMPLEMENTING" },
    ],
    budgets: [],
  },
  {
    code: "MPF-MIGRATION-POLICY",
    // An action of the MPF in Belarus (EC 2016); the brief does not tie it to the partnership.
    recipient: "BY",
    title: "Elaboration of a Migration Policy for Belarus",
    description: "An action in Belarus financed by the Mobility Partnership Facility and supported by ICMPD.",
    status: "CLOSED",
    instrument: "MPF",
    source: "EC-2016",
    isAssumption: true,
    note:
      "Status assumed CLOSED: the brief says the MPF 'has financed' it, in the past tense, and gives no dates. Roles assumed: the EU as funder through the MPF, " +
      "ICMPD as implementer ('supported by ICMPD'). No amount or dates given.",
    participants: [
      { organisation: "EU", role: "FUNDING" },
      { organisation: "ICMPD", role: "IMPLEMENTING" },
    ],
    budgets: [],
  },
];
