import { MaxLength } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { PLAIN_VALUES } from "../../graphql/common.types";
import { connectionTypes } from "../../graphql/connection";
import { graphqlEnum, OrderDirection } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DateTimeScalar } from "../../graphql/scalars";
import { Signatory } from "../partnerships/partnerships.types";
import { completionLevelEnum, measureStatusEnum, responsibilityRoleEnum } from "./measures.tables";

export const MeasureStatus = graphqlEnum(
  measureStatusEnum,
  "MeasureStatus",
  "Where a measure of the action plan stands. Moves follow the plan's rules (a measure's nextStatuses lists them): " +
    "PROPOSED to AGREED or WITHDRAWN; AGREED to IN_PROGRESS, ON_HOLD or WITHDRAWN; IN_PROGRESS to ON_HOLD, COMPLETED or WITHDRAWN; " +
    "ON_HOLD to IN_PROGRESS or WITHDRAWN; COMPLETED back to IN_PROGRESS (reopened); WITHDRAWN is final.",
  {
    PROPOSED: "Put forward (createMeasure) and not yet agreed by the signatories; only the coordinator agrees or withdraws it.",
    AGREED: "Agreed by the signatories, work not started; a lead ministry may start it or put it on hold.",
    IN_PROGRESS: "Being carried out; a lead ministry may complete it or put it on hold.",
    ON_HOLD: "Paused, with the reason in its status history; a lead ministry may resume it (IN_PROGRESS).",
    COMPLETED: "Done: never overdue. Only the coordinator may reopen it, with a reason.",
    WITHDRAWN: "Dropped from the plan, with the reason in its status history: final, never overdue. Only the coordinator withdraws.",
  },
);
export type MeasureStatus = keyof typeof MeasureStatus;

export const CompletionLevel = graphqlEnum(
  completionLevelEnum,
  "CompletionLevel",
  "Completion as assessed, on the Open Government Partnership's scale.",
  {
    NOT_STARTED: "OGP \"not started\": no work on the measure yet, or none that can be shown.",
    LIMITED: "OGP \"limited\": some work done, well short of the measure's aim.",
    SUBSTANTIAL: "OGP \"substantial\": most of the measure done, not all of it.",
    COMPLETE: "OGP \"complete\": everything the measure promised is done.",
  },
);
export type CompletionLevel = keyof typeof CompletionLevel;

export const ResponsibilityRole = graphqlEnum(
  responsibilityRoleEnum,
  "ResponsibilityRole",
  "Whether a signatory leads a measure or contributes to it.",
  {
    LEAD: "Leads the measure: its ministry may move the measure's status (see MeasureStatus) and report progress. A measure has one lead or more.",
    CONTRIBUTING: "Takes part without leading: its ministry may report progress, not change the status.",
  },
);
export type ResponsibilityRole = keyof typeof ResponsibilityRole;

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A concrete measure of the indicative action plan." })
export class Measure extends Node {
  @Field({ description: 'Code, unique within its partnership, e.g. "LAB-1".' })
  code!: string;

  @Field({ description: "What the measure is, in one line of the plan's English (at most 500 characters)." })
  title!: string;

  @Field({ description: "What the measure involves, as the plan or its source words it; an empty string where it has none (never null)." })
  description!: string;

  @Field(() => MeasureStatus, { description: "Where the measure stands today (with measures(asOf:), where it stood then); changed with setMeasureStatus." })
  status!: MeasureStatus;

  @Field(() => CompletionLevel, {
    nullable: true,
    description: "How complete the coordinator has assessed the measure to be (set with updateMeasure); null until it is assessed.",
  })
  completionLevel!: CompletionLevel | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "The last day to complete the measure (YYYY-MM-DD); the measure is overdue from the next day. Null where the plan sets none.",
  })
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

  @Field(() => String, { nullable: true, description: "Why the measure reads as it does, where isAssumption is true (the reading and its grounds); null otherwise." })
  note!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Where in its source (see source) the measure is recommended, e.g. a section and paragraph of the policy brief.",
  })
  locator!: string | null;

  @Field(() => DateTimeScalar, { description: "When the measure entered the plan (ISO 8601, UTC); the seeded recommendations carry their source's date, 2020-08-13T00:00:00Z." })
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    description: "When the measure's version last increased (ISO 8601, UTC): a change of content, status or links. Progress notes leave it alone.",
  })
  updatedAt!: Date;
}

