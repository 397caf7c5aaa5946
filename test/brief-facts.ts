/**
 * The policy brief's facts ("The EU-Belarus Mobility Partnership: The Way Forward"), as the
 * data must serve them: every figure with its value, how the brief hedges it and the words
 * it prints, and every date with its precision. test/brief-facts.test.ts compares them with
 * what the API serves, so a change that loses or alters one fails.
 *
 * `where` names the place in the data: "observation INDICATOR GEOGRAPHY PERIOD-LABEL",
 * "provision ACT AS-STATED", "allocation INSTRUMENT", "budget PROJECT", "statement CODE", and
 * for dates the object and field.
 */

type Qualifier = "EXACT" | "AT_LEAST" | "AT_MOST" | "APPROXIMATE" | "RANGE";
type Precision = "DAY" | "MONTH" | "QUARTER" | "YEAR";

export interface BriefFigure {
  where: string;
  /** The parsed value, without trailing zeros; money as "7000000 EUR". */
  value: string;
  /** The upper bound of a RANGE. */
  valueMax?: string;
  qualifier: Qualifier;
  /** The figure exactly as the brief prints it. */
  printed: string;
}

export interface BriefDate {
  where: string;
  /** The first day of the period the brief names (the last, for a period's end). */
  date: string;
  /** How precise the date is, where the data keeps a precision beside it. */
  precision?: Precision;
  printed: string;
}

const observation = (indicator: string, geography: string, period: string, value: string, qualifier: Qualifier, printed: string, valueMax?: string): BriefFigure => ({
  where: `observation ${indicator} ${geography} ${period}`,
  value,
  ...(valueMax === undefined ? {} : { valueMax }),
  qualifier,
  printed,
});

const provision = (act: string, printed: string, value: string, qualifier: Qualifier = "EXACT"): BriefFigure => ({
  where: `provision ${act} ${printed}`,
  value,
  qualifier,
  printed,
});

