import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { requireAuditReader } from "../../auth/access";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { asksForSubfield } from "../../graphql/selection";
import { badUserInput } from "../../graphql/errors";
import { fromGlobalId, toGlobalId } from "../../lib/global-id";
import { Actor } from "../measures/measures.types";
import { listAuditEvents, type AuditEventRow } from "./audit.service";
import { AuditEvent, AuditEventConnection, AuditLogFilter } from "./audit.types";

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection, {
    description:
      "The audit trail, newest first, 20 a page unless first or last says otherwise (at most 100). AUDITOR and COORDINATOR tokens only: " +
      "UNAUTHENTICATED without a token, FORBIDDEN for a ministry.",
  })
  auditLog(
    @Arg("filter", () => AuditLogFilter, { nullable: true, description: "Conditions that must all hold; the whole trail when null or omitted." })
    filter: AuditLogFilter | null,
    @Args() page: PageArgs,
    @Ctx() { db, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    requireAuditReader(viewer);
    const entity = filter?.entityId ? fromGlobalId(filter.entityId) : undefined;
    if (filter?.from && filter.to && filter.from >= filter.to) throw badUserInput("filter.from must be before filter.to");
    return listAuditEvents(
      db,
      { ...filter, entityType: entity?.typeName, entityId: entity?.id },
      page,
      { totalCount: asksForSubfield(info, "totalCount") },
    );
  }

  @FieldResolver(() => Actor)
  actor(@Root() event: AuditEventRow) {
    return { sub: event.actorSub, role: event.actorRole, signatoryCode: event.actorSignatoryCode };
  }

  @FieldResolver(() => ID)
  entityId(@Root() event: AuditEventRow) {
    return toGlobalId(event.entityType, event.entityId);
  }
}
