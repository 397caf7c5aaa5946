import { Field, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";

@ObjectType({ implements: Node, description: "A publication that figures and facts are cited from: the policy brief, Eurostat, a yearbook." })
export class Source extends Node {
  @Field({ description: 'Short code, e.g. "EUROSTAT".' })
  code!: string;

  @Field({ description: "The title as the policy brief cites it." })
  title!: string;

  @Field(() => String, { nullable: true, description: "The publisher as the citation names it; see publisherOrganisation." })
  publisher!: string | null;

  @Field(() => Int, { nullable: true, description: "Year of publication; null where the citation gives none." })
  year!: number | null;

  @Field(() => String, { nullable: true, description: "An http(s) address where the publication can be read; null for print-only or unlinked sources." })
  url!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When the url was last read, for web pages that may change." })
  accessedOn!: string | null;
}
