import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Organisation } from "../organisations/organisations.types";
import { findSourceByCode, listSources, type SourceRow } from "./sources.service";
import { Source } from "./sources.types";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: "Every publication cited, by code.", complexity: pagedList })
  async sources(@Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listSources(db), page);
  }

  @Query(() => Source, { nullable: true, description: 'A source by its code, e.g. "EUROSTAT"; null if there is none.' })
  source(@Arg("code", { description: 'The source\'s code, exactly (case matters), e.g. "EUROSTAT".' }) code: string, @Ctx() { db }: Context) {
    return findSourceByCode(db, code);
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description: "The publisher among the organisations, where it is one (Eurostat, IOM, the European Commission).",
  })
  publisherOrganisation(@Root() source: SourceRow, @Ctx() { loaders }: Context) {
    return source.publisherOrganisationId == null ? null : loaders.organisationById.load(source.publisherOrganisationId);
  }
}
