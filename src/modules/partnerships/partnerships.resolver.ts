import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { atMost, ListPageArgs, pagedList, pageOfList } from "../../graphql/cost";
import type { Context } from "../../graphql/context";
import {
  findPartnershipByCode,
  findSignatoryByCode,
  listPartnerships,
  listPolicyAreas,
  listSignatories,
  listThemes,
  type PartnershipRow,
  type PolicyAreaRow,
} from "./partnerships.service";
import {
  MAX_POLICY_AREAS_PER_PARTNERSHIP,
  MAX_SIGNATORIES_PER_PARTNERSHIP,
  Partnership,
  PolicyArea,
  Signatory,
  SignatoryKind,
  Theme,
} from "./partnerships.types";

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => [Partnership], { description: "Every partnership, by code.", complexity: pagedList })
  async partnerships(@Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listPartnerships(db), page);
  }

  @Query(() => Partnership, { nullable: true, description: 'A partnership by its code, e.g. "EU-BY"; null if there is none.' })
  partnership(@Arg("code", { description: 'The partnership\'s code, exactly (case matters), e.g. "EU-BY".' }) code: string, @Ctx() { db }: Context) {
    return findPartnershipByCode(db, code);
  }

  @FieldResolver(() => [Signatory], { description: "The signatories, by code.", complexity: atMost(MAX_SIGNATORIES_PER_PARTNERSHIP) })
  signatories(@Root() partnership: PartnershipRow, @Ctx() { loaders }: Context) {
    return loaders.signatoriesByPartnershipId.load(partnership.id).then((rows) => rows.map((row) => row.signatory));
  }

  @FieldResolver(() => [PolicyArea], {
    description: "The declaration's areas, in its order.",
    complexity: atMost(MAX_POLICY_AREAS_PER_PARTNERSHIP),
  })
  policyAreas(@Root() partnership: PartnershipRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreasByPartnershipId.load(partnership.id);
  }
}

@Resolver(() => Signatory)
export class SignatoryResolver {
  @Query(() => [Signatory], { description: "Every signatory of any partnership, by code.", complexity: pagedList })
  async signatories(
    @Arg("kind", () => SignatoryKind, { nullable: true, description: "Only signatories of this kind (e.g. EU_MEMBER_STATE); all kinds when null or omitted." })
    kind: SignatoryKind | null,
    @Args() page: ListPageArgs,
    @Ctx() { db }: Context,
  ) {
    return pageOfList(await listSignatories(db, { kind }), page);
  }

  @Query(() => Signatory, { nullable: true, description: 'A signatory by code, e.g. "PL"; null if there is none.' })
  signatory(@Arg("code", { description: 'ISO 3166-1 alpha-2 code in capitals, or "EU", exactly, e.g. "PL".' }) code: string, @Ctx() { db }: Context) {
    return findSignatoryByCode(db, code);
  }
}

@Resolver(() => PolicyArea)
export class PolicyAreaResolver {
  @Query(() => [PolicyArea], {
    description: "Policy areas in declaration order; of one partnership when partnershipCode is given.",
    complexity: pagedList,
  })
  async policyAreas(
    @Arg("partnershipCode", () => String, {
      nullable: true,
      description: 'Only this partnership\'s areas, e.g. "EU-BY" (an unknown code gives an empty list); every partnership\'s when null or omitted, by partnership then position.',
    })
    partnershipCode: string | null,
    @Args() page: ListPageArgs,
    @Ctx() { db }: Context,
  ): Promise<PolicyAreaRow[]> {
    // An omitted argument arrives as undefined, an explicit one as null.
    if (partnershipCode == null) return pageOfList(await listPolicyAreas(db, {}), page);
    const partnership = await findPartnershipByCode(db, partnershipCode);
    return partnership ? pageOfList(await listPolicyAreas(db, { partnershipIds: [partnership.id] }), page) : [];
  }

  @FieldResolver(() => Partnership, { description: "The partnership whose declaration names this area." })
  partnership(@Root() area: PolicyAreaRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(area.partnershipId);
  }
}

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => [Theme], { description: "The plan's cross-cutting themes, by code.", complexity: pagedList })
  async themes(@Args() page: ListPageArgs, @Ctx() { db }: Context) {
    return pageOfList(await listThemes(db), page);
  }
}
