import { IsOptional, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DatePrecision, MoneyInput, Qualifier } from "../../graphql/common.types";
import { MutationInput } from "../../graphql/mutation-input";
import { DateScalar } from "../../graphql/scalars";
import { IsCode, IsLongText, IsNotBlank, IsTitle } from "../../graphql/validation";
import { BudgetStatus, OrganisationRole, Project, ProjectStatus, ProjectTransaction, TransactionType } from "./projects.types";

/**
 * Mutation inputs and payloads for projects, GitHub style: one input object, a payload,
 * clientMutationId echoed. All of these are for the coordinator only.
 */


@InputType()
abstract class ProjectChangeInput extends MutationInput {
  @Field(() => ID, { description: "The project's global id." })
  projectId!: string;

  @Field(() => Int, { description: "The version you last read; a stale version gives CONFLICT and changes nothing." })
  @Min(1)
  expectedVersion!: number;
}

@InputType({
  description:
    "A new project. A date and its precision go together, and an end may not be before its start (planned and actual each).",
})
export class CreateProjectInput extends MutationInput {
  @Field({ description: 'The partnership the project belongs to, e.g. "EU-BY".' })
  @IsCode()
  partnershipCode!: string;

  @Field({ description: 'Unique among all projects, e.g. "IOM-IRREGULAR-MIGRANTS".' })
  @IsCode()
  code!: string;

  @Field({ description: "The project's title: not blank, at most 500 characters." })
  @IsTitle()
  title!: string;

  @Field(() => String, { nullable: true, description: "What the project does, at most 10,000 characters; none when omitted." })
  @IsOptional()
  @IsLongText()
  description?: string | null;

  @Field(() => ProjectStatus, { defaultValue: ProjectStatus.PIPELINE, description: "Where the project stands; PIPELINE when omitted." })
  status!: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'The funding instrument, e.g. "MPF"; none when omitted.' })
  @IsOptional()
  @IsCode()
  instrumentCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The planned start, YYYY-MM-DD (a coarser date as the first day of its period); unknown when omitted." })
  plannedStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with plannedStart, and only with it." })
  plannedStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The actual start, YYYY-MM-DD (a coarser date as the first day of its period); unknown when omitted." })
  actualStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with actualStart, and only with it." })
  actualStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The planned end, YYYY-MM-DD (a coarser date as the first day of its period); unknown when omitted." })
  plannedEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with plannedEnd, and only with it." })
  plannedEndPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The actual end, YYYY-MM-DD (a coarser date as the first day of its period); unknown when omitted." })
  actualEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with actualEnd, and only with it." })
  actualEndPrecision?: DatePrecision | null;
}

@InputType({
  description:
    "Changes to a project; omitted fields stay as they are. code, title and status cannot be cleared (null leaves them); " +
    "null clears the other fields. The project's partnership cannot change. Date rules are checked on the resulting project.",
})
export class UpdateProjectInput extends ProjectChangeInput {
  @Field(() => String, { nullable: true, description: "A new code, unique among all projects." })
  @IsOptional()
  @IsCode()
  code?: string | null;

  @Field(() => String, { nullable: true, description: "A new title: not blank, at most 500 characters. Unchanged when null or omitted." })
  @IsOptional()
  @IsTitle()
  title?: string | null;

  @Field(() => String, { nullable: true, description: "A new description, at most 10,000 characters; null removes it, omitted keeps it." })
  @IsOptional()
  @IsLongText()
  description?: string | null;

  @Field(() => ProjectStatus, { nullable: true, description: "A new status; any status may follow any other. Unchanged when null or omitted." })
  status?: ProjectStatus | null;

  @Field(() => String, { nullable: true, description: 'The code of another funding instrument, e.g. "AMIF"; null removes the instrument, omitted keeps it.' })
  @IsOptional()
  @IsCode()
  instrumentCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The new planned start, YYYY-MM-DD; null clears it (clear its precision with it), omitted keeps it." })
  plannedStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of plannedStart is known; null clears it, omitted keeps it. After the change a date and its precision are both set or both null (else BAD_USER_INPUT)." })
  plannedStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The new actual start, YYYY-MM-DD; null clears it (clear its precision with it), omitted keeps it." })
  actualStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of actualStart is known; null clears it, omitted keeps it. After the change a date and its precision are both set or both null (else BAD_USER_INPUT)." })
  actualStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The new planned end, YYYY-MM-DD; null clears it (clear its precision with it), omitted keeps it." })
  plannedEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of plannedEnd is known; null clears it, omitted keeps it. After the change a date and its precision are both set or both null (else BAD_USER_INPUT)." })
  plannedEndPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "The new actual end, YYYY-MM-DD; null clears it (clear its precision with it), omitted keeps it." })
  actualEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of actualEnd is known; null clears it, omitted keeps it. After the change a date and its precision are both set or both null (else BAD_USER_INPUT)." })
  actualEndPrecision?: DatePrecision | null;
}

