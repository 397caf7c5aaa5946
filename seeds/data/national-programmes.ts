import type { nationalProgrammes } from "../../src/modules/national-programmes/national-programmes.tables";
import { POLICY_BRIEF } from "./sources";

export type NationalProgrammeSeed = Omit<typeof nationalProgrammes.$inferInsert, "id" | "sourceId"> & { source: string };

/** Belarus' own strategies and programmes the brief names. */
export const nationalProgrammeSeeds: NationalProgrammeSeed[] = [
  {
    code: "BY-EXTERNAL-MIGRATION-2016-2020",
    title: "Sub-programme \"External Migration\"",
    kind: "SUB_PROGRAMME",
    countryCode: "BY",
    periodStart: "2016-01-01",
    periodEnd: "2020-12-31",
    periodLabel: "for 2016-2020",
    description:
      "Highlights the management of external migration, as well as prevention and suppression of irregular " +
      "migration, among its priority areas: the areas of the Mobility Partnership Declaration match it.",
    source: "ETALON-2018",
    locator: "footnote 2",
  },
  {
    code: "BY-NSDS-2030",
    title: "National Sustainable Development Strategy of Belarus until 2030",
    kind: "STRATEGY",
    countryCode: "BY",
    periodEnd: "2030-12-31",
    periodLabel: "until 2030",
    description: "Envisages the development of measures aiming at the adaptation and integration of immigrants.",
    source: POLICY_BRIEF,
    locator: "section 'Context'",
  },
  {
    code: "BY-SOCIAL-PROTECTION-SYSTEM",
    title: "Comprehensive System of Measures for Social Protection of the Population",
    kind: "SYSTEM_OF_MEASURES",
    countryCode: "BY",
    adoptedOn: "2000-03-01",
    adoptedOnPrecision: "MONTH",
    description:
      "Belarus provides social protection to its population in accordance with it and its implementation plan. It " +
      "includes the payment of social benefits, provision of in-kind assistance, waivers and social services, and more.",
    source: POLICY_BRIEF,
    locator: "section 'Social protection'",
    isAssumption: true,
    note:
      "The brief: 'the country's Comprehensive System of Measures for Social Protection of the Population and its " +
      "implementation plan adopted in March 2000'; that March 2000 dates the System as well as its plan is a reading.",
  },
];
