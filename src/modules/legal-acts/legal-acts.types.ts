import { Matches } from "class-validator";
import { ArgsType, Field, ObjectType } from "type-graphql";
import { DatePrecision, Money, Qualifier } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";
import { legalActKindEnum, legalActStatusEnum } from "./legal-acts.tables";

export const LegalActKind = graphqlEnum(legalActKindEnum, "LegalActKind", "Who made a legal act: the EU, two or more states, or one state.");
export type LegalActKind = keyof typeof LegalActKind;

export const LegalActStatus = graphqlEnum(
  legalActStatusEnum,
  "LegalActStatus",
  "Where a legal act stands. NOT_IMPLEMENTED: in force on paper, but the system it provides for was never set up.",
);
export type LegalActStatus = keyof typeof LegalActStatus;

@ObjectType({
  implements: Node,
  description: "An agreement or national rule that shapes mobility, e.g. the EU-Belarus Visa Facilitation Agreement.",
})
export class LegalAct extends Node {
  @Field({ description: 'Short code, e.g. "EU-BY-VFA".' })
  code!: string;

  @Field()
  title!: string;

  @Field(() => LegalActKind)
  kind!: LegalActKind;

  @Field(() => LegalActStatus)
  status!: LegalActStatus;

  @Field(() => DateScalar, { nullable: true, description: "Read with signedOnPrecision: a YEAR-precise date is only its year." })
  signedOn!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  signedOnPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "Read with inForceFromPrecision." })
  inForceFrom!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  inForceFromPrecision!: DatePrecision | null;

  @Field({ description: "True where the act's data is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: 'One thing a legal act provides, with its figure where it has one: "€35 instead of €60", "270 days".' })
export class LegalActProvision {
  @Field()
  text!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "A figure other than money, counted in unit." })
  quantity!: string | null;

  @Field(() => String, { nullable: true, description: 'What quantity counts, e.g. "working days".' })
  unit!: string | null;

  @Field(() => Money, { nullable: true, description: "A fee or other sum the provision sets." })
  amount!: Money | null;

  @Field(() => Qualifier, { nullable: true, description: "How the figure is hedged; null when there is no figure." })
  qualifier!: Qualifier | null;

  @Field(() => String, { nullable: true, description: "The figure exactly as printed." })
  asStated!: string | null;

  @Field(() => DateScalar, { nullable: true })
  effectiveFrom!: string | null;

  @Field({ description: "True where the provision is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ArgsType()
export class LegalActFilter {
  @Field(() => LegalActKind, { nullable: true, description: "Only acts of this kind." })
  kind?: LegalActKind | null;

  @Field(() => String, { nullable: true, description: 'Only acts this country or union is party to: ISO 3166 alpha-2, or "EU".' })
  @Matches(/^[A-Z]{2}$/, { message: 'partyCode must be an ISO 3166 alpha-2 code such as "LV", or "EU"' })
  partyCode?: string | null;
}
