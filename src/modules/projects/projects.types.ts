import { Field, ObjectType } from "type-graphql";
import { graphqlEnum } from "../../graphql/enums";
import { Node } from "../../graphql/node";
import { DateScalar } from "../../graphql/scalars";
import { DatePrecision } from "../../graphql/common.types";
import { projectStatusEnum } from "./projects.tables";

export const ProjectStatus = graphqlEnum(projectStatusEnum, "ProjectStatus", "IATI activity status.");
export type ProjectStatus = keyof typeof ProjectStatus;


@ObjectType({ implements: Node, description: "A project that implements measures, funded through an instrument." })
export class Project extends Node {
  @Field()
  code!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ProjectStatus)
  status!: ProjectStatus;

  @Field(() => DateScalar, { nullable: true })
  plannedStart!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  plannedStartPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  actualStart!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  actualStartPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  plannedEnd!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  plannedEndPrecision!: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true })
  actualEnd!: string | null;

  @Field(() => DatePrecision, { nullable: true })
  actualEndPrecision!: DatePrecision | null;

  @Field({ description: "True where the project's data rests on assumptions; see note." })
  isAssumption!: boolean;

  @Field(() => String, { nullable: true })
  note!: string | null;
}
