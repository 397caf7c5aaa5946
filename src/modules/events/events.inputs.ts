import { Field, InputType } from "type-graphql";
import { IsCode } from "../../graphql/validation";
import { MeasureStatus } from "../measures/measures.types";

@InputType({
  description:
    "Which measures' changes to deliver; all given conditions must hold. A change is delivered when the measure met them before it or meets them after it, so a subscriber also sees a measure leave (e.g. a status moved out of `statuses`).",
})
export class MeasureChangeFilter {
  @Field(() => String, { nullable: true, description: 'Only measures of this partnership, e.g. "EU-BY".' })
  @IsCode()
  partnershipCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only measures of this policy area, before or after the change, e.g. "ASYLUM" (in any partnership unless partnershipCode is given).' })
  @IsCode()
  policyAreaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads (alone or jointly), before or after the change." })
  @IsCode()
  leadSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads or contributes to, before or after the change." })
  @IsCode()
  responsibleSignatoryCode?: string | null;

  @Field(() => [MeasureStatus], { nullable: true, description: "Only measures in one of these statuses, before or after the change (a change out of them is delivered too)." })
  statuses?: MeasureStatus[] | null;
}
