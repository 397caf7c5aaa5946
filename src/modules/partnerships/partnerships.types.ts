import { Field, Int, ObjectType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";
import { signatoryKindEnum } from "./partnerships.tables";

export const SignatoryKind = graphqlEnum(signatoryKindEnum, "SignatoryKind", "What kind of party signed a partnership.", {
  EU: 'The European Union itself (code "EU").',
  EU_MEMBER_STATE: 'A Member State of the EU taking part in the partnership, e.g. Poland ("PL").',
  PARTNER_COUNTRY: 'The non-EU country the partnership is with, e.g. Belarus ("BY").',
});
export type SignatoryKind = keyof typeof SignatoryKind;

/**
 * Stated maxima of the lists a partnership bounds (their prices, see src/graphql/cost.ts): its
 * signatories are the EU, its Member States and partner countries; a Joint Declaration names a
 * handful of areas (six for Belarus). A measure's responsibilities, one per signatory at most,
 * fall under the first.
 */
export const MAX_SIGNATORIES_PER_PARTNERSHIP = 40;
export const MAX_POLICY_AREAS_PER_PARTNERSHIP = 20;

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A Mobility Partnership between the EU, Member States and a partner country." })
export class Partnership extends Node {
  @Field({ description: 'Short code, e.g. "EU-BY".' })
  code!: string;

  @Field({ description: 'The Joint Declaration\'s full title, in English, e.g. "Joint Declaration on a Mobility Partnership between the Republic of Belarus and the European Union...".' })
  title!: string;

  @Field(() => DateScalar, { description: "When the Joint Declaration was signed." })
  signedOn!: string;

  @Field(() => String, { nullable: true, description: "What the declaration covers and who signed it, in plain English; null where none is recorded." })
  description!: string | null;
}

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A party to partnerships: the EU, a Member State or a partner country." })
export class Signatory extends Node {
  @Field({ description: 'ISO 3166 alpha-2 code, or "EU" for the European Union.' })
  code!: string;

  @Field({ description: 'Name in English, as the declaration gives it, e.g. "Republic of Belarus", "Poland".' })
  name!: string;

  @Field(() => SignatoryKind, { description: "The EU itself, one of its Member States, or the partner country." })
  kind!: SignatoryKind;
}

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "One of the areas a partnership's declaration covers." })
export class PolicyArea extends Node {
  @Field({ description: 'Code, unique within its partnership, in capitals, e.g. "LABOUR_MIGRATION_LEGAL_MOBILITY"; what mutations take as policyAreaCode.' })
  code!: string;

  @Field(() => Int, { description: "Position in the declaration, from 1." })
  position!: number;

  @Field({ description: 'The area\'s heading in the declaration, e.g. "Labour migration and other types of legal mobility".' })
  title!: string;
}

@ObjectType({ implements: Node, description: 'A cross-cutting theme ("visa issues", "data needs"): a tag, not an area.' })
export class Theme extends Node {
  @Field({ description: 'Code in capitals, unique across the plan, e.g. "VISA_ISSUES", "DATA_NEEDS".' })
  code!: string;

  @Field({ description: 'The theme as a reader says it, e.g. "Visa issues".' })
  title!: string;
}
