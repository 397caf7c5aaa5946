import { MaxLength } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { connectionTypes } from "../../graphql/connection";
import { graphqlEnum, OrderDirection } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DateTimeScalar } from "../../graphql/scalars";
import { Signatory } from "../partnerships/partnerships.types";
import { completionLevelEnum, measureStatusEnum, responsibilityRoleEnum } from "./measures.tables";

export const MeasureStatus = graphqlEnum(measureStatusEnum, "MeasureStatus", "Where a measure of the action plan stands.");
export type MeasureStatus = keyof typeof MeasureStatus;

export const CompletionLevel = graphqlEnum(
  completionLevelEnum,
  "CompletionLevel",
  "Completion as assessed, on the Open Government Partnership's scale.",
);
export type CompletionLevel = keyof typeof CompletionLevel;

export const ResponsibilityRole = graphqlEnum(
  responsibilityRoleEnum,
  "ResponsibilityRole",
  "Whether a signatory leads a measure or contributes to it.",
);
export type ResponsibilityRole = keyof typeof ResponsibilityRole;

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A concrete measure of the indicative action plan." })
export class Measure extends Node {
  @Field({ description: 'Code, unique within its partnership, e.g. "LAB-1".' })
  code!: string;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => MeasureStatus)
  status!: MeasureStatus;

  @Field(() => CompletionLevel, { nullable: true })
  completionLevel!: CompletionLevel | null;

  @Field(() => DateScalar, { nullable: true })
  deadline!: string | null;

  @Field({ description: "Past its deadline and neither completed nor withdrawn; computed, never stored." })
  overdue!: boolean;

  @Field(() => Int, { description: "Increases with every change; pass it back as expectedVersion when changing the measure." })
  version!: number;

  @Field({ description: "True where the measure itself is a reading of the source rather than stated in it." })
  isAssumption!: boolean;

  @Field({
    description:
      "True where the source does not assign the measure its policy area: a reading, flagged. " +
      "The policy brief assigns no area to any of its recommendations.",
  })
  policyAreaIsAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the source does say about the area, where policyAreaIsAssumption." })
  policyAreaNote!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Where in its source (see source) the measure is recommended, e.g. a section and paragraph of the policy brief.",
  })
  locator!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType({ ...PLAIN_VALUES, description: "A signatory's part in a measure." })
export class MeasureResponsibility {
  @Field(() => Signatory)
  signatory!: Signatory;

  @Field(() => ResponsibilityRole)
  role!: ResponsibilityRole;

  @Field({ description: "True where the source does not name this signatory: a reasonable reading, flagged." })
  isAssumption!: boolean;
}

@ObjectType({
  description: "An organisation's part in a measure beside the signatories: the EAEU with the EU (SOC-4), the Public Bologna Committee (EDU-4).",
})
export class MeasureOrganisation {
  @Field(() => ResponsibilityRole)
  role!: ResponsibilityRole;

  @Field({ description: "True where the source does not name this organisation's part: a reading, flagged." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: "Who made a change. Shown to signed-in clients only." })
export class Actor {
  @Field({ description: "The token's subject." })
  sub!: string;

  @Field()
  role!: string;

  @Field(() => String, { nullable: true, description: "For a ministry, the signatory it acts for." })
  signatoryCode!: string | null;
}

@ObjectType({ description: "A progress report on a measure." })
export class MeasureProgressUpdate {
  @Field()
  text!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ ...PLAIN_VALUES, description: "One step in a measure's status history." })
export class MeasureStatusChange {
  @Field(() => MeasureStatus, { nullable: true, description: "Null for the measure's first status." })
  fromStatus!: MeasureStatus | null;

  @Field(() => MeasureStatus)
  toStatus!: MeasureStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => DateTimeScalar, { description: "When the change was made, by the database clock." })
  changedAt!: Date;
}

export const MeasureConnection = connectionTypes(Measure, "Measure");

@InputType({ description: "Narrows a list of measures; all given conditions must hold." })
export class MeasureFilter {
  @Field(() => String, { nullable: true, description: 'Only measures of this partnership, e.g. "EU-BY".' })
  partnershipCode?: string | null;

  @Field(() => [MeasureStatus], { nullable: true, description: "Only measures in one of these statuses." })
  statuses?: MeasureStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only measures of this policy area, e.g. "ASYLUM".' })
  policyAreaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads (alone or jointly)." })
  leadSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this signatory leads or contributes to." })
  responsibleSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures tagged with this theme." })
  themeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only measures that implement or concern this legal act, e.g. "EU-BY-VFA".',
  })
  legalActCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only measures an organisation takes part in beside the signatories, e.g. "EAEU".',
  })
  organisationCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive text found in the code, title or description.",
  })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only overdue measures (true) or only the others (false)." })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only measures linked to a project that has a budget line or a transaction; " +
      "false: only measures with no linked project that has either (no linked funding).",
  })
  hasFunding?: boolean | null;
}

export enum MeasureOrderField {
  CODE = "CODE",
  TITLE = "TITLE",
  DEADLINE = "DEADLINE",
}
registerEnumType(MeasureOrderField, {
  name: "MeasureOrderField",
  description: "What measures can be ordered by. DEADLINE puts measures without one last.",
});

@InputType({ description: "How to order measures; ties are broken by creation order." })
export class MeasureOrder {
  @Field(() => MeasureOrderField)
  field!: MeasureOrderField;

  @Field(() => OrderDirection)
  direction!: OrderDirection;
}
