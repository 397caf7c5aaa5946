import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { findSourceByCode, listSources } from "./sources.service";
import { Source } from "./sources.types";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: "Every publication cited, by code." })
  sources(@Ctx() { db }: Context) {
    return listSources(db);
  }

  @Query(() => Source, { nullable: true, description: 'A source by its code, e.g. "EUROSTAT"; null if there is none.' })
  source(@Arg("code") code: string, @Ctx() { db }: Context) {
    return findSourceByCode(db, code);
  }
}
