import { Matches, ValidateBy, type ValidationArguments } from "class-validator";
import { ArgsType, Field, ObjectType } from "type-graphql";
import { Qualifier } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { geographyRoleEnum } from "./indicators.tables";
import { Node } from "../../graphql/node";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";

export const GeographyRole = graphqlEnum(
  geographyRoleEnum,
  "GeographyRole",
  "What an observation's geography is to its figure: where the counted people go (DESTINATION), where they come from " +
    "(ORIGIN), the state whose offices issued the permits, visas or cards (ISSUING_STATE), or where the counted thing is (LOCATION).",
  {
    DESTINATION: "The countries are where the counted people go, e.g. the EU for work permits issued to Belarusians, Belarus for the tourists it receives.",
    ORIGIN: "The countries are where the counted people come from, e.g. Belarus for Belarusian Erasmus+ participants, or the tourists' own countries.",
    ISSUING_STATE: "The countries are the states whose offices issued the documents counted (permits, visas, cards).",
    LOCATION: "The countries are where the counted thing is or happens, e.g. Belarus for La Strada's hotline callers or start-up places.",
  },
);
export type GeographyRole = keyof typeof GeographyRole;

@ObjectType({
  implements: Node,
  description: 'A statistical series the plan is judged by, e.g. "EU permits for work reasons, Belarus nationals".',
})
export class Indicator extends Node {
  @Field({ description: 'Short code, e.g. "EU-WORK-PERMITS-BY".' })
  code!: string;

  @Field({ description: 'What the series measures, in English, e.g. "Permits for work reasons issued to Belarus nationals in the EU".' })
  title!: string;

  @Field({ description: 'What the values count, e.g. "permits".' })
  unit!: string;

  @Field(() => String, { nullable: true, description: "How the series is defined and compiled, where the source says; null where it does not." })
  description!: string | null;
}

@ObjectType({
  implements: Node,
  description: "One figure of a series, for one period and geography, with the number exactly as its source prints it.",
})
export class IndicatorObservation extends Node {
  @Field(() => DateScalar, { description: "First day of the period the figure is for, YYYY-MM-DD (the year 2018: 2018-01-01); see periodLabel for the source's words." })
  periodStart!: string;

  @Field(() => DateScalar, { description: "Equal to periodStart for a stock counted on one day." })
  periodEnd!: string;

  @Field({ description: 'The period as the source puts it: "2018", "end of 2017", "2016-2018".' })
  periodLabel!: string;

  @Field({ description: 'ISO 3166 alpha-2 code, or "EU" for the Union as a whole.' })
  geography!: string;

  @Field(() => GeographyRole, { nullable: true, description: "What geography is to the figure; null only for figures recorded before roles were." })
  geographyRole!: GeographyRole | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The countries the figure covers together, when several within geography: ["BG", "RO", "FI", "HU"].',
  })
  countries!: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The countries the figure is relative to: "below 1% as compared to" ["LT", "LV", "PL"].',
  })
  relativeToCountries!: string[] | null;

  @Field(() => DecimalScalar, { description: "The figure; the lower bound of a RANGE." })
  value!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "The upper bound of a RANGE; null otherwise." })
  valueMax!: string | null;

  @Field(() => Qualifier, { description: 'How the source hedges the figure: "nearly 17.000" is APPROXIMATE, "8.000-10.000" a RANGE.' })
  qualifier!: Qualifier;

  @Field({ description: 'The number exactly as printed: "17.790", "nearly 17.000", "some 8.000-10.000".' })
  asStated!: string;

  @Field(() => String, { nullable: true, description: 'Where in the source: "footnote 6", "p. 443".' })
  locator!: string | null;

  @Field({ description: "True where part of the observation (often its period) is a reading of the source; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "The reading and its grounds where isAssumption, or the source's own caveat; null where nothing needs saying." })
  note!: string | null;
}

/** Rejects a window that ends before it starts: it can match nothing, so it is a mistake. */
function NotBefore(startProperty: string) {
  return ValidateBy({
    name: "notBefore",
    constraints: [startProperty],
    validator: {
      validate: (end: unknown, args?: ValidationArguments) => {
        const start = (args?.object as Record<string, unknown> | undefined)?.[startProperty];
        // LocalDate strings (YYYY-MM-DD) order like the dates they name.
        return typeof start !== "string" || typeof end !== "string" || start <= end;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} (${String(args?.value)}) must not be before ${startProperty} (${String(
          (args?.object as Record<string, unknown> | undefined)?.[startProperty],
        )})`,
    },
  });
}

@ArgsType()
export class ObservationFilter {
  @Field(() => GeographyRole, { nullable: true, description: "Only figures whose geography plays this role, e.g. ISSUING_STATE." })
  geographyRole?: GeographyRole | null;

  @Field(() => String, { nullable: true, description: 'Only figures for this geography: ISO 3166 alpha-2, or "EU".' })
  @Matches(/^[A-Z]{2}$/, { message: 'geography must be an ISO 3166 alpha-2 code such as "PL", or "EU"' })
  geography?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only figures whose period starts on or after this date." })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only figures whose period ends on or before this date." })
  @NotBefore("from")
  to?: string | null;
}
