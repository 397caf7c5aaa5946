import type { legalActOrganisations, legalActProvisions, legalActs } from "../../src/modules/legal-acts/legal-acts.tables";
import { POLICY_BRIEF } from "./sources";

type LegalActRow = typeof legalActs.$inferInsert;
type ProvisionRow = typeof legalActProvisions.$inferInsert;

/** `position` is the provision's place in the list. */
export type ProvisionSeed = Omit<ProvisionRow, "id" | "legalActId" | "position" | "replacesId"> & {
  /** A name for the provision within its act, for `replaces`. */
  key?: string;
  /** The key of the provision of the same act that this one replaced. */
  replaces?: string;
};

export interface LegalActSeed extends Omit<LegalActRow, "id" | "sourceId"> {
  source: string;
  /** ISO 3166 alpha-2 codes, "EU" for the Union. */
  parties: string[];
  /** Organisations involved other than as states: codes and roles. */
  organisations?: { organisation: string; role: LegalActOrganisationRole }[];
  provisions: ProvisionSeed[];
}

type LegalActOrganisationRole = (typeof legalActOrganisations.$inferInsert)["role"];

/** "As of July 2020": the month only, stored as its first day. */
const fromMonth = (month: string) => ({ effectiveFrom: `${month}-01`, effectiveFromPrecision: "MONTH" as const });
const untilMonth = (month: string) => ({ effectiveUntil: `${month}-01`, effectiveUntilPrecision: "MONTH" as const });

const localBorderTraffic = (neighbour: string, name: string, inForce: boolean): LegalActSeed => ({
  code: `LBT-BY-${neighbour}`,
  title: `Agreement on local border traffic between Belarus and ${name}`,
  kind: "BILATERAL_AGREEMENT",
  status: inForce ? "IN_FORCE" : "NOT_IN_FORCE",
  // "signed in 2010"
  signedOn: "2010-01-01",
  signedOnPrecision: "YEAR",
  ...(inForce ? { inForceFrom: "2012-02-01", inForceFromPrecision: "DAY" as const } : {}),
  source: POLICY_BRIEF,
  note: inForce
    ? "The only one of the three local border traffic agreements in force."
    : "Not in force: Belarus has not confirmed that the border crossing points' infrastructure, improved with EU " +
      "cross-border cooperation funds, meets the requirements for local border traffic.",
  parties: ["BY", neighbour],
  provisions: [
    {
      text: "Applies to residents of communities situated within 50 kilometres on both sides of the border.",
      quantity: "50",
      unit: "km",
      qualifier: "EXACT",
      asStated: "within 50 kilometres",
    },
    {
      text:
        "Regulates only the duration of an uninterrupted stay, whereas the Schengen visa allows staying abroad for " +
        "up to 90 days within a 180-day period.",
    },
  ],
});

const socialSecurity = (partner: string, name: string): LegalActSeed => ({
  code: `SSA-BY-${partner}`,
  title: `Social security agreement between Belarus and ${name}`,
  kind: "BILATERAL_AGREEMENT",
  status: "IN_FORCE",
  source: POLICY_BRIEF,
  isAssumption: true,
  note:
    "The brief says Belarus 'has agreements in the field of social security only with Russia, Lithuania and " +
    "Latvia'; that they are in force is assumed. Dates not given.",
  parties: ["BY", partner],
  provisions: [],
});

