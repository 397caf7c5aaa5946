import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Theme } from "../partnerships/partnerships.types";
import { Source } from "../sources/sources.types";
import { findIndicatorByCode, listIndicators, type IndicatorRow, type ObservationRow } from "./indicators.service";
import { Indicator, IndicatorObservation, ObservationFilter } from "./indicators.types";

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => [Indicator], {
    description: "Statistical series by code; only those of one theme when themeCode is given.",
    complexity: pagedList,
  })
  async indicators(
    @Arg("themeCode", () => String, { nullable: true, description: 'Only the series of this theme, e.g. "LABOUR_MOBILITY".' })
    themeCode: string | null,
    @Args() page: ListPageArgs,
    @Ctx() { db }: Context,
  ) {
    return pageOfList(await listIndicators(db, { themeCode }), page);
  }

  @Query(() => Indicator, { nullable: true, description: 'A series by its code, e.g. "PL-FIRST-WORK-PERMITS-BY"; null if there is none.' })
  indicator(@Arg("code", { description: 'The series\' code, exactly (case matters), e.g. "EU-WORK-PERMITS-BY".' }) code: string, @Ctx() { db }: Context) {
    return findIndicatorByCode(db, code);
  }

  @FieldResolver(() => Theme, { nullable: true, description: "The cross-cutting theme the series belongs to, e.g. Labour mobility; null where it has none." })
  theme(@Root() indicator: IndicatorRow, @Ctx() { loaders }: Context) {
    return indicator.themeId === null ? null : loaders.themeById.load(indicator.themeId);
  }

  @FieldResolver(() => [IndicatorObservation], {
    description: "The series' figures, by period start, then geography.",
    complexity: pagedList,
  })
  async observations(@Root() indicator: IndicatorRow, @Args() filter: ObservationFilter, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.observationsByIndicatorId(filter).load(indicator.id), page);
  }
}

@Resolver(() => IndicatorObservation)
export class IndicatorObservationResolver {
  @FieldResolver(() => Indicator, { description: "The series this figure belongs to." })
  indicator(@Root() observation: ObservationRow, @Ctx() { loaders }: Context) {
    return loaders.indicatorById.load(observation.indicatorId);
  }

  @FieldResolver(() => IndicatorObservation, {
    nullable: true,
    description: "For a share (unit %): the figure it is a share of, e.g. the EU's 2018 permits for Poland's half of them.",
  })
  shareOf(@Root() observation: ObservationRow, @Ctx() { loaders }: Context) {
    return observation.shareOfObservationId == null ? null : loaders.observationById.load(observation.shareOfObservationId);
  }

  @FieldResolver(() => Source, { description: "Where the figure is published; see locator for where in it." })
  source(@Root() observation: ObservationRow, @Ctx() { loaders }: Context) {
    return loaders.sourceById.load(observation.sourceId);
  }
}
