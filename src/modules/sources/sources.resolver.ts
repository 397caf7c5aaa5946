import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { findSourceByCode, listSources } from "./sources.service";
import { Source } from "./sources.types";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: "Every publication cited, by code.", complexity: pagedList })
  async sources(@Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listSources(db), page);
  }

  @Query(() => Source, { nullable: true, description: 'A source by its code, e.g. "EUROSTAT"; null if there is none.' })
  source(@Arg("code") code: string, @Ctx() { db }: Context) {
    return findSourceByCode(db, code);
  }
}
