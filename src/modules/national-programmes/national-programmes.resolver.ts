import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Source } from "../sources/sources.types";
import { Statement } from "../statements/statements.types";
import { findNationalProgrammeByCode, listNationalProgrammes, type NationalProgrammeRow } from "./national-programmes.service";
import { NationalProgramme, NationalProgrammeFilter } from "./national-programmes.types";

@Resolver(() => NationalProgramme)
export class NationalProgrammeResolver {
  @Query(() => [NationalProgramme], {
    description: "States' own strategies and programmes by code, narrowed by state, kind and a day their period covers.",
    complexity: pagedList,
  })
  async nationalProgrammes(@Args() filter: NationalProgrammeFilter, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listNationalProgrammes(db, filter), page);
  }

  @Query(() => NationalProgramme, { nullable: true, description: 'A national programme by its code, e.g. "BY-NSDS-2030"; null if there is none.' })
  nationalProgramme(@Arg("code", { description: 'The programme\'s code, exactly (case matters), e.g. "BY-NSDS-2030".' }) code: string, @Ctx() { db }: Context) {
    return findNationalProgrammeByCode(db, code);
  }

  @FieldResolver(() => Source, { nullable: true, description: "Where it is named; see locator for where in it." })
  source(@Root() programme: NationalProgrammeRow, @Ctx() { loaders }: Context) {
    return programme.sourceId == null ? null : loaders.sourceById.load(programme.sourceId);
  }

  @FieldResolver(() => [Statement], { description: "What the sources say about it, by code.", complexity: pagedList })
  async statements(@Root() programme: NationalProgrammeRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.statementsByNationalProgrammeId.load(programme.id), page);
  }
}
