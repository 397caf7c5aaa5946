import { MaxLength } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DatePrecision, Money, PLAIN_VALUES, StatedAmount } from "../../graphql/common.types";
import { connectionTypes } from "../../graphql/connection";
import { graphqlEnum, OrderDirection } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar, DateTimeScalar } from "../../graphql/scalars";
import { Organisation } from "../organisations/organisations.types";
import { budgetStatusEnum, organisationRoleEnum, projectStatusEnum, transactionTypeEnum } from "./projects.tables";

export const ProjectStatus = graphqlEnum(projectStatusEnum, "ProjectStatus", "IATI activity status (IATI ActivityStatus code list; its code in brackets).", {
  PIPELINE: "Being identified or prepared, not yet started (IATI 1, Pipeline/identification).",
  IMPLEMENTATION: "Under way (IATI 2, Implementation).",
  FINALISATION: "Work done, accounts and evaluation being closed (IATI 3, Finalisation).",
  CLOSED: "Finished and closed (IATI 4, Closed).",
  CANCELLED: "Stopped before it was completed (IATI 5, Cancelled).",
  SUSPENDED: "Halted for now, may resume (IATI 6, Suspended).",
});
export type ProjectStatus = keyof typeof ProjectStatus;

export const OrganisationRole = graphqlEnum(
  organisationRoleEnum,
  "OrganisationRole",
  "IATI organisation role: what an organisation does in a project. One organisation may hold several.",
  {
    FUNDING: "Provides the money, e.g. the EU through an instrument (IATI 1, Funding).",
    ACCOUNTABLE: "Oversees the project and answers for its outcomes (IATI 2, Accountable).",
    EXTENDING: "Manages the funds on the funder's behalf, e.g. the European Commission for the EU (IATI 3, Extending).",
    IMPLEMENTING: "Carries the project out, e.g. IOM Belarus (IATI 4, Implementing).",
  },
);
export type OrganisationRole = keyof typeof OrganisationRole;

export const TransactionType = graphqlEnum(
  transactionTypeEnum,
  "TransactionType",
  "IATI transaction type: how money moved (OUTGOING_COMMITMENT is a commitment).",
  {
    INCOMING_FUNDS: "Money the project received from a funder (IATI 1, Incoming Funds).",
    OUTGOING_COMMITMENT: "A firm, written commitment of money to the project: the funding summary's committed (IATI 2, Outgoing Commitment).",
    DISBURSEMENT: "Money paid out to the implementer: the funding summary's disbursed (IATI 3, Disbursement).",
    EXPENDITURE: "Money spent directly on goods and services: the funding summary's expended (IATI 4, Expenditure).",
    INCOMING_COMMITMENT: "A commitment of money the project received from a funder (IATI 11, Incoming Commitment).",
  },
);
export type TransactionType = keyof typeof TransactionType;

export const BudgetStatus = graphqlEnum(budgetStatusEnum, "BudgetStatus", "IATI budget status: indicative or committed.", {
  INDICATIVE: "A planned figure, not yet agreed with the funder (IATI 1, Indicative).",
  COMMITTED: "Agreed with the funder, e.g. in a signed contract (IATI 2, Committed).",
});
export type BudgetStatus = keyof typeof BudgetStatus;

@ObjectType({ ...PLAIN_VALUES, implements: Node, description: "A project that implements measures, funded through an instrument." })
export class Project extends Node {
  @Field({ description: 'Short code, e.g. "IOM-IRREGULAR-MIGRANTS".' })
  code!: string;

  @Field({ description: 'The project\'s title as its implementer or funder gives it, e.g. "Helping Belarus Address the Phenomenon of Increasing Numbers of Irregular Migrants".' })
  title!: string;

  @Field(() => String, { nullable: true, description: "What the project does, in plain text; null where none is recorded." })
  description!: string | null;

  @Field(() => ProjectStatus, { description: "Where the project stands, on the IATI activity status list." })
  status!: ProjectStatus;

