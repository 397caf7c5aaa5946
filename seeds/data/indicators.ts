import type { indicatorObservations, indicators } from "../../src/modules/indicators/indicators.tables";
import { POLICY_BRIEF } from "./sources";

type IndicatorRow = typeof indicators.$inferInsert;
type ObservationRow = typeof indicatorObservations.$inferInsert;

export type ObservationSeed = Omit<
  ObservationRow,
  "id" | "indicatorId" | "sourceId" | "geographyRole" | "shareOfObservationId"
> & {
  source: string;
  /** Where the series' role (below) does not fit this figure. */
  geographyRole?: GeographyRole;
  /** A share of another series' figure: its indicator code, geography and period label. */
  shareOf?: { indicator: string; geography: string; periodLabel: string };
};

type GeographyRole = NonNullable<ObservationRow["geographyRole"]>;

export interface IndicatorSeed extends Pick<IndicatorRow, "code" | "title" | "unit" | "description"> {
  theme?: string;
  /** What the geography of the series' figures is to them. */
  geographyRole: GeographyRole;
  observations: ObservationSeed[];
}

type Period = Pick<ObservationRow, "periodStart" | "periodEnd" | "periodLabel">;

/** A figure for a calendar year ("in 2017"). */
const inYear = (year: number): Period => ({
  periodStart: `${year}-01-01`,
  periodEnd: `${year}-12-31`,
  periodLabel: String(year),
});

/** A stock counted on one day ("at the end of 2019"). */
const atEndOf = (year: number): Period => ({
  periodStart: `${year}-12-31`,
  periodEnd: `${year}-12-31`,
  periodLabel: `end of ${year}`,
});

const yearsThrough = (from: number, to: number, periodLabel: string): Period => ({
  periodStart: `${from}-01-01`,
  periodEnd: `${to}-12-31`,
  periodLabel,
});

/**
 * Every figure the brief gives, one observation each, with its number exactly as printed
 * (`asStated`: the brief writes "17.790" for 17790) and the source it attributes it to.
 */
