import { Field, ObjectType } from "type-graphql";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { organisationKindEnum } from "./organisations.tables";

export const OrganisationKind = graphqlEnum(organisationKindEnum, "OrganisationKind", "What kind of body an organisation is.", {
  INTERGOVERNMENTAL: "An international organisation of states, or an office of one: IOM, IOM Belarus, ICMPD.",
  GOVERNMENT: "A ministry, agency or other public body of one state, e.g. Belarus' Ministry of Internal Affairs (BY-MIA).",
  EU_INSTITUTION: "The EU or one of its institutions, e.g. the European Commission (EC).",
  CIVIL_SOCIETY: "A non-governmental organisation, e.g. La Strada, the Public Bologna Committee.",
  REGIONAL_ORGANISATION: "A union of states of a region, e.g. the Eurasian Economic Union (EAEU), the CIS.",
  STATISTICAL_OFFICE: "A body that publishes official statistics, e.g. Eurostat.",
  FINANCIAL_INSTITUTION: "A bank or financial institution that lends or grants, e.g. the World Bank Group (WBG).",
});
export type OrganisationKind = keyof typeof OrganisationKind;

@ObjectType({
  implements: Node,
  description: "A body that takes part in projects: a ministry, an agency, an international organisation or an office of one.",
})
export class Organisation extends Node {
  @Field({ description: 'Short code, e.g. "IOM-BY".' })
  code!: string;

  @Field({ description: 'Full name in English, e.g. "International Organization for Migration".' })
  name!: string;

  @Field(() => OrganisationKind, { description: "Government body, EU institution, intergovernmental or regional organisation, civil society..." })
  kind!: OrganisationKind;
}
