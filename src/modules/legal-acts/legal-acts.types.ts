import { Matches } from "class-validator";
import { ArgsType, Field, ObjectType } from "type-graphql";
import { DatePrecision, Money, Qualifier } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DecimalScalar } from "../../graphql/scalars";
import { legalActKindEnum, legalActOrganisationRoleEnum, legalActRelationEnum, legalActStatusEnum } from "./legal-acts.tables";

export const LegalActKind = graphqlEnum(legalActKindEnum, "LegalActKind", "Who made a legal act: the EU, two or more states, or one state.", {
  EU_AGREEMENT: "An agreement between the EU and a partner country, e.g. the EU-Belarus visa facilitation agreement (EU-BY-VFA).",
  BILATERAL_AGREEMENT: "An agreement between two states, e.g. a local border traffic or social security agreement of Belarus with a neighbour.",
  MULTILATERAL_AGREEMENT: "An agreement among several states, e.g. the CIS pension agreement of 1992.",
  NATIONAL_LAW: "A law passed by one state's parliament, e.g. Poland's employment law.",
  NATIONAL_RULE: "A decree, regulation or rule of one state's government or agency, below a law.",
});
export type LegalActKind = keyof typeof LegalActKind;

export const LegalActRelation = graphqlEnum(
  legalActRelationEnum,
  "LegalActRelation",
  "How a measure or a partnership relates to a legal act: a measure IMPLEMENTS it or CONCERNS it; a declaration TAKES_INTO_ACCOUNT it.",
  {
    IMPLEMENTS: "The measure puts the act into practice: VIS-1 and the Visa Facilitation Agreement (measures only).",
    CONCERNS: "The measure is about the act without carrying it out, e.g. bringing into force the local border traffic agreements not yet in force (measures only).",
    TAKES_INTO_ACCOUNT: "The partnership's declaration names the act as something it builds on (partnerships only).",
  },
);
export type LegalActRelation = keyof typeof LegalActRelation;

export const LegalActOrganisationRole = graphqlEnum(
  legalActOrganisationRoleEnum,
  "LegalActOrganisationRole",
  "What an organisation is to a legal act: a PARTY to it, or the frame it was CONCLUDED_WITHIN (the CIS for its 1992 pension agreement).",
  {
    PARTY: "The organisation itself signed the act or is bound by it.",
    CONCLUDED_WITHIN: "The act was made among the organisation's members, under its roof, without the organisation being a party.",
  },
);
export type LegalActOrganisationRole = keyof typeof LegalActOrganisationRole;

export const LegalActStatus = graphqlEnum(
  legalActStatusEnum,
  "LegalActStatus",
  "Where a legal act stands. NOT_IMPLEMENTED: in force on paper, but the system it provides for was never set up.",
  {
    SIGNED: "Signed, not (yet) in force: awaiting ratification or its start date.",
    IN_FORCE: "In force and applied (see inForceFrom).",
    NOT_IN_FORCE: "No longer in force, or never entered into force.",
    NOT_IMPLEMENTED: "In force on paper, but what it provides for was never set up.",
  },
);
export type LegalActStatus = keyof typeof LegalActStatus;

@ObjectType({
  implements: Node,
  description: "An agreement or national rule that shapes mobility, e.g. the EU-Belarus Visa Facilitation Agreement.",
})
export class LegalAct extends Node {
  @Field({ description: 'Short code, e.g. "EU-BY-VFA".' })
  code!: string;

  @Field({ description: 'The act\'s title in English, e.g. "Agreement on local border traffic between Belarus and Poland".' })
  title!: string;

  @Field(() => LegalActKind, { description: "EU agreement, bilateral or multilateral agreement, national law or national rule." })
  kind!: LegalActKind;

  @Field(() => LegalActStatus, { description: "Where the act stands today, as far as the source says: signed, in force, not in force, not implemented." })
  status!: LegalActStatus;