  @Field(() => DateScalar, { nullable: true, description: "When the project was planned to start (YYYY-MM-DD, read with plannedStartPrecision); null where unknown." })
  plannedStart!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of plannedStart is known; null exactly when plannedStart is null." })
  plannedStartPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "When the project did start (YYYY-MM-DD, read with actualStartPrecision); null until it starts or where unknown." })
  actualStart!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of actualStart is known; null exactly when actualStart is null." })
  actualStartPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "When the project is planned to end (YYYY-MM-DD, read with plannedEndPrecision); never before plannedStart; null where unknown." })
  plannedEnd!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of plannedEnd is known; null exactly when plannedEnd is null." })
  plannedEndPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "When the project did end (YYYY-MM-DD, read with actualEndPrecision); never before actualStart; null until it ends." })
  actualEnd!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: "How much of actualEnd is known; null exactly when actualEnd is null." })
  actualEndPrecision!: DatePrecision | null;

  @Field(() => Int, { description: "Increases with every change; pass it back as expectedVersion when changing the project." })
  version!: number;

  @Field({ description: "True where the project's data rests on assumptions; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true, description: "What the assumptions are, or any other remark on the project's data; null where nothing needs saying." })
  note!: string | null;
}

@ObjectType({ description: "An organisation's part in a project." })
export class ProjectParticipant {
  @Field(() => Organisation, { description: "The organisation taking part, e.g. IOM Belarus." })
  organisation!: Organisation;

  @Field(() => OrganisationRole, { description: "What it does in the project; an organisation with two roles appears twice." })
  role!: OrganisationRole;
}

@ObjectType({ description: "A project an organisation takes part in, and as what." })
export class ProjectParticipation {
  @Field(() => Project, { description: "The project the organisation takes part in." })
  project!: Project;

  @Field(() => OrganisationRole, { description: "What the organisation does in it; a project where it has two roles appears twice." })
  role!: OrganisationRole;
}

@ObjectType({ ...PLAIN_VALUES, description: "One budget line: money planned for a project, per period." })
export class ProjectBudget extends StatedAmount {
  @Field(() => BudgetStatus, { description: "Whether the amount is indicative or committed (IATI budget status)." })
  status!: BudgetStatus;

  @Field(() => DateScalar, { nullable: true, description: "First day of the period the line budgets for (YYYY-MM-DD); null where the line gives no period." })
  periodStart!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day of the period the line budgets for (YYYY-MM-DD), not before periodStart; null where the line gives no period." })
  periodEnd!: string | null;

  @Field(() => DateScalar, { description: "The date the amount's value refers to (IATI value-date)." })
  valueDate!: string;
}

@ObjectType({
  implements: Node,
  description:
    "Money that moved. Entries are never edited: a correction is a new entry with a negative amount that reverses an earlier one.",
})
export class ProjectTransaction extends Node {
  @Field(() => TransactionType, { description: "How the money moved: committed, disbursed, spent... (IATI transaction type)." })
  type!: TransactionType;

  @Field(() => DateScalar, { description: "The day the money moved (IATI value-date, YYYY-MM-DD): the day totals and years count it on." })
  valueDate!: string;

  @Field(() => Money, { description: "Negative for an entry that reverses another." })
  amount!: Money;

  @Field(() => String, { nullable: true, description: "What the entry is for, as recorded; a reversal's holds its reason. Null where none was given." })
  description!: string | null;

  @Field(() => DateTimeScalar, { description: "When the entry was recorded, by the database clock." })
  recordedAt!: Date;
}

@ObjectType({ description: "The sum of a project's transactions of one type in one currency, reversals included." })
export class TransactionTotal {
  @Field(() => TransactionType, { description: "The type of the transactions added up." })
  type!: TransactionType;

  @Field(() => Money, { description: "Their sum in one currency, reversals netted out (zero where all were reversed); never converted." })
  amount!: Money;
}

export const ProjectConnection = connectionTypes(Project, "Project");

@InputType({ description: "Narrows a list of projects; all given conditions must hold." })
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'Only projects of this partnership, e.g. "EU-BY".' })
  partnershipCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only projects for this country (their recipient), e.g. "BY", whether or not they belong to a partnership.',
  })
  recipientCode?: string | null;

  @Field(() => [ProjectStatus], { nullable: true, description: "Only projects in one of these statuses." })
  statuses?: ProjectStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only projects funded through this instrument, e.g. "MPF".' })
  instrumentCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only projects this organisation takes part in, in any role unless organisationRole is given.",
  })
  organisationCode?: string | null;

  @Field(() => OrganisationRole, {
    nullable: true,
    description: "Only projects with a participant in this role (the organisationCode one, when given).",
  })
  organisationRole?: OrganisationRole | null;

  @Field(() => String, { nullable: true, description: "Case-insensitive text found in the code or title." })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only projects with a budget line above zero; false: only projects without one.",
  })
  hasBudget?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only projects whose disbursements, net of reversals, are above zero in some currency; false: the others. " +
      "With hasBudget: true, false gives the projects with a budget but no disbursement.",
  })
  hasDisbursement?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only projects whose net disbursements exceed their net outgoing commitments in some currency " +
      "(a currency with disbursements and no commitment counts); false: the others.",
  })
  disbursedExceedsCommitted?: boolean | null;
}

export enum ProjectOrderField {
  CODE = "CODE",
  TITLE = "TITLE",
  PLANNED_START = "PLANNED_START",
  ACTUAL_START = "ACTUAL_START",
}
registerEnumType(ProjectOrderField, {
  name: "ProjectOrderField",
  description: "What projects can be ordered by. PLANNED_START and ACTUAL_START put projects without that date last.",
  valuesConfig: {
    CODE: { description: 'By code as text, "EU-WB-PRIVATE-SECTOR" before "IOM-IRREGULAR-MIGRANTS": the default.' },
    TITLE: { description: "By title as text, as the database collates it." },
    PLANNED_START: { description: "By planned start date; without one, last in ASC and first in DESC." },
    ACTUAL_START: { description: "By actual start date; without one (not started, or unknown), last in ASC and first in DESC." },
  },
});

@InputType({ description: "How to order projects; ties are broken by creation order." })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { description: "The sort key; a cursor from one ordering is refused by another." })
  field!: ProjectOrderField;

  @Field(() => OrderDirection, { description: "ASC for smallest first, DESC for largest first." })
  direction!: OrderDirection;
}
