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
  {
    DRAFT: "Being edited by the coordinator (openActionPlanDraft); at most one per partnership. Seen by signed-in clients only; discarding deletes it.",
    ADOPTED: "The partnership's plan in force (adoptActionPlanDraft): its content is fixed. At most one per partnership; actionPlan without a version returns it.",
    SUPERSEDED: "Was adopted, until the next version was adopted (see supersededAt); its content and progress stay readable as of then.",
  },
);
export type ActionPlanStatus = keyof typeof ActionPlanStatus;

export const ActionPlanField = Object.fromEntries(PLAN_FIELDS.map((field) => [field, field])) as {
  [Field in (typeof PLAN_FIELDS)[number]]: Field;
};
registerEnumType(ActionPlanField, {
  name: "ActionPlanField",
  description: "A part of a measure that a version of the action plan states.",
  valuesConfig: {
    TITLE: { description: "The measure's title as the version words it." },
    DESCRIPTION: { description: "The measure's description as the version words it; an empty one reads as null in a change." },
    POLICY_AREA: { description: 'The code of the policy area the version puts the measure in, e.g. "ASYLUM".' },
    DEADLINE: { description: "The deadline the version sets, YYYY-MM-DD; null where it sets none." },
    LEADS: { description: 'The lead signatories\' codes, joined with ", " in the version\'s order ("EU, BY"); a change only when the set differs.' },
    CONTRIBUTORS: { description: 'The contributing signatories\' codes, joined with ", " ("LT, LV"); null for none; a change only when the set differs.' },
  },
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

  @Field(() => ActionPlanStatus, { description: "DRAFT, ADOPTED or SUPERSEDED; moves only forwards, by openActionPlanDraft and adoptActionPlanDraft." })
  status!: ActionPlanStatus;

  @Field(() => String, { nullable: true, description: 'What the version is for, as the coordinator noted when opening it, e.g. "2019 review"; null where none was given.' })
  note!: string | null;

  @Field(() => Int, { description: "Increases with every edit of the draft; pass it back as expectedRevision." })
  revision!: number;

  @Field(() => DateTimeScalar, { description: "When the draft was opened (ISO 8601, UTC)." })
  openedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the version was adopted (ISO 8601, UTC); null for a draft." })
  adoptedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the next version was adopted and replaced this one (ISO 8601, UTC); null unless SUPERSEDED." })
  supersededAt!: Date | null;
}

@ObjectType({ description: "A measure as one version of the action plan states it." })
export class ActionPlanMeasure {
  @Field({ description: 'The measure\'s code within its partnership, e.g. "LAB-2"; lists of a version and of a diff are ordered by it.' })
  code!: string;

  @Field({ description: "The measure's title as this version words it (the measure's own title may have changed since)." })
  title!: string;

  @Field({ description: "The measure's description as this version words it; an empty string where it has none." })
  description!: string;

  @Field(() => DateScalar, { nullable: true, description: "The deadline this version sets, YYYY-MM-DD; null where it sets none." })
  deadline!: string | null;

  @Field({ description: "True where this version withdraws the measure from the plan." })
  withdrawn!: boolean;

  @Field(() => String, { nullable: true, description: "Why this version withdraws the measure (see withdrawn); null when it does not." })
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
  @Field(() => String, { nullable: true, description: 'Only measures this version puts in this policy area, by code, e.g. "ASYLUM".' })
  policyAreaCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only measures this version names this signatory a lead of, by code, e.g. "BY".' })
  leadSignatoryCode?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "true: also the measures this version withdraws; false (the default): only those it keeps." })
  includeWithdrawn?: boolean | null;
}

@ObjectType({ description: "One field of a measure that reads differently in two versions; lists read \"EU, BY\"." })
export class ActionPlanFieldChange {
  @Field(() => ActionPlanField, { description: "Which part of the measure reads differently." })
  field!: keyof typeof ActionPlanField;

  @Field(() => String, { nullable: true, description: "The value in the earlier (from) version, as text (a date as YYYY-MM-DD); null where it was empty." })
  from!: string | null;

  @Field(() => String, { nullable: true, description: "The value in the later (to) version, as text; null where it is empty." })
  to!: string | null;
}

@ObjectType({ description: "A measure in both versions whose content changed." })
export class ActionPlanMeasureChange {
  @Field(() => Measure, { description: "The measure itself, as it is now." })
  measure!: Measure;

  @Field({ description: 'The measure\'s code, e.g. "LAB-2"; the diff\'s lists are ordered by it (versions are compared measure by measure, not by code).' })
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
  @Field(() => ActionPlanVersion, { description: "The version compared from (the from argument); it may be the later one." })
  from!: ActionPlanVersion;

  @Field(() => ActionPlanVersion, { description: "The version compared to (the to argument)." })
  to!: ActionPlanVersion;

  // Paged lists: ActionPlanDiffResolver.
  added!: ActionPlanMeasure[];
  withdrawn!: ActionPlanMeasure[];
  changed!: ActionPlanMeasureChange[];
}

@ObjectType({ description: "How many measures are in one status." })
export class StatusCount {
  @Field(() => MeasureStatus, { description: "The status counted, as it stood at the progress report's asOf." })
  status!: MeasureStatus;

  @Field(() => Int, { description: "How many of the measures were in that status then; 0 included." })
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

  @Field(() => Int, { description: "Measures past this version's deadline and neither completed nor withdrawn, at asOf." })
  overdue!: number;

  @Field(() => Int, { description: "Measures COMPLETED at asOf." })
  completed!: number;

  @Field(() => Float, {
    nullable: true,
    description: "completed ÷ (measures − withdrawn since), from 0 to 1; null when nothing is left to complete.",
  })
  completedShare!: number | null;
}

@ObjectType({ description: "Progress of one policy area's measures." })
export class PolicyAreaProgress extends ProgressFigures {
  @Field(() => PolicyArea, { description: "The area whose measures (as the version places them) these figures count." })
  policyArea!: PolicyArea;
}

@ObjectType({ description: "Progress of the measures one signatory leads (jointly led ones count for each lead)." })
export class SignatoryProgress extends ProgressFigures {
  @Field(() => Signatory, { description: "The lead signatory whose measures these figures count." })
  signatory!: Signatory;
}

@ObjectType({ description: "How far a version of the action plan got." })
export class ActionPlanProgress {
  @Field(() => ActionPlanVersion, { description: "The version whose measures are counted." })
  version!: ActionPlanVersion;

  @Field(() => DateTimeScalar, {
    description: "The moment the figures are read at: now, or for a superseded version, when the next one was adopted.",
  })
  asOf!: Date;

  @Field(() => Signatory, { nullable: true, description: "Set when the figures cover only the measures this signatory leads." })
  signatory!: Signatory | null;

  @Field(() => ProgressFigures, { description: "The figures over all the measures counted (of one signatory, where signatory is set)." })
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
