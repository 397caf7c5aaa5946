import { Field, Int, ObjectType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";
import { signatoryKindEnum } from "./partnerships.tables";

export const SignatoryKind = graphqlEnum(signatoryKindEnum, "SignatoryKind", "What kind of party signed a partnership.");
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

  @Field()
  title!: string;

  @Field(() => DateScalar, { description: "When the Joint Declaration was signed." })
  signedOn!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A party to partnerships: the EU, a Member State or a partner country." })
export class Signatory extends Node {
  @Field({ description: 'ISO 3166 alpha-2 code, or "EU" for the European Union.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => SignatoryKind)
  kind!: SignatoryKind;
}

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "One of the areas a partnership's declaration covers." })
export class PolicyArea extends Node {
  @Field()
  code!: string;

  @Field(() => Int, { description: "Position in the declaration, from 1." })
  position!: number;

  @Field()
  title!: string;
}

@ObjectType({ implements: Node, description: 'A cross-cutting theme ("visa issues", "data needs"): a tag, not an area.' })
export class Theme extends Node {
  @Field()
  code!: string;

  @Field()
  title!: string;
}