export const legalActSeeds: LegalActSeed[] = [
  {
    code: "EU-BY-READMISSION",
    title: "EU-Belarus Readmission Agreement",
    kind: "EU_AGREEMENT",
    status: "IN_FORCE",
    // "the beginning of 2020"
    signedOn: "2020-01-01",
    signedOnPrecision: "QUARTER",
    source: "EC-2020-AGREEMENTS-SIGNED",
    isAssumption: true,
    note:
      "In force is an assumption: the brief says only that it was signed at the beginning of 2020. Its footnote 25 " +
      "cites a source titled 'the agreements between the European Union and Belarus enter into force', with no date.",
    parties: ["EU", "BY"],
    provisions: [],
  },
  {
    code: "EU-BY-VFA",
    title: "EU-Belarus Visa Facilitation Agreement",
    kind: "EU_AGREEMENT",
    status: "IN_FORCE",
    signedOn: "2020-01-01",
    signedOnPrecision: "MONTH",
    inForceFrom: "2020-07-01",
    inForceFromPrecision: "MONTH",
    source: "EC-2020-VFA",
    note: "Signed in January 2020; its rules apply 'as of July 2020' (footnote 25: the agreements enter into force).",
    parties: ["EU", "BY"],
    provisions: [
      {
        key: "fee-before",
        text: "The visa fee was €60.",
        amount: "60.00",
        currency: "EUR",
        qualifier: "EXACT",
        asStated: "instead of €60",
        ...untilMonth("2020-06"),
        note: "The fee before the agreement's rules applied: 'As of July 2020, the visa fee is €35 instead of €60'.",
      },
      {
        text: "The visa fee is €35 instead of €60.",
        amount: "35.00",
        currency: "EUR",
        qualifier: "EXACT",
        asStated: "€35 instead of €60",
        ...fromMonth("2020-07"),
        replaces: "fee-before",
      },
      {
        text: "The service fee may not exceed €30.",
        amount: "30.00",
        currency: "EUR",
        qualifier: "AT_MOST",
        asStated: "may not exceed €30",
        ...fromMonth("2020-07"),
      },
      {
        text: "Consulates take a decision on a visa application in standard cases within 10 working days.",
        quantity: "10",
        unit: "working days",
        qualifier: "EXACT",
        asStated: "10 working days",
        ...fromMonth("2020-07"),
      },
      {
        text: "Eleven categories of travellers are exempt from the consular fee.",
        quantity: "11",
        unit: "categories of travellers",
        qualifier: "EXACT",
        asStated: "eleven",
      },
      {
        text:
          "Regular travellers such as journalists, students and members of official delegations can receive " +
          "multiple-entry visas with a validity of up to five years.",
        quantity: "5",
        unit: "years",
        qualifier: "AT_MOST",
        asStated: "up to five years",
      },
    ],
  },
  localBorderTraffic("LV", "Latvia", true),
  localBorderTraffic("LT", "Lithuania", false),
  localBorderTraffic("PL", "Poland", false),
  socialSecurity("RU", "Russia"),
  socialSecurity("LT", "Lithuania"),
  socialSecurity("LV", "Latvia"),
  {
    code: "CIS-PENSION-1992",
    title: "CIS agreement in the field of pension security",
    kind: "MULTILATERAL_AGREEMENT",
    status: "NOT_IMPLEMENTED",
    signedOn: "1992-01-01",
    signedOnPrecision: "YEAR",
    source: POLICY_BRIEF,
    note: "Concluded by Belarus within the CIS as early as 1992, but the system has not been set up. The other parties are not named.",
    parties: ["BY"],
    organisations: [{ organisation: "CIS", role: "CONCLUDED_WITHIN" }],
    provisions: [],
  },
  {
    code: "BY-PENSION-QUALIFYING-PERIOD",
    title: "Belarus pension reform: qualifying period of employment and insurance contributions",
    kind: "NATIONAL_RULE",
    status: "IN_FORCE",
    source: POLICY_BRIEF,
    parties: ["BY"],
    provisions: [
      {
        key: "now",
        text: "Each Belarus national needs 16 years of employment and insurance contributions to qualify for a pension.",
        quantity: "16",
        unit: "years",
        qualifier: "EXACT",
        asStated: "16 years",
      },
      {
        text: "The qualifying period is projected to grow to 20 years by 2025.",
        quantity: "20",
        unit: "years",
        qualifier: "EXACT",
        asStated: "20 years by 2025",
        // "by 2025": the year only.
        effectiveFrom: "2025-01-01",
        effectiveFromPrecision: "YEAR",
        isProjection: true,
        replaces: "now",
      },
    ],
  },
  {
    code: "PL-EMPLOYMENT-LAW-2018",
    title: "Amendment of Poland's Law \"On Facilitating Employment and Labour Market Institutions\"",
    kind: "NATIONAL_LAW",
    status: "IN_FORCE",
    inForceFrom: "2018-01-01",
    inForceFromPrecision: "DAY",
    source: POLICY_BRIEF,
    note:
      "Liberalises admission of foreigners for seasonal and short-term work, aiming to prevent abuses in employment " +
      "based on invitations from Polish employers.",
    parties: ["PL"],
    provisions: [
      { text: "Introduces an additional type of seasonal work permit.", effectiveFrom: "2018-01-01", effectiveFromPrecision: "DAY" },
      {
        text: "Extends the length of stay for seasonal employment in agriculture, horticulture and tourism to 270 days per year.",
        quantity: "270",
        unit: "days per year",
        qualifier: "EXACT",
        asStated: "270 days per year",
        effectiveFrom: "2018-01-01",
        effectiveFromPrecision: "DAY",
      },
      {
        text: "Reduces the registration fee threefold.",
        quantity: "3",
        unit: "times lower",
        qualifier: "EXACT",
        asStated: "threefold",
        effectiveFrom: "2018-01-01",
        effectiveFromPrecision: "DAY",
      },
    ],
  },
  {
    code: "LT-FOREIGNERS-LAW-2017",
    title: "Amendment of Lithuania's Law \"On the Situation of Foreigners\"",
    kind: "NATIONAL_LAW",
    status: "IN_FORCE",
    inForceFrom: "2017-01-01",
    inForceFromPrecision: "MONTH",
    source: POLICY_BRIEF,
    note: "Addresses labour shortages caused by the substantial outflow of Lithuania's own citizens.",
    parties: ["LT"],
    provisions: [
      {
        text:
          "Makes hiring foreigners much easier and faster in the identified shortage professions: staff of IT and " +
          "innovative companies, international truck drivers, welders, assemblers of metal vessels' hulls, operators " +
          "of metalworking machines, tailors, and a number of construction professions.",
      },
    ],
  },
  {
    code: "LT-WORK-PERMIT-RULES-2019",
    title: "Lithuania's amended work permit rules",
    kind: "NATIONAL_RULE",
    status: "IN_FORCE",
    inForceFrom: "2019-03-01",
    inForceFromPrecision: "MONTH",
    source: POLICY_BRIEF,
    parties: ["LT"],
    provisions: [
      {
        text: "Labour migrants in non-highly qualified jobs no longer need to prove qualifications and recent relevant employment experience.",
      },
      { text: "Workers changing employers or positions are no longer required to renew their work permit." },
      {
        text: "A 12-month post-graduation job-search extension for international students.",
        quantity: "12",
        unit: "months",
        qualifier: "EXACT",
        asStated: "12-month",
        isAssumption: true,
        note:
          "The brief introduces it with 'In addition' and no date (source: OECD 2019, footnote 14); placing it in " +
          "the March 2019 rules is an assumption.",
      },
    ],
  },
  {
    code: "BY-MINSK-AIRPORT-VISA-FREE",
    title: "Visa-free entry through Minsk National Airport",
    kind: "NATIONAL_RULE",
    status: "IN_FORCE",
    source: POLICY_BRIEF,
    note: "Granted 'three years ago' as seen from the brief (2020); no date given.",
    parties: ["BY"],
    provisions: [
      {
        key: "five-days",
        text: "Visa-free entry through Minsk National Airport for up to five days.",
        quantity: "5",
        unit: "days",
        qualifier: "AT_MOST",
        asStated: "up to five days",
        effectiveFrom: "2017-01-01",
        effectiveFromPrecision: "YEAR",
        ...untilMonth("2018-06"),
        isAssumption: true,
        note: "Granted 'three years ago' as seen from the brief (2020): the year 2017 is a reading. Extended as of July 2018.",
      },
      {
        key: "eighty-countries",
        text: "Open to nationals of 80 countries.",
        quantity: "80",
        unit: "countries",
        qualifier: "EXACT",
        asStated: "80",
        effectiveFrom: "2017-01-01",
        effectiveFromPrecision: "YEAR",
        ...untilMonth("2018-06"),
        isAssumption: true,
        note: "Granted 'three years ago' as seen from the brief (2020): the year 2017 is a reading. Replaced as of July 2018.",
      },
      {
        text: "As of July 2018, the visa-free period is extended to 30 days.",
        quantity: "30",
        unit: "days",
        qualifier: "EXACT",
        asStated: "30 days",
        ...fromMonth("2018-07"),
        replaces: "five-days",
      },
      {
        text: "As of July 2018, the 30-day visa-free entry is open to nationals of 74 countries, including the EU Member States.",
        quantity: "74",
        unit: "countries",
        qualifier: "EXACT",
        asStated: "74",
        ...fromMonth("2018-07"),
        replaces: "eighty-countries",
      },
    ],
  },
  {
    code: "PL-POLES-CARD",
    title: "Pole's Card (Karta Polaka)",
    kind: "NATIONAL_LAW",
    status: "IN_FORCE",
    // "The card exists as of 2007" (footnote 10)
    inForceFrom: "2007-01-01",
    inForceFromPrecision: "YEAR",
    source: "EC-POLES-CARD",
    locator: "footnote 10; section 'Labour mobility'",
    note: "Targets individuals of Polish descent; an attractive tool for young people to migrate in the least costly way.",
    parties: ["PL"],
    provisions: [
      { text: "The cardholder can work, study and do business on the same basis as Polish nationals." },
      { text: "The cardholder can enjoy free emergency health care." },
      { text: "The cardholder can seek a free long-term visa." },
      {
        text: "The cardholder can naturalise in one year.",
        quantity: "1",
        unit: "years",
        qualifier: "EXACT",
        asStated: "in one year",
      },
      {
        text: "Cardholders can receive a special financial benefit to cover part of their expenses for settlement and maintenance in Poland.",
      },
    ],
  },
  {
    code: "BY-WORK-ASSIGNMENT",
    title: "Compulsory work assignment of graduates (Belarus)",
    kind: "NATIONAL_RULE",
    status: "IN_FORCE",
    source: "EHEA-PARIS-2018-COMMUNIQUE",
    locator: "footnote 23",
    note:
      "Belarus refuses to abolish it, partly why the transition to the Bologna Process is still ongoing; a major " +
      "obstacle to leaving the country to work abroad upon graduation.",
    parties: ["BY"],
    provisions: [
      {
        text: "Persons with a secondary specialized or higher education are assigned compulsory work for 2 years.",
        quantity: "2",
        unit: "years",
        qualifier: "EXACT",
        asStated: "2 years",
      },
      {
        text: "Persons with vocational education are assigned compulsory work for 1 year.",
        quantity: "1",
        unit: "years",
        qualifier: "EXACT",
        asStated: "1 year",
      },
    ],
  },
];
