import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
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
import { Partnership, PolicyArea, Signatory, SignatoryKind, Theme } from "./partnerships.types";

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => [Partnership], { description: "Every partnership, by code." })
  partnerships(@Ctx() { db }: Context) {
    return listPartnerships(db);
  }

  @Query(() => Partnership, { nullable: true, description: 'A partnership by its code, e.g. "EU-BY"; null if there is none.' })
  partnership(@Arg("code") code: string, @Ctx() { db }: Context) {
    return findPartnershipByCode(db, code);
  }

  @FieldResolver(() => [Signatory], { description: "The signatories, by code." })
  signatories(@Root() partnership: PartnershipRow, @Ctx() { loaders }: Context) {
    return loaders.signatoriesByPartnershipId.load(partnership.id).then((rows) => rows.map((row) => row.signatory));
  }

  @FieldResolver(() => [PolicyArea], { description: "The declaration's areas, in its order." })
  policyAreas(@Root() partnership: PartnershipRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreasByPartnershipId.load(partnership.id);
  }
}

@Resolver(() => Signatory)
export class SignatoryResolver {
  @Query(() => [Signatory], { description: "Every signatory of any partnership, by code." })
  signatories(@Arg("kind", () => SignatoryKind, { nullable: true }) kind: SignatoryKind | null, @Ctx() { db }: Context) {
    return listSignatories(db, { kind });
  }

  @Query(() => Signatory, { nullable: true, description: 'A signatory by code, e.g. "PL"; null if there is none.' })
  signatory(@Arg("code") code: string, @Ctx() { db }: Context) {
    return findSignatoryByCode(db, code);
  }
}

@Resolver(() => PolicyArea)
export class PolicyAreaResolver {
  @Query(() => [PolicyArea], {
    description: "Policy areas in declaration order; of one partnership when partnershipCode is given.",
  })
  async policyAreas(
    @Arg("partnershipCode", () => String, { nullable: true }) partnershipCode: string | null,
    @Ctx() { db }: Context,
  ): Promise<PolicyAreaRow[]> {
    // An omitted argument arrives as undefined, an explicit one as null.
    if (partnershipCode == null) return listPolicyAreas(db, {});
    const partnership = await findPartnershipByCode(db, partnershipCode);
    return partnership ? listPolicyAreas(db, { partnershipIds: [partnership.id] }) : [];
  }

  @FieldResolver(() => Partnership)
  partnership(@Root() area: PolicyAreaRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(area.partnershipId);
  }
}

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => [Theme], { description: "The plan's cross-cutting themes, by code." })
  themes(@Ctx() { db }: Context) {
    return listThemes(db);
  }
}
