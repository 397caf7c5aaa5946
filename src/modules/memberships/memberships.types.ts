import { Matches } from "class-validator";
import { ArgsType, Field, ObjectType } from "type-graphql";
import { DatePrecision } from "../../graphql/common.types";
import { DateScalar } from "../../graphql/scalars";

@ObjectType({
  description:
    "A state's membership of a union or organisation: Belarus in the Eurasian Economic Union and the CIS, Poland in the EU.",
})
export class Membership {
  @Field({ description: 'The member state: ISO 3166 alpha-2 code, e.g. "BY". It need not be a signatory (Russia).' })
  memberCode!: string;

  @Field(() => DateScalar, { nullable: true, description: "Member since; null where the source gives no date. Read with sincePrecision." })
  since!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of since the source gives (YEAR for \"since 2015\"); null exactly when since is null." })
  sincePrecision!: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "Where in its source the membership is stated." })
  locator!: string | null;

  @Field({ description: "True where the membership is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the source says, where it says it in passing." })
  note!: string | null;
}

@ArgsType()
export class MembershipFilter {
  @Field(() => String, { nullable: true, description: 'Only memberships of this union or organisation, e.g. "EAEU".' })
  organisationCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only memberships of this state: ISO 3166 alpha-2, e.g. "BY".' })
  @Matches(/^[A-Z]{2}$/, { message: 'memberCode must be an ISO 3166 alpha-2 code such as "BY"' })
  memberCode?: string | null;
}
