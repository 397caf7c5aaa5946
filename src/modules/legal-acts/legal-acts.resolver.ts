import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import { Measure } from "../measures/measures.types";
import type { MeasureRow } from "../measures/measures.service";
import { Organisation } from "../organisations/organisations.types";
import type { PartnershipRow } from "../partnerships/partnerships.service";
import { Partnership } from "../partnerships/partnerships.types";
import { Source } from "../sources/sources.types";
import {
  findLegalActByCode,
  listLegalActs,
  type LegalActOrganisationRow,
  type LegalActProvisionRow,
  type LegalActRow,
  type MeasureLegalActRow,
  type PartnershipLegalActRow,
} from "./legal-acts.service";
import {
  LegalAct,
  LegalActFilter,
  LegalActOrganisation,
  LegalActProvision,
  MeasureLegalAct,
  PartnershipLegalAct,
  ProvisionFilter,
} from "./legal-acts.types";
import { provisionsInEffectOn } from "./provision-validity.rules";

@Resolver(() => LegalAct)
export class LegalActResolver {
  @Query(() => [LegalAct], {
    description: "Agreements and national rules by code, narrowed by kind, party and organisation.",
    complexity: pagedList,
  })
  async legalActs(@Args() filter: LegalActFilter, @Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listLegalActs(db, filter), page);
  }

  @Query(() => LegalAct, { nullable: true, description: 'A legal act by its code, e.g. "EU-BY-VFA"; null if there is none.' })
  legalAct(@Arg("code", { description: 'The act\'s code, exactly (case matters), e.g. "EU-BY-READMISSION".' }) code: string, @Ctx() { db }: Context) {
    return findLegalActByCode(db, code);
  }

  @FieldResolver(() => [String], { description: 'The parties\' codes (ISO 3166 alpha-2, or "EU"), alphabetically.' })
  async parties(@Root() act: LegalActRow, @Ctx() { loaders }: Context) {
    const parties = await loaders.partiesByLegalActId.load(act.id);
    return parties.map((party) => party.partyCode);
  }

  @FieldResolver(() => [LegalActOrganisation], {
    description: "Organisations involved other than as states: a union party to it, or the frame it was concluded in.",
    complexity: pagedList,
  })
  async organisations(@Root() act: LegalActRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.organisationsByLegalActId.load(act.id), page);
  }

  @FieldResolver(() => [LegalActProvision], {
    description: "What the act provides, in the source's order; with inEffectOn, only what applied on that day.",
    complexity: pagedList,
  })
  async provisions(@Root() act: LegalActRow, @Args() filter: ProvisionFilter, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    const provisions = await loaders.provisionsByLegalActId.load(act.id);
    return pageOfList(filter.inEffectOn == null ? provisions : provisionsInEffectOn(provisions, filter.inEffectOn), page);
  }

  @FieldResolver(() => [MeasureLegalAct], { description: "The measures that implement or concern it.", complexity: pagedList })
  async measures(@Root() act: LegalActRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.measureLinksByLegalActId.load(act.id), page);
  }

  @FieldResolver(() => Source, { nullable: true, description: "Where the act is described; see locator for where in it." })
  source(@Root() act: LegalActRow, @Ctx() { loaders }: Context) {
    return act.sourceId === null ? null : loaders.sourceById.load(act.sourceId);
  }
}

@Resolver(() => LegalActProvision)
export class LegalActProvisionResolver {
  @FieldResolver(() => LegalActProvision, {
    nullable: true,
    description: "The provision this one replaced: Minsk airport's 30 days replaced its 5 days, the EUR 35 visa fee the EUR 60 one.",
  })
  replaces(@Root() provision: LegalActProvisionRow, @Ctx() { loaders }: Context) {
    return provision.replacesId === null ? null : loaders.provisionById.load(provision.replacesId);
  }
}

@Resolver(() => LegalActOrganisation)
export class LegalActOrganisationResolver {
  @FieldResolver(() => Organisation, { description: "The organisation, e.g. the Commonwealth of Independent States (CIS)." })
  organisation(@Root() link: LegalActOrganisationRow, @Ctx() { loaders }: Context) {
    return loaders.organisationById.load(link.organisationId);
  }
}

@Resolver(() => MeasureLegalAct)
export class MeasureLegalActResolver {
  @FieldResolver(() => Measure, { description: "The measure that implements or concerns the act." })
  measure(@Root() link: MeasureLegalActRow, @Ctx() { loaders }: Context) {
    return loaders.measureById.load(link.measureId);
  }

  @FieldResolver(() => LegalAct, { description: "The agreement or rule the measure implements or concerns." })
  legalAct(@Root() link: MeasureLegalActRow, @Ctx() { loaders }: Context) {
    return loaders.legalActById.load(link.legalActId);
  }
}

@Resolver(() => PartnershipLegalAct)
export class PartnershipLegalActResolver {
  @FieldResolver(() => Partnership, { description: "The partnership whose declaration names the act." })
  partnership(@Root() link: PartnershipLegalActRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(link.partnershipId);
  }

  @FieldResolver(() => LegalAct, { description: "The agreement the declaration takes into account, e.g. a local border traffic agreement." })
  legalAct(@Root() link: PartnershipLegalActRow, @Ctx() { loaders }: Context) {
    return loaders.legalActById.load(link.legalActId);
  }

  @FieldResolver(() => Source, { nullable: true, description: "Where the link is stated; see locator." })
  source(@Root() link: PartnershipLegalActRow, @Ctx() { loaders }: Context) {
    return link.sourceId === null ? null : loaders.sourceById.load(link.sourceId);
  }
}

@Resolver(() => Measure)
export class MeasureLegalActsResolver {
  @FieldResolver(() => [MeasureLegalAct], {
    description: "The agreements and rules the measure implements or concerns, by their code.",
    complexity: pagedList,
  })
  async legalActs(@Root() measure: MeasureRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.legalActLinksByMeasureId.load(measure.id), page);
  }
}

@Resolver(() => Partnership)
export class PartnershipLegalActsResolver {
  @FieldResolver(() => [PartnershipLegalAct], {
    description: "The agreements the declaration takes into account, by their code.",
    complexity: pagedList,
  })
  async legalActs(@Root() partnership: PartnershipRow, @Args() page: ListPageArgs, @Ctx() { loaders }: Context) {
    return pageOfList(await loaders.legalActLinksByPartnershipId.load(partnership.id), page);
  }
}
