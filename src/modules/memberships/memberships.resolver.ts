import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import type { OrganisationRow } from "../organisations/organisations.service";
import { Organisation } from "../organisations/organisations.types";
import type { SignatoryRow } from "../partnerships/partnerships.service";
import { Signatory } from "../partnerships/partnerships.types";
import { Source } from "../sources/sources.types";
import { listMemberships, type MembershipRow } from "./memberships.service";
import { Membership, MembershipFilter } from "./memberships.types";

@Resolver(() => Membership)
export class MembershipResolver {
  @Query(() => [Membership], {
    description: "States' memberships of unions and organisations, by organisation code, then member.",
    complexity: pagedList,
  })
  async memberships(@Args() filter: MembershipFilter, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listMemberships(db, filter), page);
  }

  @FieldResolver(() => Organisation, { description: "The union or organisation the state belongs to, e.g. the Eurasian Economic Union (EAEU)." })
  organisation(@Root() membership: MembershipRow, @Ctx() { loaders }: Context) {
    return loaders.organisationById.load(membership.organisationId);
  }

  @FieldResolver(() => Source, { nullable: true, description: "Where the membership is stated; see locator." })
  source(@Root() membership: MembershipRow, @Ctx() { loaders }: Context) {
    return membership.sourceId == null ? null : loaders.sourceById.load(membership.sourceId);
  }
}

@Resolver(() => Organisation)
export class OrganisationMembersResolver {
  @FieldResolver(() => [Membership], { description: "The states that are members of it, by code.", complexity: pagedList })
  async members(@Root() organisation: OrganisationRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.membershipsByOrganisationId.load(organisation.id), page);
  }
}

@Resolver(() => Signatory)
export class SignatoryMembershipsResolver {
  @FieldResolver(() => [Membership], {
    description: "The unions and organisations this state is a member of (Belarus: the EAEU and the CIS), by their code.",
    complexity: pagedList,
  })
  async memberships(@Root() signatory: SignatoryRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.membershipsByMemberCode.load(signatory.code), page);
  }
}
