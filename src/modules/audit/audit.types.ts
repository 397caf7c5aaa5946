import { IsOptional, MaxLength } from "class-validator";
import { JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { connectionTypes } from "../../graphql/connection";
import { Node } from "../../graphql/node";
import { DateTimeScalar } from "../../graphql/scalars";
import { Actor } from "../measures/measures.types";

@ObjectType({ implements: Node, description: "One change to the plan: who, when, what, before and after." })
export class AuditEvent extends Node {
  @Field(() => DateTimeScalar, { description: "When the change was committed, by the database clock." })
  occurredAt!: Date;

  @Field(() => Actor, { description: "Who made the change: the token's subject, role and, for a ministry, its signatory." })
  actor!: Actor;

  @Field({ description: 'The mutation, e.g. "setMeasureStatus".' })
  operation!: string;

  @Field({ description: 'The type of the changed entity, e.g. "Measure".' })
  entityType!: string;

  @Field(() => ID, { description: "The changed entity's global id." })
  entityId!: string;

  @Field(() => JSONResolver, { nullable: true, description: "The entity before the change; null when it was created." })
  before!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "The entity after the change, as JSON in the same shape as before; null when the change deleted it (a discarded draft)." })
  after!: unknown;

  @Field(() => String, {
    nullable: true,
    description: "The server's id of the HTTP request that made the change (its x-request-id response header).",
  })
  requestId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The client's own id for that request (its x-correlation-id or x-request-id header), when it sent a valid one.",
  })
  correlationId!: string | null;
}

export const AuditEventConnection = connectionTypes(AuditEvent, "AuditEvent");

@InputType({ description: "Narrows the audit trail; all given conditions must hold." })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: "Only changes to this entity (its global id)." })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: "Only changes by this actor (the token's sub)." })
  @IsOptional()
  @MaxLength(200)
  actor?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this operation, e.g. "setMeasureStatus".' })
  @IsOptional()
  @MaxLength(100)
  operation?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Only changes at or after this moment." })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Only changes before this moment." })
  to?: Date | null;
}
