import { IsOptional, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationInput } from "../../graphql/mutation-input";
import { IsCode, IsLongText, IsNotBlank } from "../../graphql/validation";
import { withMeasureWording } from "../measures/measures.inputs";
import { ActionPlanVersion } from "./action-plans.types";

/** Inputs and payloads of the action plan's life: open a draft, edit it, adopt it. Coordinator only. */

@InputType({
  description:
    "Opens the next version as a draft, copied from the adopted version (or, before any adoption, from every " +
    "measure of the partnership that is not withdrawn). A partnership has at most one open draft.",
})
export class OpenActionPlanDraftInput extends MutationInput {
  @Field({ description: 'The partnership whose plan gets a new draft, e.g. "EU-BY"; while one is open, a second is CONFLICT.' })
  @IsCode()
  partnershipCode!: string;

  @Field(() => String, { nullable: true, description: "What this version is for, e.g. \"2019 review\"." })
  @IsOptional()
  @IsLongText(2000)
  note?: string | null;
}

@InputType()
abstract class DraftChangeInput extends MutationInput {
  @Field(() => ID, { description: "The draft's global id (an ActionPlanVersion)." })
  draftId!: string;

  @Field(() => Int, { description: "The draft's revision you last read; a stale one gives CONFLICT and changes nothing." })
  @Min(1)
  expectedRevision!: number;
}

@InputType()
abstract class DraftMeasureChangeInput extends DraftChangeInput {
  @Field(() => ID, { description: "The measure's global id." })
  measureId!: string;
}

@InputType({ description: "Puts a measure (e.g. one a ministry proposed) into the draft, worded as the measure is now." })
export class AddMeasureToActionPlanDraftInput extends DraftMeasureChangeInput {}

@InputType({ description: "Rewords a measure of the draft; omitted fields stay as they are." })
export class ReviseActionPlanDraftMeasureInput extends withMeasureWording(DraftMeasureChangeInput) {}

@InputType({
  description:
    "Withdraws a measure in the draft. On adoption it becomes WITHDRAWN with this reason. A measure that only this " +
    "draft added is simply taken out.",
})
export class WithdrawMeasureFromActionPlanDraftInput extends DraftMeasureChangeInput {
  @Field({ description: "Why the measure leaves the plan: not blank, at most 2,000 characters; it becomes the reason of its WITHDRAWN status on adoption." })
  @IsNotBlank()
  @IsLongText(2000)
  reason!: string;
}

@InputType({ description: "Undoes a withdrawal made in the draft." })
export class RestoreMeasureInActionPlanDraftInput extends DraftMeasureChangeInput {}

@InputType({
  description:
    "Adopts the draft: it becomes the partnership's adopted version, the previous one is superseded, in one transaction. " +
    "The measures take the draft's wording; PROPOSED ones become AGREED, withdrawn ones WITHDRAWN.",
})
export class AdoptActionPlanDraftInput extends DraftChangeInput {}

@InputType({ description: "Abandons the draft: it is deleted, the audit trail keeps what it held, the next draft takes its number." })
export class DiscardActionPlanDraftInput extends DraftChangeInput {}

@ObjectType({ description: "What discardActionPlanDraft returns: the id the deleted draft had." })
export class DiscardActionPlanDraftPayload {
  @Field(() => ID, { description: "The id the discarded draft had." })
  discardedDraftId!: string;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}

@ObjectType({ description: "What a draft edit returns: the draft after the change." })
export class ActionPlanVersionPayload {
  @Field(() => ActionPlanVersion, { description: "The version after the change, with its new revision (pass it as expectedRevision next time)." })
  version!: ActionPlanVersion;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}

@ObjectType({ description: "What adoptActionPlanDraft returns: the newly adopted version and the one it replaced." })
export class AdoptActionPlanDraftPayload extends ActionPlanVersionPayload {
  @Field(() => ActionPlanVersion, { nullable: true, description: "The version this adoption superseded; null for the first." })
  superseded!: ActionPlanVersion | null;
}
