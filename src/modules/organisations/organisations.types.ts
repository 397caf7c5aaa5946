import { Field, ObjectType } from "type-graphql";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { organisationKindEnum } from "./organisations.tables";

export const OrganisationKind = graphqlEnum(organisationKindEnum, "OrganisationKind", "What kind of body an organisation is.");
export type OrganisationKind = keyof typeof OrganisationKind;

@ObjectType({
  implements: Node,
  description: "A body that takes part in projects: a ministry, an agency, an international organisation or an office of one.",
})
export class Organisation extends Node {
  @Field({ description: 'Short code, e.g. "IOM-BY".' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;
}