  @Field(() => DateScalar, { nullable: true, description: "Read with signedOnPrecision: a YEAR-precise date is only its year." })
  signedOn!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of signedOn the source gives ("signed in 2010" is YEAR); null exactly when signedOn is null.' })
  signedOnPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "When the act entered into force, YYYY-MM-DD, read with inForceFromPrecision; null where it is not in force or the source gives no date." })
  inForceFrom!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of inForceFrom the source gives; null exactly when inForceFrom is null." })
  inForceFromPrecision!: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "Where in its source (see source) the act is described: a footnote, a section." })
  locator!: string | null;

  @Field({ description: "True where the act's data is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "The reading and its grounds where isAssumption, or what the source adds (why an act is not in force); null where nothing needs saying." })
  note!: string | null;
}

@ObjectType({
  description:
    'One thing a legal act provides, with its figure where it has one ("€35 instead of €60", "270 days") and its validity ' +
    "over time: from when, until when, and the provision it replaced.",
})
export class LegalActProvision {
  @Field({ description: 'What the act provides, in a sentence of English, e.g. "Applies to residents of communities situated within 50 kilometres on both sides of the border."' })
  text!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "A figure other than money, counted in unit." })
  quantity!: string | null;

  @Field(() => String, { nullable: true, description: 'What quantity counts, e.g. "working days".' })
  unit!: string | null;

  @Field(() => Money, { nullable: true, description: "A fee or other sum the provision sets." })
  amount!: Money | null;

  @Field(() => Qualifier, { nullable: true, description: "How the figure is hedged; null when there is no figure." })
  qualifier!: Qualifier | null;

  @Field(() => String, { nullable: true, description: 'The figure exactly as printed, e.g. "€35 instead of €60"; null when there is no figure.' })
  asStated!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "From when it applies, as far as the source says; read with effectiveFromPrecision." })
  effectiveFrom!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of effectiveFrom the source gives (\"as of July 2020\" is MONTH); null exactly when effectiveFrom is null." })
  effectiveFromPrecision!: DatePrecision | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Until when it applied, where another provision replaced it; read with effectiveUntilPrecision (MONTH: through that month).",
  })
  effectiveUntil!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of effectiveUntil the source gives; the provision applies through the end of that period. Null exactly when effectiveUntil is null." })
  effectiveUntilPrecision!: DatePrecision | null;

  @Field({ description: 'True for a value projected for effectiveFrom, not yet in effect ("20 years by 2025").' })
  isProjection!: boolean;

  @Field({ description: "True where the provision is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "The reading and its grounds where isAssumption, or any remark on the provision; null where nothing needs saying." })
  note!: string | null;
}

@ArgsType()
export class LegalActFilter {
  @Field(() => LegalActKind, { nullable: true, description: "Only acts of this kind." })
  kind?: LegalActKind | null;

  @Field(() => String, { nullable: true, description: 'Only acts this country or union is party to: ISO 3166 alpha-2, or "EU".' })
  @Matches(/^[A-Z]{2}$/, { message: 'partyCode must be an ISO 3166 alpha-2 code such as "LV", or "EU"' })
  partyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only acts this organisation is involved in (as a party or as their frame), e.g. "CIS".' })
  organisationCode?: string | null;
}

@ObjectType({ description: "An organisation's part in a legal act other than as a state." })
export class LegalActOrganisation {
  @Field(() => LegalActOrganisationRole, { description: "PARTY to the act, or the frame it was CONCLUDED_WITHIN." })
  role!: LegalActOrganisationRole;
}

@ObjectType({ description: "How a measure relates to a legal act: VIS-1 implements the Visa Facilitation Agreement." })
export class MeasureLegalAct {
  @Field(() => LegalActRelation, { description: "IMPLEMENTS or CONCERNS: whether the measure carries the act out or is only about it." })
  relation!: LegalActRelation;

  @Field({ description: "True where the link is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "The reading and its grounds where isAssumption, or what the source says of the link; null where nothing needs saying." })
  note!: string | null;
}

@ObjectType({
  description: "How a partnership relates to a legal act: the EU-Belarus Declaration takes the local border traffic agreements into account.",
})
export class PartnershipLegalAct {
  @Field(() => LegalActRelation, { description: "How the declaration relates to the act: TAKES_INTO_ACCOUNT." })
  relation!: LegalActRelation;

  @Field(() => String, { nullable: true, description: "Where in its source (see source) the link is stated." })
  locator!: string | null;

  @Field({ description: "True where the link is a reading of the source rather than stated in it; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "The reading and its grounds where isAssumption, or what the source says of the link; null where nothing needs saying." })
  note!: string | null;
}

@ArgsType()
export class ProvisionFilter {
  @Field(() => DateScalar, {
    nullable: true,
    description:
      "Only provisions in effect on this day: started on or before it (or with no start given), not yet replaced, and " +
      "not projections for a later date. Dates of MONTH or YEAR precision count for their whole month or year.",
  })
  inEffectOn?: string | null;
}
