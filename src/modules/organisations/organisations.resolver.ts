import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Signatory } from "../partnerships/partnerships.types";
import { ProjectParticipation } from "../projects/projects.types";
import { findOrganisationByCode, listOrganisations, type OrganisationRow } from "./organisations.service";
import { Organisation, OrganisationKind } from "./organisations.types";

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => [Organisation], {
    description: "Organisations by code, optionally of one kind or belonging to one signatory.",
    complexity: pagedList,
  })
  async organisations(
    @Arg("kind", () => OrganisationKind, { nullable: true, description: "Only organisations of this kind, e.g. GOVERNMENT; all kinds when null or omitted." })
    kind: OrganisationKind | null,
    @Arg("signatoryCode", () => String, { nullable: true, description: 'Only organisations belonging to this signatory, e.g. "BY" for the Belarusian ministries; any when null or omitted.' })
    signatoryCode: string | null,
    @Args() page: ListPageArgs,
    @Ctx() { db }: Context,
  ) {
    return pageOfList(await listOrganisations(db, { kind, signatoryCode }), page);
  }

  @Query(() => Organisation, { nullable: true, description: 'An organisation by code, e.g. "IOM-BY"; null if there is none.' })
  organisation(@Arg("code", { description: 'The organisation\'s code, exactly (case matters), e.g. "IOM-BY".' }) code: string, @Ctx() { db }: Context) {
    return findOrganisationByCode(db, code);
  }

  @FieldResolver(() => Signatory, {
    nullable: true,
    description: "The signatory a ministry or agency belongs to; null for international bodies.",
  })
  signatory(@Root() organisation: OrganisationRow, @Ctx() { loaders }: Context) {
    return organisation.signatoryId == null ? null : loaders.signatoryById.load(organisation.signatoryId);
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description: "The organisation this one is an office or part of, e.g. IOM for IOM Belarus.",
  })
  parent(@Root() organisation: OrganisationRow, @Ctx() { loaders }: Context) {
    return organisation.parentId == null ? null : loaders.organisationById.load(organisation.parentId);
  }

  @FieldResolver(() => [Organisation], { description: "Offices and parts of this organisation, by code.", complexity: pagedList })
  async children(@Root() organisation: OrganisationRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.organisationsByParentId.load(organisation.id), page);
  }

  @FieldResolver(() => [ProjectParticipation], {
    description: "The projects it takes part in, by project code, once per role.",
    complexity: pagedList,
  })
  async projects(@Root() organisation: OrganisationRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.participationsByOrganisationId.load(organisation.id), page);
  }
}
