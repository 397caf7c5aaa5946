import { Field, InputType } from "type-graphql";
import { IsCode } from "../../graphql/validation";
import { MeasureStatus } from "../measures/measures.types";

@InputType({ description: "Which measures' changes to deliver, by the measure as the change left it; all given conditions must hold." })
export class MeasureChangeFilter {
  @Field(() => String, { nullable: true, description: 'Only measures of this partnership, e.g. "EU-BY".' })
  @IsCode()
  partnershipCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only measures of this policy area, e.g. "ASYLUM" (in any partnership unless partnershipCode is given).' })
  @IsCode()
  policyAreaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads (alone or jointly) after the change." })
  @IsCode()
  leadSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads or contributes to, before or after the change." })
  @IsCode()
  responsibleSignatoryCode?: string | null;

  @Field(() => [MeasureStatus], { nullable: true, description: "Only changes that leave the measure in one of these statuses." })
  statuses?: MeasureStatus[] | null;
}
