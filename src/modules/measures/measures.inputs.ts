import { ArrayMaxSize, IsOptional, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
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
  @Field({ description: 'The partnership whose plan gets the measure, by code, e.g. "EU-BY"; an unknown code is BAD_USER_INPUT.' })
  @IsCode()
  partnershipCode!: string;

  @Field({ description: 'Unique within the partnership, e.g. "LAB-5".' })
  @IsCode()
  code!: string;

  @Field({ description: "One line saying what the measure is: not blank, at most 500 characters; spaces around it are trimmed." })
  @IsTitle()
  title!: string;

  @Field({ defaultValue: "", description: "What the measure involves, at most 10,000 characters; empty when omitted." })
  @IsLongText()
  description!: string;

  @Field({ description: 'The code of one of the partnership\'s policy areas, e.g. "LABOUR_MIGRATION_LEGAL_MOBILITY".' })
  @IsCode()
  policyAreaCode!: string;

  @Field({ description: "A ministry may only propose measures its own signatory leads." })
  @IsCode()
  leadSignatoryCode!: string;

  @Field(() => [String], {
    defaultValue: [],
    description: 'Codes of the signatories that contribute, e.g. ["LT", "LV"]: signatories of the partnership, at most 50, not the lead. None when omitted.',
  })
  @ArrayMaxSize(50)
  @IsCode({ each: true })
  contributingSignatoryCodes!: string[];

  @Field(() => DateScalar, { nullable: true, description: "The last day to complete the measure, YYYY-MM-DD; none when null or omitted." })
  deadline?: string | null;
}

@InputType({ description: "A move of a measure to another status; the measure's nextStatuses says which moves the viewer may make." })
export class SetMeasureStatusInput extends MeasureChangeInput {
  @Field(() => MeasureStatus, { description: "The status to move to: one the current status allows (see MeasureStatus), else BAD_USER_INPUT." })
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
    @Field(() => String, { nullable: true, description: "The new title: not blank, at most 500 characters. Unchanged when null or omitted." })
    @IsOptional()
    @IsTitle()
    title?: string | null;

    @Field(() => String, { nullable: true, description: "The new description, at most 10,000 characters (an empty string empties it). Unchanged when null or omitted." })
    @IsOptional()
    @IsLongText()
    description?: string | null;

    @Field(() => String, {
      nullable: true,
      description:
        "The code of another policy area of the same partnership (updateMeasure then sets policyAreaIsAssumption to false: the coordinator has decided). Unchanged when null or omitted.",
    })
    @IsOptional()
    @IsCode()
    policyAreaCode?: string | null;

    @Field(() => DateScalar, { nullable: true, description: "The new deadline, YYYY-MM-DD; pass null to remove the deadline, omit it to keep it." })
    deadline?: string | null;

    @Field(() => [String], { nullable: true, description: "Replaces the lead signatories (codes, at least one, at most 50), in the order they are named. Unchanged when null or omitted." })
    @IsOptional()
    @ArrayMaxSize(50)
    @IsCode({ each: true })
    leadSignatoryCodes?: string[] | null;

    @Field(() => [String], { nullable: true, description: "Replaces the contributing signatories (codes, none of them a lead, at most 50); [] removes them all. Unchanged when null or omitted." })
    @IsOptional()
    @ArrayMaxSize(50)
    @IsCode({ each: true })
    contributingSignatoryCodes?: string[] | null;
  }
  return WithMeasureWording;
}

@InputType({
  description:
    "Changes to a measure's content; omitted fields stay as they are. Coordinator only. A measure in a version of the action plan keeps its " +
    "wording, area, deadline and signatories (BAD_USER_INPUT: revise them in a draft with reviseActionPlanDraftMeasure); its completionLevel and projectIds change here.",
})
export class UpdateMeasureInput extends withMeasureWording(MeasureChangeInput) {
  @Field(() => CompletionLevel, {
    nullable: true,
    description: "The completion level as assessed on the OGP scale; null clears the assessment, omitted keeps it. Allowed on a measure in an adopted plan.",
  })
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

  @Field({ description: "What was done, in plain text: not blank, at most 10,000 characters." })
  @IsNotBlank()
  @IsLongText()
  text!: string;

  @Field(() => String, { nullable: true, description: "A link to evidence: a report, a decree, a web page." })
  @IsOptional()
  @IsHttpUrl()
  evidenceUrl?: string | null;
}

@ObjectType({ ...PLAIN_VALUES, description: "What a measure mutation returns: the measure as it is after the change." })
export class MeasurePayload {
  @Field(() => Measure, { description: "The measure after the change, with its new version (ask for version to change it again)." })
  measure!: Measure;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}
