import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../graphql/scalars";
import { ActionPlanStatus } from "../action-plans/action-plans.types";
import { Actor, MeasureStatus } from "../measures/measures.types";

/**
 * What every delivered change says of itself. Its `cursor` resumes a subscription right after
 * it (`after:`), on any instance, for EVENT_RETENTION_DAYS.
 */
// A base class only: type-graphql emits the types the schema reaches, and none reaches this one.
@ObjectType()
abstract class DeliveredChange {
  @Field({ description: "This change's place in the stream, opaque: subscribe again with after: <cursor> to get every change after it." })
  cursor!: string;

  @Field(() => DateTimeScalar, { description: "When the change was committed, by the database clock." })
  occurredAt!: Date;

  @Field({ description: 'The mutation that made it, e.g. "setMeasureStatus".' })
  operation!: string;

  @Field(() => Actor, { nullable: true, description: "Who made the change; null for anonymous subscribers." })
  actor!: Actor | null;
}

@ObjectType({ description: "A measure was created, changed status, was edited or got a progress report." })
export class MeasureChange extends DeliveredChange {
  @Field(() => ID, { description: "The measure's global id." })
  measureId!: string;

  @Field(() => MeasureStatus, { description: "The status this change left the measure in." })
  status!: MeasureStatus;

  @Field(() => MeasureStatus, { nullable: true, description: "Its status before the change; null when the change created it." })
  previousStatus!: MeasureStatus | null;

  @Field(() => Int, { description: "The measure's version after this change (a progress report does not move it)." })
  version!: number;

  // Resolved by MeasureChangeResolver.measure.
  measureRowId!: number;
}

@ObjectType({ description: "A version of a partnership's action plan was opened, edited, adopted, superseded or discarded." })
export class ActionPlanChange extends DeliveredChange {
  @Field(() => ID, { description: "The version's global id." })
  versionId!: string;

  @Field(() => Int, { nullable: true, description: "The version's number within its partnership." })
  number!: number | null;

  @Field(() => ActionPlanStatus, { nullable: true, description: "Its status after the change; null when the change discarded the draft." })
  status!: ActionPlanStatus | null;

  @Field(() => Int, { nullable: true, description: "The draft's revision after the change (pass it as expectedRevision)." })
  revision!: number | null;

  // Resolved by ActionPlanChangeResolver.version.
  versionRowId!: number;
}

@ObjectType({ description: "Money changed: a project's budget line, transaction or reversal, or an exchange rate (which every partnership shares)." })
export class FundingChange extends DeliveredChange {
  @Field({ description: 'The changed entity\'s type: "Project" or "ExchangeRate".' })
  entityType!: string;

  @Field(() => ID, { description: "The changed entity's global id: the project, or the exchange rate." })
  entityId!: string;

  // Resolved by FundingChangeResolver.
  entityRowId!: number;
}

@ObjectType({ description: "A new record of the audit trail, as auditLog shows it." })
export class AuditTrailChange {
  @Field({ description: "This record's place in the stream, opaque: subscribe again with after: <cursor> to get every record after it." })
  cursor!: string;

  // Resolved by AuditTrailChangeResolver.auditEvent.
  auditEventId!: number;
}