export const BRIEF_FIGURES: BriefFigure[] = [
  // Labour mobility
  observation("EU-WORK-PERMITS-BY", "EU", "2016", "17790", "EXACT", "17.790"),
  observation("EU-WORK-PERMITS-BY", "EU", "2017", "28057", "EXACT", "28.057"),
  observation("EU-WORK-PERMITS-BY", "EU", "2018", "35981", "EXACT", "35,981"),
  observation("EU-WORK-PERMITS-BY-GROWTH", "EU", "as of 2016, every year", "8000", "RANGE", "some 8.000-10.000", "10000"),
  observation("EU-LONG-STAY-SHARE-BY", "EU", "as of 2016", "50", "AT_LEAST", "most"),
  observation("EU-VALID-WORK-PERMITS-BY", "EU", "2018", "36000", "AT_LEAST", "over 36.000"),
  observation("EU-WORK-PERMITS-BY-ISSUER-SHARE", "PL", "2018", "50", "APPROXIMATE", "half of them"),
  observation("EU-LABOUR-MIGRANTS-BY", "EU", "end of 2017", "100000", "EXACT", "100.000"),
  observation("PL-FIRST-WORK-PERMITS-BY", "PL", "2016", "4870", "EXACT", "4870"),
  observation("PL-FIRST-WORK-PERMITS-BY", "PL", "2017", "10518", "EXACT", "10518"),
  observation("PL-FIRST-WORK-PERMITS-BY", "PL", "2018", "19233", "EXACT", "19233"),
  observation("PL-SEASONAL-WORK-PERMITS-BY", "PL", "2017", "4100", "EXACT", "4.100"),
  observation("PL-SEASONAL-WORK-PERMITS-BY", "PL", "by the end of 2018", "17000", "AT_MOST", "nearly 17.000"),
  observation("PL-WORK-DECLARATIONS-BY", "PL", "2018", "63000", "AT_MOST", "nearly 63.000"),
  observation("PL-POLES-CARDS-BY", "PL", "in total (latest data)", "125000", "EXACT", "125.000"),
  observation("PL-POLES-CARDS-BY", "PL", "2016-2018", "45000", "AT_LEAST", "over 45.000"),
  observation("PL-POLES-CARDS-BY", "PL", "in total (media reports)", "137000", "EXACT", "137.000"),
  observation("PL-POLES-CARDS-BY", "PL", "the last three years (media reports)", "55000", "EXACT", "55.000"),
  observation("PL-POLES-CARD-DEPARTURES-BY", "PL", "to date", "1000", "APPROXIMATE", "some 1.000"),
  observation("LT-FIRST-WORK-PERMITS-BY", "LT", "2017", "2500", "APPROXIMATE", "some 2.500"),
  observation("LT-FIRST-WORK-PERMITS-BY", "LT", "2018", "3000", "AT_LEAST", "over 3.000"),
  observation("LT-FIRST-WORK-PERMITS-BY", "LT", "2019", "6725", "EXACT", "6.725"),
  observation("LT-VALID-WORK-PERMITS-BY", "LT", "end of 2019", "14000", "AT_MOST", "almost 14.000"),
  observation("LV-VALID-WORK-PERMITS-BY", "LV", "2017", "652", "EXACT", "652"),
  observation("LV-VALID-WORK-PERMITS-BY", "LV", "2018", "937", "EXACT", "937"),
  observation("LV-VALID-WORK-PERMITS-BY", "LV", "2019", "1179", "EXACT", "1.179"),
  observation("BY-LABOUR-MIGRATION-OTHER-SIGNATORIES", "EU", "has remained", "1", "AT_MOST", "below 1%"),
  provision("PL-EMPLOYMENT-LAW-2018", "270 days per year", "270"),
  provision("PL-EMPLOYMENT-LAW-2018", "threefold", "3"),
  provision("LT-WORK-PERMIT-RULES-2019", "12-month", "12"),
  provision("PL-POLES-CARD", "in one year", "1"),

  // Student mobility and entrepreneurship
  observation("ERASMUS-PLUS-BY", "BY", "since 2017", "2000", "APPROXIMATE", "some 2.000"),
  observation("YOUNG-WORKERS-EXCHANGE-BY", "BY", "since 2014", "3400", "EXACT", "3.400"),
  observation("MOST-PROFESSIONALS-BY", "BY", "by 2020", "5500", "AT_LEAST", "over 5.500"),
  observation("BUSINESS-HIVE-STARTUP-PLACES", "BY", "at the time of the brief", "150", "EXACT", "150"),
  provision("BY-WORK-ASSIGNMENT", "2 years", "2"),
  provision("BY-WORK-ASSIGNMENT", "1 year", "1"),

  // Visa issues
  provision("EU-BY-VFA", "instead of €60", "60 EUR"),
  provision("EU-BY-VFA", "€35 instead of €60", "35 EUR"),
  provision("EU-BY-VFA", "may not exceed €30", "30 EUR", "AT_MOST"),
  provision("EU-BY-VFA", "10 working days", "10"),
  provision("EU-BY-VFA", "eleven", "11"),
  provision("EU-BY-VFA", "up to five years", "5", "AT_MOST"),
  provision("BY-MINSK-AIRPORT-VISA-FREE", "up to five days", "5", "AT_MOST"),
  provision("BY-MINSK-AIRPORT-VISA-FREE", "80", "80"),
  provision("BY-MINSK-AIRPORT-VISA-FREE", "30 days", "30"),
  provision("BY-MINSK-AIRPORT-VISA-FREE", "74", "74"),
  observation("BY-NON-CIS-TOURISTS", "BY", "2016", "38200", "EXACT", "38.200"),
  observation("BY-NON-CIS-TOURISTS", "BY", "2017", "83900", "EXACT", "83.900"),
  observation("BY-NON-CIS-TOURISTS", "BY", "2019", "182317", "EXACT", "182.317"),
  observation("BY-TOURISTS-BY-ORIGIN", "PL", "2019", "61349", "EXACT", "61.349"),
  observation("BY-TOURISTS-BY-ORIGIN", "LT", "2019", "76060", "EXACT", "76.060"),
  observation("BY-TOURISTS-BY-ORIGIN", "LV", "2019", "10478", "EXACT", "10.478"),
  observation("VISAS-ISSUED-IN-BY", "PL", "2015", "319000", "EXACT", "319.000"),
  observation("VISAS-ISSUED-IN-BY", "PL", "2019", "216000", "EXACT", "216.000"),
  observation("VISAS-ISSUED-IN-BY", "LT", "2015", "203000", "EXACT", "203.000"),
  observation("VISAS-ISSUED-IN-BY", "LT", "2019", "250000", "AT_LEAST", "over 250.000"),
  { where: "statement VISA-FREE-FORECAST-2014", value: "10", qualifier: "AT_MOST", printed: "within ten years" },

  // Employment portal
  observation("LA-STRADA-HOTLINE-CALLERS", "BY", "2018", "5500", "EXACT", "5.500"),
  observation("LA-STRADA-ASSISTED", "BY", "2018", "287", "EXACT", "287"),

  // Social protection
  { where: "statement BY-SOCIAL-ASSISTANCE-COVERAGE", value: "50", qualifier: "AT_LEAST", printed: "more than half" },
  provision("BY-PENSION-QUALIFYING-PERIOD", "16 years", "16"),
  provision("BY-PENSION-QUALIFYING-PERIOD", "20 years by 2025", "20"),

  // Cross-border mobility
  ...["LBT-BY-LV", "LBT-BY-LT", "LBT-BY-PL"].map((act) => provision(act, "within 50 kilometres", "50")),

  // Funding
  { where: "allocation ENI", value: "170000000 EUR", qualifier: "AT_LEAST", printed: "over €170 million" },
  { where: "budget IOM-IRREGULAR-MIGRANTS", value: "7000000 EUR", qualifier: "EXACT", printed: "7 million EUR" },
  { where: "budget EU-WB-PRIVATE-SECTOR", value: "4800000 EUR", qualifier: "EXACT", printed: "4.8 million EUR" },
];