export const indicatorSeeds: IndicatorSeed[] = [
  // --- Labour mobility ---
  {
    code: "EU-WORK-PERMITS-BY",
    title: "Permits for work reasons issued to Belarus nationals in the EU",
    unit: "permits",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      { ...inYear(2016), geography: "EU", value: "17790", qualifier: "EXACT", asStated: "17.790", source: "EUROSTAT", locator: "footnote 6" },
      { ...inYear(2017), geography: "EU", value: "28057", qualifier: "EXACT", asStated: "28.057", source: "EUROSTAT", locator: "footnote 6" },
      { ...inYear(2018), geography: "EU", value: "35981", qualifier: "EXACT", asStated: "35,981", source: "EUROSTAT", locator: "footnote 6" },
    ],
  },
  {
    code: "EU-VALID-WORK-PERMITS-BY",
    title: "Valid work permits held by Belarus nationals in the EU",
    unit: "permits",
    description: "The body text's figure; footnote 6 gives 35,981 permits for work reasons for the same year.",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...inYear(2018),
        geography: "EU",
        value: "36000",
        qualifier: "AT_LEAST",
        asStated: "over 36.000",
        source: "EUROSTAT",
        locator: "footnote 7",
        note: "Poland issued half of them (see EU-WORK-PERMITS-BY-ISSUER-SHARE), followed by Lithuania.",
      },
    ],
  },
  {
    code: "EU-WORK-PERMITS-BY-ISSUER-SHARE",
    title: "Share of the valid work permits held by Belarus nationals in the EU that one Member State issued",
    unit: "% of the EU total",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      {
        ...inYear(2018),
        geography: "PL",
        value: "50",
        qualifier: "APPROXIMATE",
        asStated: "half of them",
        shareOf: { indicator: "EU-VALID-WORK-PERMITS-BY", geography: "EU", periodLabel: "2018" },
        source: POLICY_BRIEF,
        locator: "section 'Labour mobility'",
        note: "Followed by Lithuania, for which the brief gives no share.",
      },
    ],
  },
  {
    code: "EU-LONG-STAY-SHARE-BY",
    title: "Share of Belarusian migrants in the EU staying abroad for over six months",
    unit: "% of Belarusian migrants in the EU",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...yearsThrough(2016, 2018, "as of 2016"),
        geography: "EU",
        value: "50",
        qualifier: "AT_LEAST",
        asStated: "most",
        source: POLICY_BRIEF,
        locator: "section 'Labour mobility'",
        isAssumption: true,
        note:
          "'most Belarusian migrants staying abroad for over six months', said of the permits growing as of 2016: the " +
          "period end is taken as 2018, the last year of the Eurostat figures, and 'most' as more than half.",
      },
    ],
  },
  {
    code: "BY-LABOUR-MIGRATION-OTHER-SIGNATORIES",
    title: "Belarusian labour migration to Bulgaria, Romania, Finland and Hungary, relative to Lithuania, Latvia and Poland",
    unit: "% of the labour migration to Lithuania, Latvia and Poland",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...yearsThrough(2017, 2019, "has remained"),
        geography: "EU",
        countries: ["BG", "RO", "FI", "HU"],
        relativeToCountries: ["LT", "LV", "PL"],
        value: "1",
        qualifier: "AT_MOST",
        asStated: "below 1%",
        source: POLICY_BRIEF,
        locator: "section 'Labour mobility'",
        isAssumption: true,
        note: "'has remained below 1%': no period given; taken as 2017-2019, the years of the Lithuanian and Latvian figures.",
      },
    ],
  },
  {
    code: "EU-WORK-PERMITS-BY-GROWTH",
    title: "Yearly growth of valid residence permits for work reasons, Belarus nationals in the EU",
    unit: "permits per year",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...yearsThrough(2016, 2018, "as of 2016, every year"),
        geography: "EU",
        value: "8000",
        valueMax: "10000",
        qualifier: "RANGE",
        asStated: "some 8.000-10.000",
        source: "EUROSTAT",
        locator: "footnote 6",
        isAssumption: true,
        note: "Period end not given: taken as 2018, the last year of the Eurostat figures in footnote 6.",
      },
    ],
  },
  {
    code: "EU-LABOUR-MIGRANTS-BY",
    title: "Belarus labour migrants in the EU (expert estimate)",
    unit: "persons",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...atEndOf(2017),
        geography: "EU",
        value: "100000",
        qualifier: "EXACT",
        asStated: "100.000",
        source: "LABOUR-MIGRATION-REPORT",
        locator: "footnote 7",
        note: "Expert estimate.",
      },
    ],
  },
  {
    code: "PL-FIRST-WORK-PERMITS-BY",
    title: "First-time work permits issued to Belarus nationals in Poland",
    unit: "permits",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      { ...inYear(2016), geography: "PL", value: "4870", qualifier: "EXACT", asStated: "4870", source: "DEMOGRAPHIC-YEARBOOK-PL-2019", locator: "footnote 8, p. 443" },
      { ...inYear(2017), geography: "PL", value: "10518", qualifier: "EXACT", asStated: "10518", source: "DEMOGRAPHIC-YEARBOOK-PL-2019", locator: "footnote 8, p. 443" },
      { ...inYear(2018), geography: "PL", value: "19233", qualifier: "EXACT", asStated: "19233", source: "DEMOGRAPHIC-YEARBOOK-PL-2019", locator: "footnote 8, p. 443" },
    ],
  },
  {
    code: "PL-SEASONAL-WORK-PERMITS-BY",
    title: "First-time work permits for six to eleven months issued to Belarus nationals in Poland",
    unit: "permits",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      { ...inYear(2017), geography: "PL", value: "4100", qualifier: "EXACT", asStated: "4.100", source: "EUROSTAT", locator: "footnote 8" },
      {
        ...inYear(2018),
        periodLabel: "by the end of 2018",
        geography: "PL",
        value: "17000",
        qualifier: "AT_MOST",
        asStated: "nearly 17.000",
        source: "EUROSTAT",
        locator: "footnote 8",
      },
    ],
  },
  {
    code: "PL-WORK-DECLARATIONS-BY",
    title: "Declarations entrusting work to Belarusian citizens in Poland",
    unit: "declarations",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      {
        ...inYear(2018),
        geography: "PL",
        value: "63000",
        qualifier: "AT_MOST",
        asStated: "nearly 63.000",
        source: "DEMOGRAPHIC-YEARBOOK-PL-2019",
        locator: "footnote 9, p. 445",
      },
    ],
  },
  {
    code: "PL-POLES-CARDS-BY",
    title: "Pole's Cards issued to Belarusians",
    unit: "cards",
    description: "The card, for individuals of Polish descent, exists as of 2007.",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      {
        ...yearsThrough(2007, 2018, "in total (latest data)"),
        geography: "PL",
        value: "125000",
        qualifier: "EXACT",
        asStated: "125.000",
        source: "DEMOGRAPHIC-YEARBOOK-PL-2019",
        locator: "footnote 11, p. 450",
        isAssumption: true,
        note:
          "Cumulative since the card's introduction in 2007 (footnote 10). Period end not given: taken as 2018, " +
          "the latest year in the Demographic Yearbook of Poland 2019.",
      },
      {
        ...yearsThrough(2016, 2018, "2016-2018"),
        geography: "PL",
        value: "45000",
        qualifier: "AT_LEAST",
        asStated: "over 45.000",
        source: "DEMOGRAPHIC-YEARBOOK-PL-2019",
        locator: "footnote 11, p. 450",
      },
      {
        ...yearsThrough(2007, 2019, "in total (media reports)"),
        geography: "PL",
        value: "137000",
        qualifier: "EXACT",
        asStated: "137.000",
        source: "RP-KARTA-POLAKA",
        locator: "footnote 11",
        isAssumption: true,
        note:
          "Media report, differing from the official 125.000. The article is undated (accessed 13.08.2020): " +
          "period end taken as 2019.",
      },
      {
        ...yearsThrough(2017, 2019, "the last three years (media reports)"),
        geography: "PL",
        value: "55000",
        qualifier: "EXACT",
        asStated: "55.000",
        source: "RP-KARTA-POLAKA",
        locator: "footnote 11",
        isAssumption: true,
        note:
          "Media report, differing from the official 'over 45.000 in 2016-2018'. The article is undated " +
          "(accessed 13.08.2020): 'the last three years' taken as 2017-2019.",
      },
    ],
  },
  {
    code: "PL-POLES-CARD-DEPARTURES-BY",
    title: "Belarusian nationals who left for Poland on the Pole's Card (expert view)",
    unit: "persons",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      {
        ...yearsThrough(2007, 2018, "to date"),
        geography: "PL",
        value: "1000",
        qualifier: "APPROXIMATE",
        asStated: "some 1.000",
        source: "YELISEYEV-2018",
        locator: "footnote 12",
        isAssumption: true,
        note: "Period not given: taken from the card's introduction (2007) to the year of the source (2018).",
      },
    ],
  },
  {
    code: "LT-FIRST-WORK-PERMITS-BY",
    title: "First-time work permits obtained by Belarusians in Lithuania",
    unit: "permits",
    theme: "LABOUR_MOBILITY",
    geographyRole: "ISSUING_STATE",
    observations: [
      { ...inYear(2017), geography: "LT", value: "2500", qualifier: "APPROXIMATE", asStated: "some 2.500", source: "EUROSTAT", locator: "footnote 15" },
      { ...inYear(2018), geography: "LT", value: "3000", qualifier: "AT_LEAST", asStated: "over 3.000", source: "EUROSTAT", locator: "footnote 15" },
      { ...inYear(2019), geography: "LT", value: "6725", qualifier: "EXACT", asStated: "6.725", source: "EUROSTAT", locator: "footnote 15" },
    ],
  },
  {
    code: "LT-VALID-WORK-PERMITS-BY",
    title: "Belarusians holding a valid work permit in Lithuania",
    unit: "persons",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      { ...atEndOf(2019), geography: "LT", value: "14000", qualifier: "AT_MOST", asStated: "almost 14.000", source: "EUROSTAT", locator: "footnote 15" },
    ],
  },
  {
    code: "LV-VALID-WORK-PERMITS-BY",
    title: "Belarusians holding a valid work permit in Latvia",
    unit: "persons",
    theme: "LABOUR_MOBILITY",
    geographyRole: "DESTINATION",
    observations: [
      { ...inYear(2017), geography: "LV", value: "652", qualifier: "EXACT", asStated: "652", source: "EUROSTAT", locator: "footnote 16 (ibid.)" },
      { ...inYear(2018), geography: "LV", value: "937", qualifier: "EXACT", asStated: "937", source: "EUROSTAT", locator: "footnote 16 (ibid.)" },
      { ...inYear(2019), geography: "LV", value: "1179", qualifier: "EXACT", asStated: "1.179", source: "EUROSTAT", locator: "footnote 16 (ibid.)" },
    ],
  },

  // --- Visa issues ---
  {
    code: "BY-NON-CIS-TOURISTS",
    title: "Tourists from non-CIS countries visiting Belarus",
    unit: "tourists",
    description: "Grew after visa-free entry through Minsk National Airport was introduced and extended.",
    theme: "VISA_ISSUES",
    geographyRole: "DESTINATION",
    observations: [
      { ...inYear(2016), geography: "BY", value: "38200", qualifier: "EXACT", asStated: "38.200", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
      { ...inYear(2017), geography: "BY", value: "83900", qualifier: "EXACT", asStated: "83.900", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
      { ...inYear(2019), geography: "BY", value: "182317", qualifier: "EXACT", asStated: "182.317", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
    ],
  },
  {
    code: "BY-TOURISTS-BY-ORIGIN",
    title: "Tourists visiting Belarus from a neighbouring EU country",
    unit: "tourists",
    description: "Geography is the tourists' country of origin.",
    theme: "VISA_ISSUES",
    geographyRole: "ORIGIN",
    observations: [
      { ...inYear(2019), geography: "PL", value: "61349", qualifier: "EXACT", asStated: "61.349", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
      { ...inYear(2019), geography: "LT", value: "76060", qualifier: "EXACT", asStated: "76.060", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
      { ...inYear(2019), geography: "LV", value: "10478", qualifier: "EXACT", asStated: "10.478", source: "BELARUS-IN-NUMBERS-2020", locator: "footnote 26" },
    ],
  },
  {
    code: "VISAS-ISSUED-IN-BY",
    title: "Visas issued by a Member State's consulates in Belarus",
    unit: "visas",
    description: "Geography is the Member State whose consulates issued the visas.",
    theme: "VISA_ISSUES",
    geographyRole: "ISSUING_STATE",
    observations: [
      { ...inYear(2015), geography: "PL", value: "319000", qualifier: "EXACT", asStated: "319.000", source: "SCHENGEN-VISA-STATISTICS", locator: "footnote 27" },
      { ...inYear(2019), geography: "PL", value: "216000", qualifier: "EXACT", asStated: "216.000", source: "SCHENGEN-VISA-STATISTICS", locator: "footnote 27" },
      { ...inYear(2015), geography: "LT", value: "203000", qualifier: "EXACT", asStated: "203.000", source: "SCHENGEN-VISA-STATISTICS", locator: "footnote 27" },
      { ...inYear(2019), geography: "LT", value: "250000", qualifier: "AT_LEAST", asStated: "over 250.000", source: "SCHENGEN-VISA-STATISTICS", locator: "footnote 27" },
    ],
  },

  // --- Employment portal ---
  {
    code: "LA-STRADA-HOTLINE-CALLERS",
    title: "Persons calling the La Strada hotline on safe travel abroad",
    unit: "persons",
    theme: "EMPLOYMENT_PORTAL",
    geographyRole: "LOCATION",
    observations: [
      { ...inYear(2018), geography: "BY", value: "5500", qualifier: "EXACT", asStated: "5.500", source: "GENDER-PERSPECTIVES-2019", locator: "footnote 32" },
    ],
  },
  {
    code: "LA-STRADA-ASSISTED",
    title: "Belarusians who faced problems abroad effectively assisted by La Strada",
    unit: "persons",
    theme: "EMPLOYMENT_PORTAL",
    geographyRole: "LOCATION",
    observations: [
      { ...inYear(2018), geography: "BY", value: "287", qualifier: "EXACT", asStated: "287", source: "GENDER-PERSPECTIVES-2019", locator: "footnote 32" },
    ],
  },

  // --- Student mobility and entrepreneurship ---
  {
    code: "ERASMUS-PLUS-BY",
    title: "Students and teachers from Belarus gaining learning or teaching experience in the EU through Erasmus+",
    unit: "persons",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    geographyRole: "ORIGIN",
    observations: [
      {
        ...yearsThrough(2017, 2020, "since 2017"),
        geography: "BY",
        value: "2000",
        qualifier: "APPROXIMATE",
        asStated: "some 2.000",
        source: "EU-NEIGHBOURS-2020",
        locator: "footnote 18 (with EU Neighbours 2017)",
        isAssumption: true,
        note: "Cumulative since 2017. Period end not given: taken as 2020, the year of the brief and of its source.",
      },
    ],
  },
  {
    code: "YOUNG-WORKERS-EXCHANGE-BY",
    title: "Young workers from Belarus in exchange, training and volunteering programmes",
    unit: "persons",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    geographyRole: "ORIGIN",
    observations: [
      {
        ...yearsThrough(2014, 2020, "since 2014"),
        geography: "BY",
        value: "3400",
        qualifier: "EXACT",
        asStated: "3.400",
        source: "EU-NEIGHBOURS-2020",
        locator: "footnote 19 (ibid.)",
        isAssumption: true,
        note: "Cumulative since 2014. Period end not given: taken as 2020, the year of the brief and of its source.",
      },
    ],
  },
  {
    code: "MOST-PROFESSIONALS-BY",
    title: "Professionals who benefited from the MOST mobility scheme",
    unit: "persons",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    geographyRole: "ORIGIN",
    observations: [
      {
        ...inYear(2020),
        periodLabel: "by 2020",
        geography: "BY",
        value: "5500",
        qualifier: "AT_LEAST",
        asStated: "over 5.500",
        source: "EU-NEIGHBOURS-2020",
        locator: "footnote 21",
        isAssumption: true,
        note: "Cumulative count reached by 2020; the scheme's start is not given, so the period stored is the year 2020.",
      },
    ],
  },
  {
    code: "BUSINESS-HIVE-STARTUP-PLACES",
    title: "Places for start-up companies in the Belarusian 'business hive' incubator",
    unit: "start-up companies",
    theme: "STUDENT_MOBILITY_ENTREPRENEURSHIP",
    geographyRole: "LOCATION",
    observations: [
      {
        ...inYear(2020),
        periodLabel: "at the time of the brief",
        geography: "BY",
        value: "150",
        qualifier: "EXACT",
        asStated: "150",
        source: POLICY_BRIEF,
        locator: "section 'Student Mobility and Entrepreneurship'",
        isAssumption: true,
        note: "Period not given: taken as 2020, the year of the brief.",
      },
    ],
  },
];
