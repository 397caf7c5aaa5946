import type { sources } from "../../src/modules/sources/sources.tables";

/**
 * The policy brief and the publications it cites for the figures and facts seeded here,
 * titled as the brief cites them. Footnote numbers are the brief's.
 */

type SourceSeed = Omit<typeof sources.$inferInsert, "id" | "publisherOrganisationId"> & {
  /** Code of the organisation that published it, where it is one of the organisations. */
  publisherOrganisation?: string;
};

export const POLICY_BRIEF = "POLICY-BRIEF-2020";

export const sourceSeeds: SourceSeed[] = [
  // The brief prints no date; it cites 2020 publications and pages accessed on 13.08.2020.
  { code: POLICY_BRIEF, title: "The EU-Belarus Mobility Partnership: The Way Forward", year: 2020 },
  // Footnote 3: the IOM project and its EU funding.
  { code: "IOM-2018", title: "IOM (2018)", publisher: "International Organization for Migration", publisherOrganisation: "IOM", year: 2018 },
  // Footnote 4: signing of the Readmission and Visa Facilitation Agreements.
  {
    code: "EC-2020-AGREEMENTS-SIGNED",
    title: "Visa Facilitation and Readmission: the European Union and Belarus sign agreements",
    publisher: "European Commission",
    publisherOrganisation: "EC",
    year: 2020,
  },
  // Footnote 5: the MPF and the Migration Policy elaborated with ICMPD.
  { code: "EC-2016", title: "Belarus and the EU", publisher: "European Commission", publisherOrganisation: "EC", year: 2016 },
  // Footnotes 6, 7, 8, 15, 16: work permits.
  { code: "EUROSTAT", title: "Eurostat database", publisher: "Eurostat", publisherOrganisation: "EUROSTAT" },
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
  {
    code: "EC-2020-VFA",
    title: "Visa Facilitation Agreement",
    publisher: "European Commission",
    publisherOrganisation: "EC",
    year: 2020,
  },
  {
    code: "EC-2020-AGREEMENTS-IN-FORCE",
    title: "Visa Facilitation and Readmission: the agreements between the European Union and Belarus enter into force",
    publisher: "European Commission",
    publisherOrganisation: "EC",
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
    publisherOrganisation: "EC",
  },
  // Footnote 2: the sub-programme "External Migration" for 2016-2020.
  { code: "ETALON-2018", title: "Etalon (2018)", year: 2018 },
  // Footnote 13: Belarusian labour migrants in Lithuania's shortage occupations.
  {
    code: "TUT-BY-2019",
    title: "Lithuania is concerned that Belarusians and Ukrainians are pushing local residents out of the labour market",
    publisher: "Tut.by",
    year: 2019,
  },
  // Footnote 17: Belarus' academic mobility and specialties taught in English.
  { code: "EHEA-PARIS-2018-APPENDIX", title: "Communiqué Appendix II \"Belarus Strategy\"", publisher: "EHEA Paris", year: 2018 },
  // Footnote 22: falling student numbers and rising graduate unemployment.
  { code: "BELSAT-2019", title: "What is wrong with the Belarussian higher education?", publisher: "Belsat", year: 2019 },
  // Footnote 23: the compulsory work assignment and the Bologna Process.
  {
    code: "EHEA-PARIS-2018-COMMUNIQUE",
    title: "Communiqué \"Belarus Strategy\"",
    publisher: "EHEA Paris Ministerial Conference",
    year: 2018,
  },
  { code: "EHEA-BELARUS-ROADMAP-REPORT", title: "EHEA Final Report \"Support for the Belarus Roadmap\"", publisher: "EHEA" },
  // Footnote 28: the 2014 expert forecast of visa-free travel.
  {
    code: "YELISEYEU-2014",
    title:
      "Yeliseyeu A. Migration between the EU, V4 and Eastern Europe: the present situation and the possible future. " +
      "The perspective of Belarus. In Forecasting migration between the EU, V4 and Eastern Europe. Impact of visa " +
      "abolition. Ed. by Jaroszewicz M. and Lesinska M.",
    publisher: "Center for Eastern Studies, Warsaw",
    year: 2014,
  },
  // Footnote 29: the Foreign Ministry's 2020 statement on visa liberalisation talks.
  {
    code: "SCHENGENVISAINFO-2020",
    title: "Belarus Hopes It Will Soon Start Discussing Visa-Liberalization with EU",
    publisher: "Schengenvisainfo",
    year: 2020,
  },
  // Footnote 30: the Ministry of Internal Affairs' recommendations for citizens working abroad.
  {
    code: "SOZHNEWS-2017",
    title:
      "The Department of Citizenship and Migration has developed recommendations for citizens of the Republic of " +
      "Belarus leaving for work abroad",
    publisher: "Sozhnews",
    year: 2017,
  },
  // Footnote 31: La Strada's list of recommended actions.
  { code: "LA-STRADA-WORK-ABROAD", title: "Work abroad", publisher: "La Strada", publisherOrganisation: "LA-STRADA" },
  // Body text, section 'Student Mobility and Entrepreneurship': the migratory intentions of young people.
  { code: "PUSHKEVICH-2018", title: "Results of the 2016 Pushkevich survey (2018)", year: 2018 },
  // Footnote 32: the La Strada hotline figures.
  { code: "GENDER-PERSPECTIVES-2019", title: "Gender perspectives (2019)", year: 2019 },
];
