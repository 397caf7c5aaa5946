import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { PolicyArea, Partnership, Signatory, Theme } from "../partnerships/partnerships.types";
import { Project } from "../projects/projects.types";
import { listMeasures, type MeasureRow } from "./measures.service";
import {
  Measure,
  MeasureConnection,
  MeasureFilter,
  MeasureOrder,
  MeasureResponsibility,
  MeasureStatusChange,
} from "./measures.types";

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => MeasureConnection, { description: "Measures of the action plans, filtered, ordered and paginated." })
  measures(
    @Arg("filter", () => MeasureFilter, { nullable: true }) filter: MeasureFilter | null,
    @Arg("orderBy", () => MeasureOrder, { nullable: true }) orderBy: MeasureOrder | null,
    @Args() page: PageArgs,
    @Ctx() { db }: Context,
  ) {
    return listMeasures(db, filter, orderBy, page);
  }

  @FieldResolver(() => Partnership)
  partnership(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.partnershipById.load(measure.partnershipId);
  }

  @FieldResolver(() => PolicyArea)
  policyArea(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.policyAreaById.load(measure.policyAreaId);
  }

  @FieldResolver(() => [MeasureResponsibility], { description: "Leads first, then contributors, in the order the source names them." })
  responsibilities(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.responsibilitiesByMeasureId.load(measure.id);
  }

  @FieldResolver(() => [Signatory], { description: "Every lead signatory; jointly led measures have several." })
  async leads(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const responsibilities = await loaders.responsibilitiesByMeasureId.load(measure.id);
    return loaders.signatoryById.loadMany(responsibilities.filter((r) => r.role === "LEAD").map((r) => r.signatoryId));
  }

  @FieldResolver(() => Signatory, {
    nullable: true,
    description: "The lead signatory when one leads alone; null for a jointly led measure (see leads).",
  })
  async lead(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const responsibilities = await loaders.responsibilitiesByMeasureId.load(measure.id);
    const leads = responsibilities.filter((r) => r.role === "LEAD");
    return leads.length === 1 ? loaders.signatoryById.load(leads[0]!.signatoryId) : null;
  }

  @FieldResolver(() => [Project], { description: "Projects that implement or fund the measure, by code." })
  async projects(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const links = await loaders.projectsByMeasureId.load(measure.id);
    return links.map((link) => link.project);
  }

  @FieldResolver(() => [Theme])
  async themes(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    const links = await loaders.themesByMeasureId.load(measure.id);
    return links.map((link) => link.theme);
  }

  @FieldResolver(() => [MeasureStatusChange], { description: "Every status the measure has had, oldest first." })
  statusHistory(@Root() measure: MeasureRow, @Ctx() { loaders }: Context) {
    return loaders.statusHistoryByMeasureId.load(measure.id);
  }
}

@Resolver(() => MeasureResponsibility)
export class MeasureResponsibilityResolver {
  @FieldResolver(() => Signatory)
  signatory(@Root() responsibility: { signatoryId: number }, @Ctx() { loaders }: Context) {
    return loaders.signatoryById.load(responsibility.signatoryId);
  }
}