export const BRIEF_DATES: BriefDate[] = [
  { where: "partnership EU-BY signedOn", date: "2016-10-13", printed: "On 13 October 2016" },
  { where: "fundingInstrument ENI periodStart", date: "2014-01-01", printed: "for the period 2014-2020" },
  { where: "fundingInstrument ENI periodEnd", date: "2020-12-31", printed: "for the period 2014-2020" },
  { where: "nationalProgramme BY-EXTERNAL-MIGRATION-2016-2020 periodStart", date: "2016-01-01", printed: "for 2016-2020" },
  { where: "nationalProgramme BY-EXTERNAL-MIGRATION-2016-2020 periodEnd", date: "2020-12-31", printed: "for 2016-2020" },
  { where: "nationalProgramme BY-NSDS-2030 periodEnd", date: "2030-12-31", printed: "until 2030" },
  { where: "nationalProgramme BY-SOCIAL-PROTECTION-SYSTEM adoptedOn", date: "2000-03-01", precision: "MONTH", printed: "adopted in March 2000" },
  { where: "legalAct EU-BY-READMISSION signedOn", date: "2020-01-01", precision: "QUARTER", printed: "the beginning of 2020" },
  { where: "legalAct EU-BY-VFA signedOn", date: "2020-01-01", precision: "MONTH", printed: "in January 2020" },
  { where: "legalAct EU-BY-VFA inForceFrom", date: "2020-07-01", precision: "MONTH", printed: "As of July 2020" },
  { where: "legalAct LBT-BY-LV signedOn", date: "2010-01-01", precision: "YEAR", printed: "signed in 2010" },
  { where: "legalAct LBT-BY-LT signedOn", date: "2010-01-01", precision: "YEAR", printed: "signed in 2010" },
  { where: "legalAct LBT-BY-PL signedOn", date: "2010-01-01", precision: "YEAR", printed: "signed in 2010" },
  { where: "legalAct LBT-BY-LV inForceFrom", date: "2012-02-01", precision: "DAY", printed: "effective as of 1 February 2012" },
  { where: "legalAct CIS-PENSION-1992 signedOn", date: "1992-01-01", precision: "YEAR", printed: "as early as 1992" },
  { where: "legalAct PL-EMPLOYMENT-LAW-2018 inForceFrom", date: "2018-01-01", precision: "DAY", printed: "On 1 January 2018" },
  { where: "legalAct LT-FOREIGNERS-LAW-2017 inForceFrom", date: "2017-01-01", precision: "MONTH", printed: "in January 2017" },
  { where: "legalAct LT-WORK-PERMIT-RULES-2019 inForceFrom", date: "2019-03-01", precision: "MONTH", printed: "as of March 2019" },
  { where: "legalAct PL-POLES-CARD inForceFrom", date: "2007-01-01", precision: "YEAR", printed: "The card exists as of 2007" },
  { where: "provision BY-MINSK-AIRPORT-VISA-FREE 30 days effectiveFrom", date: "2018-07-01", precision: "MONTH", printed: "As of July 2018" },
  { where: "provision BY-PENSION-QUALIFYING-PERIOD 20 years by 2025 effectiveFrom", date: "2025-01-01", precision: "YEAR", printed: "by 2025" },
  { where: "project IOM-IRREGULAR-MIGRANTS actualStart", date: "2018-10-01", precision: "QUARTER", printed: "at the end of 2018" },
  { where: "project IOM-IRREGULAR-MIGRANTS plannedEnd", date: "2022-01-01", precision: "YEAR", printed: "by 2022" },
  { where: "statement VISA-FREE-FORECAST-2014 madeOn", date: "2014-07-01", precision: "MONTH", printed: "Warsaw, July 2014" },
  { where: "statement VISA-FREE-FORECAST-2014 expectedBy", date: "2024-01-01", precision: "YEAR", printed: "within ten years" },
  { where: "statement BY-MFA-VISA-LIBERALISATION-2020 madeOn", date: "2020-01-01", precision: "YEAR", printed: "In 2020" },
  { where: "statement BY-STUDENTS-FALLING since", date: "2014-01-01", precision: "YEAR", printed: "since 2014" },
  { where: "statement BY-GRADUATE-UNEMPLOYMENT-RISING since", date: "2014-01-01", precision: "YEAR", printed: "since 2014" },
  { where: "source EC-POLES-CARD accessedOn", date: "2020-08-13", printed: "Accessed on 13.08.2020" },
];

