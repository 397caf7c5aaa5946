import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { NationalProgramme } from "../national-programmes/national-programmes.types";
import { Organisation } from "../organisations/organisations.types";
import { Theme } from "../partnerships/partnerships.types";
import { Source } from "../sources/sources.types";
import { findStatementByCode, listStatements, type StatementRow } from "./statements.service";
import { Statement, StatementFilter } from "./statements.types";

@Resolver(() => Statement)
export class StatementResolver {
  @Query(() => [Statement], {
    description: "Statements, forecasts and trends by code, narrowed by kind, theme and who made them.",
    complexity: pagedList,
  })
  async statements(@Args() filter: StatementFilter, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listStatements(db, filter), page);
  }

  @Query(() => Statement, { nullable: true, description: 'A statement by its code, e.g. "EU-LARGEST-DONOR-BY"; null if there is none.' })
  statement(@Arg("code", { description: 'The statement\'s code, exactly (case matters), e.g. "VISA-FREE-FORECAST-2014".' }) code: string, @Ctx() { db }: Context) {
    return findStatementByCode(db, code);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation that said or made it, where it is one (see madeBy)." })
  madeByOrganisation(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return statement.madeByOrganisationId == null ? null : loaders.organisationById.load(statement.madeByOrganisationId);
  }

  @FieldResolver(() => Theme, { nullable: true, description: "The cross-cutting theme it bears on, e.g. Visa issues; null where it has none." })
  theme(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return statement.themeId == null ? null : loaders.themeById.load(statement.themeId);
  }

  @FieldResolver(() => NationalProgramme, { nullable: true, description: "The national programme it is about, if any." })
  nationalProgramme(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return statement.nationalProgrammeId == null ? null : loaders.nationalProgrammeById.load(statement.nationalProgrammeId);
  }

  @FieldResolver(() => Source, { description: "Where it is published; see locator for where in it." })
  source(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return loaders.sourceById.load(statement.sourceId);
  }
}