@ObjectType({ ...PLAIN_VALUES, description: "A signatory's part in a measure." })
export class MeasureResponsibility {
  @Field(() => Signatory, { description: "The signatory (the EU, a Member State or the partner country) that has this part." })
  signatory!: Signatory;

  @Field(() => ResponsibilityRole, { description: "LEAD or CONTRIBUTING: what the signatory's ministry may do with the measure follows from it." })
  role!: ResponsibilityRole;

  @Field({ description: "True where the source does not name this signatory: a reasonable reading, flagged." })
  isAssumption!: boolean;
}

@ObjectType({
  description: "An organisation's part in a measure beside the signatories: the EAEU with the EU (SOC-4), the Public Bologna Committee (EDU-4).",
})
export class MeasureOrganisation {
  @Field(() => ResponsibilityRole, { description: "Whether the organisation leads the measure with the signatories or contributes to it. It gives no rights in this API." })
  role!: ResponsibilityRole;

  @Field({ description: "True where the source does not name this organisation's part: a reading, flagged." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the source says of the organisation's part, or the grounds of the reading; null where nothing needs saying." })
  note!: string | null;
}

@ObjectType({ description: "Who made a change. Shown to signed-in clients only." })
export class Actor {
  @Field({ description: "The subject (sub claim) of the token that made the change: the id its issuer gives the person or system." })
  sub!: string;

  @Field({ description: "The token's role when the change was made: COORDINATOR or MINISTRY (auditors change nothing)." })
  role!: string;

  @Field(() => String, { nullable: true, description: "For a ministry, the signatory it acts for." })
  signatoryCode!: string | null;
}

@ObjectType({ description: "A progress report on a measure." })
export class MeasureProgressUpdate {
  @Field({ description: "The report as its author wrote it: plain text, up to 10,000 characters." })
  text!: string;

  @Field(() => String, { nullable: true, description: "An http(s) link to evidence of the progress (a report, a decree, a web page); null where none was given." })
  evidenceUrl!: string | null;

  @Field(() => DateTimeScalar, { description: "When the report was added, by the database clock (ISO 8601, UTC)." })
  createdAt!: Date;
}

@ObjectType({ ...PLAIN_VALUES, description: "One step in a measure's status history." })
export class MeasureStatusChange {
  @Field(() => MeasureStatus, { nullable: true, description: "Null for the measure's first status." })
  fromStatus!: MeasureStatus | null;

  @Field(() => MeasureStatus, { description: "The status the measure moved to, and held until the next change." })
  toStatus!: MeasureStatus;

  @Field(() => String, { nullable: true, description: "Why, as the person who made the change gave it (required for ON_HOLD, WITHDRAWN and reopening); null where none was needed or given." })
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

  @Field(() => String, { nullable: true, description: 'Only measures this signatory leads (alone or jointly), by its code, e.g. "PL".' })
  leadSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only measures this signatory leads or contributes to, by its code, e.g. "BY".' })
  responsibleSignatoryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only measures tagged with this theme, by its code, e.g. "VISA_ISSUES".' })
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
    description: 'Case-insensitive text found anywhere in the code, title or description ("visa" finds "Visa Facilitation"); % and _ match themselves. At most 200 characters; blank means no condition.',
  })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only overdue measures (true) or only the others (false), as of today or of asOf; no condition when null." })
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
  valuesConfig: {
    CODE: { description: 'By code as text, "EDU-1" before "LAB-1" ("LAB-10" before "LAB-2"): the default.' },
    TITLE: { description: "By title as text, as the database collates it." },
    DEADLINE: { description: "By deadline, earliest first in ASC; measures without one come last in ASC, first in DESC." },
  },
});

@InputType({ description: "How to order measures; ties are broken by creation order." })
export class MeasureOrder {
  @Field(() => MeasureOrderField, { description: "The sort key; a cursor from one ordering is refused by another." })
  field!: MeasureOrderField;

  @Field(() => OrderDirection, { description: "ASC for smallest first, DESC for largest first." })
  direction!: OrderDirection;
}
