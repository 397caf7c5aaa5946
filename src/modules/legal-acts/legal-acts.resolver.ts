import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Source } from "../sources/sources.types";
import { findLegalActByCode, listLegalActs, type LegalActRow } from "./legal-acts.service";
import { LegalAct, LegalActFilter, LegalActProvision } from "./legal-acts.types";

@Resolver(() => LegalAct)
export class LegalActResolver {
  @Query(() => [LegalAct], { description: "Agreements and national rules by code, narrowed by kind and party.", complexity: pagedList })
  async legalActs(@Args() filter: LegalActFilter, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listLegalActs(db, filter), page);
  }

  @Query(() => LegalAct, { nullable: true, description: 'A legal act by its code, e.g. "EU-BY-VFA"; null if there is none.' })
  legalAct(@Arg("code") code: string, @Ctx() { db }: Context) {
    return findLegalActByCode(db, code);
  }

  @FieldResolver(() => [String], { description: 'The parties\' codes (ISO 3166 alpha-2, or "EU"), alphabetically.' })
  async parties(@Root() act: LegalActRow, @Ctx() { loaders }: Context) {
    const parties = await loaders.partiesByLegalActId.load(act.id);
    return parties.map((party) => party.partyCode);
  }

  @FieldResolver(() => [LegalActProvision], { description: "What the act provides, in the source's order.", complexity: pagedList })
  async provisions(@Root() act: LegalActRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.provisionsByLegalActId.load(act.id), page);
  }

  @FieldResolver(() => Source, { nullable: true })
  source(@Root() act: LegalActRow, @Ctx() { loaders }: Context) {
    return act.sourceId === null ? null : loaders.sourceById.load(act.sourceId);
  }
}