@InputType({ description: "An organisation's part in a project." })
export class AddProjectParticipantInput extends ProjectChangeInput {
  @Field({ description: 'The organisation\'s code, e.g. "IOM-BY"; an unknown code is BAD_USER_INPUT.' })
  @IsCode()
  organisationCode!: string;

  @Field(() => OrganisationRole, { description: "What the organisation does in the project; a role it already holds there is BAD_USER_INPUT." })
  role!: OrganisationRole;
}

@InputType({
  description: "Removes one role of an organisation in a project; one that the organisation does not hold gives BAD_USER_INPUT.",
})
export class RemoveProjectParticipantInput extends ProjectChangeInput {
  @Field({ description: 'The organisation\'s code, e.g. "IOM-BY".' })
  @IsCode()
  organisationCode!: string;

  @Field(() => OrganisationRole, { description: "The role to remove; the organisation's other roles in the project stay." })
  role!: OrganisationRole;
}

@InputType({ description: "A budget line: money planned for the project, optionally for a period." })
export class RecordProjectBudgetInput extends ProjectChangeInput {
  @Field(() => BudgetStatus, { description: "INDICATIVE for a planned figure, COMMITTED for an agreed one." })
  status!: BudgetStatus;

  @Field(() => DateScalar, { nullable: true, description: "First day of the period the line is for, YYYY-MM-DD; no period when omitted." })
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day of the period the line is for, YYYY-MM-DD, not before periodStart; no period when omitted." })
  periodEnd?: string | null;

  @Field(() => DateScalar, { description: "The date the amount's value refers to (IATI value-date)." })
  valueDate!: string;

  @Field(() => MoneyInput, { description: 'The amount and its ISO 4217 currency, e.g. { amount: "7000000.00", currency: "EUR" }.' })
  @ValidateNested()
  amount!: MoneyInput;

  @Field(() => Qualifier, { defaultValue: Qualifier.EXACT, description: "How the source hedges the amount." })
  qualifier!: Qualifier;
}

@InputType({ description: "Money that moved. Recorded entries are never edited: correct one with reverseProjectTransaction." })
export class RecordProjectTransactionInput extends ProjectChangeInput {
  @Field(() => TransactionType, { description: "How the money moved, e.g. OUTGOING_COMMITMENT or DISBURSEMENT." })
  type!: TransactionType;

  @Field(() => DateScalar, { description: "The day the money moved, YYYY-MM-DD (IATI value-date)." })
  valueDate!: string;

  @Field(() => MoneyInput, { description: "Positive; reversals are recorded with reverseProjectTransaction." })
  @ValidateNested()
  amount!: MoneyInput;

  @Field(() => String, { nullable: true, description: 'Where the money came from, e.g. "EU".' })
  @IsOptional()
  @IsCode()
  providerOrganisationCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the money went, e.g. "IOM-BY".' })
  @IsOptional()
  @IsCode()
  receiverOrganisationCode?: string | null;

  @Field(() => String, { nullable: true, description: "What the entry is for, at most 2,000 characters; none when omitted." })
  @IsOptional()
  @IsLongText(2000)
  description?: string | null;
}

@InputType({
  description:
    "Corrects a transaction with a new entry of the negated amount (same type, currency, organisations and value " +
    "date, so the two cancel out in every period). A reversal, or an entry already reversed, cannot be reversed.",
})
export class ReverseProjectTransactionInput extends ProjectChangeInput {
  @Field(() => ID, { description: "The global id of the transaction to reverse; it must belong to the project." })
  transactionId!: string;

  @Field({ description: "Why the entry is wrong; it becomes part of the reversal's description." })
  @IsNotBlank()
  @IsLongText(2000)
  reason!: string;
}

@ObjectType({ description: "What a project mutation returns: the project as it is after the change." })
export class ProjectPayload {
  @Field(() => Project, { description: "The project after the change, with its new version (pass it as expectedVersion next time)." })
  project!: Project;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}

@ObjectType({ description: "What recordProjectTransaction and reverseProjectTransaction return: the entry and its project." })
export class ProjectTransactionPayload {
  @Field(() => Project, { description: "The project after the entry, with its new version." })
  project!: Project;

  @Field(() => ProjectTransaction, { description: "The entry just recorded." })
  transaction!: ProjectTransaction;

  @Field(() => String, { nullable: true, description: "The clientMutationId the input carried, unchanged; null when it had none." })
  clientMutationId!: string | null;
}
