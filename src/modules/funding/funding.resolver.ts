import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { asksForSubfield } from "../../graphql/selection";
import { Partnership, Signatory } from "../partnerships/partnerships.types";
import { Project } from "../projects/projects.types";
import { setExchangeRate } from "./funding.commands";
import { ExchangeRatePayload, SetExchangeRateInput } from "./funding.inputs";
import {
  findFundingInstrumentByCode,
  listExchangeRates,
  listFundingInstruments,
  type FundingInstrumentRow,
  type InstrumentAllocationRow,
} from "./funding.service";
import { ExchangeRate, ExchangeRateConnection, ExchangeRateFilterArgs, FundingInstrument, InstrumentAllocation } from "./funding.types";

@Resolver(() => FundingInstrument)
export class FundingInstrumentResolver {
  @Query(() => [FundingInstrument], { description: "Every funding instrument, by code.", complexity: pagedList })
  async fundingInstruments(@Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listFundingInstruments(db), page);
  }

  @Query(() => FundingInstrument, {
    nullable: true,
    description: 'A funding instrument by code, e.g. "MPF"; null if there is none.',
  })
  fundingInstrument(@Arg("code", { description: 'The instrument\'s code, exactly (case matters), e.g. "AMIF".' }) code: string, @Ctx() { db }: Context) {
    return findFundingInstrumentByCode(db, code);
  }

  @FieldResolver(() => [FundingInstrument], {
    description: "The instruments it is financed under (the MPF: AMIF and ISF), by code.",
    complexity: pagedList,
  })
  async parents(@Root() instrument: FundingInstrumentRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    const links = await loaders.parentInstrumentsByInstrumentId.load(instrument.id);
    return pageOfList(links, page).map((link) => link.parent);
  }

  @FieldResolver(() => [FundingInstrument], { description: "The instruments financed under it, by code.", complexity: pagedList })
  async children(@Root() instrument: FundingInstrumentRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    const links = await loaders.childInstrumentsByInstrumentId.load(instrument.id);
    return pageOfList(links, page).map((link) => link.child);
  }

  @FieldResolver(() => [InstrumentAllocation], {
    description: "What it sets aside for partnerships, earliest period first.",
    complexity: pagedList,
  })
  async allocations(@Root() instrument: FundingInstrumentRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.allocationsByInstrumentId.load(instrument.id), page);
  }

  @FieldResolver(() => [Project], { description: "The projects funded through it, by code.", complexity: pagedList })
  async projects(@Root() instrument: FundingInstrumentRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.projectsByInstrumentId.load(instrument.id), page);
  }
}

@Resolver(() => InstrumentAllocation)
export class InstrumentAllocationResolver {
  @FieldResolver(() => FundingInstrument, { description: "The instrument that sets the money aside." })
  instrument(@Root() allocation: InstrumentAllocationRow, @Ctx() { loaders }: Context) {
    return loaders.fundingInstrumentById.load(allocation.instrumentId);
  }

  @FieldResolver(() => Partnership, {
    nullable: true,
    description: "The partnership the money is set aside for; null where the source ties it to a country only (see recipient).",
  })
  partnership(@Root() allocation: InstrumentAllocationRow, @Ctx() { loaders }: Context) {
    return allocation.partnershipId == null ? null : loaders.partnershipById.load(allocation.partnershipId);
  }

  @FieldResolver(() => Signatory, {
    nullable: true,
    description: "The signatory the money is meant for, where the source names one.",
  })
  recipient(@Root() allocation: InstrumentAllocationRow, @Ctx() { loaders }: Context) {
    return allocation.recipientSignatoryId == null ? null : loaders.signatoryById.load(allocation.recipientSignatoryId);
  }
}

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  @Query(() => ExchangeRateConnection, {
    description: "Exchange rates the coordinator has set, latest rate date first (ties: the most recently created first). Public.",
  })
  exchangeRates(@Args() filter: ExchangeRateFilterArgs, @Args() page: PageArgs, @Ctx() { db }: Context, @Info() info: GraphQLResolveInfo) {
    return listExchangeRates(db, filter, page, { totalCount: asksForSubfield(info, "totalCount") });
  }

  @Mutation(() => ExchangeRatePayload, {
    description:
      "Sets the rate of a currency pair for a day; a day that has a rate already gets the new one (same id), " +
      "and the audit trail keeps the old one as before. Coordinator only.",
  })
  async setExchangeRate(@Arg("input", { description: "The currency pair, the day, the rate and its source." }) input: SetExchangeRateInput, @Ctx() ctx: Context): Promise<object> {
    return { exchangeRate: await setExchangeRate(ctx, input), clientMutationId: input.clientMutationId ?? null };
  }
}
