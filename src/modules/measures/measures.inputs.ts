import { ArrayMaxSize, IsOptional, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationInput } from "../../graphql/mutation-input";
import { DateScalar } from "../../graphql/scalars";
import { IsCode, IsHttpUrl, IsLongText, IsNotBlank, IsTitle } from "../../graphql/validation";
import { CompletionLevel, Measure, MeasureStatus } from "./measures.types";

/** Mutation inputs and payloads, GitHub style: one input object, a payload, clientMutationId echoed. */

@InputType()
export abstract class MeasureChangeInput extends MutationInput {
  @Field(() => ID, { description: "The measure's global id." })
  measureId!: string;

  @Field(() => Int, { description: "The version you last read; a stale version gives CONFLICT and changes nothing." })
  @Min(1)
  expectedVersion!: number;
}

@InputType({ description: "A new measure; it starts as PROPOSED." })
export class CreateMeasureInput extends MutationInput {
  @Field()
  @IsCode()
  partnershipCode!: string;

  @Field({ description: 'Unique within the partnership, e.g. "LAB-5".' })
  @IsCode()
  code!: string;

  @Field()
  @IsTitle()
  title!: string;

  @Field({ defaultValue: "" })
  @IsLongText()
  description!: string;

  @Field()
  @IsCode()
  policyAreaCode!: string;

  @Field({ description: "A ministry may only propose measures its own signatory leads." })
  @IsCode()
  leadSignatoryCode!: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  @IsCode({ each: true })
  contributingSignatoryCodes!: string[];

  @Field(() => DateScalar, { nullable: true })
  deadline?: string | null;
}

@InputType()
export class SetMeasureStatusInput extends MeasureChangeInput {
  @Field(() => MeasureStatus)
  status!: MeasureStatus;

  @Field(() => String, { nullable: true, description: "Required for ON_HOLD, WITHDRAWN and reopening." })
  @IsOptional()
  @IsLongText(2000)
  reason?: string | null;
}

/**
 * The fields that word a measure, all optional (omitted ones stay as they are): shared by
 * updateMeasure and the action plan's draft edits, which change the same things in two places.
 */
export function withMeasureWording<Base extends abstract new (...args: any[]) => object>(base: Base) {
  @InputType()
  abstract class WithMeasureWording extends base {
    @Field(() => String, { nullable: true })
    @IsOptional()
    @IsTitle()
    title?: string | null;

    @Field(() => String, { nullable: true })
    @IsOptional()
    @IsLongText()
    description?: string | null;

    @Field(() => String, { nullable: true })
    @IsOptional()
    @IsCode()
    policyAreaCode?: string | null;

    @Field(() => DateScalar, { nullable: true, description: "Pass null to remove the deadline." })
    deadline?: string | null;

    @Field(() => [String], { nullable: true, description: "Replaces the lead signatories, in the order they are named." })
    @IsOptional()
    @ArrayMaxSize(50)
    @IsCode({ each: true })
    leadSignatoryCodes?: string[] | null;

    @Field(() => [String], { nullable: true, description: "Replaces the contributing signatories." })
    @IsOptional()
    @ArrayMaxSize(50)
    @IsCode({ each: true })
    contributingSignatoryCodes?: string[] | null;
  }
  return WithMeasureWording;
}

@InputType({ description: "Changes to a measure's content; omitted fields stay as they are. Coordinator only." })
export class UpdateMeasureInput extends withMeasureWording(MeasureChangeInput) {
  @Field(() => CompletionLevel, { nullable: true })
  completionLevel?: CompletionLevel | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the linked projects (global ids)." })
  @IsOptional()
  @ArrayMaxSize(100)
  projectIds?: string[] | null;
}

@InputType({
  description:
    "A progress report on a measure, by its lead or a contributor. It is appended to the measure's progress updates " +
    "and leaves the measure's version alone: a note changes nothing another editor has read, so it never makes " +
    "their next change a CONFLICT.",
})
export class AddMeasureProgressUpdateInput extends MutationInput {
  @Field(() => ID, { description: "The measure's global id." })
  measureId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Optional: add the note only if the measure is still at this version (e.g. a note about its current status); " +
      "otherwise CONFLICT, and nothing is added. Omit it to add the note whatever the version.",
  })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;

  @Field()
  @IsNotBlank()
  @IsLongText()
  text!: string;

  @Field(() => String, { nullable: true, description: "A link to evidence: a report, a decree, a web page." })
  @IsOptional()
  @IsHttpUrl()
  evidenceUrl?: string | null;
}

@ObjectType()
export class MeasurePayload {
  @Field(() => Measure)
  measure!: Measure;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}
