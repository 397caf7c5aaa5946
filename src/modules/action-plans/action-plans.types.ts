import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "../../graphql/connection";
import { atMost } from "../../graphql/cost";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DateTimeScalar } from "../../graphql/scalars";
import { measureStatusEnum } from "../measures/measures.tables";
import { Measure, MeasureStatus } from "../measures/measures.types";
import { MAX_POLICY_AREAS_PER_PARTNERSHIP, MAX_SIGNATORIES_PER_PARTNERSHIP, PolicyArea, Signatory } from "../partnerships/partnerships.types";
import { PLAN_FIELDS } from "./action-plan-diff.rules";
import { actionPlanStatusEnum } from "./action-plans.tables";

export const ActionPlanStatus = graphqlEnum(
  actionPlanStatusEnum,
  "ActionPlanStatus",
  "DRAFT while the coordinator edits it; ADOPTED once agreed (one per partnership); SUPERSEDED when the next is adopted.",
);
export type ActionPlanStatus = keyof typeof ActionPlanStatus;

export const ActionPlanField = Object.fromEntries(PLAN_FIELDS.map((field) => [field, field])) as {
  [Field in (typeof PLAN_FIELDS)[number]]: Field;
};
registerEnumType(ActionPlanField, {
  name: "ActionPlanField",
  description: "A part of a measure that a version of the action plan states.",
});

@ObjectType({
  implements: Node,
  description:
    "One version of a partnership's indicative action plan. Its content (the measures as worded, areas, deadlines, " +
    "responsibilities) is fixed once adopted; the measures' statuses keep moving.",
})
export class ActionPlanVersion extends Node {
  @Field(() => Int, { description: "1, 2, 3... within the partnership." })
  number!: number;

  @Field(() => ActionPlanStatus)
  status!: ActionPlanStatus;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Int, { description: "Increases with every edit of the draft; pass it back as expectedRevision." })
  revision!: number;

  @Field(() => DateTimeScalar)
  openedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  adoptedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  supersededAt!: Date | null;
}

@ObjectType({ description: "A measure as one version of the action plan states it." })
export class ActionPlanMeasure {
  @Field({ description: "The measure's code." })
  code!: string;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => DateScalar, { nullable: true })
  deadline!: string | null;

  @Field({ description: "True where this version withdraws the measure from the plan." })
  withdrawn!: boolean;

  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;

  @Field(() => MeasureStatus, {
    description: "The measure's status now, or for a superseded version, when the next version was adopted.",
  })
  status!: MeasureStatus;

  @Field({ description: "Past this version's deadline and neither completed nor withdrawn, at the same moment as status." })
  overdue!: boolean;
}

export const ActionPlanMeasureConnection = connectionTypes(ActionPlanMeasure, "ActionPlanMeasure");

@InputType({ description: "Narrows the measures of a version." })
export class ActionPlanMeasureFilter {
  @Field(() => String, { nullable: true, description: "Only measures of this policy area in this version." })
  policyAreaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads in this version." })
  leadSignatoryCode?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Also the measures this version withdraws." })
  includeWithdrawn?: boolean | null;
}

@ObjectType({ description: "One field of a measure that reads differently in two versions; lists read \"EU, BY\"." })
export class ActionPlanFieldChange {
  @Field(() => ActionPlanField)
  field!: keyof typeof ActionPlanField;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}

@ObjectType({ description: "A measure in both versions whose content changed." })
export class ActionPlanMeasureChange {
  @Field(() => Measure)
  measure!: Measure;

  @Field()
  code!: string;

  @Field(() => [ActionPlanFieldChange], {
    description: "In the order title, description, policy area, deadline, leads, contributors.",
    complexity: atMost(PLAN_FIELDS.length),
  })
  changes!: ActionPlanFieldChange[];

  @Field(() => ActionPlanMeasure, { description: "The measure as the earlier (from) version states it." })
  before!: ActionPlanMeasure;

  @Field(() => ActionPlanMeasure, { description: "The measure as the later (to) version states it." })
  after!: ActionPlanMeasure;
}

@ObjectType({ description: "What changed from one version of the action plan to another, by measure code." })
export class ActionPlanDiff {
  @Field(() => ActionPlanVersion)
  from!: ActionPlanVersion;

  @Field(() => ActionPlanVersion)
  to!: ActionPlanVersion;

  // Paged lists: ActionPlanDiffResolver.
  added!: ActionPlanMeasure[];
  withdrawn!: ActionPlanMeasure[];
  changed!: ActionPlanMeasureChange[];
}

@ObjectType({ description: "How many measures are in one status." })
export class StatusCount {
  @Field(() => MeasureStatus)
  status!: MeasureStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "Progress figures over a set of measures of one version." })
export class ProgressFigures {
  @Field(() => Int, { description: "Measures of the version, those it withdraws left out." })
  measures!: number;

  @Field(() => [StatusCount], {
    description: "Every status, in the plan's order, zeros included.",
    complexity: atMost(measureStatusEnum.enumValues.length),
  })
  byStatus!: StatusCount[];

  @Field(() => Int)
  overdue!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Float, {
    nullable: true,
    description: "completed ÷ (measures − withdrawn since), from 0 to 1; null when nothing is left to complete.",
  })
  completedShare!: number | null;
}

@ObjectType({ description: "Progress of one policy area's measures." })
export class PolicyAreaProgress extends ProgressFigures {
  @Field(() => PolicyArea)
  policyArea!: PolicyArea;
}

@ObjectType({ description: "Progress of the measures one signatory leads (jointly led ones count for each lead)." })
export class SignatoryProgress extends ProgressFigures {
  @Field(() => Signatory)
  signatory!: Signatory;
}

@ObjectType({ description: "How far a version of the action plan got." })
export class ActionPlanProgress {
  @Field(() => ActionPlanVersion)
  version!: ActionPlanVersion;

  @Field(() => DateTimeScalar, {
    description: "The moment the figures are read at: now, or for a superseded version, when the next one was adopted.",
  })
  asOf!: Date;

  @Field(() => Signatory, { nullable: true, description: "Set when the figures cover only the measures this signatory leads." })
  signatory!: Signatory | null;

  @Field(() => ProgressFigures)
  overall!: ProgressFigures;

  @Field(() => [PolicyAreaProgress], {
    description: "Every policy area of the partnership, in the Declaration's order.",
    complexity: atMost(MAX_POLICY_AREAS_PER_PARTNERSHIP),
  })
  byPolicyArea!: PolicyAreaProgress[];

  @Field(() => [SignatoryProgress], {
    description: "Every signatory leading a measure of the version, by code.",
    complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP),
  })
  byLeadSignatory!: SignatoryProgress[];
}
