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

  @Field()
  @IsTitle()
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsLongText()
  description?: string | null;

  @Field(() => ProjectStatus, { defaultValue: ProjectStatus.PIPELINE })
  status!: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'The funding instrument, e.g. "MPF"; none when omitted.' })
  @IsOptional()
  @IsCode()
  instrumentCode?: string | null;

  @Field(() => DateScalar, { nullable: true })
  plannedStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with plannedStart, and only with it." })
  plannedStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  actualStart?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with actualStart, and only with it." })
  actualStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  plannedEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "Required with plannedEnd, and only with it." })
  plannedEndPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTitle()
  title?: string | null;

  @Field(() => String, { nullable: true, description: "Pass null to remove the description." })
  @IsOptional()
  @IsLongText()
  description?: string | null;

  @Field(() => ProjectStatus, { nullable: true })
  status?: ProjectStatus | null;

  @Field(() => String, { nullable: true, description: "Pass null to remove the instrument." })
  @IsOptional()
  @IsCode()
  instrumentCode?: string | null;

  @Field(() => DateScalar, { nullable: true })
  plannedStart?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  plannedStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  actualStart?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  actualStartPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  plannedEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  plannedEndPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  actualEnd?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  actualEndPrecision?: DatePrecision | null;
}

@InputType({ description: "An organisation's part in a project." })
export class AddProjectParticipantInput extends ProjectChangeInput {
  @Field({ description: 'e.g. "IOM-BY".' })
  @IsCode()
  organisationCode!: string;

  @Field(() => OrganisationRole)
  role!: OrganisationRole;
}

@InputType({
  description: "Removes one role of an organisation in a project; one that the organisation does not hold gives BAD_USER_INPUT.",
})
export class RemoveProjectParticipantInput extends ProjectChangeInput {
  @Field()
  @IsCode()
  organisationCode!: string;

  @Field(() => OrganisationRole)
  role!: OrganisationRole;
}

@InputType({ description: "A budget line: money planned for the project, optionally for a period." })
export class RecordProjectBudgetInput extends ProjectChangeInput {
  @Field(() => BudgetStatus)
  status!: BudgetStatus;

  @Field(() => DateScalar, { nullable: true })
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Not before periodStart." })
  periodEnd?: string | null;

  @Field(() => DateScalar, { description: "The date the amount's value refers to (IATI value-date)." })
  valueDate!: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  amount!: MoneyInput;

  @Field(() => Qualifier, { defaultValue: Qualifier.EXACT, description: "How the source hedges the amount." })
  qualifier!: Qualifier;
}

@InputType({ description: "Money that moved. Recorded entries are never edited: correct one with reverseProjectTransaction." })
export class RecordProjectTransactionInput extends ProjectChangeInput {
  @Field(() => TransactionType)
  type!: TransactionType;

  @Field(() => DateScalar)
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

  @Field(() => String, { nullable: true })
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

@ObjectType()
export class ProjectPayload {
  @Field(() => Project)
  project!: Project;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

@ObjectType()
export class ProjectTransactionPayload {
  @Field(() => Project)
  project!: Project;

  @Field(() => ProjectTransaction, { description: "The entry just recorded." })
  transaction!: ProjectTransaction;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}
