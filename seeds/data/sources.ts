import type { sources } from "../../src/modules/sources/sources.tables";

/**
 * The policy brief and the publications it cites for the figures and facts seeded here,
 * titled as the brief cites them. Footnote numbers are the brief's.
 */

type SourceSeed = Omit<typeof sources.$inferInsert, "id">;

export const POLICY_BRIEF = "POLICY-BRIEF-2020";

export const sourceSeeds: SourceSeed[] = [
  // The brief prints no date; it cites 2020 publications and pages accessed on 13.08.2020.
  { code: POLICY_BRIEF, title: "The EU-Belarus Mobility Partnership: The Way Forward", year: 2020 },
  // Footnote 3: the IOM project and its EU funding.
  { code: "IOM-2018", title: "IOM (2018)", publisher: "International Organization for Migration", year: 2018 },
  // Footnote 4: signing of the Readmission and Visa Facilitation Agreements.
  {
    code: "EC-2020-AGREEMENTS-SIGNED",
    title: "Visa Facilitation and Readmission: the European Union and Belarus sign agreements",
    publisher: "European Commission",
    year: 2020,
  },
  // Footnote 5: the MPF and the Migration Policy elaborated with ICMPD.
  { code: "EC-2016", title: "Belarus and the EU", publisher: "European Commission", year: 2016 },
  // Footnotes 6, 7, 8, 15, 16: work permits.
  { code: "EUROSTAT", title: "Eurostat database", publisher: "Eurostat" },
  // Footnote 7: the expert estimate of 100.000 labour migrants.
  {
    code: "LABOUR-MIGRATION-REPORT",
    title: "Labour migration to the EU and the social security system in Belarus, Moldova and Ukraine (analytical report)",
  },
  // Footnotes 8, 9, 11: pp. 443, 445, 450.
  {
    code: "DEMOGRAPHIC-YEARBOOK-PL-2019",
    title: "Demographic Yearbook of Poland 2019",
    publisher: "Statistics Poland",
    year: 2019,
  },
  // Footnote 10: the Pole's Card exists as of 2007.
  {
    code: "EC-POLES-CARD",
    title: "Pole's Card and related benefits to be available to wider group of foreigners",
    publisher: "European Commission, European Website on Integration",
    url: "https://ec.europa.eu/migrant-integration/news/poles-card-and-related-benefits-to-be-available-to-wider-group-of-foreigners",
    accessedOn: "2020-08-13",
  },
  // Footnote 11: media figures on the Pole's Card.
  {
    code: "RP-KARTA-POLAKA",
    title: "Karta Polaka. Droga do Polski",
    publisher: "Rzeczpospolita (rp.pl)",
    url: "https://www.rp.pl/Bialorus/309269893-Karta-Polaka-Droga-do-Polski.html",
    accessedOn: "2020-08-13",
  },
  // Footnote 12: the expert view that some 1.000 left on the Pole's Card.
  { code: "YELISEYEV-2018", title: "Yeliseyev (2018)", year: 2018 },
  // Footnote 14: Lithuania's post-graduation job-search extension.
  { code: "OECD-2019", title: "OECD (2019)", publisher: "OECD", year: 2019 },
  // Footnotes 18, 19, 21: Erasmus+, young workers, MOST.
  {
    code: "EU-NEIGHBOURS-2017",
    title: "EU Neighbours 2017. Facts and figures about EU-Belarus relations",
    publisher: "EU Neighbours",
    year: 2017,
  },
  {
    code: "EU-NEIGHBOURS-2020",
    title: "EU Neighbours 2020. Facts and figures about EU-Belarus relations",
    publisher: "EU Neighbours",
    year: 2020,
  },
  // Footnote 20: Belarus' participation in MOST.
  { code: "MOST-2019", title: "MOST (2019)", year: 2019 },
  // Footnote 24: the two EU and World Bank Group projects.
  { code: "EXPORT-2019", title: "Export (2019)", year: 2019 },
  // Footnote 25: the Visa Facilitation Agreement and its entry into force.
  { code: "EC-2020-VFA", title: "Visa Facilitation Agreement", publisher: "European Commission", year: 2020 },
  {
    code: "EC-2020-AGREEMENTS-IN-FORCE",
    title: "Visa Facilitation and Readmission: the agreements between the European Union and Belarus enter into force",
    publisher: "European Commission",
    year: 2020,
  },
  // Footnote 26: tourists from non-CIS countries.
  {
    code: "BELARUS-IN-NUMBERS-2020",
    title: "Belarus in Numbers 2020",
    publisher: "National Statistical Committee of the Republic of Belarus",
    year: 2020,
  },
  // Footnote 27: visas issued by Polish and Lithuanian consulates.
  {
    code: "SCHENGEN-VISA-STATISTICS",
    title: "Complete statistics on short-stay visas issued by the Schengen States",
    publisher: "European Commission",
  },
  // Footnote 32: the La Strada hotline figures.
  { code: "GENDER-PERSPECTIVES-2019", title: "Gender perspectives (2019)", year: 2019 },
];