/**
 * Facts without a figure that the brief states and the data holds as records of their own:
 * links between measures, the Declaration and agreements, organisations acting in measures,
 * memberships, national programmes, and statements, forecasts and trends (by code).
 */
export const BRIEF_RECORDS: string[] = [
  "measure VIS-1 IMPLEMENTS EU-BY-VFA",
  "measure BRD-1 CONCERNS LBT-BY-LT",
  "measure BRD-1 CONCERNS LBT-BY-PL",
  "measure SOC-1 CONCERNS SSA-BY-LT",
  "measure SOC-1 CONCERNS SSA-BY-LV",
  "measure SOC-1 CONCERNS SSA-BY-RU",
  "measure SOC-2 CONCERNS BY-PENSION-QUALIFYING-PERIOD",
  "measure SOC-2 CONCERNS CIS-PENSION-1992",
  "measure EDU-4 CONCERNS BY-WORK-ASSIGNMENT",
  "partnership EU-BY TAKES_INTO_ACCOUNT LBT-BY-LT",
  "partnership EU-BY TAKES_INTO_ACCOUNT LBT-BY-LV",
  "partnership EU-BY TAKES_INTO_ACCOUNT LBT-BY-PL",
  "actor SOC-4 LEAD EAEU",
  "actor EDU-4 CONTRIBUTING PUBLIC-BOLOGNA-COMMITTEE",
  "frame CIS-PENSION-1992 CONCLUDED_WITHIN CIS",
  "membership CIS BY",
  "membership EAEU BY",
  "membership EAEU RU",
  ...["BG", "FI", "HU", "LT", "LV", "PL", "RO"].map((code) => `membership EU ${code}`),
  "programme BY-EXTERNAL-MIGRATION-2016-2020",
  "programme BY-NSDS-2030",
  "programme BY-SOCIAL-PROTECTION-SYSTEM",
  "statement BY-ACADEMIC-MOBILITY-RISING",
  "statement BY-GRADUATE-UNEMPLOYMENT-RISING",
  "statement BY-MFA-VISA-LIBERALISATION-2020",
  "statement BY-MIA-MIGRANT-GUIDANCE",
  "statement BY-SOCIAL-ASSISTANCE-COVERAGE",
  "statement BY-SSF-CONTRIBUTIONS-FALLING",
  "statement BY-STUDENTS-FALLING",
  "statement BY-TOURISTS-TO-EU-FLUCTUATING",
  "statement EU-LARGEST-DONOR-BY",
  "statement LA-STRADA-MIGRANT-GUIDANCE",
  "statement LT-SHORTAGE-JOBS-BY",
  "statement PL-ATTRACTS-MORE-MIGRANTS",
  "statement VISA-FREE-FORECAST-2014",
  "statement YOUTH-MIGRATION-INTENTIONS",
];
